package dev.loopkeeper.bench;

import dev.langchain4j.data.segment.TextSegment;
import dev.langchain4j.model.embedding.onnx.allminilml6v2q.AllMiniLmL6V2QuantizedEmbeddingModel;
import dev.loopkeeper.Loopkeeper;
import dev.loopkeeper.config.ConfigLoader;
import dev.loopkeeper.focus.FocusSource;
import dev.loopkeeper.reminder.Decision;
import dev.loopkeeper.relevance.MiniLmEmbedder;
import dev.loopkeeper.relevance.RelevanceScorer;
import dev.loopkeeper.relevance.StructuralMap;
import dev.loopkeeper.relevance.Vectors;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Executors;

/**
 * Relevance numbers for docs/BENCHMARKS.md: model start-up, embedding throughput beside the bare model, focus change
 * to reminder decision with 100, 10,000 and 100,000 parked loops for one person, and resident memory with 1,000,000
 * loops in the database ({@code --skip-million} leaves that part out). Not a test; run by hand.
 */
public final class RelevanceBenchmark {
    private static final String[] SUBJECTS = {"attention", "autodiff", "Kalman", "B-tree", "Raft", "CUDA", "Bloom",
        "Fourier", "TCP", "garbage", "LLVM", "eigen", "Monte Carlo", "copy-on-write", "vector clock", "softmax",
        "Bayesian", "rope", "merkle", "quaternion", "SIMD", "hashing", "sparse", "regex", "Dijkstra", "Voronoi"};
    private static final String[] ASPECTS = {"basics", "internals", "proofs", "history", "numerics", "kernels",
        "scheduling", "memory layout", "failure modes", "benchmarks", "variants", "applications", "derivation",
        "implementation", "testing", "tuning", "visualisation", "edge cases", "hardware", "compilers"};

    /** Every other loop carries this why, so half the loops are scored with two vectors. */
    private static final String WHY = "came up in a reading group, looked important for later";

    private RelevanceBenchmark() {
    }

    record Stored(byte[] embedding, byte[] whyEmbedding, byte[] foundations, String why) {
    }

    /** A plain JDBC connection to the benchmark's database, for bulk loading (SQLite file or PostgreSQL). */
    interface Jdbc {
        Connection open() throws java.sql.SQLException;
    }

    /** The benchmark's loop texts: 26 subjects times 20 aspects. */
    static List<String> concepts() {
        List<String> concepts = new ArrayList<>();
        for (String subject : SUBJECTS) {
            for (String aspect : ASPECTS) {
                concepts.add(subject + " " + aspect);
            }
        }
        return concepts;
    }

    /** Where and how a concept is studied: with {@link #SUBJECTS} and {@link #ASPECTS}, 104,000 different concepts. */
    private static final String[] CONTEXTS = {"in Rust", "in C++", "in Python", "in Go", "on GPUs",
        "on microcontrollers", "in the browser", "at scale", "for beginners", "in production", "in embedded systems",
        "for robotics", "in databases", "in compilers", "for finance", "in games", "for audio", "in networking",
        "for biology", "in operating systems"};
    private static final String[] SETTINGS = {"", "notes", "pitfalls", "examples", "exercises", "papers", "talks",
        "benchmarks", "open questions", "proofs"};

    /** {@code n} different concept texts, at most 104,000: subject, aspect, context and what about it. */
    static List<String> distinctConcepts(int n) {
        List<String> texts = new ArrayList<>();
        for (String setting : SETTINGS) {
            for (String context : CONTEXTS) {
                for (String subject : SUBJECTS) {
                    for (String aspect : ASPECTS) {
                        if (texts.size() == n) {
                            return texts;
                        }
                        texts.add(subject + " " + aspect + " " + context + (setting.isEmpty() ? "" : ", " + setting));
                    }
                }
            }
        }
        return texts;
    }

    /** The value of {@code --name=value} among the arguments, if given. */
    private static Optional<String> option(String[] args, String name) {
        String prefix = "--" + name + "=";
        return List.of(args).stream().filter(a -> a.startsWith(prefix)).findFirst()
                .map(a -> a.substring(prefix.length()));
    }

    /** Writes prepared loops to {@code file} under {@code key} (what they were prepared with). */
    private static void writeStored(Path file, String key, List<Stored> stored) throws java.io.IOException {
        try (java.io.DataOutputStream out = new java.io.DataOutputStream(
                new java.io.BufferedOutputStream(Files.newOutputStream(file)))) {
            out.writeUTF(key);
            out.writeInt(stored.size());
            for (Stored s : stored) {
                for (byte[] part : new byte[][] {s.embedding(), s.whyEmbedding(), s.foundations()}) {
                    out.writeInt(part == null ? -1 : part.length);
                    if (part != null) {
                        out.write(part);
                    }
                }
                out.writeBoolean(s.why() != null);
                if (s.why() != null) {
                    out.writeUTF(s.why());
                }
            }
        }
    }

    /** The loops {@link #writeStored} wrote to {@code file}, when it was under {@code key}; empty otherwise. */
    private static Optional<List<Stored>> readStored(Path file, String key) throws java.io.IOException {
        if (!Files.exists(file)) {
            return Optional.empty();
        }
        try (java.io.DataInputStream in = new java.io.DataInputStream(
                new java.io.BufferedInputStream(Files.newInputStream(file)))) {
            if (!key.equals(in.readUTF())) {
                System.out.printf("%s was prepared with another model, map or size: preparing the lot again%n", file);
                return Optional.empty();
            }
            int n = in.readInt();
            List<Stored> stored = new ArrayList<>(n);
            for (int i = 0; i < n; i++) {
                byte[][] parts = new byte[3][];
                for (int k = 0; k < 3; k++) {
                    int length = in.readInt();
                    if (length >= 0) {
                        parts[k] = in.readNBytes(length);
                    }
                }
                String why = in.readBoolean() ? in.readUTF() : null;
                stored.add(new Stored(parts[0], parts[1], parts[2], why));
            }
            return Optional.of(stored);
        }
    }

    /** Every loop as the bot stores it: its vectors, a why for every other one, and its nearest foundations. */
    static List<Stored> stored(RelevanceScorer scorer, List<String> concepts) {
        List<float[]> vectors = scorer.vectorsFor(concepts);
        List<float[]> whyVectors = scorer.vectorsFor(concepts.stream().map(c -> RelevanceScorer.withWhy(c, WHY)).toList());
        List<Stored> stored = new ArrayList<>();
        for (int i = 0; i < concepts.size(); i++) {
            RelevanceScorer.Loop loop = scorer.loop(concepts.get(i), i % 2 == 0 ? WHY : null, vectors.get(i),
                    i % 2 == 0 ? whyVectors.get(i) : null);
            stored.add(new Stored(Vectors.toBytes(loop.conceptVector()),
                    loop.whyVector() == null ? null : Vectors.toBytes(loop.whyVector()), loop.foundations().toBytes(),
                    i % 2 == 0 ? WHY : null));
        }
        return stored;
    }

    /** How many times the rank-alone decisions are measured in one JVM ({@code --rank-rounds}). */
    private static int rankRounds = 1;
    /** Whether each decision's reminder stays, so that the person's days fill ({@code --keep-reminders}). */
    private static boolean keepReminders;
    /** How many "Not relevant" pairs of other people the database holds ({@code --not-relevant}). */
    private static int notRelevant;
    /** How many focus changes are timed at each size ({@code --runs}). */
    private static int runs = 200;

    public static void main(String[] args) throws Exception {
        // Whether focus changes prepare their text beside the save, as the bot does (--no-prepare: not).
        boolean preparing = !List.of(args).contains("--no-prepare");
        long t0 = System.nanoTime();
        MiniLmEmbedder embedder = new MiniLmEmbedder();
        embedder.embed("warm up");
        System.out.printf("model load + first embedding: %.2f s%n", (System.nanoTime() - t0) / 1e9);
        long m0 = System.nanoTime();
        StructuralMap map = Loopkeeper.loadMap(embedder);
        System.out.printf("concept map and its vectors loaded: %.2f s (%d topics, %d foundations)%n",
                (System.nanoTime() - m0) / 1e9, map.conceptMap().topics().size(), map.foundationCount());
        RelevanceScorer scorer = new RelevanceScorer(embedder, map);

        List<String> concepts = concepts();
        boolean measuresMemory = !List.of(args).contains("--skip-million");
        if (measuresMemory) {
            // langchain4j's own model, the comparison's other side, is a second copy of the model in this JVM.
            System.out.println("embedding throughput against langchain4j's model: skipped (the million-loop run "
                    + "measures memory; --skip-million runs it)");
        } else {
            embeddingThroughput(scorer, concepts);
        }

        Path dir = Files.createTempDirectory("loopkeeper-relevance-bench");
        List<Stored> stored = stored(scorer, concepts);
        // --sizes=5000 (comma-separated) runs only those loop counts, for a profile of one of them.
        int[] sizes = option(args, "sizes")
                .map(a -> java.util.Arrays.stream(a.split(",")).mapToInt(Integer::parseInt).toArray())
                .orElse(new int[] {100, 5_000, 100_000});
        // --rank-rounds=N repeats the rank-alone decisions N times in one JVM: comparing two builds then sees less
        // of one run's luck (its JIT, its neighbours on the machine).
        rankRounds = option(args, "rank-rounds").map(Integer::parseInt).orElse(1);
        keepReminders = List.of(args).contains("--keep-reminders");
        // --runs=N times N decisions instead of 200: a profile of the path wants more samples than 200 give.
        runs = option(args, "runs").map(Integer::parseInt).orElse(200);
        // --not-relevant=N: the database holds N "Not relevant" pairs of other people (none by default).
        notRelevant = option(args, "not-relevant").map(Integer::parseInt).orElse(0);
        for (int loops : sizes) {
            Path db = dir.resolve("one-person-" + loops + ".db");
            decisionLatency("SQLite", config(db), () -> DriverManager.getConnection("jdbc:sqlite:" + db), embedder, map,
                    concepts, stored, loops, preparing);
        }
        // --distinct=N: one lot of N different concepts ("Kalman tuning in Rust, pitfalls"), each embedded, as a real lot
        // holds them (a park of a concept already open adds to that loop), against the repeated 520 above.
        String distinct = option(args, "distinct").orElse(null);
        if (distinct != null) {
            int n = Integer.parseInt(distinct);
            long e0 = System.nanoTime();
            List<String> texts = distinctConcepts(n);
            // --distinct-cache=FILE keeps what the lot took 20 minutes to prepare, for the next run: it is read back only
            // for the same model, concept map version and number of concepts, and prepared again otherwise.
            Path cache = option(args, "distinct-cache").map(Path::of).orElse(null);
            String cacheKey = MiniLmEmbedder.MODEL_ID + " " + map.version() + " " + n;
            List<Stored> distinctStored = cache == null ? null : readStored(cache, cacheKey).orElse(null);
            if (distinctStored != null) {
                System.out.printf("%,d distinct concepts read from %s%n", distinctStored.size(), cache);
            } else {
                // Embedded a text per core, each on one thread: the same vectors, bit for bit, about 1.5 times as fast.
                try (MiniLmEmbedder bulk = MiniLmEmbedder.forBulk()) {
                    distinctStored = stored(new RelevanceScorer(bulk, map), texts);
                }
                System.out.printf("%,d distinct concepts embedded with their whys and foundations in %.0f s%n", n,
                        (System.nanoTime() - e0) / 1e9);
                if (cache != null) {
                    writeStored(cache, cacheKey, distinctStored);
                }
            }
            Path db = dir.resolve("distinct-" + n + ".db");
            decisionLatency("SQLite, distinct concepts", config(db),
                    () -> DriverManager.getConnection("jdbc:sqlite:" + db), embedder, map, texts, distinctStored, n,
                    preparing);
        }
        if (measuresMemory) {
            // --index-mb=N sizes the relevance index as LOOPKEEPER_INDEX_MB would (default: the shipped default).
            String indexMb = option(args, "index-mb").orElse(null);
            // --million-db=FILE keeps the million-loop database there and reuses it when it is already loaded.
            Path million = option(args, "million-db").map(Path::of).orElse(dir.resolve("million.db"));
            memory(million, embedder, map, concepts, stored, indexMb);
        }
        embedder.close();
    }

    private static void embeddingThroughput(RelevanceScorer scorer, List<String> texts) {
        java.util.concurrent.ExecutorService pool = Executors.newFixedThreadPool(
                Runtime.getRuntime().availableProcessors());
        AllMiniLmL6V2QuantizedEmbeddingModel bare = new AllMiniLmL6V2QuantizedEmbeddingModel(pool);
        List<TextSegment> segments = texts.stream().map(t -> TextSegment.from(RelevanceScorer.embeddingText(t))).toList();
        bare.embedAll(segments);
        scorer.vectorsFor(texts);
        long b0 = System.nanoTime();
        bare.embedAll(segments);
        double bareRate = texts.size() / ((System.nanoTime() - b0) / 1e9);
        long o0 = System.nanoTime();
        scorer.vectorsFor(texts);
        double ourRate = texts.size() / ((System.nanoTime() - o0) / 1e9);
        System.out.printf("embedding %d short texts: Loopkeeper %.0f/s, bare langchain4j model %.0f/s, ratio %.2fx%n",
                texts.size(), ourRate, bareRate, bareRate / ourRate);
        // One text at a time, as a focus change embeds its text before deciding: the model's own share of that path.
        long[] one = new long[200];
        float[][] focusVectors = new float[one.length][];
        HostSteal steal = HostSteal.now();
        for (int i = 0; i < one.length; i++) {
            long t = System.nanoTime();
            focusVectors[i] = scorer.vectorFor("tracking a drone with a Kalman filter, take " + i);
            one[i] = System.nanoTime() - t;
        }
        System.out.printf("embedding one new focus text: %s; %s%n", Stats.of(one), steal.since());
        // Then the map's topics for it, found once per text (kept afterwards): the rest of a new text's fixed cost.
        long[] topics = new long[focusVectors.length];
        for (int round = 0; round < 2; round++) {
            for (int i = 0; i < focusVectors.length; i++) {
                long t = System.nanoTime();
                scorer.map().orElseThrow().topicsFor(focusVectors[i]);
                topics[i] = System.nanoTime() - t;
            }
        }
        System.out.printf("the map's topics for a new focus text: %s%n", Stats.of(topics));
        pool.shutdown(); // its threads are not daemons: left running, they would keep the JVM from exiting
    }

    /** {@link #decisionLatency} with the focus text prepared beside its save, as the bot does. */
    static void decisionLatency(String label, dev.loopkeeper.config.Config config, Jdbc jdbc, MiniLmEmbedder embedder,
            StructuralMap map, List<String> concepts, List<Stored> stored, int loops) throws Exception {
        decisionLatency(label, config, jdbc, embedder, map, concepts, stored, loops, true);
    }

    static void decisionLatency(String label, dev.loopkeeper.config.Config config, Jdbc jdbc, MiniLmEmbedder embedder,
            StructuralMap map, List<String> concepts, List<Stored> stored, int loops, boolean preparing)
            throws Exception {
        try (Loopkeeper app = Loopkeeper.open(config, Clock.systemUTC(), embedder, map)) {
            load(jdbc, new String[] {"ada"}, loops, concepts, stored, map.version());
            notRelevantElsewhere(jdbc, loops);
            String[] works = {"tracking a drone with a Kalman filter", "writing a tiny autograd engine",
                "building a B-tree index for my database", "profiling CUDA kernels", "reading about Raft"};
            long cold = System.nanoTime();
            app.focus().set("ada", "warming the index", Optional.empty(), FocusSource.COMMAND, null, null);
            double coldMs = (System.nanoTime() - cold) / 1e6;
            long[] times = new long[runs];
            long[] cpu = new long[runs];
            java.lang.management.ThreadMXBean threads = java.lang.management.ManagementFactory.getThreadMXBean();
            int reminded = 0;
            List<Decision> decisions = new ArrayList<>();
            dev.loopkeeper.focus.FocusListener decide = changed -> decisions.add(app.matcher().onFocus(changed));
            // As the bot does: the text's vector and topics are computed while its save commits (--no-prepare: after).
            app.focus().connect(preparing ? dev.loopkeeper.focus.FocusListener.preparedBy(app::prepareFocus, decide) : decide);
            // The first decisions after start-up run code the JIT compiler has not compiled yet (30-65 ms each at 5,000
            // loops, CPU most of it): they are timed on their own, then the 200 measured ones follow, as a bot that has
            // been running decides. Each text is new, so every decision embeds it.
            int warmUp = 50;
            long[] warming = new long[warmUp];
            for (int i = 0; i < warmUp; i++) {
                long start = System.nanoTime();
                app.focus().set("ada", works[i % works.length] + " warm-up " + i, Optional.of("1h"), FocusSource.COMMAND,
                        null, null);
                warming[i] = System.nanoTime() - start;
                app.focus().clearAll("ada");
                forgetReminder(app, decisions);
            }
            decisions.clear();
            HostSteal steal = HostSteal.now();
            long[] gcBefore = collections();
            for (int i = 0; i < runs; i++) {
                long start = System.nanoTime();
                long cpuStart = threads.getCurrentThreadCpuTime();
                app.focus().set("ada", works[i % works.length] + " " + i, Optional.of("1h"), FocusSource.COMMAND, null, null);
                times[i] = System.nanoTime() - start;
                cpu[i] = threads.getCurrentThreadCpuTime() - cpuStart;
                app.focus().clearAll("ada");
                forgetReminder(app, decisions);
            }
            System.out.printf("%s: the first 10 decisions after start-up (JIT warm-up, not in the figures below): %s%n",
                    label, Stats.of(java.util.Arrays.copyOf(warming, 10)));
            for (Decision d : decisions) {
                reminded += d.kind() == Decision.Kind.NO_MATCH ? 0 : 1;
            }
            System.out.println("  decisions by kind: " + decisions.stream().collect(java.util.stream.Collectors.groupingBy(
                    Decision::kind, java.util.TreeMap::new, java.util.stream.Collectors.counting())));
            System.out.printf("%s: focus change -> decision, %,d loops: %s (first, loading the index: %.0f ms; %d/%d "
                    + "matched; the index holds %.0f MB; %s)%n", label, loops, Stats.of(times), coldMs, reminded, runs,
                    app.relevance().heldBytes() / 1e6, steal.since());
            long[] gcAfter = collections();
            // A collection pauses every thread: a decision it lands in waits for it (the longest of the slow ones).
            System.out.printf("  garbage collections during those %d: %d, %d ms in all%n", runs, gcAfter[0] - gcBefore[0],
                    gcAfter[1] - gcBefore[1]);
            // CPU time of the thread doing it: what other work on a shared machine does not inflate (fsync waits out).
            System.out.printf("  the same, CPU time of the deciding thread: %s%n", Stats.of(cpu));
            // The scoring alone (the work's vector cached, as on the decision after the focus insert embedded it).
            // As many as a focus change asks for: one more than a reminder shows, to say when more matched.
            int asked = dev.loopkeeper.reminder.ReminderPolicy.defaults().maxItems() + 1;
            for (int round = 0; round < rankRounds; round++) {
                long[] rankTimes = new long[runs];
                long[] rankCpu = new long[runs];
                HostSteal rankSteal = HostSteal.now();
                for (int i = 0; i < runs; i++) {
                    String work = works[i % works.length] + " " + i;
                    app.relevance().rank("ada", work, RelevanceScorer.DEFAULT_THRESHOLD, java.util.Set.of(), asked);
                    long start = System.nanoTime();
                    long cpuStart = threads.getCurrentThreadCpuTime();
                    app.relevance().rank("ada", work, RelevanceScorer.DEFAULT_THRESHOLD, java.util.Set.of(), asked);
                    rankTimes[i] = System.nanoTime() - start;
                    rankCpu[i] = threads.getCurrentThreadCpuTime() - cpuStart;
                }
                System.out.printf("  rank alone (the work's vector and map topics known, as for a repeated focus text), "
                        + "%,d loops: %s; CPU %s; %s%n", loops, Stats.of(rankTimes), Stats.of(rankCpu),
                        rankSteal.since());
            }
        }
    }

    /**
     * Takes the last decision's reminder away again (not timed), so that every timed focus change is one whose person
     * has room left in their day, as most are: without it the day fills after three, and each change after that was a
     * reminder made for a later day that first withdrew the one before it (the focus it waited for was cleared).
     * {@code --keep-reminders} measures that instead.
     */
    private static void forgetReminder(Loopkeeper app, List<Decision> decisions) {
        Optional<Long> made = decisions.isEmpty() || keepReminders ? Optional.empty()
                : decisions.get(decisions.size() - 1).reminderId();
        made.ifPresent(id -> app.database().inTransaction(sql -> {
            sql.update("DELETE FROM outbox WHERE kind = ? AND ref_id = ?", dev.loopkeeper.reminder.Reminder.KIND, id);
            sql.update("DELETE FROM reminder_item WHERE reminder_id = ?", id);
            return sql.update("DELETE FROM reminder WHERE id = ?", id);
        }));
    }

    /** Collections so far and the milliseconds they took, over every collector of this JVM. */
    private static long[] collections() {
        long count = 0;
        long millis = 0;
        for (java.lang.management.GarbageCollectorMXBean gc
                : java.lang.management.ManagementFactory.getGarbageCollectorMXBeans()) {
            count += Math.max(0, gc.getCollectionCount());
            millis += Math.max(0, gc.getCollectionTime());
        }
        return new long[] {count, millis};
    }

    private static void memory(Path db, MiniLmEmbedder embedder, StructuralMap map, List<String> concepts,
            List<Stored> stored, String indexMb) throws Exception {
        String[] people = new String[10_000];
        for (int i = 0; i < people.length; i++) {
            people[i] = "person-" + i;
        }
        Map<String, String> settings = new java.util.HashMap<>(Map.of(ConfigLoader.DB, db.toString(),
                ConfigLoader.MAX_OPEN_LOOPS, "1000000"));
        if (indexMb != null) {
            settings.put(ConfigLoader.INDEX_MB, indexMb);
        }
        try (Loopkeeper app = Loopkeeper.open(ConfigLoader.load(settings, db.getParent(), false), Clock.systemUTC(),
                embedder, map)) {
            long start = System.nanoTime();
            if (app.database().read(sql -> sql.queryLong("SELECT COUNT(*) FROM open_loop")) < 1_000_000) {
                load(() -> DriverManager.getConnection("jdbc:sqlite:" + db), people, 100, concepts, stored,
                        map.version());
            }
            System.out.printf("loaded 1,000,000 loops with vectors in %.0f s; database %,d MB%n",
                    (System.nanoTime() - start) / 1e9, Files.size(db) / 1_000_000);
            long[] times = new long[2_000];
            for (int i = 0; i < times.length; i++) {
                String person = people[(i * 7919) % people.length];
                long t = System.nanoTime();
                app.matcher().onFocus(app.focus().set(person, "tracking a drone with a Kalman filter " + i,
                        Optional.of("1h"), FocusSource.COMMAND, null, null).focus());
                times[i] = System.nanoTime() - t;
            }
            System.out.printf("2,000 focus changes across people (index %s MB): %s; the index weighs %d MB%n",
                    indexMb == null ? "default" : indexMb, Stats.of(times), app.relevance().heldBytes() >> 20);
            System.gc();
            Runtime rt = Runtime.getRuntime();
            java.lang.management.MemoryMXBean memory = java.lang.management.ManagementFactory.getMemoryMXBean();
            long heapCommitted = memory.getHeapMemoryUsage().getCommitted();
            long nonHeap = memory.getNonHeapMemoryUsage().getCommitted();
            long direct = java.lang.management.ManagementFactory
                    .getPlatformMXBeans(java.lang.management.BufferPoolMXBean.class).stream()
                    .mapToLong(java.lang.management.BufferPoolMXBean::getMemoryUsed).sum();
            long rssKb = Long.parseLong(rss().replace("kB", "").strip());
            System.out.printf("after 2,000 focus changes across people: heap used %d MB, resident %s%n",
                    (rt.totalMemory() - rt.freeMemory()) / 1_000_000, rss());
            // What the JVM accounts for; the rest of the resident set is native memory outside it: the ONNX model and
            // runtime, SQLite's page caches, thread stacks, the C heap.
            System.out.printf("  heap committed %d MB (max %d MB), non-heap committed %d MB (metaspace, code), direct "
                    + "buffers %d MB, resident outside these %d MB%n", heapCommitted >> 20, rt.maxMemory() >> 20,
                    nonHeap >> 20, direct >> 20, (rssKb * 1024 - heapCommitted - nonHeap - direct) >> 20);
        }
    }

    private static String rss() throws Exception {
        for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
            if (line.startsWith("VmRSS")) {
                return line.substring("VmRSS:".length()).strip();
            }
        }
        return "unknown";
    }

    static dev.loopkeeper.config.Config config(Path db) {
        // A 100,000-loop lot weighs about 510 MB in the index: sized as docs/BENCHMARKS.md tells an operator with such a
        // lot to size it (at the default 80 MB it would be read from the database on every decision).
        return ConfigLoader.load(Map.of(ConfigLoader.DB, db.toString(), ConfigLoader.MAX_OPEN_LOOPS, "1000000",
                ConfigLoader.INDEX_MB, "640"), db.getParent(), false);
    }

    /** Bulk-loads loops with stored vectors (setup, not measured): the texts cycle through the concept list. */
    /**
     * {@code --not-relevant=N}: N "Not relevant" pairs of 10,000 other people (clicked on reminders of the loaded
     * loops, each for a focus of its own), as a bot that has run a while holds them; every decision reads the
     * person's pairs for its focus.
     */
    private static void notRelevantElsewhere(Jdbc jdbc, int loops) throws Exception {
        if (notRelevant == 0) {
            return;
        }
        try (Connection c = jdbc.open()) {
            c.setAutoCommit(false);
            try (PreparedStatement insert = c.prepareStatement("""
                    INSERT INTO suppression (owner_id, loop_id, focus_key, created_at) VALUES (?, ?, ?, 0)""")) {
                for (int i = 0; i < notRelevant; i++) {
                    insert.setString(1, "person-" + i % 10_000);
                    insert.setLong(2, 1 + i % loops);
                    insert.setString(3, "another focus " + i);
                    insert.addBatch();
                }
                insert.executeBatch();
            }
            c.commit();
        }
    }

    private static void load(Jdbc jdbc, String[] people, int perPerson, List<String> concepts, List<Stored> stored,
            String mapVersion) throws Exception {
        try (Connection c = jdbc.open()) {
            c.setAutoCommit(false);
            try (PreparedStatement insert = c.prepareStatement("""
                    INSERT INTO open_loop (owner_id, concept, concept_key, why, status, created_at, updated_at, embedding,
                                           embedding_model, why_embedding, foundations, foundations_version)
                    VALUES (?, ?, ?, ?, 'open', ?, ?, ?, ?, ?, ?, ?)""")) {
                long now = System.currentTimeMillis() - 86_400_000L * 30;
                int rows = 0;
                for (int k = 0; k < perPerson; k++) {
                    for (String person : people) {
                        int which = rows % concepts.size();
                        String concept = concepts.get(which) + " #" + rows;
                        insert.setString(1, person);
                        insert.setString(2, concept);
                        insert.setString(3, concept.toLowerCase());
                        insert.setString(4, stored.get(which).why());
                        insert.setLong(5, now + rows);
                        insert.setLong(6, now + rows);
                        insert.setBytes(7, stored.get(which).embedding());
                        insert.setString(8, MiniLmEmbedder.MODEL_ID);
                        insert.setBytes(9, stored.get(which).whyEmbedding());
                        insert.setBytes(10, stored.get(which).foundations());
                        insert.setString(11, mapVersion);
                        insert.addBatch();
                        if (++rows % 10_000 == 0) {
                            insert.executeBatch();
                            c.commit();
                        }
                    }
                }
                insert.executeBatch();
                c.commit();
            }
        }
    }
}
