package dev.loopkeeper.bench;

import static dev.loopkeeper.bench.StorageBenchmark.bulkLoad;
import static dev.loopkeeper.bench.StorageBenchmark.concept;

import dev.loopkeeper.Loopkeeper;
import dev.loopkeeper.config.Config;
import dev.loopkeeper.config.ConfigLoader;
import dev.loopkeeper.loop.LoopFilter;
import dev.loopkeeper.loop.LoopService;
import dev.loopkeeper.loop.LoopStore;
import dev.loopkeeper.loop.Origin;
import dev.loopkeeper.loop.ParkRequest;
import dev.loopkeeper.relevance.MiniLmEmbedder;
import dev.loopkeeper.relevance.RelevanceScorer;
import dev.loopkeeper.relevance.StructuralMap;
import dev.loopkeeper.storage.Database;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

/**
 * PostgreSQL beside SQLite for docs/BENCHMARKS.md: the storage benchmark's park and {@code /loops} first page, the
 * relevance benchmark's focus change to decision, and several writers (each its own service stack and connection pool,
 * as separate bot processes would have) parking into one PostgreSQL, with what bounds them: the machine's CPU, the
 * commit's WAL flush (fsync), and the one advisory write lock every write transaction takes. The PostgreSQL is the
 * tests' embedded one (io.zonky), started here with {@code synchronous_commit=on}, PostgreSQL's default (the tests run
 * it with {@code off}). Not a test; run by hand:
 * {@code java -cp $CP dev.loopkeeper.bench.PostgresBenchmark [--skip-relevance] [--only-writers] [--only-pages]}
 * ({@code --only-pages}: the 3,000-loop person's {@code /loops} first page and both databases' plans for it).
 */
public final class PostgresBenchmark {
    private static final String USER = "postgres";
    private static final int WRITER_SECONDS = 6;

    private PostgresBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        Path dir = Files.createTempDirectory("loopkeeper-pg-bench");
        Path data = dir.resolve("pgdata");
        System.out.println("load average at start: " + loadAverage() + "; " + Runtime.getRuntime().availableProcessors()
                + " cores");
        try (EmbeddedPostgres pg = EmbeddedPostgres.builder().setDataDirectory(data)
                .setServerConfig("synchronous_commit", "on").setServerConfig("max_connections", "100").start()) {
            long postmaster = Long.parseLong(Files.readAllLines(data.resolve("postmaster.pid")).get(0).strip());
            try (Connection admin = pg.getPostgresDatabase().getConnection(); Statement s = admin.createStatement();
                    ResultSet version = s.executeQuery("SHOW server_version")) {
                version.next();
                System.out.println("PostgreSQL " + version.getString(1) + ", fsync on, synchronous_commit on; SQLite "
                        + "WAL, synchronous=FULL; files in " + dir);
            }
            if (List.of(args).contains("--only-pages")) {
                storage(pg, dir, true);
                System.out.println("load average at end: " + loadAverage());
                return;
            }
            if (!List.of(args).contains("--only-writers")) {
                storage(pg, dir, false);
                if (!List.of(args).contains("--skip-relevance")) {
                    relevance(pg, dir);
                }
            }
            writers(pg, dir, postmaster);
        }
        System.out.println("load average at end: " + loadAverage());
    }

    private static String create(EmbeddedPostgres pg, String name, String... settings) throws Exception {
        try (Connection admin = pg.getPostgresDatabase().getConnection(); Statement s = admin.createStatement()) {
            s.execute("CREATE DATABASE " + name);
            for (String setting : settings) {
                s.execute("ALTER DATABASE " + name + " SET " + setting);
            }
        }
        return pg.getJdbcUrl(USER, name).replaceFirst("\\?.*", "");
    }

    private static Connection plainPostgres(String url) throws Exception {
        return DriverManager.getConnection(url, USER, "");
    }

    // ---- park and /loops, one stack each, interleaved ----

    private static void storage(EmbeddedPostgres pg, Path dir, boolean onlyPages) throws Exception {
        System.out.println("\n## Park and /loops first page (LoopService, one thread), SQLite | PostgreSQL, interleaved");
        String url = create(pg, "storage");
        Path file = dir.resolve("storage.db");
        try (Database sqlite = Database.open(file); Database postgres = Database.openPostgres(url, USER, null)) {
            LoopService onSqlite = storageOnly(sqlite);
            LoopService onPostgres = storageOnly(postgres);
            int n = 3_000;
            long[] a = new long[n];
            long[] b = new long[n];
            for (int i = 0; i < n; i++) {
                long t0 = System.nanoTime();
                onSqlite.park(new ParkRequest("ada", concept(i), "why " + i, Origin.none()));
                long t1 = System.nanoTime();
                onPostgres.park(new ParkRequest("ada", concept(i), "why " + i, Origin.none()));
                a[i] = t1 - t0;
                b[i] = System.nanoTime() - t1;
            }
            System.out.printf("park, 1 person up to %,d loops: SQLite %.0f/s (%s) | PostgreSQL %.0f/s (%s)%n", n,
                    rate(a), Stats.of(a), rate(b), Stats.of(b));
            pages("1 person with 3,000 loops", onSqlite, onPostgres, new String[] {"ada"});
            plans(file, url);
            if (onlyPages) {
                // The same without V18's partial index, under the same load: what the index is worth.
                try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file); Statement s = c.createStatement()) {
                    s.execute("DROP INDEX open_loop_open_by_owner");
                }
                try (Connection c = plainPostgres(url); Statement s = c.createStatement()) {
                    s.execute("DROP INDEX open_loop_open_by_owner");
                }
                pages("1 person with 3,000 loops, without open_loop_open_by_owner", onSqlite, onPostgres,
                        new String[] {"ada"});
                plans(file, url);
                return;
            }

            // Many people: bulk-loaded (setup, not measured), then parks and pages for random people.
            String[] people = new String[2_000];
            for (int i = 0; i < people.length; i++) {
                people[i] = "person-" + i;
            }
            long load = System.nanoTime();
            try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file)) {
                bulkLoad(c, people, 100, "loaded ");
            }
            try (Connection c = plainPostgres(url)) {
                bulkLoad(c, people, 100, "loaded ");
            }
            System.out.printf("bulk load of 200,000 loops into each: %.0f s (setup)%n", (System.nanoTime() - load) / 1e9);
            SplittableRandom random = new SplittableRandom(7);
            n = 2_000;
            a = new long[n];
            b = new long[n];
            for (int i = 0; i < n; i++) {
                String person = people[random.nextInt(people.length)];
                long t0 = System.nanoTime();
                onSqlite.park(new ParkRequest(person, "fresh " + concept(i), null, Origin.none()));
                long t1 = System.nanoTime();
                onPostgres.park(new ParkRequest(person, "fresh " + concept(i), null, Origin.none()));
                a[i] = t1 - t0;
                b[i] = System.nanoTime() - t1;
            }
            System.out.printf("park, 2,000 people with 200,000 loops: SQLite %.0f/s (%s) | PostgreSQL %.0f/s (%s)%n",
                    rate(a), Stats.of(a), rate(b), Stats.of(b));
            pages("2,000 people with 200,000 loops", onSqlite, onPostgres, people);
        }
    }

    private static void pages(String what, LoopService onSqlite, LoopService onPostgres, String[] people) {
        SplittableRandom random = new SplittableRandom(11);
        for (int warm = 0; warm < 300; warm++) {
            String person = people[random.nextInt(people.length)];
            onSqlite.list(person, LoopFilter.open(), 0, 10);
            onPostgres.list(person, LoopFilter.open(), 0, 10);
        }
        int n = 2_000;
        long[] a = new long[n];
        long[] b = new long[n];
        for (int i = 0; i < n; i++) {
            String person = people[random.nextInt(people.length)];
            long t0 = System.nanoTime();
            int x = onSqlite.list(person, LoopFilter.open(), 0, 10).loops().size();
            long t1 = System.nanoTime();
            int y = onPostgres.list(person, LoopFilter.open(), 0, 10).loops().size();
            a[i] = t1 - t0;
            b[i] = System.nanoTime() - t1;
            if (x != 10 || y != 10) {
                throw new IllegalStateException("expected full first pages");
            }
        }
        System.out.printf("/loops first page, %s: SQLite %s | PostgreSQL %s%n", what, Stats.of(a), Stats.of(b));
    }

    /** How each database runs {@code /loops}' first page (LoopStore.page with the open filter) for the big person. */
    private static void plans(Path file, String url) throws Exception {
        String open = " FROM open_loop WHERE owner_id = 'ada' AND status IN ('open', 'active')";
        for (String query : List.of("SELECT id, concept" + open + " ORDER BY created_at DESC, id DESC LIMIT 10 OFFSET 0",
                "SELECT COUNT(*)" + open)) {
            plan(file, url, query);
        }
    }

    private static void plan(Path file, String url, String page) throws Exception {
        System.out.println(page);
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file); Statement s = c.createStatement();
                ResultSet plan = s.executeQuery("EXPLAIN QUERY PLAN " + page)) {
            System.out.println("SQLite plan:");
            while (plan.next()) {
                System.out.println("  " + plan.getString("detail"));
            }
        }
        try (Connection c = plainPostgres(url); Statement s = c.createStatement()) {
            s.execute("ANALYZE open_loop");
            try (ResultSet plan = s.executeQuery("EXPLAIN (ANALYZE, BUFFERS) " + page)) {
                System.out.println("PostgreSQL plan:");
                while (plan.next()) {
                    System.out.println("  " + plan.getString(1));
                }
            }
        }
    }

    private static LoopService storageOnly(Database database) {
        return new LoopService(database, new LoopStore(), Clock.systemUTC(), 1_000_000);
    }

    // ---- focus change -> decision ----

    private static void relevance(EmbeddedPostgres pg, Path dir) throws Exception {
        System.out.println("\n## Focus change -> reminder decision, one person (the relevance benchmark's path)");
        MiniLmEmbedder embedder = new MiniLmEmbedder();
        embedder.embed("warm up");
        StructuralMap map = Loopkeeper.loadMap(embedder);
        RelevanceScorer scorer = new RelevanceScorer(embedder, map);
        List<String> concepts = RelevanceBenchmark.concepts();
        List<RelevanceBenchmark.Stored> stored = RelevanceBenchmark.stored(scorer, concepts);
        for (int loops : new int[] {100, 5_000}) {
            Path file = dir.resolve("relevance-" + loops + ".db");
            RelevanceBenchmark.decisionLatency("SQLite", RelevanceBenchmark.config(file),
                    () -> DriverManager.getConnection("jdbc:sqlite:" + file), embedder, map, concepts, stored, loops);
            String url = create(pg, "relevance_" + loops);
            Config config = ConfigLoader.load(Map.of(ConfigLoader.DB, url, ConfigLoader.DB_USER, USER,
                    ConfigLoader.MAX_OPEN_LOOPS, "1000000"), dir, false);
            RelevanceBenchmark.decisionLatency("PostgreSQL", config, () -> DriverManager.getConnection(url, USER, ""),
                    embedder, map, concepts, stored, loops);
        }
        embedder.close();
    }

    // ---- several writers, one PostgreSQL ----

    private static void writers(EmbeddedPostgres pg, Path dir, long postmaster) throws Exception {
        System.out.println("\n## Writers parking into one database for " + WRITER_SECONDS + " s each; every writer is one"
                + " thread parking for 100 people in turn, every stack its own pool (8 connections), as a bot process has");
        System.out.println("| database | stacks x threads | parks/s | median | p99 | machine CPU busy | JVM CPU | "
                + "PostgreSQL CPU | CPU per park (JVM + PostgreSQL) | waiting on the write lock | in WAL flush |");
        System.out.println("|---|---|---|---|---|---|---|---|---|---|---|");
        String synced = create(pg, "writers");
        String unsynced = create(pg, "writers_nosync", "synchronous_commit = off");
        int[][] shapes = {{1, 1}, {2, 1}, {2, 2}, {2, 4}};
        for (int[] shape : shapes) {
            runWriters("PostgreSQL", shape[0], shape[1], () -> Database.openPostgres(synced, USER, null), synced,
                    postmaster);
        }
        for (int[] shape : new int[][] {{1, 1}, {2, 1}, {2, 2}}) {
            runWriters("PostgreSQL, synchronous_commit off", shape[0], shape[1],
                    () -> Database.openPostgres(unsynced, USER, null), unsynced, postmaster);
        }
        Path file = dir.resolve("writers.db");
        for (int[] shape : new int[][] {{1, 1}, {2, 1}, {2, 2}}) {
            runWriters("SQLite, one file", shape[0], shape[1], () -> Database.open(file), null, -1);
        }
    }

    private interface Opener {
        Database open() throws Exception;
    }

    private static final AtomicLong RUN = new AtomicLong();

    private static void runWriters(String label, int stacks, int threadsEach, Opener opener, String url,
            long postmaster) throws Exception {
        List<Database> databases = new ArrayList<>();
        long run = RUN.incrementAndGet();
        try {
            List<LoopService> services = new ArrayList<>();
            for (int i = 0; i < stacks; i++) {
                Database database = opener.open();
                databases.add(database);
                services.add(storageOnly(database));
            }
            // Warm each stack (pool connections, JIT) before measuring.
            for (int i = 0; i < services.size(); i++) {
                for (int k = 0; k < 50; k++) {
                    services.get(i).park(new ParkRequest("warm-" + run + "-" + i, concept(k), null, Origin.none()));
                }
            }
            int writers = stacks * threadsEach;
            LongAdder parks = new LongAdder();
            List<long[]> latencies = new ArrayList<>();
            int[] recorded = new int[writers];
            AtomicBoolean stop = new AtomicBoolean();
            CountDownLatch go = new CountDownLatch(1);
            List<Thread> threads = new ArrayList<>();
            for (int w = 0; w < writers; w++) {
                LoopService service = services.get(w % stacks);
                long[] times = new long[200_000];
                latencies.add(times);
                // Spread over 100 people each, as parks from many people are: one person's growing backlog would make
                // every park's cap count (and duplicate check) the measure instead.
                String people = "writer-" + run + "-" + w + "-";
                int index = w;
                Thread thread = new Thread(() -> {
                    try {
                        go.await();
                        int i = 0;
                        while (!stop.get() && i < times.length) {
                            long t0 = System.nanoTime();
                            service.park(new ParkRequest(people + (i % 100), concept(i), null, Origin.none()));
                            times[i++] = System.nanoTime() - t0;
                            parks.increment();
                        }
                        recorded[index] = i;
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                }, "writer-" + index);
                threads.add(thread);
                thread.start();
            }
            Sampler sampler = url == null ? null : new Sampler(url);
            CpuClock cpu = new CpuClock(postmaster);
            go.countDown();
            long start = System.nanoTime();
            if (sampler != null) {
                sampler.start();
            }
            Thread.sleep(WRITER_SECONDS * 1000L);
            stop.set(true);
            for (Thread thread : threads) {
                thread.join();
            }
            double seconds = (System.nanoTime() - start) / 1e9;
            CpuClock.Share share = cpu.since(seconds);
            String waits = "";
            String flushes = "";
            if (sampler != null) {
                sampler.stop();
                waits = String.format("%.2f", sampler.averageWaitingOnLock());
                flushes = String.format("%.2f", sampler.averageInWalFlush());
            }
            List<Long> all = new ArrayList<>();
            for (int w = 0; w < writers; w++) {
                for (int i = 0; i < recorded[w]; i++) {
                    all.add(latencies.get(w)[i]);
                }
            }
            Stats stats = Stats.of(all.stream().mapToLong(Long::longValue).toArray());
            double rate = parks.sum() / seconds;
            System.out.printf("| %s | %d x %d | %.0f | %.2f ms | %.2f ms | %.0f %% | %.2f cores | %s | %.2f ms | %s | %s |%n",
                    label, stacks, threadsEach, rate, stats.medianMicros() / 1000,
                    stats.p99Micros() / 1000, share.machineBusy() * 100, share.jvmCores(),
                    postmaster < 0 ? "-" : String.format("%.2f cores", share.postgresCores()),
                    (share.jvmCores() + share.postgresCores()) * 1000 / rate,
                    waits.isEmpty() ? "-" : waits + " backends", flushes.isEmpty() ? "-" : flushes + " backends");
        } finally {
            databases.forEach(Database::close);
        }
    }

    /**
     * Samples pg_stat_activity every 10 ms on its own connection: how many backends wait on an advisory lock (the write
     * lock) and how many are flushing WAL at commit (fsync), on average.
     */
    private static final class Sampler {
        private final String url;
        private final AtomicBoolean stop = new AtomicBoolean();
        private final LongAdder samples = new LongAdder();
        private final LongAdder waiting = new LongAdder();
        private final LongAdder flushing = new LongAdder();
        private Thread thread;

        Sampler(String url) {
            this.url = url;
        }

        void start() {
            thread = new Thread(() -> {
                try (Connection c = plainPostgres(url); PreparedStatement q = c.prepareStatement("""
                        SELECT count(*) FILTER (WHERE wait_event_type = 'Lock' AND wait_event = 'advisory'),
                               count(*) FILTER (WHERE wait_event IN ('WALSync', 'WALWrite', 'WALInitSync'))
                          FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid()""")) {
                    while (!stop.get()) {
                        try (ResultSet rs = q.executeQuery()) {
                            rs.next();
                            waiting.add(rs.getLong(1));
                            flushing.add(rs.getLong(2));
                            samples.increment();
                        }
                        Thread.sleep(10);
                    }
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            }, "pg-sampler");
            thread.start();
        }

        void stop() throws InterruptedException {
            stop.set(true);
            thread.join();
        }

        double averageWaitingOnLock() {
            return waiting.sum() / (double) Math.max(1, samples.sum());
        }

        double averageInWalFlush() {
            return flushing.sum() / (double) Math.max(1, samples.sum());
        }
    }

    /** CPU used during a run: the machine's (from /proc/stat), this JVM's, and the PostgreSQL server's processes. */
    private static final class CpuClock {
        record Share(double machineBusy, double jvmCores, double postgresCores) {
        }

        private final long postmaster;
        private final long[] machine;
        private final long jvm;
        private final long postgres;

        CpuClock(long postmaster) throws Exception {
            this.postmaster = postmaster;
            this.machine = machineTicks();
            this.jvm = jvmNanos();
            this.postgres = postmaster < 0 ? 0 : postgresTicks(postmaster);
        }

        Share since(double seconds) throws Exception {
            long[] now = machineTicks();
            double busy = (now[0] - machine[0]) / (double) Math.max(1, now[1] - machine[1]);
            double jvmCores = (jvmNanos() - jvm) / 1e9 / seconds;
            double pgCores = postmaster < 0 ? 0 : (postgresTicks(postmaster) - postgres) / 100.0 / seconds;
            return new Share(busy, jvmCores, pgCores);
        }

        /** {busy, total} jiffies of all cores. */
        private static long[] machineTicks() throws Exception {
            String[] parts = Files.readAllLines(Path.of("/proc/stat")).get(0).trim().split("\\s+");
            long total = 0;
            for (int i = 1; i < parts.length; i++) {
                total += Long.parseLong(parts[i]);
            }
            long idle = Long.parseLong(parts[4]) + Long.parseLong(parts[5]);
            return new long[] {total - idle, total};
        }

        private static long jvmNanos() {
            return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
                    .getProcessCpuTime();
        }

        /** utime + stime (clock ticks, 100 a second) of the postmaster and its children, including exited ones. */
        private static long postgresTicks(long postmaster) throws Exception {
            long ticks = 0;
            try (var procs = Files.list(Path.of("/proc"))) {
                for (Path proc : (Iterable<Path>) procs::iterator) {
                    if (!proc.getFileName().toString().matches("\\d+")) {
                        continue;
                    }
                    String stat;
                    try {
                        stat = Files.readString(proc.resolve("stat"));
                    } catch (Exception gone) {
                        continue;
                    }
                    String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
                    long pid = Long.parseLong(proc.getFileName().toString());
                    long parent = Long.parseLong(f[1]);
                    if (pid == postmaster) {
                        // utime, stime, and cutime, cstime: backends that have exited are counted in their parent's.
                        ticks += Long.parseLong(f[11]) + Long.parseLong(f[12]) + Long.parseLong(f[13])
                                + Long.parseLong(f[14]);
                    } else if (parent == postmaster) {
                        ticks += Long.parseLong(f[11]) + Long.parseLong(f[12]);
                    }
                }
            }
            return ticks;
        }
    }

    private static double rate(long[] nanos) {
        return nanos.length / (java.util.Arrays.stream(nanos).sum() / 1e9);
    }

    private static String loadAverage() throws Exception {
        return Files.readString(Path.of("/proc/loadavg")).strip();
    }
}
