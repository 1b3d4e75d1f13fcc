package dev.loopkeeper;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.loopkeeper.storage.Database;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code export <user id> <file>} as an operator meets it, in a process of its own: one cut short mid-write leaves no
 * file at the name asked for. A cut 64 KB file there read as the export, and a second try was refused as "already
 * exists".
 */
class ExportProcessTest {
    private static final Path BASH = Path.of("/bin/bash");

    @TempDir
    Path folder;

    @Test
    void anExportCutShortByAFullDiskLeavesNoFileAtItsNameAndTheNextTryWritesIt() throws Exception {
        assumeTrue(Files.isExecutable(BASH), "the file size limit is set with bash's ulimit");
        Path db = folder.resolve("data/loopkeeper.db");
        try (Database database = Database.open(db)) {
            database.write(sql -> {
                for (int i = 0; i < 400; i++) {
                    sql.update("INSERT INTO open_loop (owner_id, concept, concept_key, why, created_at, updated_at) "
                            + "VALUES ('123', ?, ?, ?, 0, 0)", "concept " + i, "concept " + i, "x".repeat(200));
                }
            });
        }

        // The file size limit stands in for a full disk or a kill: the write stops after 64 KB of about 160.
        Process cut = export(db, "ulimit -f 64; exec ");
        String said = Files.readString(folder.resolve("err.txt"), StandardCharsets.UTF_8);
        assertEquals(1, cut.exitValue(), said);
        assertTrue(said.startsWith("Could not write " + folder.resolve("exports/ada.json")), said);
        assertEquals(List.of(), files(folder.resolve("exports")), "nothing that looks like an export, no .part either");

        Process whole = export(db, "exec ");
        assertEquals(0, whole.exitValue(), Files.readString(folder.resolve("err.txt"), StandardCharsets.UTF_8));
        assertEquals(List.of("ada.json"), files(folder.resolve("exports")));
        assertTrue(Files.readString(folder.resolve("exports/ada.json")).strip().endsWith("}"), "the whole export");
        assertEquals(PosixFilePermissions.fromString("rw-------"),
                Files.getPosixFilePermissions(folder.resolve("exports/ada.json")), "a person's data, for the operator");
    }

    /** Runs {@code export 123 exports/ada.json} in {@code folder} after {@code shell}, and waits for it to end. */
    private Process export(Path db, String shell) throws IOException, InterruptedException {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        ProcessBuilder start = new ProcessBuilder(BASH.toString(), "-c", shell + "\"$0\" -XX:-UsePerfData -cp \"$1\" "
                + Main.class.getName() + " export 123 exports/ada.json", java, System.getProperty("java.class.path"))
                .directory(folder.toFile())
                .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .redirectError(folder.resolve("err.txt").toFile());
        start.environment().put("LOOPKEEPER_DB", db.toString());
        Process child = start.start();
        assertTrue(child.waitFor(60, TimeUnit.SECONDS), "the export did not end");
        return child;
    }

    private static List<String> files(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(dir)) {
            return files.map(f -> f.getFileName().toString()).sorted().toList();
        }
    }
}
