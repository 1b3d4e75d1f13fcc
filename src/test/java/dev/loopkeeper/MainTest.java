package dev.loopkeeper;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MainTest {
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

    @Test
    void consoleNeedsNoTokenAndKeepsItsDatabaseWhereConfigured() {
        Path db = folder.resolve("nested/console.db");
        int code = run("console", Map.of("LOOPKEEPER_DB", db.toString()), "/park concept:attention\n");
        assertEquals(0, code, err.toString(StandardCharsets.UTF_8));
        assertTrue(out.toString(StandardCharsets.UTF_8).contains("Parked attention."));
        assertTrue(Files.exists(db));
    }

    @Test
    void anUnknownModeShowsUsage() {
        assertEquals(2, run("serve", Map.of(), ""));
        assertTrue(err.toString(StandardCharsets.UTF_8).contains("Usage:"));
    }
}
