package dev.loopkeeper.storage;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.loopkeeper.support.TestApp;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A process killed between {@code /forget-me}'s commit and the emptying of SQLite's log that follows it: the log's
 * frames still held the person's rows as they were, and the next start replayed the log and kept it, frames and all,
 * for as long as it ran. The start after a crash now empties the log it found.
 */
class ForgetThenCrashTest {
    private static final String SECRET = "the-forgotten-person-wrote-this-7f3a";

    @TempDir
    Path folder;

    @Test
    void theStartAfterACrashLeavesNothingOfADeletionInTheLog() throws Exception {
        Path db = folder.resolve("forget.db");
        TestApp.migrated(db);
        Process child = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), DeleteThenDie.class.getName(), db.toString(), SECRET)
                .redirectError(ProcessBuilder.Redirect.DISCARD)
                .start();
        try (BufferedReader lines = new BufferedReader(
                new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8))) {
            assertEquals(DeleteThenDie.DELETED, lines.readLine());
        } finally {
            child.destroyForcibly(); // SIGKILL, before the log is emptied
            assertTrue(child.waitFor(30, TimeUnit.SECONDS));
        }
        assertTrue(holdsSecret(ClosedCleanly.wal(db)), "the crash left the deleted row in the log's frames");

        try (Database reopened = Database.open(db)) {
            assertEquals(0L, (long) reopened.read(sql -> sql.queryLong("SELECT COUNT(*) FROM person_hint")));
            // The next start runs on: what it found in the log must already be gone from every file beside it.
            assertFalse(holdsSecret(ClosedCleanly.wal(db)), "the log still holds the deleted row");
            assertFalse(holdsSecret(db), "the file holds the deleted row");
        }
    }

    private static boolean holdsSecret(Path file) throws Exception {
        if (!Files.exists(file)) {
            return false;
        }
        byte[] bytes = Files.readAllBytes(file);
        byte[] secret = SECRET.getBytes(StandardCharsets.US_ASCII);
        outer:
        for (int i = 0; i + secret.length <= bytes.length; i++) {
            for (int j = 0; j < secret.length; j++) {
                if (bytes[i + j] != secret[j]) {
                    continue outer;
                }
            }
            return true;
        }
        return false;
    }
}
