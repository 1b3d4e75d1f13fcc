package dev.loopkeeper.console;

import static dev.loopkeeper.support.ConsoleScript.assertShows;
import static dev.loopkeeper.support.ConsoleScript.run;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.loopkeeper.loop.OpenLoop;
import dev.loopkeeper.support.AppTestBase;
import dev.loopkeeper.support.Concepts;
import java.io.BufferedReader;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class ConsoleFrontTest extends AppTestBase {
    ConsoleFrontTest() {
        super("2026-03-01T10:00:00Z");
    }

    @Test
    void aLineWithBytesThatAreNotUtf8IsRefusedNotStoredWithStandIns() throws Exception {
        ByteArrayOutputStream script = new ByteArrayOutputStream();
        script.write("/park concept:caf".getBytes(StandardCharsets.UTF_8));
        script.write(0xE9); // "é" in Latin-1: not UTF-8
        script.write(" au lait\n/park concept:cafe au lait\n/progress loop:cafe phase:instantiation\na caf"
                .getBytes(StandardCharsets.UTF_8));
        script.write(0xE9); // an answer to a question, read the same way
        script.write("\n/loops status:active\n".getBytes(StandardCharsets.UTF_8));
        ByteArrayOutputStream printed = new ByteArrayOutputStream();
        app.console().run(new BufferedReader(new InputStreamReader(
                new ByteArrayInputStream(script.toByteArray()), StandardCharsets.UTF_8)),
                new PrintStream(printed, true, StandardCharsets.UTF_8), false);
        String out = printed.toString(StandardCharsets.UTF_8);

        assertShows(out, "That line holds bytes that are not UTF-8 text", "Parked cafe au lait.",
                "What did you build with it? One line (or an empty line to skip): That line holds bytes that are not "
                        + "UTF-8 text");
        assertEquals(1, app.loops().countOpen(ConsoleFront.LOCAL_USER), "only the readable line parked");
        OpenLoop cafe = app.loops().resolve(ConsoleFront.LOCAL_USER, "cafe");
        assertTrue(app.loops().phaseState(ConsoleFront.LOCAL_USER, cafe.id()).orElseThrow().history().stream()
                .allMatch(change -> change.note() == null), "the unreadable answer was not stored as the build note");
    }

    @Test
    void parksListsAndClosesWithValuesThatHoldSpacesAndColons() {
        String out = run(app, """
                /park concept:reverse-mode autodiff why:see https://example.org/ad: chapter 3
                /park concept:einsum
                /loops
                /close loop:einsum outcome:let go takeaway:numpy docs are enough
                /loops status:closed
                quit
                /park concept:never read
                """);
        assertShows(out,
                "Parked reverse-mode autodiff.",
                "Why it matters: see https://example.org/ad: chapter 3",
                "2 open loops.",
                "Open loops (2)",
                "Closed einsum as let go.\nTakeaway: numpy docs are enough",
                "Closed loops (1)");
        assertEquals(1, app.loops().countOpen(ConsoleFront.LOCAL_USER), "nothing after quit runs");
    }

    @Test
    void anEmptyListSaysWhatWouldFillIt() {
        String out = run(app, """
                /loops
                /loops status:all
                /park concept:einsum
                /loops status:active
                /loops status:closed
                /loops status:archived
                /loops triage:core
                /triage loop:einsum class:core
                /loops triage:untriaged
                """);
        assertShows(out,
                "No open loops. Park one with /park when a concept tugs at you.",
                "No loops yet. Park one with /park when a concept tugs at you.",
                "No active loops. /open one when you start on it (or choose Open it now on a reminder).",
                "No closed loops yet. /close one with what you took from it when you are done.",
                // Nothing archives a loop (the weekly nudge offers to let untouched ones go): no such list to offer.
                "Unknown status 'archived'. Use open, active, closed or all.",
                "No open loops are triaged core. /triage sorts your loops, or /triage loop:<pick> class:core sets one.",
                "No open loops are untriaged: every one has its class.");
        assertFalse(out.contains("No loops match."), out);
        assertFalse(out.contains("Page 1 of 1"), "no page count under a list with nothing in it: " + out);
    }

    @Test
    void aClassFilterOnAListWithNoLoopsAtAllSaysThereAreNoneRatherThanThatEveryOneHasItsClass() {
        String out = run(app, """
                /loops triage:untriaged
                /loops triage:core
                /park concept:einsum
                /loops status:closed triage:untriaged
                /loops status:active triage:core
                """);
        // "every one has its class" and "/triage sorts your loops" were said of no loops: there was nothing to sort.
        assertFalse(out.contains("every one has its class"), out);
        assertFalse(out.contains("/triage sorts your loops"), out);
        assertShows(out,
                "Open loops · untriaged (0)\nNo open loops. Park one with /park when a concept tugs at you.",
                "Open loops · core (0)\nNo open loops. Park one with /park when a concept tugs at you.",
                "Closed loops · untriaged (0)\nNo closed loops yet. /close one with what you took from it when you are done.",
                "Active loops · core (0)\nNo active loops. /open one when you start on it (or choose Open it now on a "
                        + "reminder).");
    }

    @Test
    void theSameConceptAddsToItsLoopAndANearDuplicateCanBeMergedWithoutAnyQuestion() {
        String out = run(app, """
                /park concept:Attention why:first reason
                /park concept:attention why:second reason
                /park concept:attention heads
                /park concept:attention head why:to read GPT-2
                /merge loop:attention head into:attention heads
                /loops
                """);
        assertShows(out,
                "You already have Attention open, #1, parked just now. I added this why to it:\n"
                        + "second reason",
                "It looks close to your open loop attention heads (#2, parked just now). Both are "
                        + "parked; if they are one concept, you can merge this one into it.\nTo merge them: /merge loop:3 "
                        + "into:2",
                "Merged attention head (#3) into attention heads (#2), which keeps its why and source and stays parked.",
                "  + merged from #3 attention head · to read GPT-2 · just now",
                "  + second reason · just now");
        assertEquals(2, app.loops().countOpen(ConsoleFront.LOCAL_USER));
    }

    @Test
    void aMergedLoopsClassGoesToTheLoopItJoinsWhenThatHasNone() {
        String out = run(app, """
                /park concept:Paxos
                /park concept:Raft consensus
                /triage loop:2 class:core
                /merge loop:2 into:1
                /loops triage:core
                """);
        assertShows(out, "Merged Raft consensus (#2) into Paxos (#1), which keeps its why and source and stays parked. "
                + "#1 had no class, so it takes #2's: core.", "Open loops · core (1)\n#1 Paxos · core · just now");
        assertEquals(dev.loopkeeper.loop.Triage.CORE, app.loops().find(ConsoleFront.LOCAL_USER, 1).orElseThrow().triage());
    }

    @Test
    void anAccentTypedAsACombiningMarkIsOneCharacterAndFoundByTheComposedWordAndTheOtherWayRound() {
        String composedE = "\u00E9";
        String decomposedE = "e\u0301";
        String parked = run(app, "/park concept:" + decomposedE.repeat(150) + "\n"
                + "/park concept:cafe\u0301 au lait why:with cre\u0300me\n"
                + "/park concept:cr\u00E8me br\u00FBl\u00E9e\n");
        assertShows(parked, "Parked " + composedE.repeat(150) + ".", "Parked caf\u00E9 au lait.\nWhy it matters: with "
                + "cr\u00E8me");
        assertFalse(parked.contains("characters; keep it to"), "150 letters, not 300: " + parked);
        assertEquals("caf\u00E9 au lait", app.loops().find(ConsoleFront.LOCAL_USER, 2).orElseThrow().concept(),
                "stored composed");

        String composedQuery = run(app, "/loops query:caf\u00E9\n");
        assertTrue(composedQuery.contains("#2 caf\u00E9 au lait"), composedQuery);
        String decomposedQuery = run(app, "/loops query:bru\u0302le\u0301e\n");
        assertTrue(decomposedQuery.contains("#3 cr\u00E8me br\u00FBl\u00E9e"), decomposedQuery);
        // Either spelling is the concept open already.
        assertShows(run(app, "/park concept:caf\u00E9 au lait\n"), "You already have caf\u00E9 au lait open, #2");
    }

    @Test
    void aFailureAfterACommitIsNeverCalledNothingChanged() {
        app.loops().connect(new dev.loopkeeper.loop.LoopListener() {
            @Override
            public void onParked(dev.loopkeeper.loop.OpenLoop loop, long versionBefore, long versionAfter) {
                throw new IllegalStateException("after the commit");
            }
        }, app.relevance());
        String out = run(app, "/park concept:speculative decoding\n");
        assertTrue(out.contains("Sorry, something went wrong on my side (IllegalStateException). Anything I "
                + "confirmed is saved; /loops and /focus show say where things stand."), out);
        assertEquals(1, app.loops().countOpen(ConsoleFront.LOCAL_USER));
    }

    @Test
    void focusCommandsAndTimesReadAsPlainText() {
        String out = run(app, """
                /focus set text:writing a tiny autograd for:2d
                /focus show
                /focus clear
                /focus show
                """);
        assertShows(out,
                "Focus set: writing a tiny autograd (until Tue 3 Mar 10:00 UTC, in 2 days).",
                "#1 writing a tiny autograd · since just now · until Tue 3 Mar 10:00 UTC, in 2 days",
                "Cleared your focus.",
                "No active focus.");
    }

    @Test
    void serverScopeSaysServerLoopsLiveOnDiscordAndPersonalScopeWorksAsWithout() {
        String out = run(app, """
                /park concept:Kalman filter scope:server
                /loops scope:server
                /close loop:1 outcome:learned scope:server
                /park concept:einsum scope:Personal
                /loops scope:personal
                /loops scope:everyone
                /park concept:tensor layouts why:ask about the scope: global or local
                """);
        String refusal = "Server loops live on Discord: a server's shared loops are parked, listed and closed there "
                + "with scope:server. Here, every loop is yours; leave scope out. Nothing was changed.";
        assertEquals(3, out.split(java.util.regex.Pattern.quote(refusal), -1).length - 1, out);
        assertFalse(out.contains("Parked Kalman filter"), out);
        assertShows(out,
                "Parked einsum.",
                "Open loops (1)\n#1 einsum",
                "scope must be one of personal, server; got 'everyone'.",
                // Words after "scope:" in a why: the line read them as the option, and says how to keep them words.
                "scope must be one of personal, server; got 'global or local'. To write \u201cscope:\u201d inside a "
                        + "value, type scope\\: instead.");
        assertEquals(1, app.loops().countOpen(ConsoleFront.LOCAL_USER));
    }

    @Test
    void aMistypedValueIsQuotedBackShortAndAsTyped() {
        String out = run(app, "/focus follow state:" + "x".repeat(4000) + "\n/loops page:**two** `pages`\n"
                + "/export format:**pdf**\n");
        assertShows(out,
                "state must be one of on, off; got '" + "x".repeat(39) + "…'.",
                "page must be a number from 1, got '**two** `pages`'.",
                "format must be one of markdown, json, csv; got '**pdf**'.");
        assertTrue(out.lines().allMatch(line -> line.length() < 200), out);
    }

    @Test
    void anOutcomeIsReadAsLooselyAsEveryOtherChoice() {
        // A triage card and /remind take "letgo" as let go: /close, which offers the same words, takes it too.
        String out = run(app, """
                /park concept:plate tectonics
                /park concept:Kalman filter
                /close loop:plate outcome:letgo
                /close loop:kalman outcome:gelernt
                """);
        assertShows(out, "Closed plate tectonics as let go.",
                "Unknown outcome 'gelernt'. Use learned, applied, merged or let go.");
        assertEquals(1, app.loops().countOpen(ConsoleFront.LOCAL_USER), "only plate tectonics closed");
    }

    @Test
    void focusShowWithNoQuietHoursNamesACommandThatSetsThem() {
        // "/focus quiet" alone brings back hours turned off, and with none it asks for a start and an end: the hint
        // shows the times, so typing what it says sets quiet hours.
        String out = run(app, """
                /focus show
                /focus quiet from:22:00 to:08:00
                """);
        assertShows(out, "No quiet hours: reminders come when they match. Set them with /focus quiet from:22:00 "
                + "to:08:00 (state:on brings back hours you turned off).", "Quiet hours set: 22:00 to 08:00");
    }

    @Test
    void aFocusWhoseTimeRanOutIsNamedByFocusShow() {
        run(app, "/focus set text:tuning the drone's PID loop for:2h\n");
        clock.advance(Duration.ofHours(3));

        String out = run(app, "/focus show\n");

        assertShows(out, "No active focus. Tell me what you are working on with /focus set.\n"
                + "Ran out, so no longer matched (/focus set brings one back):\n"
                + "tuning the drone's PID loop · ran out ");
    }

    @Test
    void mistakesGetSpecificAnswersAndTheSessionGoesOn() {
        String out = run(app, """
                \uFEFF/park concept:saved by Notepad
                /focus follow state:on
                /park concept:What is a monad?
                /park concept:Kalman Filter.
                /park concept:wait…
                park concept:x
                /unpark concept:x
                /park attention
                /park why:no concept
                /close loop:99 outcome:learned
                /close loop:x outcome:maybe
                /focus
                /loops page:0
                /export
                help
                /park concept:still works
                """);
        assertShows(out,
                "Parked saved by Notepad.\n",
                "the console has none, so there is nothing to follow here.",
                "Parked What is a monad?\n",
                "Parked Kalman Filter.\n",
                "Parked wait…\n",
                "Commands start with a slash",
                "Unknown command /unpark",
                "Write them as name:value, with names from: concept, why, scope.",
                "/park needs concept:<text>.",
                "I can't find that among your open loops.",
                "/focus needs one of: set, show, clear, quiet, follow.",
                "page must be a number from 1",
                "/export needs format:markdown|json|csv.",
                "/focus set text:<what you are working on>",
                "Parked still works.");
    }

    @Test
    void remindersAppearInlineAfterTheCommandThatCausedThem() {
        String out = run(app, """
                /park concept:Kalman filter why:for the drone project
                /park concept:sourdough starter
                /focus quiet from:23:00 to:06:00 zone:Asia/Tokyo
                /focus set text:tracking a drone with a Kalman filter
                /focus quiet from:25:00 to:06:00 zone:Asia/Tokyo
                /focus quiet from:23:00 to:06:00 zone:Mars/Olympus
                """);
        int answer = out.indexOf("Focus set: tracking a drone with a Kalman filter");
        int reminder = out.indexOf("A loop you parked may be structurally relevant now, to tracking a drone with a Kalman filter:");
        assertTrue(answer >= 0 && reminder > answer, out);
        assertTrue(out.contains("\n\nKalman filter (#1)\nWhy now: shared words: kalman, filter; the reason you parked it"
                + "\nParked "), out);
        assertEquals(1, out.substring(reminder).split("for the drone project", -1).length - 1,
                "the reminder shows the why once, under its heading: " + out);
        assertTrue(!out.contains("(score "), "no raw score in a person's view: " + out);
        assertShows(out,
                "Quiet hours set: 23:00 to 06:00 (Asia/Tokyo).",
                "'25:00' is not a time I can read.",
                "'Mars/Olympus' is not a time zone I know.");
        assertTrue(!out.contains("sourdough starter (#2)"), out);
    }

    @Test
    void pagesAreReachedWithThePageOption() {
        StringBuilder script = new StringBuilder();
        for (int i = 1; i <= 12; i++) {
            script.append("/park concept:").append(Concepts.get(i)).append('\n');
        }
        clock.advance(Duration.ofDays(3));
        script.append("/loops\n/loops page:2\n");
        String out = run(app, script.toString());
        assertTrue(out.contains("Page 1 of 2 · next: /loops page:2"), out);
        assertTrue(out.contains("Page 2 of 2\n") || out.endsWith("Page 2 of 2" + System.lineSeparator()), out);
    }

    @Test
    void aScriptedDuplicateParkAsksNothingAndEveryCommandRuns() {
        String out = run(app, """
                /park concept:attention
                /park concept:Attention why:the transformer paper
                /loops
                /park concept:ATTENTION
                """);
        assertShows(out,
                "You already have attention open, #1",
                "Open loops (1)");
        assertEquals(2, out.split("You already have attention open", -1).length - 1, "the last line ran too");
        assertEquals(1, app.loops().countOpen(ConsoleFront.LOCAL_USER));
    }

    @Test
    void openMakesALoopActiveAndClosedLoopsShowHowWhenAndTheTakeaway() {
        run(app, "/park concept:einsum\n/park concept:Kalman filter why:for the drone\n");
        clock.advance(Duration.ofDays(2));
        String out = run(app, """
                /open loop:kalman
                /loops status:active
                /close loop:einsum outcome:let go takeaway:numpy docs are enough
                /loops status:closed
                """);
        assertShows(out,
                "Kalman filter is active now. Start with the abstraction",
                "Active loops (1)\nAbstraction · extracting the rules of how it works\n#2 Kalman filter · in abstraction "
                        + "since 3 Mar 2026 · parked 2 days ago\n  for the drone",
                "Closed loops (1)\n#1 einsum · let go · closed 3 Mar 2026\n"
                        + "  Takeaway: numpy docs are enough\nPage 1 of 1");
    }

    @Test
    void aFragmentOfOneConceptFindsItAndOneThatFitsSeveralListsThem() {
        String out = run(app, """
                /park concept:attention heads
                /park concept:attention span
                /park concept:Kalman filter
                /close loop:atten outcome:learned
                /close loop:KALMAN outcome:applied
                /close loop:span outcome:let go
                """);
        assertShows(out,
                "'atten' fits 2 of your open loops: attention span (#2), attention heads (#1). "
                        + "Type more of the concept, or its number.",
                "Closed Kalman filter as applied.",
                "Closed attention span as let go.");
        assertEquals(1, app.loops().countOpen(ConsoleFront.LOCAL_USER));
    }

    @Test
    void anOptionGivenTwiceIsRefusedByName() {
        String out = run(app, """
                /park concept:attention why:a why:b
                /loops status:open STATUS:closed
                """);
        assertShows(out,
                "why: is given twice. Give each option once; to write \u201cwhy:\u201d inside a value, type why\\: instead.",
                "status: is given twice. Give each option once; to write \u201cstatus:\u201d inside a value, type status\\: instead.");
        assertEquals(0, app.loops().countOpen(ConsoleFront.LOCAL_USER), "nothing was parked");
    }

    @Test
    void aMistypedOptionNameIsRefusedByNameRatherThanReadAsTextAndNothingIsSaved() {
        String out = run(app, """
                /park concept:autodiff wyh:because backprop is built on it
                /park concpet:autodiff why:because backprop is built on it
                /loops stauts:closed
                /loops query:autodiff PGAE:2
                """);
        assertShows(out,
                "wyh: is not an option of /park. Did you mean why:? Its options are concept, why, scope. Nothing was "
                        + "changed; to keep \u201cwyh:\u201d in the text, type wyh\\: instead.",
                "concpet: is not an option of /park. Did you mean concept:? Its options are concept, why, scope. Nothing "
                        + "was changed.",
                "stauts: is not an option of /loops. Did you mean status:? Its options are status, triage, page, scope, "
                        + "query. Nothing was changed.",
                "PGAE: is not an option of /loops. Did you mean page:?");
        assertFalse(out.contains("Open loops") || out.contains("Among your open loops"), "no list, as if asked: " + out);
        assertEquals(0, app.loops().countOpen(ConsoleFront.LOCAL_USER), "nothing was parked");

        // As the answer says, a backslash keeps such a word in the text.
        run(app, "/park concept:autodiff wyh\\:because\n");
        assertEquals("autodiff wyh:because", app.loops().find(ConsoleFront.LOCAL_USER, 1).orElseThrow().concept());
    }

    @Test
    void aColonInOrdinaryTextStaysText() {
        String out = run(app, """
                /park concept:https://en.wikipedia.org/wiki/Automatic_differentiation why: because x:y at 9:30. Note: \
                read arXiv:2106.09685, std::move and mailto:ada@example.com first. Concepts: forward, reverse
                /focus set text:learn go:routines and the GIL:locks for:2d
                /focus set text:making npm run test:unit pass, then slope:steep curves
                """);
        assertFalse(out.contains("is not an option"), out);
        assertEquals("because x:y at 9:30. Note: read arXiv:2106.09685, std::move and mailto:ada@example.com first. "
                + "Concepts: forward, reverse",
                app.loops().find(ConsoleFront.LOCAL_USER, 1).orElseThrow().why());
        assertEquals("https://en.wikipedia.org/wiki/Automatic_differentiation",
                app.loops().find(ConsoleFront.LOCAL_USER, 1).orElseThrow().concept());
        // A letter wrong ("test" beside text:, "slope" beside scope:) is text inside a value.
        assertEquals(List.of("making npm run test:unit pass, then slope:steep curves", "learn go:routines and the GIL:locks"),
                app.focus().active(ConsoleFront.LOCAL_USER).stream().map(dev.loopkeeper.focus.Focus::text).toList());
    }

    @Test
    void anOptionsNameInsideAValueIsWrittenWithABackslashAndAnEmptyValueIsRefused() {
        String out = run(app, """
                /park concept:TCP why:ask about the scope\\: global or local, and the Why\\: of it
                /focus set text:alpha work
                /focus set text:beta work
                /focus clear item:
                /edit loop:1 why:
                """);
        assertShows(out, "Why it matters: ask about the scope: global or local, and the Why: of it",
                "item: has no value. Give one after the colon, or leave item: out. Nothing was changed.",
                "why: has no value. Give one after the colon, or leave why: out. Nothing was changed.");
        assertEquals(2, app.focus().active(ConsoleFront.LOCAL_USER).size(), "an empty item: clears nothing");
        assertEquals("ask about the scope: global or local, and the Why: of it",
                app.loops().find(ConsoleFront.LOCAL_USER, 1).orElseThrow().why());
        // A backslash before a colon that follows no option name stays as typed.
        run(app, "/park concept:C\\:\\windows paths\n");
        assertEquals("C\\:\\windows paths", app.loops().find(ConsoleFront.LOCAL_USER, 2).orElseThrow().concept());
    }

    @Test
    void helpWithACommandsNameShowsThatCommandOnly() {
        String out = run(app, "help park\n/help focus\nhelp /nudge\nhelp dance\nhelp settings\n");
        assertShows(out, "/park concept:", "/focus set text:", "/focus clear", "/nudge show",
                "There is no console command dance. Type help for the list.",
                "/settings lives on Discord only (the console has no server or message to act on).");
        assertFalse(out.contains("/loops"), "one command's lines only: " + out);
        // Each option under its line, with the length a text may have (Discord's client counts it as people type).
        assertShows(out, "        concept: The concept, in a few words (up to 200 characters)",
                "        why: Why it matters to you (optional, up to 1,000 characters)");
        assertFalse(out.contains("Commands start with a slash") || out.contains("takes no options"), out);
    }

    @Test
    void helpShowsANumbersRangeAndThatALoopToRemindIsNamedAsAnyOther() {
        String out = run(app, "help triage\nhelp remind\n");
        assertShows(out, "        hours: How long the poll stays open, in hours (1-168, default 24)",
                "  /remind loop:<number or concept> action:",
                "        loop: The loop: its number in the reminder, its concept, or a part of it");
    }

    @Test
    void helpNamesALoopAsTheConsoleTakesItNotByDiscordsSuggestions() {
        // The console has no suggestions to start typing into: its help says what a loop option takes here.
        String out = run(app, "help close\nhelp reopen\nhelp triage\n");
        assertShows(out, "        loop: The loop (its number, its concept, or a part of it)",
                "        loop: The closed loop (its number, its concept, or a part of it)",
                "        loop: One loop to set (its number, its concept, or a part of it); leave out to go through "
                        + "the queue");
        assertFalse(out.contains("start typing"), out);
    }

    @Test
    void helpTakesEveryNameTheListShows() {
        // The list shows "/focus set text:..." and "quit": both are asked about as the list spells them.
        String out = run(app, "help focus set\nhelp quit\nhelp reflect\n");
        assertShows(out, "/focus set text:", "quit (or exit) ends the console",
                "        text: Your answer (up to 1,500 characters)");
        assertFalse(out.contains("There is no console command"), out);
    }

    @Test
    void helpForASubcommandShowsThatSubcommandAndTheCommandAloneShowsThemAll() {
        String set = run(app, "help focus set\n");
        String quiet = run(app, "/help /Focus  QUIET\n");
        String all = run(app, "help focus\n");
        String dance = run(app, "help focus dance\n");

        assertShows(set, "  /focus set text:<what you are working on> [for:<3h, 2d, 1w>]\n      Add something you are "
                + "working on now\n        text: What you are working on (up to 1,000 characters)\n        for: How long");
        for (String other : List.of("/focus show", "/focus clear", "/focus quiet", "/focus follow")) {
            assertFalse(set.contains(other), "only /focus set: " + set);
        }
        assertShows(quiet, "  /focus quiet [from:<22:00>]", "        state: off turns quiet hours off");
        assertFalse(quiet.contains("/focus set") || quiet.contains("/focus clear"), quiet);
        assertShows(all, "/focus set text:", "/focus show", "/focus clear", "/focus quiet", "/focus follow");
        assertShows(dance, "/focus has no subcommand dance; it has set, show, clear, quiet, follow. help focus shows them "
                + "all.");
    }

    @Test
    void helpAndQuitInAnyCase() {
        String out = run(app, "HELP\n/help\nHelp\nQuit\n/park concept:never\n");
        assertEquals(3, out.split("Commands, one per line", -1).length - 1, out);
        assertEquals(0, app.loops().countOpen(ConsoleFront.LOCAL_USER), "nothing after Quit runs");
        assertTrue(run(app, "/QUIT\n/park concept:never\n").endsWith("leave." + System.lineSeparator()));
        assertEquals(0, app.loops().countOpen(ConsoleFront.LOCAL_USER));
    }

    @Test
    void aPagePastTheLastSaysSoAndNextKeepsTheFilter() {
        StringBuilder script = new StringBuilder();
        for (int i = 1; i <= 11; i++) {
            script.append("/park concept:").append(Concepts.get(i)).append('\n')
                    .append("/close loop:").append(Concepts.get(i)).append(" outcome:learned\n");
        }
        script.append("/loops page:9\n/loops status:closed\n/loops status:closed page:9\n")
                .append("/loops status:closed page:999999999999999999999999999999\n/loops page:0\n");
        String out = run(app, script.toString());
        assertShows(out,
                "Open loops (0): none, so there is no page 9.",
                "Page 1 of 2 · next: /loops status:closed page:2",
                "Closed loops (11) fit on 2 pages; there is no page 9.",
                "Closed loops (11) fit on 2 pages; there is no page 999999999999999999999999999999.",
                "page must be a number from 1, got '0'.");
    }

    @Test
    void markdownTypedByThePersonShowsAsTyped() {
        String out = run(app, """
                /park concept:**bold** and `code` why:a_b \\ c ~~x~~
                /loops
                """);
        assertShows(out,
                "Parked **bold** and `code`.\nWhy it matters: a_b \\ c ~~x~~",
                "#1 **bold** and `code` · just now\n  a_b \\ c ~~x~~");
    }

    @Test
    void quietHoursAreShownTurnedOffAndNeverEmpty() {
        String out = run(app, """
                /focus quiet from:22:00 to:22:00 zone:Europe/Berlin
                /focus quiet from:22:00 to:07:00 zone:Europe/Berlin
                /focus show
                /focus quiet from:23:00 to:06:00
                /focus quiet from:21:00 to:06:00 state:off
                /focus quiet state:off
                /focus show
                /focus quiet state:off
                /focus quiet state:maybe
                """);
        assertShows(out,
                "Quiet hours from 22:00 to 22:00 would be no quiet hours at all. Give two different "
                        + "times, or turn them off with /focus quiet state:off.",
                "No active focus. Tell me what you are working on with /focus set.\n"
                        + "Quiet hours: 22:00 to 07:00 (Europe/Berlin); reminders wait until they end.");
        assertTrue(out.contains("Quiet hours set: 23:00 to 06:00 (Europe/Berlin)."), "the zone given before: " + out);
        assertShows(out,
                "state:off turns quiet hours off, so from:, to: and zone: have nothing to set. Give state:off alone, "
                        + "or the hours without it. Nothing was changed.",
                "Quiet hours are off (they were 23:00 to 06:00): reminders come when they match. /focus quiet "
                        + "state:on brings them back.",
                "No active focus. Tell me what you are working on with /focus set.\n"
                        + "No quiet hours: reminders come when they match.",
                "Quiet hours were off already (23:00 to 06:00 are kept): reminders come when they match. /focus quiet "
                        + "state:on brings them back.",
                "state must be one of on, off; got 'maybe'.");
        assertTrue(app.settings().person(ConsoleFront.LOCAL_USER).quietHours().isEmpty());
    }

    @Test
    void theSameFocusAgainRefreshesItsEndInsteadOfAddingACopy() {
        String out = run(app, """
                /focus set text:Writing a tiny  autograd for:2d
                /focus set text:writing a TINY autograd for:1w
                /focus show
                """);
        assertShows(out,
                "Focus refreshed: Writing a tiny autograd (until Sun 8 Mar 10:00 UTC, in 7 days). "
                        + "It is your only active focus.",
                "Active focus:\n#1 Writing a tiny autograd · since just now · until Sun 8 Mar 10:00 UTC, "
                        + "in 7 days\nNo quiet hours");
        assertEquals(1, app.focus().active(ConsoleFront.LOCAL_USER).size());
    }
}
