package dev.loopkeeper.storage;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ch.qos.logback.classic.spi.ILoggingEvent;
import dev.loopkeeper.support.LogLines;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A database Loopkeeper closed cleanly opens without {@code quick_check} reading every page; a file that may have
 * changed since (a crash, another program's write) is read whole again, and a damaged one refused
 * (StartupFailureTest).
 */
class ClosedCleanlyTest {
    @TempDir
    Path folder;

    @Test
    void aFileClosedCleanlyIsNotReadWholeAtTheNextStartAndOneOpenNowHasNoNote() {
        Path db = folder.resolve("loopkeeper.db");
        Database.open(db).close();
        assertTrue(Files.exists(ClosedCleanly.note(db)));

        assertEquals(List.of(), wholeChecks(db), "as Loopkeeper left it");

        try (Database open = Database.open(db)) {
            open.write(sql -> sql.update("INSERT INTO person_hint (owner_id, hint, shown_at) VALUES ('ada', 'first-park', 0)"));
            assertFalse(Files.exists(ClosedCleanly.note(db)), "a crash from here on leaves no note");
        }
        assertEquals(List.of(), wholeChecks(db), "closed cleanly again, with its new row");
    }

    @Test
    void aFileAnotherProgramWroteIsReadWholeAgain() throws SQLException {
        Path db = folder.resolve("loopkeeper.db");
        Database.open(db).close();
        try (Connection other = DriverManager.getConnection("jdbc:sqlite:" + db);
                Statement statement = other.createStatement()) {
            statement.executeUpdate("INSERT INTO person_hint (owner_id, hint, shown_at) VALUES ('ada', 'first-park', 0)");
        }

        List<String> checks = wholeChecks(db);

        assertEquals(1, checks.size(), checks.toString());
        assertTrue(checks.get(0).startsWith("Checking " + db + " page by page"), checks.get(0));
    }

    @Test
    void aLogLeftBesideTheFileMeansItIsReadWholeWhateverTheNoteSays() throws java.io.IOException {
        Path db = folder.resolve("loopkeeper.db");
        Database.open(db).close();
        // As another program that wrote it and stopped uncleanly leaves it: the file itself unchanged, its changes
        // in the log.
        Files.write(db.resolveSibling("loopkeeper.db-wal"), new byte[] {55, 127, 6, -126, 0, 45, -30, 24});

        assertEquals(1, wholeChecks(db).size());
    }

    @Test
    void anEmptyLogAReaderLeftIsNoChange() throws SQLException {
        Path db = folder.resolve("loopkeeper.db");
        Database.open(db).close();
        // The sqlite3 shell, even read-only, leaves an empty log and its index behind.
        try (Connection other = DriverManager.getConnection("jdbc:sqlite:file:" + db + "?mode=ro");
                Statement statement = other.createStatement();
                java.sql.ResultSet rows = statement.executeQuery("SELECT COUNT(*) FROM person_hint")) {
            assertTrue(rows.next());
        }
        Path wal = db.resolveSibling("loopkeeper.db-wal");
        if (!Files.exists(wal)) {
            try {
                Files.createFile(wal); // as the shell leaves it, where the driver cleaned up after itself
            } catch (java.io.IOException e) {
                throw new IllegalStateException(e);
            }
        }

        assertEquals(List.of(), wholeChecks(db), "an empty log holds no change");
    }

    @Test
    void theLastOfTwoProcessesToCloseTheFileWritesTheNote() {
        Path db = folder.resolve("loopkeeper.db");
        Database first = Database.open(db);
        Database second = Database.open(db);
        first.close();
        assertFalse(Files.exists(ClosedCleanly.note(db)), "the other may still write");
        second.close();
        assertTrue(Files.exists(ClosedCleanly.note(db)));
        assertEquals(List.of(), wholeChecks(db));
    }

    /** The page-by-page checks an open and a clean close of {@code db} logged. */
    private static List<String> wholeChecks(Path db) {
        return LogLines.of(DatabaseFile.class, () -> Database.open(db).close()).stream()
                .map(ILoggingEvent::getFormattedMessage).filter(line -> line.startsWith("Checking ")).toList();
    }
}
