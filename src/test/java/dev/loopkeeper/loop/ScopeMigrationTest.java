package dev.loopkeeper.loop;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.loopkeeper.Loopkeeper;
import dev.loopkeeper.common.UserText;
import dev.loopkeeper.storage.Database;
import dev.loopkeeper.support.MutableClock;
import dev.loopkeeper.support.TestApp;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** V6 on a database at V5 with loops: every loop so far is personal, written by its owner, and still works. */
class ScopeMigrationTest {
    private static final String ADA = "100";
    private static final String BOB = "200";
    private static final long T0 = Instant.parse("2026-02-01T10:00:00Z").toEpochMilli();

    @TempDir
    Path folder;

    @Test
    void loopsParkedBeforeScopesArePersonalAndAuthoredByTheirOwner() throws SQLException {
        String url = "jdbc:sqlite:" + TestApp.config(folder).databasePath().toAbsolutePath();
        Flyway.configure().dataSource(url, null, null).locations(Database.SQLITE_MIGRATIONS.toArray(String[]::new)).target("5").load().migrate();
        try (Connection db = DriverManager.getConnection(url)) {
            insert(db, 1, ADA, "attention heads", "open");
            insert(db, 2, ADA, "einsum", "closed");
            insert(db, 3, BOB, "vmap", "open");
        }

        try (Loopkeeper app = TestApp.open(folder, MutableClock.at("2026-03-01T10:00:00Z"))) {
            try (Connection db = DriverManager.getConnection(url);
                    PreparedStatement query = db.prepareStatement(
                            "SELECT id, owner_id, author_id, scope FROM open_loop ORDER BY id");
                    ResultSet rows = query.executeQuery()) {
                for (String[] expected : List.of(new String[] {"1", ADA}, new String[] {"2", ADA},
                        new String[] {"3", BOB})) {
                    assertTrue(rows.next());
                    assertEquals(Long.parseLong(expected[0]), rows.getLong("id"));
                    assertEquals(expected[1], rows.getString("author_id"), "backfilled from owner_id");
                    assertEquals("personal", rows.getString("scope"));
                }
            }
            LoopService loops = app.loops();
            List<OpenLoop> ada = loops.list(ADA, new LoopFilter(LoopFilter.Stage.ALL, Optional.empty()), 0, 10).loops();
            assertEquals(List.of(2L, 1L), ada.stream().map(OpenLoop::id).toList());
            ada.forEach(loop -> {
                assertEquals(LoopScope.personal(ADA), loop.scope());
                assertEquals(ADA, loop.authorId());
            });
            assertEquals("attention heads", loops.close(ADA, 1, Outcome.LEARNED, null).concept(),
                    "a migrated loop closes as before");
        }
    }

    private static void insert(Connection db, long id, String owner, String concept, String status)
            throws SQLException {
        try (PreparedStatement insert = db.prepareStatement("""
                INSERT INTO open_loop (id, owner_id, concept, concept_key, status, created_at, updated_at)
                VALUES (?, ?, ?, ?, ?, ?, ?)""")) {
            insert.setLong(1, id);
            insert.setString(2, owner);
            insert.setString(3, concept);
            insert.setString(4, UserText.key(concept));
            insert.setString(5, status);
            insert.setLong(6, T0 + id);
            insert.setLong(7, T0 + id);
            insert.executeUpdate();
        }
    }
}
