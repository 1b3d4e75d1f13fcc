package dev.loopkeeper.relevance;

import ai.djl.huggingface.tokenizers.Encoding;
import ai.djl.huggingface.tokenizers.HuggingFaceTokenizer;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import dev.langchain4j.model.embedding.onnx.AbstractInProcessEmbeddingModel;
import dev.langchain4j.model.embedding.onnx.OnnxBertBiEncoder;
import dev.langchain4j.model.embedding.onnx.PoolingMode;
import dev.loopkeeper.common.DaemonThreads;
import dev.loopkeeper.common.JarCopies;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.FloatBuffer;
import java.nio.LongBuffer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
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
    /** The model's tokenizer in the jar. */
    private static final String TOKENIZER = "all-minilm-l6-v2-q-tokenizer.json";

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
     * {@link #threadsPerText} of ONNX Runtime's threads, which is what a single text wants: its latency.
     */
    public MiniLmEmbedder(int threads) {
        this.pool = pool(threads);
        this.model = new ShippedModel(pool, threadsPerText(Runtime.getRuntime().availableProcessors()));
    }

    /**
     * ONNX Runtime's threads for one text: its default (one per physical core), but one on a machine of two cores or
     * fewer. There a decision runs the model beside its own reads and commit, and a second ONNX thread only takes the
     * other core from them: a new focus text embedded in 3.0-3.4 ms against 3.6-3.9 at the median, and a focus change
     * decided over 5,000 loops in 8.3-9.0 ms against 8.9-9.6 (docs/BENCHMARKS.md).
     */
    static int threadsPerText(int cores) {
        return cores <= 2 ? 1 : 0;
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
            return Vectors.normalize(model.vector(text));
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
        List<String> segments = new ArrayList<>();
        List<Integer> positions = new ArrayList<>();
        for (int i = 0; i < texts.size(); i++) {
            String t = texts.get(i);
            // The model rejects blank segments; blank text gets the zero vector, whose cosine with anything is 0.
            out.add(new float[DIMENSION]);
            if (t != null && !t.isBlank()) {
                segments.add(t);
                positions.add(i);
            }
        }
        if (segments.isEmpty()) {
            return out;
        }
        // Spread over our pool, one ONNX run per text, as langchain4j does.
        List<float[]> embedded;
        running.readLock().lock();
        try {
            requireOpen();
            embedded = model.vectors(segments);
        } finally {
            running.readLock().unlock();
        }
        for (int i = 0; i < embedded.size(); i++) {
            out.set(positions.get(i), Vectors.normalize(embedded.get(i)));
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
        /**
         * Fewer tokens than the tokenizer's truncation length (128 in its file): the text was not cut, where the
         * rebuilt sentence of a word cut in two need not tokenize to the same pieces.
         */
        private static final int MAX_DIRECT_TOKENS = 127;

        private final ExecutorService pool;
        private final OrtEnvironment environment;
        private final OrtSession session;
        private final OnnxBertBiEncoder encoder;
        /** The encoder's tokenizer again (the same file and settings), for {@link #vector}'s single pass. */
        private final HuggingFaceTokenizer tokenizer;
        private final boolean takesTypeIds;

        /** {@code threads} per run; 0 for ONNX Runtime's default (one per physical core). */
        ShippedModel(ExecutorService pool, int threads) {
            super(pool);
            this.pool = pool;
            this.environment = OrtEnvironment.getEnvironment();
            try (OrtSession.SessionOptions options = new OrtSession.SessionOptions();
                    InputStream tokenizer = resource(TOKENIZER);
                    InputStream again = resource(TOKENIZER)) {
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
                this.tokenizer = HuggingFaceTokenizer.newInstance(again, Map.of("padding", "false"));
                this.takesTypeIds = session.getInputNames().contains("token_type_ids");
            } catch (IOException e) {
                throw new UncheckedIOException("could not read the embedding model from the jar", e);
            } catch (OrtException e) {
                throw new IllegalStateException("could not load the embedding model", e);
            }
        }

        /**
         * The text's vector as langchain4j's encoder gives it, bit for bit (before our normalisation), with one pass of
         * the tokenizer instead of three where the other two cannot change it. The encoder tokenizes the text, builds
         * a sentence back from the tokens, tokenizes that to check it gives the same tokens, and encodes the sentence
         * (it falls back to the tokens glued together when not). For printable ASCII text that was not cut those
         * tokens are always the same: the tokenizer lower-cases, splits at spaces and at every punctuation mark, and
         * cuts each word into word pieces of its vocabulary (a word over 100 characters becomes {@code [UNK]}); the
         * rebuilt sentence is the same lower-case words and marks, one space apart, which cut into the same pieces
         * again, and {@code [UNK]} and the other special tokens are read back as themselves. The same tokens give the
         * same ids, so the model sees the same input, and the mean and normalisation below are the encoder's, in its
         * order. Other text (accents, other scripts, emoji, control characters) and long text go the encoder's way.
         * {@code MiniLmEmbedderTest} compares the two on texts at those edges.
         */
        float[] vector(String text) {
            if (!printableAscii(text)) {
                return embed(text).content().vector();
            }
            Encoding encoding = tokenizer.encode(text, true, false);
            long[] ids = encoding.getIds();
            if (ids.length > MAX_DIRECT_TOKENS) {
                return embed(text).content().vector();
            }
            long[] shape = {1, ids.length};
            try (OnnxTensor idsTensor = OnnxTensor.createTensor(environment, LongBuffer.wrap(ids), shape);
                    OnnxTensor mask = OnnxTensor.createTensor(environment,
                            LongBuffer.wrap(encoding.getAttentionMask()), shape);
                    OnnxTensor types = OnnxTensor.createTensor(environment, LongBuffer.wrap(encoding.getTypeIds()),
                            shape)) {
                Map<String, OnnxTensor> inputs = new HashMap<>();
                inputs.put("input_ids", idsTensor);
                inputs.put("attention_mask", mask);
                if (takesTypeIds) {
                    inputs.put("token_type_ids", types);
                }
                try (OrtSession.Result result = session.run(inputs)) {
                    return meanOfTokens(((OnnxTensor) result.get(0)).getFloatBuffer(), ids.length);
                }
            } catch (OrtException e) {
                throw new IllegalStateException("the embedding model could not run", e);
            }
        }

        /** The mean of the tokens' vectors, normalised in float as the encoder does it (sums in the same order). */
        private static float[] meanOfTokens(FloatBuffer tokens, int count) {
            float[] mean = new float[DIMENSION];
            for (int t = 0; t < count; t++) {
                for (int j = 0; j < DIMENSION; j++) {
                    mean[j] += tokens.get(t * DIMENSION + j);
                }
            }
            for (int j = 0; j < DIMENSION; j++) {
                mean[j] /= count;
            }
            float sumSquare = 0;
            for (float v : mean) {
                sumSquare += v * v;
            }
            float norm = (float) Math.sqrt(sumSquare);
            for (int j = 0; j < DIMENSION; j++) {
                mean[j] = mean[j] / norm;
            }
            return mean;
        }

        /** Letters, digits, marks and spaces of ASCII only: no control character but tab and line breaks. */
        static boolean printableAscii(String text) {
            for (int i = 0; i < text.length(); i++) {
                char c = text.charAt(i);
                if ((c < 0x20 || c > 0x7e) && c != '\t' && c != '\n' && c != '\r') {
                    return false;
                }
            }
            return true;
        }

        /** Each text's {@link #vector}, one text per thread of the pool (a single text on the caller's). */
        List<float[]> vectors(List<String> texts) {
            if (texts.size() == 1) {
                return List.of(vector(texts.get(0)));
            }
            List<CompletableFuture<float[]>> runs = new ArrayList<>(texts.size());
            for (String text : texts) {
                runs.add(CompletableFuture.supplyAsync(() -> vector(text), pool));
            }
            List<float[]> out = new ArrayList<>(texts.size());
            try {
                for (CompletableFuture<float[]> run : runs) {
                    out.add(run.get());
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while texts were embedded", e);
            } catch (ExecutionException e) {
                throw e.getCause() instanceof RuntimeException failure ? failure : new IllegalStateException(e);
            }
            return out;
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
            tokenizer.close();
            try {
                session.close();
            } catch (OrtException e) {
                throw new IllegalStateException("could not close the embedding model's session", e);
            }
        }
    }
}
