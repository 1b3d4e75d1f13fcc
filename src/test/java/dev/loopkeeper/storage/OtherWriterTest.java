package dev.loopkeeper.storage;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sqlite.SQLiteCommitListener;
import org.sqlite.SQLiteConnection;

/**
 * Another process on the same SQLite file (a console beside the bot, a second console) that keeps the write lock longer
 * than the busy timeout, as a large import or {@code /forget-me} does: the write that waited fails alone, and the
 * transactions after it are still transactions, whole or not at all.
 */
class OtherWriterTest {
    /** Short, so that the test need not wait the bot's ten seconds for the other writer. */
    private static final int BUSY_MS = 100;

    @TempDir
    Path folder;

    private static long departures(Database database) {
        return database.read(sql -> sql.queryLong("SELECT COUNT(*) FROM server_departure"));
    }

    @Test
    void aWriteThatWaitedOutAnotherProgramsLockSaysSoAndHowLongItWaited() throws SQLException {
        Path file = folder.resolve("lk.db");
        try (Database database = Database.open(file, BUSY_MS);
                Connection other = DriverManager.getConnection("jdbc:sqlite:" + file);
                Statement statement = other.createStatement()) {
            statement.execute("BEGIN IMMEDIATE");
            DatabaseBusyException busy = assertThrows(DatabaseBusyException.class, () -> database.write(sql ->
                    sql.update("INSERT INTO server_departure (guild_id, left_at) VALUES ('locked out', 0)")));
            statement.execute("ROLLBACK");

            assertEquals(java.time.Duration.ofMillis(BUSY_MS), busy.waited());
            // A failure of another kind is not taken for one.
            StorageException other2 = assertThrows(StorageException.class, () -> database.write(sql ->
                    sql.update("INSERT INTO no_such_table VALUES (1)")));
            assertEquals(StorageException.class, other2.getClass());
        }
    }

    @Test
    void aWriteThatFoundTheFileLockedLeavesNoConnectionThatWritesOutsideATransaction() throws SQLException {
        Path file = folder.resolve("lk.db");
        try (Database database = Database.open(file, BUSY_MS)) {
            try (Connection other = DriverManager.getConnection("jdbc:sqlite:" + file);
                    Statement statement = other.createStatement()) {
                statement.execute("BEGIN IMMEDIATE");
                assertThrows(StorageException.class, () -> database.write(sql ->
                        sql.update("INSERT INTO server_departure (guild_id, left_at) VALUES ('locked out', 0)")));
                statement.execute("ROLLBACK");
            }

            // The pool hands the same thread the connection it used last: the one whose BEGIN failed.
            List<Class<?>> failures = new ArrayList<>();
            for (int i = 0; i < 4; i++) {
                String guild = "half-way " + i;
                failures.add(assertThrows(RuntimeException.class, () -> database.write(sql -> {
                    sql.update("INSERT INTO server_departure (guild_id, left_at) VALUES (?, 0)", guild);
                    throw new IllegalStateException("the work fails after its first write");
                })).getClass());
            }

            assertEquals(0, departures(database), "a failed transaction keeps none of its writes");
            assertEquals(List.of(IllegalStateException.class, IllegalStateException.class,
                    IllegalStateException.class, IllegalStateException.class), failures,
                    "each fails with its own exception, as the answer to its person says");
            database.write(sql -> sql.update("INSERT INTO server_departure (guild_id, left_at) VALUES ('after', 0)"));
            assertEquals(1, departures(database));
        }
    }

    @Test
    void aWriteTakesTheWriteLockOnceSoNothingAfterItsCommitWaitsBehindAnotherProcess() {
        try (Database database = Database.open(folder.resolve("lk.db"), BUSY_MS)) {
            List<String> ends = new ArrayList<>();
            database.write(sql -> {
                recordEnds(sql, ends);
                sql.update("INSERT INTO server_departure (guild_id, left_at) VALUES ('1', 0)");
            });

            // A second transaction begun at once (BEGIN IMMEDIATE) and committed empty would have waited for the lock
            // behind another process, then failed the write that had committed.
            assertEquals(List.of("commit"), ends);
            assertEquals(1, departures(database));
        }
    }

    @Test
    void aFailedWriteTakesTheWriteLockNoMoreAfterItsRollback() {
        try (Database database = Database.open(folder.resolve("lk.db"), BUSY_MS)) {
            List<String> ends = new ArrayList<>();
            assertThrows(IllegalStateException.class, () -> database.write(sql -> {
                recordEnds(sql, ends);
                sql.update("INSERT INTO server_departure (guild_id, left_at) VALUES ('1', 0)");
                throw new IllegalStateException("refused after its first write, as a rule's check is");
            }));

            // sqlite-jdbc's rollback() begins the next transaction at once: with BEGIN IMMEDIATE, the lock again (a
            // refusal then waited behind another process before it reached its person), committed empty after.
            assertEquals(List.of("rollback"), ends);
            assertEquals(0, departures(database));
            database.write(sql -> sql.update("INSERT INTO server_departure (guild_id, left_at) VALUES ('2', 0)"));
            assertEquals(1, departures(database), "the next write still takes the lock and commits");
        }
    }

    /** Adds to {@code ends} each transaction end SQLite reports on this session's connection: commit or rollback. */
    private static void recordEnds(SqlSession sql, List<String> ends) throws SQLException {
        sql.connection().unwrap(SQLiteConnection.class).addCommitListener(new SQLiteCommitListener() {
            @Override
            public void onCommit() {
                ends.add("commit");
            }

            @Override
            public void onRollback() {
                ends.add("rollback");
            }
        });
    }
}
