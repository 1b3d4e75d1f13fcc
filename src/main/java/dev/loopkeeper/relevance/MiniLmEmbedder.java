package dev.loopkeeper.relevance;

import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import dev.langchain4j.data.embedding.Embedding;
import dev.langchain4j.data.segment.TextSegment;
import dev.langchain4j.model.embedding.onnx.AbstractInProcessEmbeddingModel;
import dev.langchain4j.model.embedding.onnx.OnnxBertBiEncoder;
import dev.langchain4j.model.embedding.onnx.PoolingMode;
import dev.langchain4j.model.embedding.onnx.allminilml6v2q.AllMiniLmL6V2QuantizedEmbeddingModel;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * {@link Embedder} backed by the quantised all-MiniLM-L6-v2 ONNX model that ships inside the langchain4j jar,
 * so it runs offline. Create one per process (loading takes about a second) and share it: it is thread-safe.
 */
public final class MiniLmEmbedder implements Embedder, AutoCloseable {

    /** Id stored with persisted vectors. */
    public static final String MODEL_ID = "all-minilm-l6-v2-q";

    /** Output dimension of the model. */
    public static final int DIMENSION = 384;

    static {
        // The tokenizer comes from DJL, which otherwise probes the EC2 metadata address and may send telemetry when
        // it loads. Loopkeeper must never reach the network for embeddings: offline mode skips both; the native
        // tokenizer library still loads from the jar. An explicit setting by the operator wins.
        if (System.getProperty("ai.djl.offline") == null) {
            System.setProperty("ai.djl.offline", "true");
        }
        if (System.getProperty("OPT_OUT_TRACKING") == null) {
            System.setProperty("OPT_OUT_TRACKING", "true");
        }
    }

    private final ExecutorService pool;
    private final AbstractInProcessEmbeddingModel model;

    /** Loads the model with one embedding thread per available core. */
    public MiniLmEmbedder() {
        this(Runtime.getRuntime().availableProcessors());
    }

    /** Loads the model; {@code threads} texts are embedded at once by {@link #embedAll(List)}. */
    public MiniLmEmbedder(int threads) {
        this.pool = pool(threads);
        this.model = new AllMiniLmL6V2QuantizedEmbeddingModel(pool);
    }

    private MiniLmEmbedder(ExecutorService pool, AbstractInProcessEmbeddingModel model) {
        this.pool = pool;
        this.model = model;
    }

    /**
     * An embedder for many texts at once (the concept map's vectors at build time, the score command's batches): one text per
     * core at a time, each run on one thread of ONNX Runtime. The default session gives each text every core, which
     * is what a single focus text wants (its latency); with several texts in flight those threads outnumber the cores
     * and wait on each other, and this one embeds the map about 1.5 times as fast. The vectors are the same, bit for
     * bit (the same model, tokenizer and pooling; only the session's thread count differs), which
     * {@code MiniLmEmbedderTest} checks.
     */
    public static MiniLmEmbedder forBulk() {
        ExecutorService pool = pool(Runtime.getRuntime().availableProcessors());
        return new MiniLmEmbedder(pool, new OneThreadPerText(pool));
    }

    private static ExecutorService pool(int threads) {
        AtomicInteger n = new AtomicInteger();
        // Daemon threads: a forgotten close() must not keep the JVM (CLI or bot) alive.
        ThreadFactory factory = r -> {
            Thread t = new Thread(r, "minilm-embed-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
        return Executors.newFixedThreadPool(Math.max(1, threads), factory);
    }

    @Override
    public String modelId() {
        return MODEL_ID;
    }

    @Override
    public float[] embed(String text) {
        if (text == null || text.isBlank()) {
            return new float[DIMENSION];
        }
        return Vectors.normalize(model.embed(text).content().vector());
    }

    @Override
    public List<float[]> embedAll(List<String> texts) {
        List<float[]> out = new ArrayList<>(texts.size());
        List<TextSegment> segments = new ArrayList<>();
        List<Integer> positions = new ArrayList<>();
        for (int i = 0; i < texts.size(); i++) {
            String t = texts.get(i);
            // The model rejects blank segments; blank text gets the zero vector, whose cosine with anything is 0.
            out.add(new float[DIMENSION]);
            if (t != null && !t.isBlank()) {
                segments.add(TextSegment.from(t));
                positions.add(i);
            }
        }
        if (segments.isEmpty()) {
            return out;
        }
        // langchain4j spreads the segments over our pool, one ONNX run per text.
        List<Embedding> embedded = model.embedAll(segments).content();
        for (int i = 0; i < embedded.size(); i++) {
            out.set(positions.get(i), Vectors.normalize(embedded.get(i).vector()));
        }
        return out;
    }

    @Override
    public void close() {
        pool.shutdown();
        if (model instanceof OneThreadPerText own) {
            own.close(); // the default model is langchain4j's, shared by the process
        }
    }

    /** The shipped model and tokenizer (the same resources langchain4j loads) in a session of one thread per run. */
    private static final class OneThreadPerText extends AbstractInProcessEmbeddingModel implements AutoCloseable {
        private final OrtSession session;
        private final OnnxBertBiEncoder encoder;

        OneThreadPerText(ExecutorService pool) {
            super(pool);
            OrtEnvironment environment = OrtEnvironment.getEnvironment();
            try (OrtSession.SessionOptions options = new OrtSession.SessionOptions();
                    InputStream tokenizer = resource("all-minilm-l6-v2-q-tokenizer.json")) {
                options.setIntraOpNumThreads(1);
                byte[] onnx;
                try (InputStream in = resource("all-minilm-l6-v2-q.onnx")) {
                    onnx = in.readAllBytes();
                }
                this.session = environment.createSession(onnx, options);
                this.encoder = new OnnxBertBiEncoder(environment, session, tokenizer, PoolingMode.MEAN);
            } catch (IOException e) {
                throw new UncheckedIOException("could not read the embedding model from the jar", e);
            } catch (OrtException e) {
                throw new IllegalStateException("could not load the embedding model", e);
            }
        }

        private static InputStream resource(String name) throws IOException {
            InputStream in = MiniLmEmbedder.class.getClassLoader().getResourceAsStream(name);
            if (in == null) {
                throw new IOException(name + " is missing from the class path");
            }
            return in;
        }

        @Override
        protected OnnxBertBiEncoder model() {
            return encoder;
        }

        @Override
        public void close() {
            try {
                session.close();
            } catch (OrtException e) {
                throw new IllegalStateException("could not close the embedding model's session", e);
            }
        }
    }
}
