package dev.loopkeeper;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A start refused for its database, as a person meets it: a process of its own, which exits. The model loads beside
 * the database, and the refusal can come while ONNX Runtime is still creating its session; a process that exited then
 * crashed in ONNX Runtime's own teardown (SIGSEGV, exit code 134 instead of 3, and an {@code hs_err_pid*.log} left in
 * the person's folder) in 10 of 12 starts on another application's database.
 */
class RefusedStartProcessTest {

    /** Starts to try: the crash came in most of them, so all of these passing is not luck. */
    private static final int STARTS = 3;

    @TempDir
    Path folder;

    @Test
    void anotherApplicationsDatabaseIsRefusedWithExitCodeThreeAndNoCrash() throws Exception {
        Path other = folder.resolve("notes.db");
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + other);
                Statement s = c.createStatement()) {
            s.execute("CREATE TABLE notes (body TEXT)");
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
        for (int i = 0; i < STARTS; i++) {
            Path err = folder.resolve("err-" + i + ".txt");
            ProcessBuilder start = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-cp", System.getProperty("java.class.path"), Main.class.getName(), "console")
                    .directory(folder.toFile())
                    .redirectInput(ProcessBuilder.Redirect.from(Files.createFile(folder.resolve("in-" + i + ".txt"))
                            .toFile()))
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                    .redirectError(err.toFile());
            start.environment().put("LOOPKEEPER_DB", other.toString());
            Process child = start.start();
            assertTrue(child.waitFor(60, TimeUnit.SECONDS), "the refused start did not end");

            String said = Files.readString(err, StandardCharsets.UTF_8);
            assertEquals(3, child.exitValue(), "start " + i + " said: " + said);
            assertTrue(said.contains("is another application's SQLite database"), said);
            assertEquals(List.of(), crashReports(), "start " + i + " crashed");
        }
    }

    private List<Path> crashReports() throws IOException {
        try (Stream<Path> files = Files.list(folder)) {
            return files.filter(f -> f.getFileName().toString().startsWith("hs_err_pid")).toList();
        }
    }
}
