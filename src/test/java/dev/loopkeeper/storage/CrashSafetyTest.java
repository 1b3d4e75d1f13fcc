package dev.loopkeeper.storage;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.loopkeeper.support.TestApp;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Kills a child JVM with SIGKILL in the middle of a burst of parks: every committed loop must survive. */
class CrashSafetyTest {
    private static final int COMMITS_BEFORE_KILL = 300;

    @TempDir
    Path folder;

    @Test
    void aKilledProcessLosesNoCommittedLoopAndLeavesAReadableDatabase() throws Exception {
        Path db = folder.resolve("burst.db");
        // Migrated already, as after a first start: the child spends its time parking, not in Flyway's start-up.
        TestApp.migrated(db);
        Process child = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), ParkBurst.class.getName(), db.toString())
                .redirectError(ProcessBuilder.Redirect.DISCARD)
                .start();
        List<Long> committed = new ArrayList<>();
        try (BufferedReader lines = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while (committed.size() < COMMITS_BEFORE_KILL && (line = lines.readLine()) != null) {
                committed.add(Long.parseLong(line.substring("committed ".length())));
            }
            child.destroyForcibly(); // SIGKILL: no shutdown hook, no close, mid-transaction
            assertTrue(child.waitFor(30, TimeUnit.SECONDS));
        }
        assertEquals(COMMITS_BEFORE_KILL, committed.size(), "the child should have committed parks before the kill");

        try (Database reopened = Database.open(db)) {
            String integrity = reopened.read(sql -> sql.queryOne("PRAGMA integrity_check", row -> row.getString(1)).orElseThrow());
            assertEquals("ok", integrity);
            Set<Long> stored = new HashSet<>(reopened.read(sql -> sql.query(
                    "SELECT id FROM open_loop WHERE owner_id = 'burst' AND status = 'open'", row -> row.getLong(1))));
            List<Long> lost = committed.stream().filter(id -> !stored.contains(id)).toList();
            assertEquals(List.of(), lost, "committed loops lost by the crash");
            long readable = reopened.read(sql -> sql.queryLong(
                    "SELECT COUNT(*) FROM open_loop WHERE concept LIKE 'concept % 🧠' AND why LIKE 'why %'"));
            assertEquals(stored.size(), readable);
        }
    }
}
