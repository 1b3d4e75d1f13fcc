package dev.loopkeeper.delivery;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.loopkeeper.Loopkeeper;
import dev.loopkeeper.storage.Database;
import dev.loopkeeper.support.MutableClock;
import dev.loopkeeper.support.TestApp;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * V24 on SQLite: the outbox keeps every row as it was, and from then on an id whose row was deleted is never handed
 * out again (each message's nonce is made from it; a reused one made Discord return the earlier message). V25: mail
 * about a digest or a poll that is gone goes too.
 */
class OutboxMigrationTest {

    @TempDir
    Path folder;

    @Test
    void rowsAreKeptOrphansGoAndADeletedNewestIdIsNotGivenAgain() throws SQLException {
        String url = "jdbc:sqlite:" + TestApp.config(folder).databasePath().toAbsolutePath();
        Flyway.configure().dataSource(url, null, null).locations(Database.SQLITE_MIGRATIONS.toArray(String[]::new))
                .target("23").load().migrate();
        try (Connection db = DriverManager.getConnection(url); Statement s = db.createStatement()) {
            s.executeUpdate("""
                    INSERT INTO outbox (id, kind, ref_id, recipient_id, status, deliver_after, lease_until, attempts,
                                        delivered_via, last_error, created_at, delivered_at)
                    VALUES (7, 'reminder', 70, 'ada', 'held', 1000, NULL, 2, NULL, 'DMs closed', 900, NULL),
                           (8, 'digest', 80, NULL, 'delivered', 2000, NULL, 1, 'channel', NULL, 1900, 2001),
                           (5, 'digest', 50, NULL, 'failed', 500, NULL, 6, NULL, 'no channel', 400, NULL),
                           (6, 'poll_result', 60, NULL, 'scheduled', 600, NULL, 0, NULL, NULL, 600, NULL)""");
            // Digest 80 is still there; digest 50 and poll 60 were deleted with their server's data (V25's orphans).
            s.executeUpdate("INSERT INTO server_digest (id, guild_id, week_from, week_to, created_at)"
                    + " VALUES (80, '500', 1000, 2000, 1900)");
        }

        try (Loopkeeper app = TestApp.open(folder, MutableClock.at("2026-03-01T10:00:00Z"))) {
            assertEquals(List.of(
                            Arrays.asList("7", "reminder", "70", "ada", "held", "1000", null, "2", null, "DMs closed",
                                    "900", null),
                            Arrays.asList("8", "digest", "80", null, "delivered", "2000", null, "1", "channel", null,
                                    "1900", "2001")),
                    app.database().read(sql -> sql.query("""
                            SELECT id, kind, ref_id, recipient_id, status, deliver_after, lease_until, attempts,
                                   delivered_via, last_error, created_at, delivered_at FROM outbox ORDER BY id""",
                            row -> {
                                List<String> columns = new ArrayList<>();
                                for (int c = 1; c <= 12; c++) {
                                    columns.add(row.getString(c));
                                }
                                return columns;
                            })));

            // The newest row goes (as /forget-me deletes a person's), and the next mail gets a new id.
            app.database().write(sql -> sql.update("DELETE FROM outbox WHERE id = 8"));
            long next = app.database().inTransaction(sql -> app.outbox().enqueue(sql, "reminder", 71, "ada",
                    Instant.ofEpochMilli(3000)));
            assertEquals(9, next);
        }
    }
}
