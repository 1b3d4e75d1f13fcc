package dev.loopkeeper.console;

import static dev.loopkeeper.support.ConsoleScript.assertShows;
import static dev.loopkeeper.support.ConsoleScript.run;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.loopkeeper.Loopkeeper;
import dev.loopkeeper.loop.LoopFilter;
import dev.loopkeeper.loop.OpenLoop;
import dev.loopkeeper.loop.Triage;
import dev.loopkeeper.loop.Outcome;
import dev.loopkeeper.support.AppTestBase;
import dev.loopkeeper.support.TestApp;
import java.io.BufferedReader;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** {@code /triage} in the console: cards answered on the next line, a command ending the queue, and a direct set. */
class ConsoleTriageTest extends AppTestBase {
    ConsoleTriageTest() {
        super("2026-03-01T10:00:00Z");
    }

    /**
     * Runs {@code lines} through the console as typed; before the line at index {@code i} is read, {@code meanwhile.get(i)}
     * runs (what happens elsewhere while the console waits for that line). Returns everything printed.
     */
    private static String typed(Loopkeeper app, List<String> lines, Map<Integer, Runnable> meanwhile) {
        Iterator<String> next = lines.iterator();
        BufferedReader in = new BufferedReader(Reader.nullReader()) {
            private int read;

            @Override
            public String readLine() {
                if (!next.hasNext()) {
                    return null;
                }
                Runnable before = meanwhile.get(read++);
                if (before != null) {
                    before.run();
                }
                return next.next();
            }
        };
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        app.console().run(in, new PrintStream(bytes, true, StandardCharsets.UTF_8), false);
        return bytes.toString(StandardCharsets.UTF_8);
    }

    private static Map<String, Triage> classes(Loopkeeper app) {
        return app.loops().list(ConsoleFront.LOCAL_USER, new LoopFilter(LoopFilter.Stage.ALL, Optional.empty()), 0, 50)
                .loops().stream().collect(Collectors.toMap(OpenLoop::concept, OpenLoop::triage));
    }

    @Test
    void cardsAreAnsweredOnTheNextLineAndACommandEndsTheQueueAndRuns() {
        String out = run(app, """
                /park concept:bloom filters
                /park concept:plate tectonics
                /park concept:jazz harmony
                /triage
                core
                maybe
                Let Go
                /loops status:all
                """);
        assertShows(out,
                "bloom filters (#1) · parked",
                "1 core · 2 adjacent · 3 peripheral · 4 let go · 5 skip (the number or the word):",
                "'maybe' is not one of them: a number from 1 to 5, or its word.",
                "Triage stopped here; /triage goes on where it stopped.",
                "Triaged 2: 1 core, 1 let go.");
        assertTrue(out.contains("All loops (3)"), "the command that ended the queue runs: " + out);
        assertEquals(Map.of("bloom filters", Triage.CORE, "plate tectonics", Triage.UNTRIAGED, "jazz harmony",
                Triage.UNTRIAGED), classes(app));
    }

    @Test
    void aCardWhoseLoopAnotherProcessClosedSaysSoAndTheQueueGoesOn() {
        run(app, """
                /park concept:one
                /park concept:two
                /park concept:three
                """);
        // A second process on the same database closes "one" while its card waits for an answer.
        Loopkeeper other = TestApp.open(folder, clock);
        String out;
        try {
            out = typed(app, List.of("/triage", "core", "adjacent", "let go", "/loops status:all"), Map.of(1, () ->
                    other.loops().close(ConsoleFront.LOCAL_USER, other.loops().find(ConsoleFront.LOCAL_USER, 1)
                            .orElseThrow().id(), Outcome.LEARNED, null)));
        } finally {
            other.close();
        }
        assertShows(out,
                "one (#1) · parked",
                "one (#1) was closed as learned elsewhere meanwhile, so your answer changed nothing for it.\n"
                        + "two (#2) · parked",
                "three (#3) · parked",
                "Triaged 2: 1 adjacent, 1 let go.",
                "All loops (3)");
        assertFalse(out.contains("no longer open"), out);
        assertFalse(out.contains("Commands start with a slash"), "no answer is read as a command: " + out);
        assertEquals(Map.of("one", Triage.UNTRIAGED, "two", Triage.ADJACENT, "three", Triage.UNTRIAGED), classes(app));
        assertEquals(Outcome.LEARNED, app.loops().find(ConsoleFront.LOCAL_USER, 1).orElseThrow().outcome(),
                "the other process's close stands");
        assertEquals(Outcome.LET_GO, app.loops().find(ConsoleFront.LOCAL_USER, 3).orElseThrow().outcome());
    }

    @Test
    void aCardWhoseLoopWasMergedElsewhereNamesTheLoopThatHoldsItNow() {
        run(app, """
                /park concept:bloom filter
                /park concept:bloom filters in practice
                """);
        String out = typed(app, List.of("/triage", "core", "adjacent"), Map.of(1, () ->
                app.loops().merge(ConsoleFront.LOCAL_USER, 1, 2)));
        assertShows(out, "bloom filter (#1) was merged into bloom filters in practice (#2) elsewhere meanwhile, so your "
                + "answer changed nothing for it.\nbloom filters in practice (#2) · parked");
        assertEquals(Map.of("bloom filter", Triage.UNTRIAGED, "bloom filters in practice", Triage.ADJACENT),
                classes(app));
    }

    @Test
    void theLastCardClassifiedElsewhereSaysSoAboveTheSummary() {
        run(app, "/park concept:bloom filters\n");
        String out = typed(app, List.of("/triage", "peripheral"), Map.of(1, () ->
                app.triage().classify(ConsoleFront.LOCAL_USER, 1, Triage.CORE)));
        assertShows(out, "bloom filters (#1) was marked core elsewhere meanwhile, so your answer changed nothing for it.\n"
                + "Nothing to triage: every open loop has a class.");
        assertEquals(Triage.CORE, classes(app).get("bloom filters"));
    }

    @Test
    void aPassWhoseOtherLoopsWereSkippedElsewhereNeverSaysEveryLoopHasAClass() {
        run(app, """
                /park concept:bloom filters
                /park concept:plate tectonics
                """);
        // Another console (or Discord on another device) answers the same queue while this card waits: bloom filters
        // is marked core there and plate tectonics skipped, in this pass.
        String out = typed(app, List.of("/triage", "peripheral"), Map.of(1, () -> {
            app.triage().classify(ConsoleFront.LOCAL_USER, 1, Triage.CORE);
            app.triage().skip(ConsoleFront.LOCAL_USER, 2);
        }));
        assertShows(out, "bloom filters (#1) was marked core elsewhere meanwhile, so your answer changed nothing for it.\n"
                + "Nothing left in this pass: the 1 loop still without a class was skipped in it elsewhere, and comes "
                + "back next time you run /triage.");
        assertFalse(out.contains("every open loop has a class"), out);
        assertEquals(Map.of("bloom filters", Triage.CORE, "plate tectonics", Triage.UNTRIAGED), classes(app));
    }

    @Test
    void aCardWhoseVectorsAreNotInYetSaysSoRatherThanAskForAFocusThePersonHas() {
        run(app, """
                /focus set text:writing a Raft consensus library
                /park concept:leader election
                """);
        // As right after an /import in the same session: the loops are saved, their vectors come a moment later.
        String out = typed(app, List.of("/triage"), Map.of(0, () -> app.database().write(sql -> sql.update(
                "UPDATE open_loop SET embedding = NULL, embedding_model = NULL"))));
        assertShows(out, "leader election (#1) · parked", "No suggestion yet: its meaning is still being worked out (for "
                + "a minute or so after an import or an update), so it cannot be compared with your focus and core "
                + "loops yet.");
        assertFalse(out.contains("A focus, or a core loop"), out);
    }

    @Test
    void aLoopParkedByAnotherConsoleDuringThePassComesNextAndNoCardClaimedToBeTheLast() {
        run(app, "/park concept:bloom filters\n");
        // A second console on the same database parks a loop while this one's card waits for an answer.
        Loopkeeper other = TestApp.open(folder, clock);
        String out;
        try {
            out = typed(app, List.of("/triage", "core", "adjacent"), Map.of(1, () -> other.loops().park(
                    new dev.loopkeeper.loop.ParkRequest(ConsoleFront.LOCAL_USER, "plate tectonics", null,
                            dev.loopkeeper.loop.Origin.none()))));
        } finally {
            other.close();
        }
        assertShows(out, "bloom filters (#1) · parked", "plate tectonics (#2) · parked", "Triaged 2: 1 core, 1 adjacent.");
        assertFalse(out.contains("The last card of this pass."), "the first card was not the last: " + out);
        assertEquals(2, out.split("The last card for now\\.", -1).length - 1, "each true when drawn: " + out);
    }

    @Test
    void letItGoIsTakenAsTheDiscordButtonAndTheLocalPollSayIt() {
        String out = run(app, """
                /park concept:bloom filters
                /park concept:plate tectonics
                /triage
                let it go
                  LET IT  GO\s
                """);
        assertShows(out, "Triaged 2: 2 let go.");
        assertFalse(out.contains("is not one of them"), out);
        assertEquals(0, app.loops().countOpen(ConsoleFront.LOCAL_USER), out);
        assertEquals(Outcome.LET_GO, app.loops().find(ConsoleFront.LOCAL_USER, 2).orElseThrow().outcome());
    }

    @Test
    void triageWithNoOpenLoopsSaysThereAreNoneAndHowToParkOne() {
        String out = run(app, """
                /triage
                /park concept:bloom filters
                /close loop:1 outcome:learned
                /triage
                """);
        assertShows(out, "Nothing to triage: you have no open loops. Park an idea with /park concept:<idea>");
        assertFalse(out.contains("every open loop has a class"), out);
    }

    @Test
    void aConceptOfOnlyCommonWordsSaysWhyThereIsNoSuggestion() {
        String out = run(app, """
                /park concept:reverse-mode autodiff
                /triage loop:1 class:core
                /focus set text:writing a tiny autograd engine
                /park concept:from A one
                /triage
                """);

        assertShows(out, "No suggestion: its words are all short or common, or symbols, so there is nothing to compare.");
        assertFalse(out.contains("nothing to compare it with yet"), out);
    }

    @Test
    void aQueueStoppedBeforeAnyAnswerNeverSaysThereIsNothingToTriage() {
        String out = run(app, """
                /park concept:bloom filters
                /park concept:plate tectonics
                /triage
                /loops
                """);
        assertShows(out, "Triage stopped here; /triage goes on where it stopped.", "Open loops (2)");
        assertFalse(out.contains("Nothing to triage"), out);
        assertFalse(out.contains("Triaged"), out);
    }

    @Test
    void theQueueTakesTheNumbersItShowsAsWellAsTheWords() {
        String out = run(app, """
                /park concept:bloom filters
                /park concept:plate tectonics
                /park concept:jazz harmony
                /park concept:sourdough starters
                /park concept:knot theory
                /triage
                1
                2
                3
                4
                6
                5
                """);
        assertShows(out, "'6' is not one of them: a number from 1 to 5, or its word.",
                "Triaged 4: 1 core, 1 adjacent, 1 peripheral, 1 let go; 1 skipped.");
        // The queue shows the oldest first; the fourth was let go (closed, no class), the fifth skipped.
        assertEquals(Map.of("bloom filters", Triage.CORE, "plate tectonics", Triage.ADJACENT, "jazz harmony",
                Triage.PERIPHERAL, "sourdough starters", Triage.UNTRIAGED, "knot theory", Triage.UNTRIAGED),
                classes(app));
    }

    @Test
    void aClassIsSetByNumberOrTextAndTheEndOfInputEndsTheQueue() {
        String out = run(app, """
                /park concept:bloom filters
                /park concept:plate tectonics
                /triage loop:1 class:adjacent
                /triage loop:tectonics class:Peripheral
                /triage loop:1 class:sometimes
                /triage
                """);
        assertShows(out,
                "bloom filters is adjacent now.",
                "plate tectonics is peripheral now.",
                "sometimes",
                "Nothing to triage: every open loop has a class.");
        assertEquals(Triage.ADJACENT, classes(app).get("bloom filters"));
    }

    @Test
    void theLineThatMarksAParkCoreTypedAfterItsLoopWasMergedNamesTheLoopThatHoldsItNow() {
        String out = run(app, """
                /focus set text:implementing a Kalman filter for drone state estimation
                /park concept:state estimation for drones
                /park concept:Kalman filter
                /merge loop:2 into:1
                /triage loop:2 class:core
                """);
        assertShows(out, "To mark it: /triage loop:2 class:core", "Loop #2 is no longer open: Kalman filter was merged "
                + "into state estimation for drones (#1), which keeps its why and source. Nothing was changed.");
        assertEquals(Triage.UNTRIAGED, classes(app).get("state estimation for drones"));
    }

    @Test
    void aParkThatMatchesTheActiveFocusSaysSoAndPrintsTheLineThatMarksItCore() {
        String out = run(app, """
                /focus set text:implementing a Kalman filter for drone state estimation
                /park concept:Kalman filter
                /triage loop:1 class:core
                """);
        assertTrue(out.contains("It matches what you work on now, \u201cimplementing a Kalman filter for drone state "
                + "estimation\u201d: a candidate for core. To mark it: /triage loop:1 class:core"), out);
        assertEquals(Triage.CORE, classes(app).get("Kalman filter"));
    }
}
