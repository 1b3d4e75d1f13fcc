package dev.loopkeeper.console;

import static dev.loopkeeper.support.ConsoleScript.assertShows;
import static dev.loopkeeper.support.ConsoleScript.run;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.loopkeeper.Loopkeeper;
import dev.loopkeeper.command.Commands;
import dev.loopkeeper.loop.LoopFilter;
import dev.loopkeeper.support.AppTestBase;
import org.junit.jupiter.api.Test;

/** The console's help, edit, reopen, search and related: the same services and words as Discord, typed. */
class ConsoleEverydayTest extends AppTestBase {
    ConsoleEverydayTest() {
        super("2026-03-01T10:00:00Z");
    }

    @Test
    void helpSaysWhatItIsForEveryCommandAndHowRemindersDecide() {
        String out = run(app, "help\n/help\n/help command:close\n");
        assertEquals(2, out.split("Loopkeeper keeps the concepts you can't walk into yet", -1).length - 1, out);
        assertTrue(out.contains("/help takes no options: type it alone."), out);
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
        assertTrue(out.contains("You have no active focus, so nothing comes back until you set one: "
                + "/focus set text:<what you are working on>."), "no focus yet: nothing can come back\n" + out);
    }

    @Test
    void helpOpensWithTheOneThingToDoNext() {
        String out = run(app, "help\n/park concept:Bloom filters\nhelp\n/focus set text:sizing a cache\nhelp\n");
        String[] helps = out.split("Commands, one per line", -1);
        assertEquals(4, helps.length, out);
        assertTrue(helps[0].contains("\n\nStart here: /park concept:<a concept you want to come back to>. Then /focus "
                + "set text:<what you are working on>: parked loops that match it come back.\n"), helps[0]);
        assertTrue(helps[1].contains("\n\nNext: /focus set text:<what you are working on>. Parked loops come back "
                + "only when they match your focus.\n"), helps[1]);
        assertTrue(!helps[2].contains("Start here") && !helps[2].contains("Next:"), helps[2]);
    }

    @Test
    void aLoopTypedBeforeAnyIsParkedSaysToParkOne() {
        String out = run(app, "/open loop:autodiff\n/close loop:3 outcome:learned\n");
        assertEquals(2, out.split("You have no open loops. Park one with /park concept:<text>.", -1).length - 1, out);
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
                /triage loop:kalman class:core
                /loops query:kalman
                /loops query:the
                /loops query:medieval castles
                /loops query:kalman page:2
                /related loop:Kalman filter
                /close loop:jazz outcome:let go takeaway:another year
                /reopen loop:jazz
                /loops
                /reopen loop:castles
                /edit loop:jazz concept:x scope:server
                """);
        assertShows(out,
                "Updated #1: Kalman filter (was kalman filtre).\nWhy it matters: drone state",
                "Say what to change: give concept:<new wording>",
                "You already have particle filter open (#2).",
                "Among your loops: \u201ckalman\u201d\n#1 Kalman filter · core · parked just now\n"
                        + "  words: kalman",
                "\u201cthe\u201d has no word to look for",
                "Fewer or other words may find it.\nWhat fits \u201ckalman\u201d fits on one page; there is no page 2.",
                "there is no page 2.\nNear Kalman filter (#1)",
                "Near Kalman filter (#1)\n#2 particle filter",
                "To fold one in: /merge loop:<its #> into:1 · to start on one: /open loop:<its #>",
                "Reopened jazz harmony (#3): it is open again",
                "+ closed before as let go",
                "takeaway: another year",
                "I can't find that among your closed loops.",
                "Server loops live on Discord");
        assertEquals(3, app.loops().list(ConsoleFront.LOCAL_USER, LoopFilter.open(), 0, 10).total());
    }

    /** A search of more than a page says the line for the next, which reads back as the same search, page 2. */
    @Test
    void aSearchOfMoreThanAPageSaysTheLineForTheNext() {
        StringBuilder script = new StringBuilder();
        for (String concept : java.util.List.of("attention heads", "attention masks", "attention span",
                "attention economy", "visual attention", "cross attention", "flash attention", "sparse attention",
                "attention sinks", "attention rollout", "selective attention in psychology", "attention deficit")) {
            script.append("/park concept:").append(concept).append('\n');
        }
        script.append("/close loop:attention span outcome:learned takeaway:shorter than a meeting\n");
        script.append("/loops query:attention\n/loops page:2 query:attention\n/loops status:open page:2 "
                + "query:attention\n");
        String out = run(app, script.toString());
        assertShows(out,
                "12 found, best first, by words, meaning and the concept map \u00b7 page 1 of 2 \u00b7 next: /loops page:2 "
                        + "query:attention\n",
                "12 found, best first, by words, meaning and the concept map \u00b7 page 2 of 2\n",
                "#3 attention span \u00b7 learned \u00b7 closed ",
                "Takeaway: shorter than a meeting",
                "Among your open loops: \u201cattention\u201d");
        assertTrue(out.contains("11 found, best first, by words, meaning and the concept map \u00b7 page 2 of 2"), out);
    }
}
