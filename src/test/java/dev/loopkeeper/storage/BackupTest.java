package dev.loopkeeper.storage;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.loopkeeper.Loopkeeper;
import dev.loopkeeper.config.Config;
import dev.loopkeeper.config.ConfigLoader;
import dev.loopkeeper.loop.LoopFilter;
import dev.loopkeeper.loop.OpenLoop;
import dev.loopkeeper.loop.Origin;
import dev.loopkeeper.loop.ParkRequest;
import dev.loopkeeper.loop.ParkResult;
import dev.loopkeeper.support.Concepts;
import dev.loopkeeper.support.MutableClock;
import dev.loopkeeper.support.TestApp;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code backup}: a consistent, checked copy taken while the bot goes on parking, usable as a database itself. */
class BackupTest {
    @TempDir
    Path folder;
    private final MutableClock clock = MutableClock.at("2026-11-30T09:00:00Z");

    @Test
    void aBackupTakenWhileParksGoOnHasEveryEarlierLoopAndPassesTheIntegrityCheck() throws Exception {
        Path copy = folder.resolve("backups").resolve("loopkeeper-2026-11-30.db");
        Set<Long> before;
        Set<Long> after;
        List<Long> committed = new CopyOnWriteArrayList<>();
        try (Loopkeeper app = TestApp.open(folder, clock)) {
            for (String concept : Concepts.DISTINCT) {
                park(app, "ada", concept);
            }
            AtomicBoolean backedUp = new AtomicBoolean();
            AtomicReference<Throwable> failure = new AtomicReference<>();
            CountDownLatch writing = new CountDownLatch(5);
            Thread writer = new Thread(() -> {
                try {
                    int extra = 0;
                    // Each writer person gets distinct concepts, so no park is held as a near-duplicate draft.
                    for (int i = 0; extra < 5; i++) {
                        String owner = "writer-" + i / Concepts.DISTINCT.size();
                        committed.add(park(app, owner, Concepts.get(i % Concepts.DISTINCT.size())).id());
                        writing.countDown();
                        extra += backedUp.get() ? 1 : 0;
                    }
                } catch (Throwable e) {
                    failure.set(e);
                    while (writing.getCount() > 0) {
                        writing.countDown();
                    }
                }
            }, "backup-test-writer");
            writer.start();
            assertTrue(writing.await(30, TimeUnit.SECONDS));

            before = new HashSet<>(committed);
            long bytes = Backup.write(TestApp.config(folder).databasePath(), copy);
            backedUp.set(true);
            writer.join(TimeUnit.SECONDS.toMillis(30));
            assertFalse(writer.isAlive());
            assertEquals(null, failure.get());
            after = new HashSet<>(committed);
            assertEquals(Files.size(copy), bytes);
        }

        try (Database restored = Database.open(copy)) {
            assertEquals("ok", restored.read(sql -> sql.queryOne("PRAGMA integrity_check", row -> row.getString(1))
                    .orElseThrow()));
            Set<Long> copied = new HashSet<>(restored.read(sql -> sql.query(
                    "SELECT id FROM open_loop WHERE owner_id LIKE 'writer-%'", row -> row.getLong(1))));
            assertTrue(copied.containsAll(before), "every park committed before the backup began is in the copy");
            assertTrue(after.containsAll(copied), "the copy holds only committed parks");
        }
        Config restoredConfig = ConfigLoader.load(Map.of(ConfigLoader.DB, copy.toString()), folder, false);
        try (Loopkeeper restored = TestApp.open(restoredConfig, clock)) {
            List<String> concepts = restored.loops().list("ada", LoopFilter.open(), 0, 100).loops().stream()
                    .map(OpenLoop::concept).collect(Collectors.toList());
            assertEquals(new HashSet<>(Concepts.DISTINCT), new HashSet<>(concepts));
        }
    }

    @Test
    void aBackupNeverOverwritesAFile() throws Exception {
        Path target = Files.writeString(folder.resolve("old-backup.db"), "an older backup\n");
        try (Loopkeeper app = TestApp.open(folder, clock)) {
            park(app, "ada", "Kalman filter");
        }

        DatabaseFileException e = assertThrows(DatabaseFileException.class,
                () -> Backup.write(TestApp.config(folder).databasePath(), target));

        assertTrue(e.getMessage().startsWith(target + " already exists"), e.getMessage());
        assertEquals("an older backup\n", Files.readString(target));
    }

    @Test
    void aFileThatIsNotALoopkeeperDatabaseIsNotBackedUp() throws Exception {
        Path notes = Files.writeString(folder.resolve("notes.db"), "not a database at all\n");
        Path target = folder.resolve("copy.db");

        DatabaseFileException e = assertThrows(DatabaseFileException.class, () -> Backup.write(notes, target));

        assertTrue(e.getMessage().contains("is not a SQLite database"), e.getMessage());
        assertFalse(Files.exists(target));
    }

    private static OpenLoop park(Loopkeeper app, String owner, String concept) {
        return assertInstanceOf(ParkResult.Parked.class,
                app.loops().park(new ParkRequest(owner, concept, null, Origin.none()))).loop();
    }
}
