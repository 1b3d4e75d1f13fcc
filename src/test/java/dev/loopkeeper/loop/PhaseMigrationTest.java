package dev.loopkeeper.loop;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.loopkeeper.Loopkeeper;
import dev.loopkeeper.storage.Database;
import dev.loopkeeper.support.MutableClock;
import dev.loopkeeper.support.TestApp;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Instant;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * V22 on a database where a reopened loop kept the phase it had when it closed: open again means not opened, so the
 * phase goes; an active loop's phase and a closed loop's last phase stay.
 */
class PhaseMigrationTest {
    private static final String ADA = "100";
    private static final long T0 = Instant.parse("2026-02-01T10:00:00Z").toEpochMilli();

    @TempDir
    Path folder;

    @Test
    void onlyOpenLoopsLoseAStalePhase() throws SQLException {
        String url = "jdbc:sqlite:" + TestApp.config(folder).databasePath().toAbsolutePath();
        Flyway.configure().dataSource(url, null, null).locations(Database.SQLITE_MIGRATIONS.toArray(String[]::new))
                .target("21").load().migrate();
        try (Connection db = DriverManager.getConnection(url)) {
            insert(db, 1, "Paxos", "open", "instantiation");
            insert(db, 2, "Raft consensus", "active", "re-abstraction");
            insert(db, 3, "Kalman filter", "closed", "instantiation");
        }

        try (Loopkeeper app = TestApp.open(folder, MutableClock.at("2026-03-01T10:00:00Z"))) {
            OpenLoop reopened = app.loops().find(ADA, 1).orElseThrow();
            assertNull(reopened.phase());
            assertNull(reopened.phaseSince());
            assertEquals(Phase.RE_ABSTRACTION, app.loops().find(ADA, 2).orElseThrow().phase());
            assertEquals(Phase.INSTANTIATION, app.loops().find(ADA, 3).orElseThrow().phase());
        }
    }

    private static void insert(Connection db, long id, String concept, String status, String phase)
            throws SQLException {
        try (PreparedStatement insert = db.prepareStatement("""
                INSERT INTO open_loop (id, owner_id, concept, concept_key, status, phase, phase_since, created_at,
                                       updated_at)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)""")) {
            insert.setLong(1, id);
            insert.setString(2, ADA);
            insert.setString(3, concept);
            insert.setString(4, concept.toLowerCase(java.util.Locale.ROOT));
            insert.setString(5, status);
            insert.setString(6, phase);
            insert.setLong(7, T0);
            insert.setLong(8, T0);
            insert.setLong(9, T0);
            insert.executeUpdate();
        }
    }
}
