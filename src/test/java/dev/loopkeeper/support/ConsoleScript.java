package dev.loopkeeper.support;

import static org.junit.jupiter.api.Assertions.fail;

import dev.loopkeeper.Loopkeeper;
import java.io.BufferedReader;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/** The console front driven by a script, as a person typing it would: what it printed, and checks on that. */
public final class ConsoleScript {
    private ConsoleScript() {
    }

    /** Runs {@code script}'s lines through {@code app}'s console front and returns everything it printed. */
    public static String run(Loopkeeper app, String script) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8);
        app.console(out).run(new BufferedReader(new StringReader(script)), out, false);
        return bytes.toString(StandardCharsets.UTF_8);
    }

    /** Asserts that {@code out} holds every one of {@code expected}; a failure names all that are missing, then out. */
    public static void assertShows(String out, String... expected) {
        List<String> missing = new ArrayList<>();
        for (String piece : expected) {
            if (!out.contains(piece)) {
                missing.add(piece);
            }
        }
        if (!missing.isEmpty()) {
            fail("the console did not show " + missing + " in:\n" + out);
        }
    }
}
