package dev.loopkeeper.storage;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sqlite.SQLiteConnection;

/**
 * SQLite's statements stay prepared on their connection between sessions: what that must never change is what a read
 * sees, and a statement that failed, or one past the limit, is not kept.
 */
class KeptStatementsTest {
    private static final String COUNT = "SELECT COUNT(*) FROM server_departure";
    private static final String INSERT = "INSERT INTO server_departure (guild_id, left_at) VALUES (?, 0)";

    @TempDir
    Path folder;

    @Test
    void aStatementRunAgainIsTheOneKeptNotANewOne() {
        try (Database database = Database.open(folder.resolve("lk.db"))) {
            for (int i = 0; i < 5; i++) {
                database.read(sql -> sql.queryLong(COUNT));
                database.write(sql -> sql.update(INSERT, "g" + System.nanoTime()));
            }

            assertEquals(2, database.keptStatements(), "one statement for each of the two texts");
        }
    }

    @Test
    void aKeptStatementHoldsNoSnapshotAReadAfterAnotherConnectionsCommitSeesIt() {
        try (Database database = Database.open(folder.resolve("lk.db"))) {
            List<Long> counts = database.read(outer -> {
                List<Long> seen = new ArrayList<>();
                seen.add(outer.queryLong(COUNT));
                // Committed on another connection of the pool (this one is held by the read).
                database.write(sql -> sql.update(INSERT, "g1"));
                seen.add(outer.queryLong(COUNT));
                return seen;
            });

            assertEquals(List.of(0L, 1L), counts);
        }
    }

    @Test
    void aStatementThatFailedIsClosedNotKeptAndTheTextRunsAgainAfterwards() {
        try (Database database = Database.open(folder.resolve("lk.db"))) {
            database.write(sql -> sql.update(INSERT, "g1"));
            int kept = database.keptStatements();

            assertThrows(StorageException.class, () -> database.write(sql -> sql.update(INSERT, "g1")));
            assertEquals(kept - 1, database.keptStatements(), "the failed insert's statement is gone");

            database.write(sql -> sql.update(INSERT, "g2"));
            long count = database.read(sql -> sql.queryLong(COUNT));
            assertEquals(2, count);
        }
    }

    @Test
    void pastTheLimitTheLeastRecentlyUsedStatementIsClosed() throws Exception {
        try (Connection connection = DriverManager.getConnection("jdbc:sqlite:" + folder.resolve("plain.db"))) {
            KeptStatements kept = new KeptStatements(connection, 2);
            List<PreparedStatement> used = new ArrayList<>();
            for (String sql : List.of("SELECT 1", "SELECT 2", "SELECT 1", "SELECT 3")) {
                PreparedStatement statement = kept.take(sql);
                statement.executeQuery().close();
                kept.give(sql, statement);
                used.add(statement);
            }

            assertEquals(2, kept.size());
            assertTrue(used.get(0) == used.get(2), "SELECT 1 ran on the statement kept");
            assertTrue(used.get(1).isClosed(), "SELECT 2, the least recently used, closed for SELECT 3");
            assertFalse(used.get(2).isClosed());
            kept.closeAll();
            assertTrue(used.get(3).isClosed());
        }
    }

    @Test
    void aConnectionThePoolRetiredIsForgottenWithItsStatements() throws Exception {
        try (Database database = Database.open(folder.resolve("lk.db"))) {
            SQLiteConnection first = database.read(sql -> {
                sql.queryLong(COUNT);
                return sql.connection().unwrap(SQLiteConnection.class);
            });
            database.retireIdleConnections();
            for (int i = 0; i < 100 && !first.isClosed(); i++) {
                Thread.sleep(20); // the pool closes an idle connection it retires on a thread of its own
            }
            assertTrue(first.isClosed(), "the pool closed the idle connection");

            long one = database.read(sql -> sql.queryLong("SELECT 1"));
            assertEquals(1, one);

            assertEquals(1, database.connectionsKeepingStatements(), "only the connection in use now");
        }
    }
}
