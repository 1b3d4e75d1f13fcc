package dev.loopkeeper.storage;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.spi.ILoggingEvent;
import dev.loopkeeper.support.LogLines;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The start after a Loopkeeper process was killed with the file open read the whole file before anything
 * ({@code quick_check}): on 500,000 loops (2.2 GB) 2.9 s instead of 1.2-1.4 s with the pages cached, 39 s instead of
 * 1.4 s from a cold disk; a million loops 87 to 178 s cold. SQLite's WAL with {@code synchronous=FULL} keeps such a file
 * consistent, so the check now runs beside the start; damage it finds is logged as an error, and the next start refuses
 * the file as before.
 */
class CheckAfterCrashTest {
    private static final Duration WAIT = Duration.ofSeconds(30);

    @TempDir
    Path folder;

    @Test
    void aFileAKilledProcessLeftOpensAtOnceAndIsCheckedBesideTheStart() throws Exception {
        Path db = folder.resolve("loopkeeper.db");
        Database.open(db).close();
        killedWithTheFileOpen(db);

        List<ILoggingEvent> beside = LogLines.watching(BackgroundCheck.class, lines -> {
            List<ILoggingEvent> before = LogLines.of(DatabaseFile.class, () -> {
                try (Database reopened = Database.open(db)) {
                    BackgroundCheck check = reopened.backgroundCheck().orElseThrow();
                    assertEquals(BackgroundCheck.Result.SOUND, await(check));
                    assertEquals(1L, (long) reopened.read(sql -> sql.queryLong("SELECT COUNT(*) FROM person_hint")),
                            "the killed process's committed row");
                }
            });
            assertEquals(List.of(), messages(before), "nothing read whole before the start");
        });
        List<String> said = messages(beside);
        assertEquals(2, said.size(), said.toString());
        assertTrue(said.get(0).startsWith("Checking " + db + " page by page (quick_check) in the background"),
                said.get(0));
        assertTrue(said.get(1).startsWith("Checked " + db + " page by page: no damage"), said.get(1));
        assertTrue(Files.exists(ClosedCleanly.note(db)), "found sound: the clean stop writes its note");

        try (Database next = Database.open(db)) {
            assertTrue(next.backgroundCheck().isEmpty(), "the next start after a clean stop checks nothing");
        }
    }

    @Test
    void damageTheCheckBesideFindsIsAnErrorAndTheNextStartRefusesTheFile() throws Exception {
        Path db = damagedAsAKillLeavesIt();
        List<ILoggingEvent> logged = LogLines.watching(BackgroundCheck.class, lines -> {
            try (Database reopened = Database.open(db)) {
                assertEquals(BackgroundCheck.Result.DAMAGED, await(reopened.backgroundCheck().orElseThrow()));
            }
        });
        ILoggingEvent error = logged.stream().filter(line -> line.getLevel() == Level.ERROR).findFirst().orElseThrow();
        assertTrue(error.getFormattedMessage().startsWith(db + " is damaged ("), error.getFormattedMessage());
        assertTrue(error.getFormattedMessage().endsWith("Stop Loopkeeper and restore your latest backup (README: Back up "
                + "and upgrade); until then every start refuses the file."), error.getFormattedMessage());
        assertTrue(Files.notExists(ClosedCleanly.note(db)), "no note for a damaged file");

        DatabaseFileException refused = assertThrows(DatabaseFileException.class, () -> Database.open(db));
        assertTrue(refused.getMessage().startsWith(db + " is damaged ("), refused.getMessage());
    }

    /**
     * A process that starts beside one whose check beside the start is still running (the console opened next to the
     * bot just after a crash) waits for its verdict, and does not take the file as checked when the check found damage:
     * it reads the file itself and refuses it. The start had marked the lock file checked at once, so the console opened
     * the damaged file unchecked, and, stopping cleanly last, wrote the note that lets every later start skip the check.
     */
    @Test
    void aProcessStartingBesideACheckThatFindsDamageRefusesTheFile() throws Exception {
        Path db = damagedAsAKillLeavesIt();
        try (Database reopened = Database.open(db)) {
            assertEquals(BackgroundCheck.Result.DAMAGED, await(reopened.backgroundCheck().orElseThrow()));
            assertEquals(HoldOpen.REFUSED, openedInAnotherProcess(db), "the other process reads the file itself");
        }
        assertTrue(Files.notExists(ClosedCleanly.note(db)), "no note for a damaged file");
        assertThrows(DatabaseFileException.class, () -> Database.open(db), "nor does the next start trust it");
    }

    /** The same for a file found sound: the process beside opens it. */
    @Test
    void aProcessStartingBesideACheckThatFoundTheFileSoundTrustsIt() throws Exception {
        Path db = folder.resolve("loopkeeper.db");
        Database.open(db).close();
        killedWithTheFileOpen(db);
        try (Database reopened = Database.open(db)) {
            assertEquals(BackgroundCheck.Result.SOUND, await(reopened.backgroundCheck().orElseThrow()));
            assertEquals(HoldOpen.OPEN, openedInAnotherProcess(db));
        }
    }

    /**
     * A process stopped before its check beside ended (the console quit at once) keeps the crash's mark on the lock
     * file: the next start checks beside it again, instead of reading the whole file before it, as a file with no note
     * and no mark is (39 s for 500,000 loops from a cold disk).
     */
    @Test
    void aCheckTheStopCutShortIsOwedToTheNextStart() throws Exception {
        Path db = folder.resolve("loopkeeper.db");
        Files.writeString(LiveOpeners.lockFile(db), "checked\n");
        try (LiveOpeners first = LiveOpeners.join(db)) {
            assertTrue(first.leftByACrash());
            first.checkedBeside(BackgroundCheck.Result.UNFINISHED);
            first.checkStillOwed();
        }
        assertEquals("checked\n", Files.readString(LiveOpeners.lockFile(db)), "the mark stays for the next start");
        try (LiveOpeners next = LiveOpeners.join(db)) {
            assertTrue(next.leftByACrash());
            next.checked();
        }
        assertTrue(Files.notExists(LiveOpeners.lockFile(db)), "once nothing is owed, the last to leave takes it away");
        try (LiveOpeners after = LiveOpeners.join(db)) {
            assertFalse(after.leftByACrash());
        }
    }

    /**
     * A file whose table's root page is garbage (a disk that did not keep its word; nothing a start reads touches it),
     * left as a kill leaves it: no note, and the mark of the process that had checked the file and had it open.
     */
    private Path damagedAsAKillLeavesIt() throws Exception {
        Path db = folder.resolve("loopkeeper.db");
        long rootPage;
        long pageSize;
        try (Database database = Database.open(db)) {
            for (int i = 0; i < 20; i++) {
                int batch = i;
                database.write(sql -> {
                    for (int j = 0; j < 100; j++) {
                        sql.update("INSERT INTO person_hint (owner_id, hint, shown_at) VALUES (?, ?, 0)",
                                "person-" + batch + "-" + j, "hint " + "x".repeat(200));
                    }
                });
            }
            rootPage = database.read(sql -> sql.queryLong(
                    "SELECT rootpage FROM sqlite_master WHERE type = 'table' AND name = 'person_hint'"));
            pageSize = database.read(sql -> sql.queryLong("PRAGMA page_size"));
        }
        // A disk that did not keep its word: the table's root page is garbage. Nothing a start reads touches it.
        try (RandomAccessFile file = new RandomAccessFile(db.toFile(), "rw")) {
            file.seek((rootPage - 1) * pageSize);
            file.write(new byte[] {(byte) 0xee, (byte) 0xee, (byte) 0xee, (byte) 0xee, (byte) 0xee, (byte) 0xee});
        }
        // What a kill leaves: no note, and the mark of the process that had checked the file and had it open.
        Files.delete(ClosedCleanly.note(db));
        Files.writeString(LiveOpeners.lockFile(db), "checked\n");

        return db;
    }

    /** What another process says when it opens the file: {@link HoldOpen#OPEN} or {@link HoldOpen#REFUSED}. */
    private static String openedInAnotherProcess(Path db) throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process child = new ProcessBuilder(java, "-XX:-UsePerfData", "-cp", System.getProperty("java.class.path"),
                HoldOpen.class.getName(), db.toString(), HoldOpen.ONLY_OPEN)
                .redirectError(ProcessBuilder.Redirect.DISCARD).start();
        try (BufferedReader out = new BufferedReader(
                new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8))) {
            return out.readLine();
        } finally {
            assertTrue(child.waitFor(60, TimeUnit.SECONDS), "the other process ended");
        }
    }

    /**
     * While the check beside runs, and after it found damage, the lock file holds no mark: a process killed then leaves
     * none, so the next start reads the file whole before it (and refuses a damaged one) rather than beside it again.
     * Found sound, it is marked, as after a check before the start.
     */
    @Test
    void theLockFileIsMarkedCheckedOnlyOnceTheCheckBesideFindsTheFileSound() throws Exception {
        Path db = folder.resolve("loopkeeper.db");
        Path lock = LiveOpeners.lockFile(db);
        for (BackgroundCheck.Result result : List.of(BackgroundCheck.Result.DAMAGED, BackgroundCheck.Result.SOUND)) {
            Files.writeString(lock, "checked\n");
            try (LiveOpeners live = LiveOpeners.join(db)) {
                assertTrue(live.leftByACrash());
                assertEquals("", Files.readString(lock), "unmarked while the check runs");
                live.checkedBeside(result);
                assertEquals(result == BackgroundCheck.Result.SOUND ? "checked\n" : "", Files.readString(lock),
                        result.toString());
            }
        }
    }

    private static BackgroundCheck.Result await(BackgroundCheck check) {
        try {
            return check.await(WAIT);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    private static List<String> messages(List<ILoggingEvent> lines) {
        return lines.stream().map(ILoggingEvent::getFormattedMessage).toList();
    }

    /** A Loopkeeper process ({@link HoldOpen}) opens the file, commits a row, and is killed with it open. */
    private static void killedWithTheFileOpen(Path db) throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process child = new ProcessBuilder(java, "-XX:-UsePerfData", "-cp", System.getProperty("java.class.path"),
                HoldOpen.class.getName(), db.toString()).redirectError(ProcessBuilder.Redirect.DISCARD).start();
        try (BufferedReader out = new BufferedReader(
                new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8))) {
            assertEquals(HoldOpen.OPEN, out.readLine(), "the other process did not open the database");
        } finally {
            child.destroyForcibly();
            assertTrue(child.waitFor(30, TimeUnit.SECONDS));
        }
    }
}
