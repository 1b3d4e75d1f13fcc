package dev.loopkeeper.loop;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.loopkeeper.Loopkeeper;
import dev.loopkeeper.common.InvalidInputException;
import dev.loopkeeper.support.MutableClock;
import dev.loopkeeper.support.TestApp;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A loop's life through abstraction, instantiation and re-abstraction, on real SQLite with the real migrations. */
class PhasesTest {
    private static final String ADA = "100000000000000001";
    private static final String BOB = "100000000000000002";
    private static final Instant START = Instant.parse("2026-03-01T10:00:00Z");

    @TempDir
    Path folder;
    private final MutableClock clock = MutableClock.at(START.toString());

    private static long park(Loopkeeper app, String owner, String concept) {
        return ((ParkResult.Parked) app.loops().park(new ParkRequest(owner, concept, null, Origin.none()))).loop().id();
    }

    @Test
    void eachPhaseIsKeptWithItsDateAndSurvivesARestart() {
        long kalman;
        try (Loopkeeper app = TestApp.open(folder, clock)) {
            kalman = park(app, ADA, "Kalman filter");
            assertNull(app.loops().resolve(ADA, "Kalman").phase(), "a parked loop has no phase until it is opened");

            clock.advance(Duration.ofDays(1));
            OpenLoop opened = app.loops().activate(ADA, kalman);
            assertEquals(LoopStatus.ACTIVE, opened.status());
            assertEquals(Phase.ABSTRACTION, opened.phase());
            assertEquals(START.plus(Duration.ofDays(1)), opened.phaseSince());

            clock.advance(Duration.ofDays(9));
            LoopService.Progress built = app.loops().progress(ADA, kalman, Phase.INSTANTIATION,
                    "  a 50-line tracker\nfor my drone ");
            assertTrue(built.changed());
            assertEquals(Phase.ABSTRACTION, built.from());
            assertEquals("a 50-line tracker for my drone", built.built(), "one line, cleaned");

            clock.advance(Duration.ofDays(5));
            InvalidInputException noted = assertThrows(InvalidInputException.class,
                    () -> app.loops().progress(ADA, kalman, Phase.RE_ABSTRACTION, "stepping back takes no note"));
            assertTrue(noted.getMessage().startsWith("built: says what you built, with phase:instantiation."),
                    noted.getMessage());
            assertEquals(Phase.INSTANTIATION, app.loops().resolve(ADA, "Kalman").phase(), "nothing changed");
            app.loops().progress(ADA, kalman, Phase.RE_ABSTRACTION, null);
        }
        try (Loopkeeper app = TestApp.open(folder, clock)) {
            PhaseState state = app.loops().phaseState(ADA, kalman).orElseThrow();
            assertEquals(Phase.RE_ABSTRACTION, state.phase());
            assertEquals(START.plus(Duration.ofDays(15)), state.since());
            assertEquals(List.of(
                    new PhaseChange(kalman, Phase.ABSTRACTION, null, START.plus(Duration.ofDays(1))),
                    new PhaseChange(kalman, Phase.INSTANTIATION, "a 50-line tracker for my drone",
                            START.plus(Duration.ofDays(10))),
                    new PhaseChange(kalman, Phase.RE_ABSTRACTION, null, START.plus(Duration.ofDays(15)))),
                    state.history());

            // Closing keeps the history and the last phase: the loop's data for an export.
            clock.advance(Duration.ofDays(1));
            app.loops().close(ADA, kalman, Outcome.APPLIED, "a filter is a weighted average of belief and evidence");
            PhaseState closed = app.loops().phaseState(ADA, kalman).orElseThrow();
            assertEquals(LoopStatus.CLOSED, closed.loop().status());
            assertEquals(3, closed.history().size());
            assertTrue(app.loops().activeByPhase(ADA).isEmpty());
        }
    }

    @Test
    void skippingForwardBuildingAgainAndTheSamePhaseAgain() {
        try (Loopkeeper app = TestApp.open(folder, clock)) {
            long raft = park(app, ADA, "Raft consensus");
            // Progress on a loop never opened opens it on the way; the history shows abstraction skipped.
            LoopService.Progress skipped = app.loops().progress(ADA, raft, Phase.RE_ABSTRACTION, null);
            assertNull(skipped.from());
            assertEquals(LoopStatus.ACTIVE, skipped.loop().status());
            assertEquals(List.of(Phase.RE_ABSTRACTION), phases(app, raft));

            clock.advance(Duration.ofHours(1));
            LoopService.Progress again = app.loops().progress(ADA, raft, Phase.RE_ABSTRACTION, null);
            assertFalse(again.changed(), "the same phase again changes nothing");
            assertEquals(START, again.loop().phaseSince());

            // Back from re-abstraction to instantiation: building again; then a second build, recorded too.
            app.loops().progress(ADA, raft, Phase.INSTANTIATION, null);
            clock.advance(Duration.ofHours(1));
            assertFalse(app.loops().progress(ADA, raft, Phase.INSTANTIATION, "").changed(),
                    "instantiation again with nothing built changes nothing");
            assertTrue(app.loops().progress(ADA, raft, Phase.INSTANTIATION, "a leader election in Go").changed());
            assertEquals(List.of(Phase.RE_ABSTRACTION, Phase.INSTANTIATION, Phase.INSTANTIATION), phases(app, raft));
            assertFalse(app.loops().progress(ADA, raft, Phase.INSTANTIATION, "A leader  election in Go").changed(),
                    "the same build said again is nothing new");
            assertEquals(3, phases(app, raft).size());

            // Opening an active loop again keeps its phase.
            assertEquals(Phase.INSTANTIATION, app.loops().activate(ADA, raft).phase());
            assertEquals(3, phases(app, raft).size());
        }
    }

    @Test
    void aSnoozedLoopMovedOnWithoutOpeningFirstIsNoLongerSnoozed() {
        try (Loopkeeper app = TestApp.open(folder, clock)) {
            long kalman = park(app, ADA, "Kalman filter");
            app.loops().snooze(ADA, kalman, START.plus(Duration.ofDays(7)), null);
            assertTrue(app.loops().list(ADA, LoopFilter.open(), 0, 10).snoozeOf(kalman).isPresent());

            app.loops().progress(ADA, kalman, Phase.INSTANTIATION, "a tracker"); // opened on the way, as /open opens

            assertTrue(app.loops().list(ADA, LoopFilter.parse("active", null), 0, 10).snoozeOf(kalman).isEmpty(),
                    "worked on now: no longer 'snoozed until' in /loops");
        }
    }

    @Test
    void aSnoozeThatMeetsALoopOpenedOrClosedMeanwhileRestsNothing() {
        try (Loopkeeper app = TestApp.open(folder, clock)) {
            long raft = park(app, ADA, "Raft log matching");
            long paxos = park(app, ADA, "Paxos");
            // A reminder's Snooze read the loop as parked; before its write, the person opened one and closed the other.
            app.loops().activate(ADA, raft);
            app.loops().close(ADA, paxos, Outcome.LET_GO, null);

            assertFalse(app.loops().snooze(ADA, raft, START.plus(Duration.ofDays(7)), null));
            assertFalse(app.loops().snooze(ADA, paxos, START.plus(Duration.ofDays(7)), null));

            assertTrue(app.loops().list(ADA, LoopFilter.parse("active", null), 0, 10).snoozeOf(raft).isEmpty(),
                    "being worked on: not snoozed");
        }
    }

    @Test
    void refusalsSayWhatToDoAndChangeNothing() {
        try (Loopkeeper app = TestApp.open(folder, clock)) {
            long loop = park(app, ADA, "B-tree indexes");
            app.loops().activate(ADA, loop);
            InvalidInputException back = assertThrows(InvalidInputException.class,
                    () -> app.loops().progress(ADA, loop, Phase.ABSTRACTION, null));
            assertTrue(back.getMessage().startsWith("A loop enters abstraction when you open it (/open)."));
            InvalidInputException tooLong = assertThrows(InvalidInputException.class,
                    () -> app.loops().progress(ADA, loop, Phase.INSTANTIATION, "x".repeat(LoopLimits.MAX_BUILT + 1)));
            assertEquals("What you built is 301 characters; one line of up to 300 fits. Nothing was changed.",
                    tooLong.getMessage());
            assertThrows(InvalidInputException.class, () -> app.loops().progress(BOB, loop, Phase.INSTANTIATION, null),
                    "another person's loop is not found");
            app.loops().close(ADA, loop, Outcome.LEARNED, null);
            InvalidInputException closed = assertThrows(InvalidInputException.class,
                    () -> app.loops().progress(ADA, loop, Phase.INSTANTIATION, null));
            assertEquals("Loop #" + loop + " is no longer open: **B-tree indexes** was closed as learned. /reopen "
                    + "loop:" + loop + " brings it back.", closed.getMessage());
            assertEquals(List.of(Phase.ABSTRACTION), phases(app, loop));
            assertEquals(Optional.empty(), app.loops().phaseState(BOB, loop));
        }
    }

    @Test
    void activeLoopsAreListedByPhaseLongestInItFirst() {
        try (Loopkeeper app = TestApp.open(folder, clock)) {
            long a = park(app, ADA, "attention");
            long b = park(app, ADA, "backprop");
            long c = park(app, ADA, "convolutions");
            long d = park(app, ADA, "dropout");
            park(app, ADA, "embeddings");
            app.loops().activate(ADA, c);
            clock.advance(Duration.ofDays(1));
            app.loops().activate(ADA, a);
            app.loops().progress(ADA, b, Phase.INSTANTIATION, "a tiny autograd");
            clock.advance(Duration.ofDays(1));
            app.loops().progress(ADA, d, Phase.RE_ABSTRACTION, null);

            List<PhaseState> active = app.loops().activeByPhase(ADA);
            assertEquals(List.of(c, a, b, d), active.stream().map(s -> s.loop().id()).toList());
            assertEquals(List.of(Phase.ABSTRACTION, Phase.ABSTRACTION, Phase.INSTANTIATION, Phase.RE_ABSTRACTION),
                    active.stream().map(PhaseState::phase).toList());
            assertEquals("a tiny autograd", active.get(2).history().get(0).note());

            LoopPage page = app.loops().list(ADA, LoopFilter.parse("active", null), 0, 10);
            assertEquals(List.of(c, a, b, d), page.loops().stream().map(OpenLoop::id).toList());
            String body = new LoopMessages(Instant::toString).pageBody(page);
            int abstraction = body.indexOf("**Abstraction** · ");
            int instantiation = body.indexOf("**Instantiation** · ");
            int reAbstraction = body.indexOf("**Re-abstraction** · ");
            assertTrue(abstraction >= 0 && abstraction < instantiation && instantiation < reAbstraction, body);
            assertTrue(body.contains("**backprop** · in instantiation since"), body);
        }
    }

    private static List<Phase> phases(Loopkeeper app, long loop) {
        return app.loops().phaseState(ADA, loop).orElseThrow().history().stream().map(PhaseChange::phase).toList();
    }

    @Test
    void mergingAnOpenedLoopCarriesItsPhaseHistoryAndReflectionsToTheLoopItJoins() {
        try (Loopkeeper app = TestApp.open(folder, clock)) {
            long multi = park(app, ADA, "Multi-Paxos");
            long paxos = park(app, ADA, "Paxos made simple");
            app.loops().activate(ADA, multi);
            clock.advance(Duration.ofDays(2));
            app.loops().progress(ADA, multi, Phase.INSTANTIATION, "a toy replicated log");
            app.nudges().reflect(ADA, String.valueOf(multi), "a leader saves a round trip per command");

            clock.advance(Duration.ofDays(1));
            app.loops().merge(ADA, multi, paxos);

            PhaseState state = app.loops().phaseState(ADA, paxos).orElseThrow();
            assertEquals(LoopStatus.ACTIVE, state.loop().status(), "the work goes on in the loop it joined");
            assertEquals(Phase.INSTANTIATION, state.phase());
            assertEquals(START.plus(Duration.ofDays(2)), state.since());
            assertEquals(List.of(Phase.ABSTRACTION, Phase.INSTANTIATION),
                    state.history().stream().map(PhaseChange::phase).toList());
            assertEquals(List.of("a leader saves a round trip per command"),
                    app.nudges().reflections(ADA, String.valueOf(paxos)).stream()
                            .map(dev.loopkeeper.nudge.Reflection::answer).toList());
        }
    }

    @Test
    void aSnoozedLoopThatAnOpenedLoopIsMergedIntoIsNoLongerSnoozed() {
        try (Loopkeeper app = TestApp.open(folder, clock)) {
            long paxos = park(app, ADA, "Paxos made simple");
            app.loops().snooze(ADA, paxos, START.plus(Duration.ofDays(7)), null);
            long multi = park(app, ADA, "Multi-Paxos");
            app.loops().progress(ADA, multi, Phase.INSTANTIATION, "a toy replicated log");

            app.loops().merge(ADA, multi, paxos);

            LoopPage active = app.loops().list(ADA, LoopFilter.parse("active", null), 0, 10);
            assertEquals(List.of(paxos), active.loops().stream().map(OpenLoop::id).toList(), "the work goes on there");
            assertTrue(active.snoozeOf(paxos).isEmpty(), "worked on now: not 'in instantiation · snoozed until'");
        }
    }

    @Test
    void aReopenedLoopIsOpenWithoutAPhaseAndItsHistoryStays() {
        try (Loopkeeper app = TestApp.open(folder, clock)) {
            long paxos = park(app, ADA, "Paxos");
            app.loops().progress(ADA, paxos, Phase.INSTANTIATION, "a toy log");
            app.loops().close(ADA, paxos, Outcome.LEARNED, null);
            clock.advance(Duration.ofDays(2));
            OpenLoop reopened = app.loops().reopen(LoopScope.personal(ADA), Actor.person(ADA), paxos).loop();
            assertEquals(LoopStatus.OPEN, reopened.status());
            assertNull(reopened.phase(), "open again, not opened");
            assertNull(reopened.phaseSince());

            // Building with it again opens it again, and records the build: it was not "in instantiation already".
            LoopService.Progress again = app.loops().progress(ADA, paxos, Phase.INSTANTIATION, "a second build");
            assertTrue(again.changed());
            assertNull(again.from());
            assertEquals(LoopStatus.ACTIVE, again.loop().status());
            assertEquals(List.of("a toy log", "a second build"), app.loops().phaseState(ADA, paxos).orElseThrow()
                    .history().stream().map(PhaseChange::note).filter(java.util.Objects::nonNull).toList());
        }
    }

    @Test
    void aReopenedLoopsEarlierEndingStaysItsOwnWhenItIsMerged() {
        try (Loopkeeper app = TestApp.open(folder, clock)) {
            long paxos = park(app, ADA, "Paxos");
            long raft = park(app, ADA, "Raft consensus");
            app.loops().close(ADA, paxos, Outcome.LEARNED, "promise then accept");
            app.loops().reopen(LoopScope.personal(ADA), Actor.person(ADA), paxos);
            clock.advance(Duration.ofDays(3));
            app.loops().merge(ADA, paxos, raft);

            LoopPage page = app.loops().list(ADA, LoopFilter.parse("all", null), 0, 10);
            List<LoopNote> raftNotes = page.notesOf(raft);
            assertEquals(1, raftNotes.size(), raftNotes.toString());
            assertEquals(paxos, raftNotes.get(0).mergedFrom());
            assertTrue(page.notesOf(paxos).stream().anyMatch(note -> note.ending() != null),
                    "how Paxos ended before stays Paxos's");
        }
    }
}
