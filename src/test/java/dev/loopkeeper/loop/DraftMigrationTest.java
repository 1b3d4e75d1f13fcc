package dev.loopkeeper.loop;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
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
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * V5 on a database written by the version with drafts: unanswered parks follow today's rules, so none is lost. A
 * draft of a concept still open becomes a note on that loop; every other draft becomes an open loop.
 */
class DraftMigrationTest {
    private static final String ADA = "100";
    private static final String BOB = "200";
    private static final long T0 = Instant.parse("2026-02-01T10:00:00Z").toEpochMilli();

    @TempDir
    Path folder;

    @Test
    void draftsBecomeNotesOfTheLoopTheyRepeatOrOpenLoops() throws SQLException {
        String url = "jdbc:sqlite:" + TestApp.config(folder).databasePath().toAbsolutePath();
        Flyway.configure().dataSource(url, null, null).locations(Database.SQLITE_MIGRATIONS.toArray(String[]::new)).target("3").load().migrate();
        try (Connection db = DriverManager.getConnection(url)) {
            insert(db, 1, ADA, "Attention Heads", null, null, "open", T0);
            insert(db, 2, ADA, "attention  heads", "to read the GPT-2 code", "https://discord.com/channels/1/2/3",
                    "draft", T0 + 1000);
            insert(db, 3, ADA, "attention head", "near, not the same words", null, "draft", T0 + 2000);
            insert(db, 4, ADA, "einsum", null, null, "closed", T0);
            insert(db, 5, ADA, "einsum", "asked again after closing", null, "draft", T0 + 3000);
            insert(db, 6, BOB, "attention heads", "Bob's own", null, "draft", T0 + 4000);
        }

        try (Loopkeeper app = TestApp.open(folder, MutableClock.at("2026-03-01T10:00:00Z"))) {
            LoopService loops = app.loops();
            LoopPage ada = loops.list(ADA, new LoopFilter(LoopFilter.Stage.ALL, Optional.empty()), 0, 20);
            assertEquals(List.of(5L, 3L, 4L, 1L), ada.loops().stream().map(OpenLoop::id).toList(),
                    "draft 2 is gone as a row; 3 and 5 are loops");
            assertEquals(LoopStatus.OPEN, ada.loops().get(0).status());
            assertEquals(LoopStatus.OPEN, ada.loops().get(1).status());
            assertEquals(Instant.ofEpochMilli(T0 + 2000), ada.loops().get(1).createdAt(), "parked when it was parked");

            List<LoopNote> notes = ada.notesOf(1);
            assertEquals(1, notes.size());
            LoopNote note = notes.get(0);
            assertEquals("to read the GPT-2 code", note.why());
            assertEquals("attention  heads", note.concept());
            assertEquals("https://discord.com/channels/1/2/3", note.origin().messageUrl());
            assertEquals(Instant.ofEpochMilli(T0 + 1000), note.createdAt());
            assertNull(note.mergedFrom());

            assertEquals(1, loops.countOpen(BOB), "Ada's loop is not Bob's: his draft becomes his loop");
            assertTrue(ada.notesOf(5).isEmpty());
        }
    }

    private static void insert(Connection db, long id, String owner, String concept, String why, String url,
            String status, long at) throws SQLException {
        try (PreparedStatement insert = db.prepareStatement("""
                INSERT INTO open_loop (id, owner_id, concept, concept_key, why, origin_message_url, status, created_at,
                                       updated_at)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)""")) {
            insert.setLong(1, id);
            insert.setString(2, owner);
            insert.setString(3, concept);
            insert.setString(4, UserText.key(concept));
            insert.setString(5, why);
            insert.setString(6, url);
            insert.setString(7, status);
            insert.setLong(8, at);
            insert.setLong(9, at);
            insert.executeUpdate();
        }
    }
}
