package dev.loopkeeper.console;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.loopkeeper.Loopkeeper;
import dev.loopkeeper.command.Commands;
import dev.loopkeeper.loop.LoopFilter;
import dev.loopkeeper.support.AppTestBase;
import java.io.BufferedReader;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** The console's help, edit, reopen, search and related: the same services and words as Discord, typed. */
class ConsoleEverydayTest extends AppTestBase {
    ConsoleEverydayTest() {
        super("2026-03-01T10:00:00Z");
    }

    private static String run(Loopkeeper app, String script) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        app.console().run(new BufferedReader(new StringReader(script)), new PrintStream(bytes, true,
                StandardCharsets.UTF_8), false);
        return bytes.toString(StandardCharsets.UTF_8);
    }

    @Test
    void helpSaysWhatItIsForEveryCommandAndHowRemindersDecide() {
        String out = run(app, "help\n/help\n");
        assertEquals(2, out.split("Loopkeeper keeps the concepts you can't walk into yet", -1).length - 1, out);
        assertTrue(out.contains("  /edit loop:<number or concept> [concept:<text>] [why:<text>] [scope:personal|server]"
                + "\n      " + Commands.EDIT.description()), out);
        assertTrue(out.contains("  /loops [status:") && out.contains("[query:<words>]"), out);
        assertTrue(out.contains("How reminders decide:\n  When your focus changes"), out);
        assertTrue(out.contains("rests 7 days") && out.contains("At most 3 reminders a day"), out);
        assertTrue(out.contains("Where reminders appear:\n  Here, right after the command"), out);
        assertTrue(!out.contains("/settings") && !out.contains("Park a concept (a message"), "Discord-only stays out");
    }

    @Test
    void theFirstParkSaysHowItWorksOnce() {
        String out = run(app, "/park concept:Kalman filter\n/park concept:particle filter\n");
        assertEquals(1, out.split("How it works:", -1).length - 1, out);
        assertTrue(out.contains("it prints here"), out);
    }

    @Test
    void editReopenSearchAndRelatedWorkAsOnDiscord() {
        String out = run(app, """
                /park concept:kalman filtre
                /park concept:particle filter
                /park concept:jazz harmony
                /edit loop:kalman concept:Kalman filter why:drone state
                /edit loop:jazz
                /edit loop:jazz concept:particle filter
                /loops query:kalman
                /loops query:the
                /related loop:Kalman filter
                /close loop:jazz outcome:let go takeaway:another year
                /reopen loop:jazz
                /loops
                /reopen loop:castles
                /edit loop:jazz concept:x scope:server
                """);
        assertTrue(out.contains("Updated #1: Kalman filter (was kalman filtre).\nWhy it matters: drone state"), out);
        assertTrue(out.contains("Say what to change: give concept:<new wording>"), out);
        assertTrue(out.contains("You already have particle filter open (#2)."), out);
        assertTrue(out.contains("Among your open loops: \u201ckalman\u201d\n#1 Kalman filter · parked just now\n"
                + "  words: kalman"), out);
        assertTrue(out.contains("\u201cthe\u201d has no word to look for"), out);
        assertTrue(out.contains("Near Kalman filter (#1)\n#2 particle filter"), out);
        assertTrue(out.contains("To fold one in: /merge loop:2 into:1 · to start on one: /open loop:2"), out);
        assertTrue(out.contains("Reopened jazz harmony (#3): it is open again"), out);
        assertTrue(out.contains("+ closed before as let go"), out);
        assertTrue(out.contains("takeaway: another year"), out);
        assertTrue(out.contains("I can't find that among your closed loops."), out);
        assertTrue(out.contains("Server loops live on Discord"), out);
        assertEquals(3, app.loops().list(ConsoleFront.LOCAL_USER, LoopFilter.open(), 0, 10).total());
    }
}
