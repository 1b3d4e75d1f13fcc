package dev.loopkeeper.console;

import static dev.loopkeeper.support.ConsoleScript.assertShows;
import static dev.loopkeeper.support.ConsoleScript.run;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.loopkeeper.Loopkeeper;
import dev.loopkeeper.loop.LoopFilter;
import dev.loopkeeper.loop.OpenLoop;
import dev.loopkeeper.loop.Origin;
import dev.loopkeeper.loop.ParkRequest;
import dev.loopkeeper.ownership.ExportFormat;
import dev.loopkeeper.support.AppTestBase;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** {@code /export}, {@code /import} and {@code /forget-me} in the console: files on disk, a typed yes. */
class ConsoleDataTest extends AppTestBase {
    ConsoleDataTest() {
        super("2026-03-01T10:00:00Z");
    }

    private static List<String> concepts(Loopkeeper app) {
        return app.loops().list(ConsoleFront.LOCAL_USER, new LoopFilter(LoopFilter.Stage.ALL, Optional.empty()), 0, 50)
                .loops().stream().map(OpenLoop::concept).collect(Collectors.toList());
    }

    /** The line after the one that starts with {@code words}: where the console prints a file's path. */
    private static Path pathAfter(String out, String words) {
        List<String> lines = out.lines().collect(Collectors.toList());
        for (int i = 0; i + 1 < lines.size(); i++) {
            if (lines.get(i).startsWith(words)) {
                return Path.of(lines.get(i + 1));
            }
        }
        throw new AssertionError("no line starting with " + words + " in " + out);
    }

    @Test
    void exportWritesAFileAndPrintsItsPathForgetMeAsksAndImportBringsItBack() throws Exception {
        String out = run(app, """
                /park concept:bloom filters why:for the cache
                /park concept:plate tectonics
                /export format:json
                /export format:markdown
                /forget-me
                no
                /forget-me
                /loops
                """);
        Path json = pathAfter(out, "Your export (json): 2 loops");
        Path markdown = pathAfter(out, "Your export (markdown): 2 loops");
        assertTrue(json.isAbsolute() && Files.isRegularFile(json), json.toString());
        assertEquals(folder.resolve("exports").toAbsolutePath(), json.getParent(), "beside the database");
        assertTrue(Files.readString(markdown).contains("\n## bloom filters\n"));
        // Two exports in one second (the test's clock stands still) are two files, the first kept.
        Path again = pathAfter(run(app, "/export format:json\n"), "Your export (json): 2 loops");
        assertTrue(!again.equals(json) && Files.isRegularFile(json) && Files.isRegularFile(again), again.toString());
        assertTrue(again.getFileName().toString().endsWith("-2.json"), again.toString());
        assertTrue(out.contains("Type yes to delete everything: Nothing was deleted."), out);
        assertEquals(2, out.split("Nothing was deleted\\.", -1).length - 1,
                "a no, and a command on the next line, both keep everything: " + out);
        assertEquals(List.of("plate tectonics", "bloom filters"), concepts(app));

        out = run(app, "/forget-me\nyes\n/import file:" + json + "\n/import file:" + json + "\n");
        assertShows(out,
                "Deleted 2 loops",
                "Loopkeeper keeps nothing else of yours.\nThe copies you asked for are files of yours and stay: 3 exports in "
                        + folder.resolve("exports").toAbsolutePath() + ". Delete them yourself to remove them too.",
                "Imported 2 loops",
                "Everything in that export is already here (2 loops");
        assertEquals(List.of("plate tectonics", "bloom filters"), concepts(app));
    }

    @Test
    void anExportOfNothingSaysSoWritesTheFileAndOneOfALetGoLoopSaysLetGo() throws Exception {
        String out = run(app, "/export format:markdown\n");
        Path empty = pathAfter(out, "Your export (markdown): nothing to export yet. Loopkeeper keeps nothing of yours, so "
                + "the file holds only its heading; /park saves your first loop.");
        assertTrue(Files.readString(empty).endsWith("\nNo loops yet: /park saves your first.\n"), Files.readString(empty));

        out = run(app, "/focus set text:reading the Raft paper\n/export format:csv\n/park concept:einsum\n"
                + "/close loop:einsum outcome:let go\n/export format:markdown\n");
        assertShows(out, "Your export (csv): no loops yet, and the rest Loopkeeper keeps of yours (1 focus item). It is "
                + "yours; /import file:<path> takes the JSON form back.");
        Path markdown = pathAfter(out, "Your export (markdown): 1 loop and everything with it.");
        assertTrue(Files.readString(markdown).contains("\noutcome: \"let go\"\n"), Files.readString(markdown));
    }

    @Test
    void anEmptyFileIsRefusedSayingNothingWasImportedAndSpacesInAnOutcomeDoNotMatter() throws Exception {
        Path empty = Files.createFile(folder.resolve("empty.json"));
        String out = run(app, "/import file:" + empty + "\n/park concept:einsum\n"
                + "/close loop:einsum outcome:let   go\n");

        assertShows(out, "it is empty or not a JSON object. Nothing was imported.", "Closed einsum as let go.");
    }

    @Test
    void anImportedOpenLoopWithTheConceptOfAnOpenOneIsMergedIntoIt() throws Exception {
        // Someone else's export (or one from another database) that holds an open "Kalman filter" too.
        app.loops().park(new ParkRequest("1000000000000000777", "kalman  FILTER", "from the other laptop",
                Origin.none()));
        Path file = Files.write(folder.resolve("other.json"),
                app.data().write(app.data().export("1000000000000000777"), ExportFormat.JSON));
        clock.advance(java.time.Duration.ofDays(3));

        String out = run(app, "/park concept:Kalman filter why:for the drone\n/import file:" + file + "\n/import file:"
                + file + "\n/loops\n");
        OpenLoop kalman = app.loops().resolve(ConsoleFront.LOCAL_USER, "Kalman filter");
        assertShows(out,
                "1 open loop in the file has the concept of a loop you have open, so it was merged into it as parking "
                        + "it again would be, keeping its why, notes, phases and reflections there: \"kalman FILTER\" "
                        + "into #" + kalman.id() + ".",
                "Everything in that export is already here (1 loop); nothing was added.",
                "Open loops (1)\n#" + kalman.id() + " Kalman filter");
        assertEquals(List.of("Kalman filter"), concepts(app), "one loop for the concept");
        assertEquals("for the drone", kalman.why());
        assertEquals(List.of("from the other laptop"), app.database().read(sql -> sql.query(
                "SELECT why FROM loop_note WHERE loop_id = ?", r -> r.getString(1), kalman.id())),
                "the file's why is kept on it, once");
    }

    @Test
    void importSaysWhatIsWrongWithTheFile() throws Exception {
        Path notes = Files.writeString(folder.resolve("notes.json"), "[1, 2");
        String out = run(app, "/import file:" + folder.resolve("missing.json") + "\n/import file:" + notes
                + "\n/export format:pdf\n/import file:/dev/zero\n/park concept:still here\n");
        assertShows(out,
                "There is no file at " + folder.resolve("missing.json") + ". Nothing was imported.",
                "That file is not valid JSON (line 1, column",
                "format must be one of markdown, json, csv; got 'pdf'.",
                // A device reports no size and never ends: read only as far as the limit, not into all memory.
                "That file is larger than 20 MB; an import reads at most that. Nothing was imported.",
                "Parked still here.");
    }

    @Test
    void aPathInQuotesAsATerminalPastesItOrFromTheHomeFolderIsRead() {
        Path spaced = folder.resolve("my exports").resolve("export.json");
        assertEquals(spaced.toAbsolutePath(), ConsoleData.pathOf("\"" + spaced + "\""));
        assertEquals(spaced.toAbsolutePath(), ConsoleData.pathOf(" '" + spaced + "' "));
        assertEquals(Path.of(System.getProperty("user.home"), "x.json"), ConsoleData.pathOf("~/x.json"));
        assertEquals(Path.of("it's.json").toAbsolutePath(), ConsoleData.pathOf("it's.json"), "one quote is a name");
    }

    @Test
    void aFolderItCannotWriteOrAPathThatIsNotAFileIsAMessageNotACrash() throws Exception {
        Files.writeString(folder.resolve("exports"), "a file where the exports folder would be");
        String out = run(app, "/park concept:bloom filters\n/export format:json\n/import file:" + folder
                + "\n/loops\n");
        assertShows(out,
                "The export could not be written to " + folder.resolve("exports"),
                folder.toAbsolutePath() + " is a folder. Give the export file itself");
        assertTrue(out.contains("Open loops (1)\n#1 bloom filters"), "the console carries on: " + out);
    }

    @Test
    void loopsWithoutVectorsAreGivenThemBeforeTheWelcomeAndTheConsoleSaysSoFirst() {
        // A heavy user's pass: after an import of 7,000 loops the console was quit before their vectors were all
        // computed; the next start said "Database: ..." and then nothing for 22 s while it computed them.
        run(app, "/park concept:bloom filters why:for the cache\n/park concept:plate tectonics\n");
        app.database().write(sql -> sql.update("UPDATE open_loop SET embedding = NULL, embedding_model = NULL, why_embedding = NULL, "
                + "foundations = NULL, foundations_version = NULL"));

        String out = run(app, "/loops query:continental drift\n");
        assertTrue(out.startsWith("Getting 2 loops ready for search and reminders (their vectors are computed once, "
                + "after an import or an update); this can take a minute.\nLoopkeeper console."), out);
        assertShows(out, "#2 plate tectonics");
        assertEquals(0L, (long) app.database().read(sql -> sql.queryLong(
                "SELECT COUNT(*) FROM open_loop WHERE embedding IS NULL")), "computed before the first command");

        assertTrue(run(app, "/loops\n").startsWith("Loopkeeper console."), "nothing to say when none waits");
    }
}
