package dev.loopkeeper.console;

import static dev.loopkeeper.support.ConsoleScript.assertShows;
import static dev.loopkeeper.support.ConsoleScript.run;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.loopkeeper.Loopkeeper;
import dev.loopkeeper.loop.Phase;
import dev.loopkeeper.loop.PhaseChange;
import dev.loopkeeper.support.AppTestBase;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A loop's phases in the console: the same moves and words as on Discord, questions on the next line. */
class ConsolePhasesTest extends AppTestBase {
    ConsolePhasesTest() {
        super("2026-03-01T10:00:00Z");
    }

    private static List<PhaseChange> history(Loopkeeper app, String concept) {
        long id = app.loops().resolve(ConsoleFront.LOCAL_USER, concept).id();
        return app.loops().phaseState(ConsoleFront.LOCAL_USER, id).orElseThrow().history();
    }

    @Test
    void openThenProgressAskingWhatWasBuiltOnTheNextLine() {
        String out = run(app, """
                /park concept:Kalman filter
                /park concept:Raft consensus
                /open loop:kalman
                /progress loop:kalman phase:instantiation
                a 50-line tracker for my drone
                /progress loop:raft phase:Instantiation
                /loops status:active
                /loops status:active query:kalman
                /progress loop:kalman phase:re-abstraction
                /progress loop:kalman phase:re-abstraction
                /progress loop:kalman phase:abstraction
                """);
        assertShows(out,
                "Kalman filter is active now. Start with the abstraction",
                "When you build something with it: /progress loop:1 phase:instantiation; when you "
                        + "step back: phase:re-abstraction",
                "What did you build with it? One line (or an empty line to skip): "
                        + "Kalman filter is in instantiation now: you built something with it: a 50-line tracker for my "
                        + "drone.");
        // The next line is a command: the question takes its default (no note), and the command runs.
        assertShows(out,
                "(Recorded without saying what you built.)\nRaft consensus is active now, in "
                        + "instantiation: you built something with it. When it works",
                "Active loops (2)\nInstantiation · testing them by building something\n#1 "
                        + "Kalman filter · in instantiation since",
                "#1 Kalman filter · in instantiation since 1 Mar 2026 · parked just now",
                "Kalman filter is in re-abstraction now: you stepped back.",
                "Kalman filter is already in re-abstraction since",
                "phase must be one of instantiation, re-abstraction; got 'abstraction'.");

        assertEquals(List.of(Phase.ABSTRACTION, Phase.INSTANTIATION, Phase.RE_ABSTRACTION),
                history(app, "kalman").stream().map(PhaseChange::phase).toList());
        assertEquals("a 50-line tracker for my drone", history(app, "kalman").get(1).note());
        assertEquals(List.of(Phase.INSTANTIATION), history(app, "raft").stream().map(PhaseChange::phase).toList());
        assertEquals(null, history(app, "raft").get(0).note());
    }

    @Test
    void instantiationAgainWithNothingBuiltAsksNothingAndSaysNothingChanged() {
        String out = run(app, """
                /park concept:Raft consensus
                /progress loop:raft phase:instantiation built:a leader election in Go
                /progress loop:raft phase:instantiation
                /loops status:active
                """);

        assertTrue(!out.contains("What did you build") && !out.contains("Recorded without"), out);
        // Discord offers "I built something else" there; the console's line says how, and that way works.
        assertShows(out, "Raft consensus is already in instantiation since 1 Mar 2026. Nothing changed.\nWhen you step "
                + "back: /progress loop:1 phase:re-abstraction; when you build something else: /progress loop:1 "
                + "phase:instantiation built:<what you built>");
        assertEquals(1, history(app, "raft").size());
        out = run(app, "/progress loop:1 phase:instantiation built:a log replication test harness\n");
        assertShows(out, "Raft consensus is in instantiation now: you built something with it: a log replication test "
                + "harness.");
        assertEquals(2, history(app, "raft").size());
    }

    @Test
    void aReopenedLoopAsksWhatWasBuiltAgainAndSteppingBackTakesNoBuiltNote() {
        String out = run(app, """
                /park concept:Raft consensus
                /progress loop:raft phase:instantiation built:a leader election in Go
                /close loop:raft outcome:learned
                /reopen loop:raft
                /progress loop:raft phase:instantiation
                a log replication test harness
                /progress loop:raft phase:re-abstraction built:a blog post
                """);

        assertShows(out,
                "What did you build with it? One line (or an empty line to skip): Raft consensus is active now, in "
                        + "instantiation: you built something with it: a log replication test harness.",
                "built: says what you built, with phase:instantiation. Stepping back (phase:re-abstraction) takes no "
                        + "note: give it without built:. Nothing was changed.");
        assertEquals(List.of("a leader election in Go", "a log replication test harness"),
                history(app, "raft").stream().map(PhaseChange::note).filter(java.util.Objects::nonNull).toList());
        assertEquals(Phase.INSTANTIATION, app.loops().resolve(ConsoleFront.LOCAL_USER, "raft").phase());
    }

    @Test
    void mergingAnOpenedLoopIntoOneNeverOpenedSaysTheMergedLoopIsActiveWhereTheWorkStood() {
        String out = run(app, """
                /park concept:Raft consensus
                /park concept:consensus protocols
                /progress loop:raft phase:instantiation built:a leader election in Go
                /merge loop:raft into:consensus protocols
                /park concept:Paxos
                /merge loop:paxos into:consensus protocols
                """);
        assertShows(out, "Merged Raft consensus (#1) into consensus protocols (#2), which keeps its why and source "
                        + "and stays active, in instantiation since 1 Mar 2026.",
                "Merged Paxos (#3) into consensus protocols (#2), which keeps its why and source and stays "
                        + "active, in instantiation since 1 Mar 2026.");
    }

    @Test
    void aReminderOfALoopMovedOnSinceSaysWhereItIsAndKeepsItsPhase() {
        // The reminder came while the loop was parked; the person built with it before acting on the reminder.
        String out = run(app, """
                /park concept:Kalman filter
                /focus set text:tracking a drone with a Kalman filter
                /progress loop:kalman phase:instantiation built:a tracker
                /remind loop:1 action:open
                """);
        assertShows(out,
                "Kalman filter (#1)\nWhy now: shared words: kalman, filter\nParked ",
                "Kalman filter is already active, in instantiation since 1 Mar 2026. Nothing changed."
                        + "\nWhen you step back: /progress loop:1 phase:re-abstraction");
        assertEquals(List.of(Phase.INSTANTIATION), history(app, "kalman").stream().map(PhaseChange::phase).toList());
    }

    @Test
    void builtAsAnOptionAndBadInput() {
        String out = run(app, """
                /park concept:B-tree indexes
                /progress loop:b-tree phase:instantiation built:a toy key-value store
                /progress loop:b-tree phase:sideways
                /progress loop:b-tree
                """);
        assertShows(out,
                "B-tree indexes is active now, in instantiation: you built something with it: a "
                        + "toy key-value store.",
                "sideways",
                "phase must be one of instantiation, re-abstraction; got 'sideways'.",
                "/progress needs phase:instantiation|re-abstraction.");
        assertEquals(1, history(app, "b-tree").size(), "bad input changed nothing");
    }
}
