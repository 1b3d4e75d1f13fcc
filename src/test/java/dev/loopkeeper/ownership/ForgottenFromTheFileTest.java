package dev.loopkeeper.ownership;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.loopkeeper.loop.Origin;
import dev.loopkeeper.loop.ParkRequest;
import dev.loopkeeper.support.AppTestBase;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * On SQLite, what {@code /forget-me} deletes is gone from the file as well as from the tables: deleted rows are
 * overwritten ({@code secure_delete}) and the write-ahead log is emptied. SQLite only: PostgreSQL keeps deleted rows
 * until its autovacuum reuses their space (docs/DEPLOY.md), so this class is not in the PostgreSQL run.
 */
class ForgottenFromTheFileTest extends AppTestBase {
    private static final String ADA = "1000000000000000301";

    ForgottenFromTheFileTest() {
        super("2026-03-01T10:00:00Z");
    }

    @Test
    void whatIsForgottenCannotBeReadBackFromTheDatabaseFile() throws IOException {
        String concept = "zebraquokka secret topic";
        String why = "my private medical note xylophone";
        app.loops().park(new ParkRequest(ADA, concept, why, Origin.none()));
        app.loops().park(new ParkRequest(ADA, "sourdough starter hydration", "for the bakery plan", Origin.none()));
        assertTrue(fileHolds(why), "the test reads the file: the why is there before");

        app.data().forget(ADA);

        for (String text : List.of(concept, why, "sourdough starter hydration", "for the bakery plan")) {
            assertTrue(!fileHolds(text), "'" + text + "' can still be read from the database file or its log");
        }
    }

    /**
     * Another process reading the file when the person is forgotten (the console beside the bot, a backup) keeps the log
     * from being emptied then. SQLite's own checkpoints copy the log into the file but never empty it, so its frames
     * kept the forgotten rows for as long as the bot ran; they go with the next write once nobody reads, or with the
     * bot's next round of jobs when nothing is written.
     */
    @Test
    void aLogAnotherProcessKeptFromBeingEmptiedIsEmptiedOnceItStopsReading() throws Exception {
        String why = "my private medical note xylophone";
        app.loops().park(new ParkRequest(ADA, "zebraquokka secret topic", why, Origin.none()));
        try (Connection reader = readerHoldingASnapshot()) {
            app.data().forget(ADA);
            assertTrue(app.database().logOwed(), "the log could not be emptied while the other process read");
            reader.commit();
        }
        assertTrue(fileHolds(why), "the log still holds the forgotten loop, as it was before");

        app.loops().park(new ParkRequest("1000000000000000302", "sourdough starter hydration", null, Origin.none()));

        assertFalse(fileHolds(why), "'" + why + "' can still be read from the database's log after the next write");
        assertFalse(app.database().logOwed());
    }

    @Test
    void withNothingWrittenTheBotsJobsEmptyTheLogOnceNobodyReads() throws Exception {
        String why = "my private medical note xylophone";
        app.loops().park(new ParkRequest(ADA, "zebraquokka secret topic", why, Origin.none()));
        try (Connection reader = readerHoldingASnapshot()) {
            app.data().forget(ADA);
            app.database().emptyLogIfOwed();
            assertTrue(fileHolds(why), "not while the other process reads: the job tries again later, without waiting");
            reader.commit();
        }

        app.database().emptyLogIfOwed();

        assertFalse(fileHolds(why), "'" + why + "' can still be read from the database's log");
    }

    /** Another process's connection in the middle of a read: its snapshot keeps the log from being emptied. */
    private Connection readerHoldingASnapshot() throws SQLException {
        Connection reader = DriverManager.getConnection("jdbc:sqlite:" + folder.resolve("loopkeeper.db"));
        reader.setAutoCommit(false);
        try (Statement statement = reader.createStatement();
                ResultSet rows = statement.executeQuery("SELECT COUNT(*) FROM open_loop")) {
            assertTrue(rows.next(), "the other process reads, and holds its snapshot");
        }
        return reader;
    }

    /** Whether the database file or its write-ahead log holds the text, byte for byte. */
    private boolean fileHolds(String text) throws IOException {
        byte[] wanted = text.getBytes(StandardCharsets.UTF_8);
        for (String name : List.of("loopkeeper.db", "loopkeeper.db-wal")) {
            Path file = folder.resolve(name);
            if (Files.exists(file) && indexOf(Files.readAllBytes(file), wanted) >= 0) {
                return true;
            }
        }
        return false;
    }

    private static int indexOf(byte[] haystack, byte[] needle) {
        outer:
        for (int i = 0; i + needle.length <= haystack.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }

}
