package dev.loopkeeper.bench;

import dev.loopkeeper.loop.LoopFilter;
import dev.loopkeeper.loop.LoopService;
import dev.loopkeeper.loop.LoopStore;
import dev.loopkeeper.storage.Database;
import dev.loopkeeper.loop.Origin;
import dev.loopkeeper.loop.ParkRequest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.util.SplittableRandom;
import org.sqlite.SQLiteConfig;

/**
 * Park throughput and {@code /loops} first-page latency through Loopkeeper's services, each beside plain JDBC
 * doing the bare equivalent on the same SQLite file with the same pragmas. Not a test: run it by hand (see
 * docs/BENCHMARKS.md) and read the ratios.
 */
public final class StorageBenchmark {
    private static final int LIST_RUNS = 2_000;

    private StorageBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        Path dir = Files.createTempDirectory("loopkeeper-bench");
        System.out.println("SQLite files in " + dir);
        onePerson(dir.resolve("one-person.db"));
        manyPeople(dir.resolve("many-people.db"));
    }

    /** 10,000 loops for one person, parked one by one. */
    private static void onePerson(Path db) throws Exception {
        System.out.println("\n## One person, 10,000 loops");
        try (Database database = Database.open(db); Connection plain = plain(db)) {
            LoopService loops = storageOnly(database);
            int n = 10_000;
            long[] ours = new long[n];
            long[] bare = new long[n];
            // Interleaved, so both sides see the same disk and fsync weather.
            for (int i = 0; i < n; i++) {
                long t0 = System.nanoTime();
                loops.park(new ParkRequest("ada", concept(i), "why " + i, Origin.none()));
                long t1 = System.nanoTime();
                plainInsert(plain, "baseline", concept(i), i);
                ours[i] = t1 - t0;
                bare[i] = System.nanoTime() - t1;
            }
            report("park", ours, bare);
            listLatency(loops, plain, new String[] {"ada"});
        }
    }

    /** 1,000,000 loops across 10,000 people (bulk-loaded), then parks and lists for random people. */
    private static void manyPeople(Path db) throws Exception {
        System.out.println("\n## 10,000 people, 1,000,000 loops");
        String[] people = new String[10_000];
        for (int i = 0; i < people.length; i++) {
            people[i] = "person-" + i;
        }
        try (Database database = Database.open(db); Connection plain = plain(db)) {
            long start = System.nanoTime();
            bulkLoad(plain, people, 100, "");
            System.out.printf("bulk load: %.1f s (setup, not measured)%n", seconds(start));
            LoopService loops = storageOnly(database);
            SplittableRandom random = new SplittableRandom(7);
            int n = 2_000;
            long[] ours = new long[n];
            long[] bare = new long[n];
            for (int i = 0; i < n; i++) {
                long t0 = System.nanoTime();
                loops.park(new ParkRequest(people[random.nextInt(people.length)], "fresh " + concept(i), null, Origin.none()));
                long t1 = System.nanoTime();
                plainInsert(plain, people[random.nextInt(people.length)], "plain " + concept(i), i);
                ours[i] = t1 - t0;
                bare[i] = System.nanoTime() - t1;
            }
            report("park", ours, bare);
            listLatency(loops, plain, people);
        }
    }

    private static void listLatency(LoopService loops, Connection plain, String[] people) throws SQLException {
        SplittableRandom random = new SplittableRandom(11);
        long[] ours = new long[LIST_RUNS];
        long[] bare = new long[LIST_RUNS];
        for (int warm = 0; warm < 500; warm++) {
            loops.list(people[random.nextInt(people.length)], LoopFilter.open(), 0, 10);
            plainPage(plain, people[random.nextInt(people.length)]);
        }
        for (int i = 0; i < LIST_RUNS; i++) {
            String person = people[random.nextInt(people.length)];
            long t0 = System.nanoTime();
            if (loops.list(person, LoopFilter.open(), 0, 10).loops().size() != 10) {
                throw new IllegalStateException("expected a full first page");
            }
            long t1 = System.nanoTime();
            plainPage(plain, person);
            long t2 = System.nanoTime();
            ours[i] = t1 - t0;
            bare[i] = t2 - t1;
        }
        Stats ourStats = Stats.of(ours);
        Stats bareStats = Stats.of(bare);
        System.out.printf("/loops first page: %s; plain JDBC page + COUNT, same columns: %s; ratio (median) %.2fx, (p99) %.2fx%n",
                ourStats, bareStats, ourStats.medianMicros() / bareStats.medianMicros(),
                ourStats.p99Micros() / bareStats.p99Micros());
    }

    /**
     * The foundation's park path: validation, cap, duplicate check, insert, all in one transaction. Relevance (one
     * embedding and a near-duplicate scan per park) is measured by {@link RelevanceBenchmark}.
     */
    private static LoopService storageOnly(Database database) {
        return new LoopService(database, new LoopStore(), Clock.systemUTC(), 1_000_000);
    }

    /** A bare connection with the pragmas Loopkeeper uses, so the comparison is about our code, not settings. */
    private static Connection plain(Path db) throws SQLException {
        SQLiteConfig config = new SQLiteConfig();
        config.setJournalMode(SQLiteConfig.JournalMode.WAL);
        config.setSynchronous(SQLiteConfig.SynchronousMode.FULL);
        config.setBusyTimeout(10_000);
        return DriverManager.getConnection("jdbc:sqlite:" + db, config.toProperties());
    }

    private static void plainInsert(Connection c, String owner, String concept, long i) throws SQLException {
        try (PreparedStatement insert = c.prepareStatement("""
                INSERT INTO open_loop (owner_id, concept, concept_key, status, created_at, updated_at)
                VALUES (?, ?, ?, 'open', ?, ?)""")) {
            insert.setString(1, owner);
            insert.setString(2, concept);
            insert.setString(3, concept.toLowerCase());
            insert.setLong(4, System.currentTimeMillis());
            insert.setLong(5, System.currentTimeMillis());
            insert.executeUpdate();
        }
    }

    private static void plainPage(Connection c, String owner) throws SQLException {
        try (PreparedStatement page = c.prepareStatement("""
                SELECT id, owner_id, concept, why, origin_guild_id, origin_channel_id, origin_message_url,
                       origin_excerpt, triage, status, outcome, takeaway, created_at, updated_at, closed_at
                  FROM open_loop
                 WHERE owner_id = ? AND status IN ('open', 'active')
                 ORDER BY created_at DESC, id DESC LIMIT 10""");
                PreparedStatement count = c.prepareStatement(
                        "SELECT COUNT(*) FROM open_loop WHERE owner_id = ? AND status IN ('open', 'active')")) {
            page.setString(1, owner);
            int rows = 0;
            try (ResultSet rs = page.executeQuery()) {
                // Read every column, as rendering a page does: the bare cost of the same answer.
                int columns = rs.getMetaData().getColumnCount();
                while (rs.next()) {
                    for (int col = 1; col <= columns; col++) {
                        rs.getObject(col);
                    }
                    rows++;
                }
            }
            count.setString(1, owner);
            try (ResultSet rs = count.executeQuery()) {
                rs.next();
            }
            if (rows != 10) {
                throw new IllegalStateException("expected a full first page");
            }
        }
    }

    /**
     * Bulk-loads {@code perPerson} open loops for each person with a plain JDBC batch (setup, not measured), concepts
     * {@code prefix} + {@link #concept}; on SQLite or PostgreSQL alike.
     */
    static void bulkLoad(Connection c, String[] people, int perPerson, String prefix) throws SQLException {
        c.setAutoCommit(false);
        try (PreparedStatement insert = c.prepareStatement("""
                INSERT INTO open_loop (owner_id, concept, concept_key, why, status, created_at, updated_at)
                VALUES (?, ?, ?, ?, 'open', ?, ?)""")) {
            long now = System.currentTimeMillis() - 86_400_000L * 365;
            int rows = 0;
            for (int k = 0; k < perPerson; k++) {
                for (String person : people) {
                    String concept = prefix + concept(rows);
                    insert.setString(1, person);
                    insert.setString(2, concept);
                    insert.setString(3, concept.toLowerCase());
                    insert.setString(4, "because " + rows);
                    insert.setLong(5, now + rows);
                    insert.setLong(6, now + rows);
                    insert.addBatch();
                    if (++rows % 10_000 == 0) {
                        insert.executeBatch();
                    }
                    if (rows % 200_000 == 0) {
                        c.commit();
                    }
                }
            }
            insert.executeBatch();
            c.commit();
        } finally {
            c.setAutoCommit(true);
        }
    }

    static String concept(int i) {
        return "concept number " + i + " about attention and autodiff";
    }

    private static void report(String what, long[] ours, long[] bare) {
        double ourRate = ours.length / (java.util.Arrays.stream(ours).sum() / 1e9);
        double bareRate = bare.length / (java.util.Arrays.stream(bare).sum() / 1e9);
        Stats ourStats = Stats.of(ours);
        Stats bareStats = Stats.of(bare);
        System.out.printf("%s: %.0f/s (%s) through LoopService; plain JDBC insert %.0f/s (%s); "
                + "ratio %.2fx (throughput), %.2fx (median)%n", what, ourRate, ourStats, bareRate, bareStats,
                bareRate / ourRate, ourStats.medianMicros() / bareStats.medianMicros());
    }

    private static double seconds(long startNanos) {
        return (System.nanoTime() - startNanos) / 1e9;
    }
}
