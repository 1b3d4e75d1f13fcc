package dev.loopkeeper.loop;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ch.qos.logback.classic.spi.ILoggingEvent;
import dev.loopkeeper.Loopkeeper;
import dev.loopkeeper.storage.Database;
import dev.loopkeeper.storage.StorageException;
import dev.loopkeeper.support.MutableClock;
import dev.loopkeeper.support.LogLines;
import dev.loopkeeper.support.TestApp;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * V28 on SQLite: open_loop is rebuilt with AUTOINCREMENT, so a deleted loop's id is never given to another loop. Ten
 * tables point at open_loop with a foreign key (loop_phase's rows would go with a dropped table's, ON DELETE CASCADE):
 * every row of every table, the other tables' definitions and open_loop's columns, indexes and triggers are as they
 * were, and foreign keys are enforced again afterwards.
 */
class LoopIdMigrationTest {
    private static final String ADA = "100";
    private static final String BOB = "200";

    @TempDir
    Path folder;

    private Path file() {
        return TestApp.config(folder).databasePath().toAbsolutePath();
    }

    /** A database as version 27 left it: migrated by Flyway to 27, then the SQL given run (foreign keys on or off). */
    private String at27(boolean foreignKeys, String... statements) throws SQLException {
        String url = "jdbc:sqlite:" + file();
        Flyway.configure().dataSource(url, null, null).locations(Database.SQLITE_MIGRATIONS.toArray(String[]::new))
                .target("27").load().migrate();
        try (Connection db = DriverManager.getConnection(url); Statement s = db.createStatement()) {
            s.execute("PRAGMA foreign_keys = " + (foreignKeys ? "ON" : "OFF"));
            for (String statement : statements) {
                s.executeUpdate(statement);
            }
        }
        return url;
    }

    @Test
    void everyRowIndexAndTriggerStaysAndADeletedNewestIdIsNotGivenAgain() throws SQLException {
        String url = at27(true, """
                INSERT INTO open_loop (id, owner_id, scope, concept, concept_key, why, origin_guild_id,
                    origin_channel_id, origin_message_url, origin_excerpt, triage, status, outcome, takeaway,
                    snoozed_until, created_at, updated_at, closed_at, embedding, embedding_model, snooze_focus_id,
                    author_id, why_embedding, foundations, foundations_version, triage_skipped_at, kept_at,
                    triaged_at, phase, phase_since, embed_lease_until)
                VALUES (3, '100', 'personal', 'Kalman filter', 'kalman filter', 'tracking, with noise', '500', '600',
                    'https://discord.com/channels/500/600/700', 'we need a filter', 'core', 'active', NULL, NULL,
                    1700, 1000, 1500, NULL, x'0a0b0c', 'all-MiniLM-L6-v2', 7, '100', x'0d0e', x'0f10', 'map-3', 1200,
                    1300, 1400, 'instantiation', 1450, 1600)""",
                """
                INSERT INTO open_loop (id, owner_id, scope, concept, concept_key, author_id, created_at, updated_at)
                VALUES (5, 'server-500', 'server', 'Paxos', 'paxos', '200', 2000, 2000)""",
                """
                INSERT INTO open_loop (id, owner_id, concept, concept_key, status, outcome, takeaway, created_at,
                    updated_at, closed_at, phase, phase_since, author_id)
                VALUES (9, '100', 'B-tree indexes', 'b-tree indexes', 'closed', 'learned', 'pages split', 3000, 3500,
                    3500, 'instantiation', 3200, '100')""",
                "UPDATE open_loop SET triage = 'adjacent', updated_at = 3600 WHERE id = 9",
                "INSERT INTO focus (id, owner_id, text, started_at) VALUES (4, '100', 'drone tracking', 1000)",
                "INSERT INTO reminder (id, owner_id, focus_id, focus_text, created_at)"
                        + " VALUES (6, '100', 4, 'drone', 1100)",
                """
                INSERT INTO reminder_item (reminder_id, loop_id, position, score, reason, action, acted_at)
                VALUES (6, 3, 0, 0.75, 'concept', 'not_relevant', 1150), (6, 9, 1, 0.5, 'why', NULL, NULL)""",
                "INSERT INTO suppression (owner_id, loop_id, focus_key, created_at) VALUES ('100', 3, 'drone', 1150)",
                """
                INSERT INTO loop_note (id, loop_id, owner_id, concept, why, merged_from, created_at, outcome, takeaway,
                    closed_at)
                VALUES (1, 3, '100', 'kalman  FILTER', 'again', NULL, 1050, NULL, NULL, NULL),
                       (2, 3, '100', 'B-tree indexes', 'merged', 9, 3700, 'learned', 'pages split', 3500)""",
                "INSERT INTO loop_interest (loop_id, user_id, created_at) VALUES (5, '100', 2100)",
                """
                INSERT INTO loop_feedback (id, owner_id, loop_id, sign, source, work_text, work_vector, loop_vector,
                    model_id, created_at)
                VALUES (1, '100', 3, -1, 'not_relevant', 'drone tracking', x'01', x'02', 'all-MiniLM-L6-v2', 1150)""",
                """
                INSERT INTO triage_poll (id, loop_id, owner_id, guild_id, channel_id, message_id, started_by,
                    created_at, closes_at, status, question)
                VALUES (2, 5, 'server-500', '500', '600', '800', '200', 2200, 2300, 'open', 'How relevant?')""",
                """
                INSERT INTO nudge (id, owner_id, slot_local, week_from, week_to, created_at)
                VALUES (3, '100', '2026-03-01T18:00', 0, 4000, 4000)""",
                "INSERT INTO nudge_prompt (nudge_id, position, loop_id, prompt_key) VALUES (3, 0, 9, 'explain')",
                """
                INSERT INTO reflection (id, owner_id, loop_id, prompt_key, prompt, answer, created_at)
                VALUES (4, '100', 9, 'explain', 'Explain it', 'keys stay sorted', 4100)""",
                """
                INSERT INTO loop_phase (id, loop_id, owner_id, phase, note, created_at)
                VALUES (1, 9, '100', 'abstraction', NULL, 3100), (2, 9, '100', 'instantiation', 'a toy B-tree', 3200),
                       (3, 3, '100', 'abstraction', NULL, 1450)""",
                """
                INSERT INTO group_post (loop_id, guild_id, channel_id, message_id, posted_at)
                VALUES (5, '500', '600', '900', 2000)""");
        Map<String, List<String>> rowsBefore;
        Schema schemaBefore;
        try (Connection db = DriverManager.getConnection(url)) {
            assertEquals(List.of(), foreignKeyProblems(db), "the database at 27 is consistent");
            rowsBefore = rows(db, Map.of());
            schemaBefore = schema(db);
        }
        assertEquals(3, rowsBefore.get("loop_phase").size(), "the rows a cascade would have deleted are there");

        try (Database database = Database.open(file())) {
            long foreignKeys = database.read(sql -> sql.queryLong("PRAGMA foreign_keys"));
            assertEquals(1, foreignKeys, "the connection that migrated enforces foreign keys again");
            assertThrows(StorageException.class, () -> database.write(sql -> sql.update(
                    "DELETE FROM open_loop WHERE id = 5")), "a loop others point at cannot be deleted alone");
        }

        try (Connection db = DriverManager.getConnection(url)) {
            assertEquals(rowsBefore, rows(db, LATER_COLUMNS), "every row of every table, every column as it was");
            Schema schemaAfter = schema(db);
            assertEquals(schemaBefore.columns(), schemaAfter.columns().stream()
                    .filter(column -> LATER_COLUMNS.get("open_loop").stream()
                            .noneMatch(later -> column.split(" ")[1].equals(later))).toList());
            List<String> indexesAfter = schemaAfter.indexes().stream()
                    .filter(index -> !laterIndexes().contains(index.substring(0, index.indexOf(' ')))).toList();
            assertEquals(schemaBefore.indexes(), indexesAfter);
            assertEquals(6, indexesAfter.size(), indexesAfter.toString());
            assertEquals(schemaBefore.others().stream().filter(entry -> !alteredLater(entry)).toList(),
                    schemaAfter.others().stream()
                    .filter(entry -> !LATER_MIGRATIONS_MAKE.contains(entry) && !alteredLater(entry)).toList(),
                    "every other table, and open_loop's indexes and triggers, defined as before");
            assertNotEquals(schemaBefore.table(), schemaAfter.table());
            assertTrue(schemaAfter.table().contains("id                  INTEGER PRIMARY KEY AUTOINCREMENT"),
                    schemaAfter.table());
            assertEquals(List.of(), foreignKeyProblems(db));
            assertEquals(List.of("ok"), column(db, "PRAGMA integrity_check"));
            assertEquals(List.of(String.valueOf(Database.SCHEMA_VERSION)), column(db,
                    "SELECT MAX(CAST(version AS INTEGER)) FROM flyway_schema_history WHERE success = 1"));
        }

        try (Loopkeeper app = TestApp.open(folder, MutableClock.at("2026-03-01T10:00:00Z"))) {
            // Ada's loops go, the newest of all (9) among them; the server's loop 5 stays.
            app.data().forget(ADA);
            OpenLoop next = assertInstanceOf(ParkResult.Parked.class, app.loops().park(new ParkRequest(BOB,
                    "Vector clocks", null, Origin.none()))).loop();
            assertEquals(10, next.id(), "above the highest id the database had, though 9 is free again");
            // The recreated triggers work: a park moves the person's loop version, a new class stamps triaged_at.
            long versions = app.database().read(sql -> sql.queryLong(
                    "SELECT COUNT(*) FROM loop_version WHERE owner_id = ?", BOB));
            assertEquals(1, versions);
            app.triage().classify(BOB, next.id(), Triage.CORE);
            long stamped = app.database().read(sql -> sql.queryLong(
                    "SELECT COUNT(*) FROM open_loop WHERE id = ? AND triaged_at IS NOT NULL", next.id()));
            assertEquals(1, stamped);
        }
    }

    /**
     * With foreign keys on, only open_loop can hold a loop's id; a file changed without them (by hand) can have a row
     * pointing at a loop that is gone. The next loop's id is above that one too.
     */
    @Test
    void anIdOnlyARowPointingAtAGoneLoopStillNamesIsNotGivenEither() throws SQLException {
        at27(false,
                "INSERT INTO open_loop (id, owner_id, concept, concept_key, created_at, updated_at)"
                        + " VALUES (4, '100', 'Paxos', 'paxos', 1000, 1000)",
                "INSERT INTO reflection (id, owner_id, loop_id, answer, created_at)"
                        + " VALUES (1, '100', 12, 'gone', 1100)");

        try (Loopkeeper app = TestApp.open(folder, MutableClock.at("2026-03-01T10:00:00Z"))) {
            OpenLoop next = assertInstanceOf(ParkResult.Parked.class, app.loops().park(new ParkRequest(BOB,
                    "Vector clocks", null, Origin.none()))).loop();
            assertEquals(13, next.id());
        }
    }

    /**
     * V28 commits its own transaction, and Flyway writes its history row after: a crash in between runs it again at the
     * next start. That run keeps the sequence the first one left, so an id deleted meanwhile is not given again.
     */
    @Test
    void runAgainAfterACrashBeforeItsHistoryRowItKeepsTheSequence() throws SQLException {
        long forgotten;
        try (Loopkeeper app = TestApp.open(folder, MutableClock.at("2026-03-01T10:00:00Z"))) {
            app.loops().park(new ParkRequest(ADA, "Paxos", null, Origin.none()));
            forgotten = assertInstanceOf(ParkResult.Parked.class, app.loops().park(new ParkRequest(BOB,
                    "Vector clocks", null, Origin.none()))).loop().id();
            app.data().forget(BOB);
        }
        try (Connection db = DriverManager.getConnection("jdbc:sqlite:" + file()); Statement s = db.createStatement()) {
            // As a crash after V28's commit left it: neither its history row nor any later migration.
            assertEquals(Database.SCHEMA_VERSION - 27, s.executeUpdate(
                    "DELETE FROM flyway_schema_history WHERE CAST(version AS INTEGER) >= 28"));
            for (String index : laterIndexes()) {
                s.executeUpdate("DROP INDEX " + index);
            }
            for (Map.Entry<String, List<String>> added : LATER_COLUMNS.entrySet()) {
                for (String name : added.getValue()) {
                    s.executeUpdate("ALTER TABLE " + added.getKey() + " DROP COLUMN " + name);
                }
            }
        }

        try (Loopkeeper app = TestApp.open(folder, MutableClock.at("2026-03-01T10:00:00Z"))) {
            OpenLoop next = assertInstanceOf(ParkResult.Parked.class, app.loops().park(new ParkRequest(ADA,
                    "Merkle trees", null, Origin.none()))).loop();
            assertEquals(forgotten + 1, next.id());
        }
        try (Connection db = DriverManager.getConnection("jdbc:sqlite:" + file())) {
            assertEquals(List.of("28"), column(db, "SELECT version FROM flyway_schema_history WHERE version = '28'"),
                    "migrated again");
        }
    }

    /** Minutes of copying on a large file are not minutes of silence: the start says so; an up-to-date one does not. */
    @Test
    void anUpgradeSaysWhenItStartsAndAnUpToDateDatabaseOpensSilently() throws SQLException {
        at27(true);
        String upgrading = "Bringing the database up to schema version " + Database.SCHEMA_VERSION;

        List<String> first = LogLines.of(Database.class, () -> Database.open(file()).close()).stream()
                .map(ILoggingEvent::getFormattedMessage).toList();
        List<String> again = LogLines.of(Database.class, () -> Database.open(file()).close()).stream()
                .map(ILoggingEvent::getFormattedMessage).toList();

        assertTrue(first.stream().anyMatch(line -> line.startsWith(upgrading)), first.toString());
        assertTrue(again.stream().noneMatch(line -> line.startsWith(upgrading)), again.toString());
    }

    /**
     * V28 runs outside Flyway's transaction: a failure SQLite answers by rolling its savepoint back itself (the disk
     * full) left Flyway's record of a failed V28, and every start after refused the database, intact as it was. The
     * next start repairs that record and runs V28 again.
     */
    @Test
    void aFailedRunRecordedInTheHistoryIsRunAgainAtTheNextStart() throws SQLException {
        String url = at27(true, """
                INSERT INTO open_loop (id, owner_id, concept, concept_key, status, created_at, updated_at)
                VALUES (4, '100', 'B-trees', 'b-trees', 'open', 1000, 1000)""");
        try (Connection db = DriverManager.getConnection(url); Statement s = db.createStatement()) {
            s.executeUpdate("""
                    INSERT INTO flyway_schema_history (installed_rank, version, description, type, script, checksum,
                                                       installed_by, execution_time, success)
                    SELECT MAX(installed_rank) + 1, '28', 'loop ids never reused', 'SQL',
                           'V28__loop_ids_never_reused.sql', 0, '', 1000, 0
                      FROM flyway_schema_history""");
        }

        try (Database database = Database.open(file())) {
            long loops = database.read(sql -> sql.queryLong("SELECT COUNT(*) FROM open_loop"));
            assertEquals(1, loops);
        }
        try (Connection db = DriverManager.getConnection(url)) {
            assertTrue(column(db, "SELECT sql FROM sqlite_master WHERE name = 'open_loop'").get(0)
                    .contains("AUTOINCREMENT"));
            assertEquals(List.of("1"), column(db, "SELECT success FROM flyway_schema_history WHERE version = '28'"));
        }
    }

    /**
     * Every table but Flyway's history and SQLite's sequences, each row its values as SQL literals, in rowid order;
     * {@code leftOut}: columns a later migration added, by table.
     */
    private static Map<String, List<String>> rows(Connection db, Map<String, List<String>> leftOut)
            throws SQLException {
        Map<String, List<String>> tables = new LinkedHashMap<>();
        for (String table : column(db, "SELECT name FROM sqlite_master WHERE type = 'table'"
                + " AND name NOT IN ('flyway_schema_history', 'sqlite_sequence') ORDER BY name")) {
            List<String> quoted = new ArrayList<>();
            for (String name : column(db, "SELECT name FROM pragma_table_xinfo('" + table + "') ORDER BY cid")) {
                if (leftOut.getOrDefault(table, List.of()).contains(name)) {
                    continue;
                }
                quoted.add("quote(\"" + name + "\")");
            }
            tables.put(table, column(db, "SELECT " + String.join(" || ', ' || ", quoted) + " FROM " + table
                    + " ORDER BY rowid"));
        }
        return tables;
    }

    /**
     * open_loop's own definition, its columns and its indexes (each with its columns), and every other entry of the
     * schema (tables, indexes, triggers: open_loop's indexes and triggers among them).
     */
    /** What the migrations after V28 add (indexes), left out where V28's result is compared with the schema. */
    private static final List<String> LATER_MIGRATIONS_MAKE = List.of(
            "index suppression_by_owner suppression: "
                    + "CREATE INDEX suppression_by_owner ON suppression (owner_id, focus_key, loop_id)",
            "index loop_phase_by_loop_id loop_phase: CREATE INDEX loop_phase_by_loop_id ON loop_phase (loop_id)",
            "index reflection_by_loop reflection: CREATE INDEX reflection_by_loop ON reflection (loop_id)",
            "index nudge_prompt_by_loop nudge_prompt: CREATE INDEX nudge_prompt_by_loop ON nudge_prompt (loop_id)",
            "index loop_feedback_by_loop loop_feedback: CREATE INDEX loop_feedback_by_loop ON loop_feedback (loop_id)",
            "index reminder_by_focus reminder: CREATE INDEX reminder_by_focus ON reminder (focus_id)",
            "index loop_note_by_merged loop_note: "
                    + "CREATE INDEX loop_note_by_merged ON loop_note (merged_from) WHERE merged_from IS NOT NULL",
            "index loop_interest_by_user loop_interest: CREATE INDEX loop_interest_by_user ON loop_interest (user_id)",
            "index triage_poll_by_starter triage_poll: "
                    + "CREATE INDEX triage_poll_by_starter ON triage_poll (started_by)",
            "index open_loop_by_server_author open_loop: "
                    + "CREATE INDEX open_loop_by_server_author ON open_loop (author_id) WHERE scope = 'server'",
            "index focus_by_origin focus: CREATE INDEX focus_by_origin ON focus (origin_id) WHERE origin_id IS NOT NULL",
            "index open_loop_by_vectors open_loop: CREATE INDEX open_loop_by_vectors ON open_loop "
                    + "((embedding_model || '|' || foundations_version))",
            "index open_loop_why_unembedded open_loop: CREATE INDEX open_loop_why_unembedded ON open_loop "
                    + "(why_embedding) WHERE why_embedding IS NULL AND why IS NOT NULL",
            "index focus_undecided focus: "
                    + "CREATE INDEX focus_undecided ON focus (undecided_since) WHERE undecided_since IS NOT NULL",
            "index open_loop_snooze_ends open_loop: "
                    + "CREATE INDEX open_loop_snooze_ends ON open_loop (snoozed_until) WHERE snoozed_until IS NOT NULL",
            "index focus_by_expiry focus: "
                    + "CREATE INDEX focus_by_expiry ON focus (expires_at) WHERE expires_at IS NOT NULL");

    /**
     * The columns the migrations after V28 add to tables, by table (V31: where a work-log note's focus came from; V33:
     * since when a focus change waits for its decision; V34: when a nudge last offered a loop to let go; V35: the
     * server a loop's why, and a note's, was typed in).
     */
    private static final Map<String, List<String>> LATER_COLUMNS = Map.of("focus",
            List.of("origin_id", "undecided_since"), "open_loop", List.of("offered_at", "why_guild_id"),
            "loop_note", List.of("why_guild_id"), "suppression", List.of("raised"));

    /** Whether a schema entry is the definition of a table a later migration altered (its text then differs). */
    private static boolean alteredLater(String entry) {
        return LATER_COLUMNS.keySet().stream().anyMatch(table -> entry.startsWith("table " + table + " "));
    }

    /** The names of the indexes of {@link #LATER_MIGRATIONS_MAKE}. */
    private static List<String> laterIndexes() {
        return LATER_MIGRATIONS_MAKE.stream().map(entry -> entry.split(" ")[1]).toList();
    }

    private record Schema(String table, List<String> columns, List<String> indexes, List<String> others) {
    }

    private static Schema schema(Connection db) throws SQLException {
        List<String> indexes = new ArrayList<>();
        for (String index : column(db, "SELECT name FROM pragma_index_list('open_loop') ORDER BY name")) {
            indexes.add(index + " " + column(db, "SELECT \"unique\" || ' ' || origin || ' ' || partial"
                    + " FROM pragma_index_list('open_loop') WHERE name = '" + index + "'") + " " + column(db,
                    "SELECT seqno || ' ' || cid || ' ' || IFNULL(name, '') || ' ' || \"desc\" || ' ' || coll"
                            + " || ' ' || key FROM pragma_index_xinfo('" + index + "') ORDER BY seqno"));
        }
        return new Schema(
                column(db, "SELECT sql FROM sqlite_master WHERE type = 'table' AND name = 'open_loop'").get(0),
                column(db, "SELECT cid || ' ' || name || ' ' || type || ' ' || \"notnull\" || ' '"
                        + " || IFNULL(dflt_value, 'none') || ' ' || pk || ' ' || hidden"
                        + " FROM pragma_table_xinfo('open_loop') ORDER BY cid"),
                indexes,
                column(db, "SELECT type || ' ' || name || ' ' || tbl_name || ': ' || IFNULL(sql, '') FROM sqlite_master"
                        + " WHERE NOT (type = 'table' AND name = 'open_loop') ORDER BY type, name"));
    }

    private static List<String> foreignKeyProblems(Connection db) throws SQLException {
        return column(db, "SELECT \"table\" || ' ' || rowid || ' ' || parent FROM pragma_foreign_key_check");
    }

    private static List<String> column(Connection db, String sql) throws SQLException {
        List<String> values = new ArrayList<>();
        try (Statement s = db.createStatement(); ResultSet rows = s.executeQuery(sql)) {
            while (rows.next()) {
                values.add(rows.getString(1));
            }
        }
        return values;
    }
}
