package dev.loopkeeper.relevance;

import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import dev.langchain4j.data.embedding.Embedding;
import dev.langchain4j.data.segment.TextSegment;
import dev.langchain4j.model.embedding.onnx.AbstractInProcessEmbeddingModel;
import dev.langchain4j.model.embedding.onnx.OnnxBertBiEncoder;
import dev.langchain4j.model.embedding.onnx.PoolingMode;
import dev.loopkeeper.common.DaemonThreads;
import dev.loopkeeper.common.JarCopies;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantReadWriteLock;

/**
 * {@link Embedder} backed by the quantised all-MiniLM-L6-v2 ONNX model that ships inside the langchain4j jar,
 * so it runs offline. Create one per process (loading takes about a second) and share it: it is thread-safe.
 */
public final class MiniLmEmbedder implements Embedder, AutoCloseable {

    /** Id stored with persisted vectors. */
    public static final String MODEL_ID = "all-minilm-l6-v2-q";

    /** Output dimension of the model. */
    public static final int DIMENSION = 384;

    /** The model's file in the jar (langchain4j ships it), and in the user's copy. */
    private static final String MODEL = "all-minilm-l6-v2-q.onnx";

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
        // ONNX Runtime's libraries from one per-user copy, not a new temporary copy at every start (OnnxNatives).
        OnnxNatives.prepare();
    }

    private final ExecutorService pool;
    private final ShippedModel model;
    /**
     * Runs hold it shared; {@link #close} holds it alone, so the session is never closed under a run (ONNX Runtime
     * then crashes the JVM, SIGSEGV: a console that quit while an import's loops were being embedded did).
     */
    private final ReentrantReadWriteLock running = new ReentrantReadWriteLock();
    private boolean closed;

    /** Loads the model with one embedding thread per available core. */
    public MiniLmEmbedder() {
        this(Runtime.getRuntime().availableProcessors());
    }

    /**
     * Loads the model; {@code threads} texts are embedded at once by {@link #embedAll(List)}, and each text is run on
     * ONNX Runtime's own thread count (one per physical core), which is what a single text wants: its latency.
     */
    public MiniLmEmbedder(int threads) {
        this.pool = pool(threads);
        this.model = new ShippedModel(pool, 0);
    }

    private MiniLmEmbedder(ExecutorService pool, ShippedModel model) {
        this.pool = pool;
        this.model = model;
    }

    /**
     * An embedder for many texts at once (the concept map's vectors at build time, the score command's batches): one
     * text per core at a time, each run on one thread of ONNX Runtime. The default session gives each text every core;
     * with several texts in flight those threads outnumber the cores and wait on each other, and this one embeds the
     * map about 1.5 times as fast. The vectors are the same, bit for bit (the same model, tokenizer and pooling; only
     * the session's thread count differs), which {@code MiniLmEmbedderTest} checks.
     */
    public static MiniLmEmbedder forBulk() {
        ExecutorService pool = pool(Runtime.getRuntime().availableProcessors());
        return new MiniLmEmbedder(pool, new ShippedModel(pool, 1));
    }

    private static ExecutorService pool(int threads) {
        // Daemon threads: a forgotten close() must not keep the JVM (CLI or bot) alive.
        return Executors.newFixedThreadPool(Math.max(1, threads), DaemonThreads.numbered("minilm-embed-"));
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
        running.readLock().lock();
        try {
            requireOpen();
            return Vectors.normalize(model.embed(text).content().vector());
        } finally {
            running.readLock().unlock();
        }
    }

    /** How many runs hold the model now (a close waits for them). */
    int runsUnderWay() {
        return running.getReadLockCount();
    }

    private void requireOpen() {
        if (closed) {
            throw new IllegalStateException("the embedding model is closed (Loopkeeper is stopping)");
        }
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
        List<Embedding> embedded;
        running.readLock().lock();
        try {
            requireOpen();
            embedded = model.embedAll(segments).content();
        } finally {
            running.readLock().unlock();
        }
        for (int i = 0; i < embedded.size(); i++) {
            out.set(positions.get(i), Vectors.normalize(embedded.get(i).vector()));
        }
        return out;
    }

    @Override
    public void close() {
        running.writeLock().lock(); // waits for the runs under way; later ones are refused
        try {
            if (closed) {
                return;
            }
            closed = true;
            // A caller interrupted while it waited (a job stopped at shutdown) leaves its texts' runs going on the
            // pool: drop the queued ones and let the running ones end before the session goes.
            pool.shutdownNow();
            try {
                if (!pool.awaitTermination(30, TimeUnit.SECONDS)) {
                    return; // still running after 30 s: leave the session to the process's exit rather than crash
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
            model.close();
        } finally {
            running.writeLock().unlock();
        }
    }

    /**
     * The model and tokenizer langchain4j ships (its own {@code AllMiniLmL6V2QuantizedEmbeddingModel} loads the same
     * two resources, with the same tokenizer settings and mean pooling), in a session whose threads wait for work
     * asleep. ONNX Runtime's threads otherwise spin between runs, and on two cores they took the CPU from the thread
     * committing the focus change beside them: without spinning a focus change at 5,000 loops decided in 16 ms instead
     * of 23-24 at the median, and the embedding of a new text's p99 fell from 14-15 ms to 8.5-9.5
     * (docs/BENCHMARKS.md).
     */
    private static final class ShippedModel extends AbstractInProcessEmbeddingModel implements AutoCloseable {
        private final OrtSession session;
        private final OnnxBertBiEncoder encoder;

        /** {@code threads} per run; 0 for ONNX Runtime's default (one per physical core). */
        ShippedModel(ExecutorService pool, int threads) {
            super(pool);
            OrtEnvironment environment = OrtEnvironment.getEnvironment();
            try (OrtSession.SessionOptions options = new OrtSession.SessionOptions();
                    InputStream tokenizer = resource("all-minilm-l6-v2-q-tokenizer.json")) {
                if (threads > 0) {
                    options.setIntraOpNumThreads(threads);
                }
                options.addConfigEntry("session.intra_op.allow_spinning", "0");
                // The model as a file in the user's copy, which ONNX Runtime reads as it is: from the jar it is
                // inflated at every start (23 MB, about a quarter of a second of a start's CPU). Without a copy the
                // jar is read, as before; the bytes are the same either way.
                Optional<Path> copy = JarCopies.file("model", "/" + MODEL);
                if (copy.isPresent()) {
                    this.session = environment.createSession(copy.get().toString(), options);
                } else {
                    byte[] onnx;
                    try (InputStream in = resource(MODEL)) {
                        onnx = in.readAllBytes();
                    }
                    this.session = environment.createSession(onnx, options);
                }
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
