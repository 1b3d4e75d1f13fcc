package dev.loopkeeper.storage;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ch.qos.logback.classic.spi.ILoggingEvent;
import dev.loopkeeper.support.LogLines;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A process that opens the database while another Loopkeeper process has it open (the console beside the bot) does not
 * read it whole: the live one checked it at its start. Before, the other's open file (its SQLite log beside it) read as
 * an unclean stop, and each console start read the whole file: about three minutes for a million loops from a cold
 * disk. A process killed leaves no such trust behind: the next start alone with the file reads it whole (beside the
 * start: CheckAfterCrashTest).
 */
class LiveOpenersTest {
    @TempDir
    Path folder;

    @Test
    void aStartBesideALiveProcessDoesNotReadTheFileWholeAndOneAfterItsCrashDoes() throws Exception {
        Path db = folder.resolve("loopkeeper.db");
        Database.open(db).close();
        Process other = holdOpen(db);
        try {
            assertTrue(Files.exists(ClosedCleanly.wal(db)), "the other process has the file open");

            assertEquals(List.of(), wholeChecks(db), "checked by the live process at its start");
        } finally {
            other.destroyForcibly(); // a kill: no clean close, its lock released by the system
            assertTrue(other.waitFor(30, TimeUnit.SECONDS));
        }

        List<String> afterTheKill = wholeChecks(db);
        assertEquals(1, afterTheKill.size(), "alone with a file a killed process left: " + afterTheKill);
    }

    @Test
    void theFirstProcessAloneWithAFileItsCrashLeftReadsItWholeWhateverTheLockFileSays() throws Exception {
        Path db = folder.resolve("loopkeeper.db");
        Database.open(db).close();
        Process crashed = holdOpen(db);
        crashed.destroyForcibly();
        assertTrue(crashed.waitFor(30, TimeUnit.SECONDS));
        assertEquals("checked\n", Files.readString(LiveOpeners.lockFile(db)), "the killed process's mark stays");

        try (Database reopened = Database.open(db)) {
            assertEquals(BackgroundCheck.Result.SOUND,
                    reopened.backgroundCheck().orElseThrow().await(java.time.Duration.ofSeconds(30)),
                    "read whole, beside the start");
        }
        assertTrue(Files.notExists(LiveOpeners.lockFile(db)), "the last to close takes the lock file away");
    }

    /**
     * A start that needs the write lock to bring an older file up to date, while another Loopkeeper process holds it (as
     * its own upgrade does, for minutes on a large file), says so: "Stop the other program" was the wrong advice.
     */
    @Test
    void aStartWhileAnotherLoopkeeperHoldsTheFileToUpgradeItSaysSo() throws Exception {
        Path db = folder.resolve("loopkeeper.db");
        org.flywaydb.core.Flyway.configure().dataSource("jdbc:sqlite:" + db, null, null)
                .locations(Database.SQLITE_MIGRATIONS.toArray(String[]::new)).target("32").load().migrate();
        Process upgrading = holdOpen(db, HoldOpen.UPGRADING);
        try {
            DatabaseFileException refused = org.junit.jupiter.api.Assertions.assertThrows(DatabaseFileException.class,
                    () -> Database.open(db, 200));
            assertTrue(refused.getMessage().startsWith("Another Loopkeeper process has " + db + " open and kept it "
                    + "locked"), refused.getMessage());
        } finally {
            upgrading.destroyForcibly();
            assertTrue(upgrading.waitFor(30, TimeUnit.SECONDS));
        }
    }

    /** Opens {@code db} in another JVM ({@link HoldOpen}) and returns once it has the file open. */
    private static Process holdOpen(Path db, String... how) throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<String> command = new java.util.ArrayList<>(List.of(java, "-XX:-UsePerfData", "-cp",
                System.getProperty("java.class.path"), HoldOpen.class.getName(), db.toString()));
        command.addAll(List.of(how));
        Process child = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.DISCARD).start();
        BufferedReader out = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8));
        String line = out.readLine();
        assertEquals(HoldOpen.OPEN, line, "the other process did not open the database");
        return child;
    }

    /** The page-by-page checks an open and a clean close of {@code db} logged, before the start or beside it. */
    private static List<String> wholeChecks(Path db) {
        List<ILoggingEvent> lines = new java.util.ArrayList<>();
        lines.addAll(LogLines.watching(BackgroundCheck.class,
                beside -> lines.addAll(LogLines.of(DatabaseFile.class, () -> Database.open(db).close()))));
        return lines.stream().map(ILoggingEvent::getFormattedMessage).filter(line -> line.startsWith("Checking "))
                .toList();
    }
}
