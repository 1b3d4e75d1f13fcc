package dev.loopkeeper.bench;

import dev.loopkeeper.loop.LoopStore;
import dev.loopkeeper.ownership.DataService;
import dev.loopkeeper.ownership.DataStore;
import dev.loopkeeper.ownership.PersonalData;
import dev.loopkeeper.ownership.PersonalTable;
import dev.loopkeeper.storage.Database;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.sqlite.SQLiteConfig;

/**
 * {@code /export} and {@code /forget-me} for one person in a database full of other people's rows: "Me too" marks,
 * server polls, phase changes, notes, reflections, feedback, nudges, reminders (bulk-loaded with plain JDBC, setup, not
 * measured). Each round gives the person a hundred loops and a little of everything, then times the export's read and
 * the forgetting, through {@link DataService} as the commands call it; and the lookup {@code /reopen} makes for a loop
 * closed as merged long ago ({@link LoopStore#mergedInto}, the oldest merge's note). The last round also times
 * forgetting statement by statement, in a transaction rolled back. Not a test: run it by hand (docs/BENCHMARKS.md)
 * and read the medians.
 *
 * <p>Sizes of the other people's rows: {@code --loops=200000 --interest=200000 --polls=50000 --phases=200000
 * --notes=100000 --reflections=50000 --feedback=50000 --nudges=50000 --focus=50000 --reminders=200000}, and
 * {@code --runs=15} measured rounds after three to warm up.
 */
public final class DataOwnershipAtScaleBenchmark {
    private static final String ADA = "ada";
    private static final int PEOPLE = 10_000;
    private static final int SERVERS = 100;
    private static final int ADA_LOOPS = 100;
    private static final int WARM_UP = 3;

    private DataOwnershipAtScaleBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        Map<String, Integer> size = new LinkedHashMap<>();
        for (String name : List.of("loops:200000", "interest:200000", "polls:50000", "phases:200000", "notes:100000",
                "reflections:50000", "feedback:50000", "nudges:50000", "focus:50000", "reminders:200000", "runs:15")) {
            String[] parts = name.split(":");
            size.put(parts[0], Integer.parseInt(parts[1]));
        }
        for (String arg : args) {
            String[] parts = arg.replaceFirst("^--", "").split("=", 2);
            if (!size.containsKey(parts[0]) || parts.length != 2) {
                throw new IllegalArgumentException("Unknown argument " + arg + "; known: " + size.keySet());
            }
            size.put(parts[0], Integer.parseInt(parts[1]));
        }
        Path dir = Files.createTempDirectory("loopkeeper-data-scale-bench");
        Path db = dir.resolve("many-people.db");
        System.out.println("SQLite file " + db + "; others' rows " + size);
        try (Database database = Database.open(db); Connection plain = plain(db)) {
            long start = System.nanoTime();
            long[] serverLoops = bulkLoad(plain, size);
            System.out.printf("bulk load: %.1f s (setup, not measured)%n", (System.nanoTime() - start) / 1e9);
            // The oldest merge: every note written since comes before it, newest first.
            long merged = ids(plain, "SELECT merged_from FROM loop_note WHERE merged_from IS NOT NULL ORDER BY id"
                    + " LIMIT 1")[0];
            String mergedOwner = noteOwner(plain, merged);
            DataService data = new DataService(database, new DataStore(), new LoopStore(), Clock.systemUTC(), 1_000_000,
                    person -> { }, person -> { });
            LoopStore loops = new LoopStore();
            int runs = size.get("runs");
            long[] exports = new long[runs];
            long[] forgets = new long[runs];
            long[] mergedLookups = new long[runs];
            SplittableRandom random = new SplittableRandom(5);
            for (int round = 0; round < WARM_UP + runs; round++) {
                givePersonData(plain, serverLoops, random, round);
                long m0 = System.nanoTime();
                for (int i = 0; i < 20; i++) {
                    if (database.read(sql -> loops.mergedInto(sql, mergedOwner, merged)).isEmpty()) {
                        throw new IllegalStateException("the merged loop's note is missing");
                    }
                }
                long m1 = System.nanoTime();
                int tables = data.export(ADA).tables().size();
                long t1 = System.nanoTime();
                if (round == WARM_UP + runs - 1) {
                    statementByStatement(database);
                }
                long t2 = System.nanoTime();
                DataService.Forgotten forgotten = data.forget(ADA);
                long t3 = System.nanoTime();
                if (tables == 0 || forgotten.deletedTotal() < ADA_LOOPS) {
                    throw new IllegalStateException("nothing exported or forgotten: " + forgotten);
                }
                if (round >= WARM_UP) {
                    mergedLookups[round - WARM_UP] = (m1 - m0) / 20;
                    exports[round - WARM_UP] = t1 - m1;
                    forgets[round - WARM_UP] = t3 - t2;
                }
            }
            System.out.printf("/export, reading every table of the person (one transaction): %s%n", Stats.of(exports));
            System.out.printf("/forget-me, deleting and anonymising (one transaction, with the checkpoint): %s%n",
                    Stats.of(forgets));
            System.out.printf("/reopen of a loop merged long ago, the loop it went into (LoopStore.mergedInto): %s%n",
                    Stats.of(mergedLookups));
        }
    }

    /** Forgetting's statements one by one, as {@link DataService#forget} runs them, in a transaction rolled back. */
    private static void statementByStatement(Database database) {
        DataStore store = new DataStore();
        List<PersonalTable> order = new ArrayList<>(PersonalData.TABLES);
        Collections.reverse(order);
        order.sort((a, b) -> Boolean.compare(a.handling() == PersonalTable.Handling.INTERNAL,
                b.handling() == PersonalTable.Handling.INTERNAL));
        Map<String, Double> millis = new LinkedHashMap<>();
        try {
            database.inTransaction(sql -> {
                for (PersonalTable table : order) {
                    long t0 = System.nanoTime();
                    store.delete(sql, table, ADA);
                    millis.put("delete " + table.name(), (System.nanoTime() - t0) / 1e6);
                }
                for (PersonalData.Anonymised rule : PersonalData.ANONYMISED) {
                    long t0 = System.nanoTime();
                    store.anonymise(sql, rule, ADA);
                    millis.put("anonymise " + rule.table() + "." + rule.column(), (System.nanoTime() - t0) / 1e6);
                }
                throw new RolledBack();
            });
        } catch (RolledBack expected) {
            // Rolled back: the round's forgetting is measured as a whole next.
        }
        System.out.println("forgetting, statement by statement (the last round, rolled back), ms:");
        millis.forEach((statement, ms) -> System.out.printf("  %-40s %8.2f%n", statement, ms));
    }

    private static final class RolledBack extends RuntimeException {
        private static final long serialVersionUID = 1L;
    }

    /**
     * The person's rows for one round: 100 loops with a phase change each, two closed as merged into others (a note of
     * each), notes, reflections, feedback, two nudges, focus and reminders, "Not relevant" pairs, settings; 20 "Me too"
     * marks and 5 polls started in servers, a console poll on a loop of theirs, 5 loops parked in a server's lot, a
     * work-log channel marked.
     */
    private static void givePersonData(Connection c, long[] serverLoops, SplittableRandom random, int round)
            throws SQLException {
        long now = System.currentTimeMillis();
        c.setAutoCommit(false);
        long[] own = new long[ADA_LOOPS];
        for (int i = 0; i < ADA_LOOPS; i++) {
            boolean merged = i < 2;
            own[i] = insertId(c, "INSERT INTO open_loop (owner_id, author_id, concept, concept_key, status, outcome,"
                    + " created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?) RETURNING id", ADA, ADA,
                    "Concept " + i, "concept " + i, merged ? "closed" : "open", merged ? "merged" : null, now, now);
            update(c, "INSERT INTO loop_phase (loop_id, owner_id, phase, created_at) VALUES (?, ?, 'abstraction', ?)",
                    own[i], ADA, now);
        }
        for (int i = 0; i < 10; i++) {
            update(c, "INSERT INTO loop_note (loop_id, owner_id, concept, why, merged_from, created_at)"
                    + " VALUES (?, ?, ?, ?, ?, ?)", own[10 + i], ADA, "Concept " + i, "again", i < 2 ? own[i] : null,
                    now);
        }
        for (int i = 0; i < 5; i++) {
            update(c, "INSERT INTO reflection (owner_id, loop_id, answer, created_at) VALUES (?, ?, 'it holds', ?)",
                    ADA, own[20 + i], now);
            update(c, "INSERT INTO loop_feedback (owner_id, loop_id, sign, source, work_text, work_vector, loop_vector,"
                    + " model_id, created_at) VALUES (?, ?, 1, 'open', 'work', x'01', x'02', 'm', ?)", ADA, own[30 + i],
                    now);
            update(c, "INSERT INTO suppression (owner_id, loop_id, focus_key, created_at) VALUES (?, ?, 'drones', ?)",
                    ADA, own[40 + i], now);
        }
        for (int n = 0; n < 2; n++) {
            long nudge = insertId(c, "INSERT INTO nudge (owner_id, slot_local, week_from, week_to, created_at)"
                    + " VALUES (?, ?, 0, 1, ?) RETURNING id", ADA, "2026-03-0" + (n + 1) + "T18:00", now);
            for (int p = 0; p < 3; p++) {
                update(c, "INSERT INTO nudge_prompt (nudge_id, position, loop_id, prompt_key) VALUES (?, ?, ?, 'why')",
                        nudge, p, own[50 + 3 * n + p]);
            }
        }
        for (int f = 0; f < 10; f++) {
            long focus = insertId(c, "INSERT INTO focus (owner_id, text, started_at) VALUES (?, ?, ?) RETURNING id",
                    ADA, "focus " + f, now);
            for (int r = 0; r < 2; r++) {
                long reminder = insertId(c, "INSERT INTO reminder (owner_id, focus_id, focus_text, created_at)"
                        + " VALUES (?, ?, ?, ?) RETURNING id", ADA, focus, "focus " + f, now);
                update(c, "INSERT INTO reminder_item (reminder_id, loop_id, position, score, reason)"
                        + " VALUES (?, ?, 0, 0.7, 'concept')", reminder, own[60 + 2 * f + r]);
            }
        }
        update(c, "INSERT INTO person_settings (owner_id, zone, updated_at) VALUES (?, 'Europe/Berlin', ?)", ADA, now);
        update(c, "INSERT INTO person_hint (owner_id, hint, shown_at) VALUES (?, 'park', ?)", ADA, now);
        update(c, "INSERT INTO triage_poll (loop_id, owner_id, started_by, created_at, closes_at, status)"
                + " VALUES (?, ?, ?, ?, ?, 'decided')", own[90], ADA, ADA, now, now);
        for (int i = 0; i < 20; i++) {
            update(c, "INSERT OR IGNORE INTO loop_interest (loop_id, user_id, created_at) VALUES (?, ?, ?)",
                    serverLoops[random.nextInt(serverLoops.length)], ADA, now);
        }
        for (int i = 0; i < 5; i++) {
            long loop = serverLoops[random.nextInt(serverLoops.length)];
            update(c, "INSERT INTO triage_poll (loop_id, owner_id, guild_id, started_by, created_at, closes_at, status)"
                    + " VALUES (?, (SELECT owner_id FROM open_loop WHERE id = ?), 's', ?, ?, ?, 'decided')", loop, loop,
                    ADA, now, now);
            update(c, "INSERT INTO open_loop (owner_id, scope, author_id, concept, concept_key, created_at, updated_at)"
                    + " VALUES ('server-0', 'server', ?, ?, ?, ?, ?)", ADA, "Round " + round + " loop " + i,
                    "round " + round + " loop " + i, now, now);
        }
        update(c, "INSERT INTO worklog_channel (guild_id, channel_id, added_by, added_at) VALUES ('0', ?, ?, ?)",
                "channel-" + round, ADA, now);
        c.commit();
        c.setAutoCommit(true);
    }

    /** The other people's rows; returns the ids of the servers' shared loops. */
    private static long[] bulkLoad(Connection c, Map<String, Integer> size) throws SQLException {
        SplittableRandom random = new SplittableRandom(3);
        long now = System.currentTimeMillis() - 86_400_000L * 365;
        c.setAutoCommit(false);
        int serverCount = Math.max(1, size.get("loops") / 10);
        try (PreparedStatement insert = c.prepareStatement("INSERT INTO open_loop (owner_id, scope, author_id, concept,"
                + " concept_key, status, created_at, updated_at) VALUES (?, ?, ?, ?, ?, 'open', ?, ?)")) {
            for (int i = 0; i < size.get("loops"); i++) {
                boolean server = i < serverCount;
                String person = "person-" + random.nextInt(PEOPLE);
                insert.setString(1, server ? "server-" + random.nextInt(SERVERS) : person);
                insert.setString(2, server ? "server" : "personal");
                insert.setString(3, person);
                insert.setString(4, StorageBenchmark.concept(i));
                insert.setString(5, StorageBenchmark.concept(i).toLowerCase());
                insert.setLong(6, now + i);
                insert.setLong(7, now + i);
                insert.addBatch();
                if (i % 10_000 == 9_999) {
                    insert.executeBatch();
                }
            }
            insert.executeBatch();
        }
        long[] serverLoops = ids(c, "SELECT id FROM open_loop WHERE scope = 'server' ORDER BY id");
        long[] personal = ids(c, "SELECT id FROM open_loop WHERE scope = 'personal' ORDER BY id");
        // Round after round over the shared loops, a different person each round (ten rounds at the default sizes).
        batch(c, "INSERT INTO loop_interest (loop_id, user_id, created_at) VALUES (?, ?, ?)", size.get("interest"),
                (s, i) -> {
                    s.setLong(1, serverLoops[i % serverLoops.length]);
                    s.setString(2, "person-" + (i / serverLoops.length + i % serverLoops.length) % PEOPLE);
                    s.setLong(3, now);
                });
        batch(c, "INSERT INTO triage_poll (loop_id, owner_id, guild_id, started_by, created_at, closes_at, status)"
                + " VALUES (?, (SELECT owner_id FROM open_loop WHERE id = ?), 'g', ?, ?, ?, 'decided')",
                size.get("polls"), (s, i) -> {
                    long loop = serverLoops[i % serverLoops.length];
                    s.setLong(1, loop);
                    s.setLong(2, loop);
                    s.setString(3, "person-" + random.nextInt(PEOPLE));
                    s.setLong(4, now + i);
                    s.setLong(5, now + i);
                });
        batch(c, "INSERT INTO loop_phase (loop_id, owner_id, phase, created_at) VALUES (?, (SELECT owner_id FROM"
                + " open_loop WHERE id = ?), 'abstraction', ?)", size.get("phases"), (s, i) -> {
                    long loop = personal[i % personal.length];
                    s.setLong(1, loop);
                    s.setLong(2, loop);
                    s.setLong(3, now + i);
                });
        batch(c, "INSERT INTO loop_note (loop_id, owner_id, concept, why, merged_from, created_at) VALUES (?, (SELECT"
                + " owner_id FROM open_loop WHERE id = ?), 'again', 'because', ?, ?)", size.get("notes"), (s, i) -> {
                    long loop = personal[i % personal.length];
                    s.setLong(1, loop);
                    s.setLong(2, loop);
                    // One note in ten is what a merge left (the loop merged into this one: the next loop here).
                    if (i % 10 == 0) {
                        s.setLong(3, personal[(i + 1) % personal.length]);
                    } else {
                        s.setNull(3, java.sql.Types.BIGINT);
                    }
                    s.setLong(4, now + i);
                });
        batch(c, "INSERT INTO reflection (owner_id, loop_id, answer, created_at) VALUES ((SELECT owner_id FROM"
                + " open_loop WHERE id = ?), ?, 'an answer', ?)", size.get("reflections"), (s, i) -> {
                    long loop = personal[random.nextInt(personal.length)];
                    s.setLong(1, loop);
                    s.setLong(2, loop);
                    s.setLong(3, now + i);
                });
        batch(c, "INSERT INTO loop_feedback (owner_id, loop_id, sign, source, work_text, work_vector, loop_vector,"
                + " model_id, created_at) VALUES ((SELECT owner_id FROM open_loop WHERE id = ?), ?, 1, 'open', 'work',"
                + " x'01', x'02', 'm', ?)", size.get("feedback"), (s, i) -> {
                    long loop = personal[random.nextInt(personal.length)];
                    s.setLong(1, loop);
                    s.setLong(2, loop);
                    s.setLong(3, now + i);
                });
        batch(c, "INSERT INTO nudge (owner_id, slot_local, week_from, week_to, created_at) VALUES (?, ?, 0, 1, ?)",
                size.get("nudges"), (s, i) -> {
                    s.setString(1, "person-" + i % PEOPLE);
                    s.setString(2, "slot-" + i);
                    s.setLong(3, now + i);
                });
        long[] nudges = ids(c, "SELECT id FROM nudge ORDER BY id");
        batch(c, "INSERT INTO nudge_prompt (nudge_id, position, loop_id, prompt_key) VALUES (?, ?, ?, 'why')",
                nudges.length * 3, (s, i) -> {
                    s.setLong(1, nudges[i / 3]);
                    s.setInt(2, i % 3);
                    s.setLong(3, personal[random.nextInt(personal.length)]);
                });
        batch(c, "INSERT INTO focus (owner_id, text, started_at) VALUES (?, 'a focus', ?)", size.get("focus"),
                (s, i) -> {
                    s.setString(1, "person-" + i % PEOPLE);
                    s.setLong(2, now + i);
                });
        long[] focus = ids(c, "SELECT id FROM focus ORDER BY id");
        batch(c, "INSERT INTO reminder (owner_id, focus_id, focus_text, created_at) VALUES ((SELECT owner_id FROM focus"
                + " WHERE id = ?), ?, 'a focus', ?)", focus.length == 0 ? 0 : size.get("reminders"), (s, i) -> {
                    long id = focus[i % focus.length];
                    s.setLong(1, id);
                    s.setLong(2, id);
                    s.setLong(3, now + i);
                });
        c.commit();
        c.setAutoCommit(true);
        return serverLoops;
    }

    private interface Row {
        void set(PreparedStatement statement, int i) throws SQLException;
    }

    private static void batch(Connection c, String sql, int rows, Row row) throws SQLException {
        try (PreparedStatement insert = c.prepareStatement(sql)) {
            for (int i = 0; i < rows; i++) {
                row.set(insert, i);
                insert.addBatch();
                if (i % 10_000 == 9_999) {
                    insert.executeBatch();
                }
            }
            insert.executeBatch();
        }
    }

    private static long[] ids(Connection c, String sql) throws SQLException {
        List<Long> ids = new ArrayList<>();
        try (PreparedStatement query = c.prepareStatement(sql); ResultSet rows = query.executeQuery()) {
            while (rows.next()) {
                ids.add(rows.getLong(1));
            }
        }
        return ids.stream().mapToLong(Long::longValue).toArray();
    }

    private static String noteOwner(Connection c, long mergedFrom) throws SQLException {
        try (PreparedStatement query = c.prepareStatement("SELECT owner_id FROM loop_note WHERE merged_from = ?")) {
            query.setLong(1, mergedFrom);
            try (ResultSet rows = query.executeQuery()) {
                rows.next();
                return rows.getString(1);
            }
        }
    }

    private static long insertId(Connection c, String sql, Object... params) throws SQLException {
        try (PreparedStatement insert = c.prepareStatement(sql)) {
            for (int i = 0; i < params.length; i++) {
                insert.setObject(i + 1, params[i]);
            }
            try (ResultSet rows = insert.executeQuery()) {
                rows.next();
                return rows.getLong(1);
            }
        }
    }

    private static void update(Connection c, String sql, Object... params) throws SQLException {
        try (PreparedStatement update = c.prepareStatement(sql)) {
            for (int i = 0; i < params.length; i++) {
                update.setObject(i + 1, params[i]);
            }
            update.executeUpdate();
        }
    }

    /** A bare connection with the pragmas Loopkeeper uses (foreign keys enforced, as its own connections do). */
    private static Connection plain(Path db) throws SQLException {
        SQLiteConfig config = new SQLiteConfig();
        config.setJournalMode(SQLiteConfig.JournalMode.WAL);
        config.setSynchronous(SQLiteConfig.SynchronousMode.FULL);
        config.setBusyTimeout(10_000);
        config.enforceForeignKeys(true);
        return DriverManager.getConnection("jdbc:sqlite:" + db, config.toProperties());
    }
}
