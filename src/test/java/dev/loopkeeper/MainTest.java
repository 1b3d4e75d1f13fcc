package dev.loopkeeper;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.loopkeeper.e2e.fake.FakeDiscord;
import dev.loopkeeper.e2e.fake.Fault;
import dev.loopkeeper.storage.Database;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MainTest {
    /** Well-formed (three base64url parts), so only Discord could reject it. */
    private static final String WELL_FORMED_TOKEN = "MTAwMDAwMDAwMDAwMDAwMDAx.GfAkeX.fake-token-for-tests_0123456789";

    @TempDir
    Path folder;
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    private int run(String mode, Map<String, String> env, String input) {
        return Main.run(mode, env, folder, new ByteArrayInputStream(input.getBytes(StandardCharsets.UTF_8)),
                new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    @Test
    void withoutATokenTheBotSaysOneClearLineAndExitsWithTwo() {
        int code = run("bot", Map.of(), "");
        String message = err.toString(StandardCharsets.UTF_8);
        assertEquals(2, code);
        assertEquals(1, message.lines().count(), message);
        assertTrue(message.contains("DISCORD_TOKEN") && message.contains(".env.example") && message.contains("console"));
        assertFalse(message.contains("Exception") || message.contains("\tat "), "no stack trace");
    }

    @Test
    void aMalformedTokenIsNamedButNotPrinted() {
        int code = run("bot", Map.of("DISCORD_TOKEN", "my secret token"), "");
        String message = err.toString(StandardCharsets.UTF_8);
        assertEquals(2, code);
        assertTrue(message.contains("DISCORD_TOKEN is malformed"), message);
        assertFalse(message.contains("my secret token"));
    }

    /** score reads a third column, the why (README, docs/RELEVANCE.md); the usage named two. */
    @Test
    void theUsageSaysScoreTakesAWhy() {
        assertEquals(0, run("help", Map.of(), ""));
        assertTrue(out.toString(StandardCharsets.UTF_8).contains("score          read work<TAB>concept[<TAB>why] lines"),
                out.toString(StandardCharsets.UTF_8));
    }

    @Test
    void theConsoleRunsWhateverDotEnvHoldsForTheToken() throws IOException {
        Files.writeString(folder.resolve(".env"), "DISCORD_TOKEN=paste your token here\n");
        int code = run("console", Map.of("LOOPKEEPER_DB", "data/loopkeeper.db"), "/park concept:attention\n");
        assertEquals(0, code, err.toString(StandardCharsets.UTF_8));
        assertTrue(out.toString(StandardCharsets.UTF_8).contains("Parked attention."), out.toString(StandardCharsets.UTF_8));
        assertFalse(err.toString(StandardCharsets.UTF_8).contains("DISCORD_TOKEN"), err.toString(StandardCharsets.UTF_8));
    }

    @Test
    void aTokenDiscordRejectsIsNamedInOneLineWithExitCodeTwo() {
        try (FakeDiscord discord = FakeDiscord.start()) {
            discord.failNext(1, "GET", "users/@me", Fault.discordError(401, 0, "401: Unauthorized"));
            Map<String, String> env = Map.of("DISCORD_TOKEN", WELL_FORMED_TOKEN,
                    "LOOPKEEPER_DISCORD_API_BASE", discord.restBaseUrl(),
                    "LOOPKEEPER_DISCORD_GATEWAY_URL", discord.gatewayUrl());

            int code = run("bot", env, "");

            assertEquals(2, code);
            String message = err.toString(StandardCharsets.UTF_8);
            assertEquals(1, message.lines().count(), message);
            assertTrue(message.startsWith("DISCORD_TOKEN was rejected by Discord."), message);
            assertFalse(message.contains(WELL_FORMED_TOKEN));
        }
    }

    @Test
    void messageContentThePortalDoesNotAllowIsOneLineNamingTheSettingAndTheSwitchWithExitCodeTwo() {
        // Discord closes the session with 4014 (disallowed intents) after an IDENTIFY asking for Message Content.
        try (FakeDiscord discord = FakeDiscord.builder().withoutPrivilegedIntents().start()) {
            Map<String, String> env = Map.of("DISCORD_TOKEN", WELL_FORMED_TOKEN,
                    "LOOPKEEPER_DISCORD_API_BASE", discord.restBaseUrl(),
                    "LOOPKEEPER_DISCORD_GATEWAY_URL", discord.gatewayUrl(),
                    "LOOPKEEPER_MESSAGE_CONTENT", "true");

            int code = run("bot", env, "");

            String message = err.toString(StandardCharsets.UTF_8);
            assertEquals(2, code, message);
            assertEquals(1, message.lines().count(), message);
            assertTrue(message.contains("LOOPKEEPER_MESSAGE_CONTENT=true") && message.contains("Message Content Intent")
                    && message.contains("Developer Portal's Bot page") && message.contains("4014"), message);
            assertFalse(message.contains("Exception") || message.contains("\tat "), "no stack trace: " + message);
            assertTrue(discord.notes().stream().anyMatch(n -> n.startsWith("gateway: IDENTIFY with disallowed intents")),
                    discord.notes().toString());
        }
    }

    @Test
    void consoleNeedsNoTokenAndNamesItsDatabaseRelativeToTheWorkingFolder() {
        Path db = folder.resolve("nested/console.db");
        int code = run("console", Map.of("LOOPKEEPER_DB", "nested/console.db"), "/park concept:attention\n");
        assertEquals(0, code, err.toString(StandardCharsets.UTF_8));
        String printed = out.toString(StandardCharsets.UTF_8);
        assertEquals("Database: " + db, printed.lines().findFirst().orElseThrow());
        assertTrue(db.isAbsolute());
        assertTrue(printed.contains("Parked attention."));
        assertTrue(Files.exists(db));
    }

    @Test
    void consoleRefusesAFileThatIsNotADatabaseInOneLineWithExitCodeThree() throws IOException {
        Path db = Files.writeString(folder.resolve("loopkeeper.db"), "my shopping list\n");

        int code = run("console", Map.of("LOOPKEEPER_DB", "loopkeeper.db"), "/park concept:attention\n");

        assertEquals(3, code);
        assertOneLineNaming(db);
        assertEquals("my shopping list\n", Files.readString(db));
        assertEquals("", out.toString(StandardCharsets.UTF_8));
    }

    @Test
    void theBotRefusesAFolderItCannotCreateBeforeReachingDiscord() throws IOException {
        Path blocker = Files.writeString(folder.resolve("data"), "not a folder\n");
        Map<String, String> env = Map.of("DISCORD_TOKEN", WELL_FORMED_TOKEN,
                "LOOPKEEPER_DB", "data/loopkeeper.db",
                // Nothing listens here: were the database accepted, the bot would try to connect.
                "LOOPKEEPER_DISCORD_API_BASE", "http://127.0.0.1:9/api/v10/");

        int code = run("bot", env, "");

        assertEquals(3, code);
        assertOneLineNaming(blocker.resolve("loopkeeper.db"));
        assertTrue(err.toString(StandardCharsets.UTF_8).contains(blocker + " is a file, not a folder"));
    }

    @Test
    void backupNeedsOneNewFileName() throws IOException {
        assertEquals(2, runArgs(List.of("backup")));
        assertTrue(err.toString(StandardCharsets.UTF_8).contains("backup takes one new file name"));

        err.reset();
        Path taken = Files.writeString(folder.resolve("taken.db"), "keep me\n");
        assertEquals(2, backup("taken.db"));
        assertOneLineNaming(taken);
        assertEquals("keep me\n", Files.readString(taken));
    }

    @Test
    void exportNeedsAUserIdAndANewFileName() throws IOException {
        assertEquals(2, runArgs(List.of("export", "ada", "ada.json")));
        assertTrue(err.toString(StandardCharsets.UTF_8).contains("export takes a Discord user id"));
        assertEquals(2, runArgs(List.of("export", "123")));

        err.reset();
        assertEquals(3, runArgs(List.of("export", "123", "ada.json")), "no database here");
        assertTrue(err.toString(StandardCharsets.UTF_8).startsWith("There is no database at "
                + folder.resolve("data/loopkeeper.db")), err.toString(StandardCharsets.UTF_8));
        assertFalse(Files.exists(folder.resolve("data/loopkeeper.db")), "none was made");

        err.reset();
        Path taken = Files.writeString(folder.resolve("taken.json"), "keep me\n");
        assertEquals(2, runArgs(List.of("export", "123", "taken.json")));
        assertOneLineNaming(taken);
        assertEquals("keep me\n", Files.readString(taken));
    }

    @Test
    void exportWritesOnePersonsJsonExportToANewFile() throws IOException {
        try (Database database = Database.open(folder.resolve("data/loopkeeper.db"))) {
            database.write(sql -> {
                sql.update("INSERT INTO open_loop (owner_id, concept, concept_key, created_at, updated_at) "
                        + "VALUES ('123', 'attention', 'attention', 0, 0)");
                sql.update("INSERT INTO open_loop (owner_id, concept, concept_key, created_at, updated_at) "
                        + "VALUES ('456', 'someone else''s loop', 'someone else''s loop', 0, 0)");
            });
        }

        assertEquals(0, runArgs(List.of("export", "123", "exports/ada.json")), err.toString(StandardCharsets.UTF_8));

        Path written = folder.resolve("exports/ada.json");
        assertTrue(out.toString(StandardCharsets.UTF_8).startsWith("Wrote the export of 123 to " + written + " ("),
                out.toString(StandardCharsets.UTF_8));
        assertTrue(out.toString(StandardCharsets.UTF_8).contains(", 1 loop). /import restores it."));
        String json = Files.readString(written);
        assertTrue(json.contains("\"loopkeeper-export\"") && json.contains("\"attention\""), json);
        assertFalse(json.contains("someone else"), "only that person's rows");

        err.reset();
        assertEquals(2, runArgs(List.of("export", "789", "exports/nobody.json")), "an id that holds nothing");
        assertTrue(err.toString(StandardCharsets.UTF_8).startsWith("Loopkeeper holds nothing for user id 789 in "),
                err.toString(StandardCharsets.UTF_8));
        assertFalse(Files.exists(folder.resolve("exports/nobody.json")));
    }

    @Test
    void backupOfAMissingDatabaseSaysSo() {
        assertEquals(3, backup("backups/copy.db"));
        assertOneLineNaming(folder.resolve("data/loopkeeper.db"));
        assertTrue(err.toString(StandardCharsets.UTF_8).contains("There is no database at"));
        assertFalse(Files.exists(folder.resolve("backups/copy.db")));
    }

    @Test
    void backupWritesACopyAndSaysWhere() {
        try (Database database = Database.open(folder.resolve("data/loopkeeper.db"))) {
            database.write(sql -> sql.update("INSERT INTO open_loop (owner_id, concept, concept_key, created_at, "
                    + "updated_at) VALUES ('ada', 'attention', 'attention', 0, 0)"));
        }

        assertEquals(0, backup("backups/copy.db"), err.toString(StandardCharsets.UTF_8));

        Path copy = folder.resolve("backups/copy.db");
        assertTrue(out.toString(StandardCharsets.UTF_8).startsWith("Backed up " + folder.resolve("data/loopkeeper.db")
                + " to " + copy + " ("), out.toString(StandardCharsets.UTF_8));
        try (Database restored = Database.open(copy)) {
            long loops = restored.read(sql -> sql.queryLong("SELECT COUNT(*) FROM open_loop"));
            assertEquals(1, loops);
        }
    }

    @Test
    void backupOnPostgresPointsAtPgDumpAndWritesNothing() {
        int code = Main.run(List.of("backup", "backups/copy.db"), Map.of("LOOPKEEPER_DB",
                "jdbc:postgresql://127.0.0.1:1/loopkeeper", "LOOPKEEPER_DB_USER", "lk"), folder,
                InputStream.nullInputStream(), new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        String message = err.toString(StandardCharsets.UTF_8);
        assertEquals(2, code);
        assertEquals(1, message.lines().count(), message);
        assertTrue(message.contains("pg_dump") && message.contains("docs/DEPLOY.md"), message);
        assertFalse(Files.exists(folder.resolve("backups")));
    }

    @Test
    void aPostgresServerThatCannotBeReachedIsOneLineWithExitCodeThreeAndNoPassword() {
        // Port 1 on loopback: nothing listens, the connection is refused at once.
        int code = Main.run(List.of("console"), Map.of("LOOPKEEPER_DB", "jdbc:postgresql://127.0.0.1:1/loopkeeper",
                "LOOPKEEPER_DB_USER", "lk", "LOOPKEEPER_DB_PASSWORD", "s3cret"), folder, InputStream.nullInputStream(),
                new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
        String message = err.toString(StandardCharsets.UTF_8);
        assertEquals(3, code, message);
        assertEquals(1, message.lines().count(), message);
        assertTrue(message.contains("cannot connect to PostgreSQL at jdbc:postgresql://127.0.0.1:1/loopkeeper")
                && message.contains("LOOPKEEPER_DB_USER"), message);
        assertFalse(message.contains("s3cret") || message.contains("\tat "), message);
    }

    @Test
    void aPostgresUrlCarryingItsPasswordIsRefusedInOneLineThatNeverShowsIt() {
        for (String url : List.of("postgres://alice:s3cretPW@db.example.com:5432/loopkeeper",
                "jdbc:postgresql://alice:s3cretPW@127.0.0.1:1/loopkeeper")) {
            out.reset();
            err.reset();
            int code = Main.run(List.of("console"), Map.of("LOOPKEEPER_DB", url), folder, InputStream.nullInputStream(),
                    new PrintStream(out, true, StandardCharsets.UTF_8),
                    new PrintStream(err, true, StandardCharsets.UTF_8));
            String message = err.toString(StandardCharsets.UTF_8);
            assertEquals(2, code, message);
            assertEquals(1, message.lines().count(), message);
            assertTrue(message.contains("LOOPKEEPER_DB_USER=alice and LOOPKEEPER_DB_PASSWORD"), message);
            assertFalse((message + out.toString(StandardCharsets.UTF_8)).contains("s3cretPW"), message);
        }
    }

    @Test
    void aDriverQuotingAUrlWithItsPasswordIsShownWithoutIt() {
        // The driver takes "alice:s3cretPW@127.0.0.1" for a host name and says it is none.
        dev.loopkeeper.storage.DatabaseFileException e = org.junit.jupiter.api.Assertions.assertThrows(
                dev.loopkeeper.storage.DatabaseFileException.class, () -> Database.openPostgres(
                        "jdbc:postgresql://alice:s3cretPW@127.0.0.1:1/loopkeeper?password=s3cretPW", null, "given"));
        assertTrue(e.getMessage().startsWith("Loopkeeper cannot connect to PostgreSQL at jdbc:postgresql://alice:***@"),
                e.getMessage());
        assertFalse(e.getMessage().contains("s3cretPW") || e.getMessage().contains("given"), e.getMessage());
    }

    private int backup(String file) {
        return runArgs(List.of("backup", file));
    }

    private int runArgs(List<String> args) {
        return Main.run(args, Map.of(), folder, InputStream.nullInputStream(),
                new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    private void assertOneLineNaming(Path file) {
        String message = err.toString(StandardCharsets.UTF_8);
        assertEquals(1, message.lines().count(), message);
        assertTrue(message.contains(file.toAbsolutePath().toString()), message);
        assertFalse(message.contains("Exception") || message.contains("\tat "), "no stack trace: " + message);
    }

    @Test
    void anUnknownModeShowsUsage() {
        assertEquals(2, run("serve", Map.of(), ""));
        assertTrue(err.toString(StandardCharsets.UTF_8).contains("Usage:"));
    }
}
