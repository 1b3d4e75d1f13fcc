package dev.loopkeeper.triage;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.loopkeeper.Loopkeeper;
import dev.loopkeeper.focus.FocusSource;
import dev.loopkeeper.loop.OpenLoop;
import dev.loopkeeper.loop.Origin;
import dev.loopkeeper.loop.Outcome;
import dev.loopkeeper.loop.ParkRequest;
import dev.loopkeeper.loop.ParkResult;
import dev.loopkeeper.loop.Triage;
import dev.loopkeeper.support.MutableClock;
import dev.loopkeeper.support.TestApp;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The triage queue's order and pass, classes, and suggestions on clear cases, on real SQLite and the real model. */
class TriageServiceTest {
    private static final String ADA = "100";
    @TempDir
    Path folder;
    private final MutableClock clock = MutableClock.at("2026-03-01T10:00:00Z");

    private static OpenLoop park(Loopkeeper app, String concept) {
        return ((ParkResult.Parked) app.loops().park(new ParkRequest(ADA, concept, null, Origin.none()))).loop();
    }

    /** Sets the focus as {@code /focus set} does, until cleared. */
    private static void focus(Loopkeeper app, String text) {
        app.focus().set(ADA, text, Optional.empty(), FocusSource.COMMAND, null, null);
    }

    @Test
    void noCoreLoopsAndNoFocusMeansNoSuggestion() {
        try (Loopkeeper app = TestApp.open(folder, clock)) {
            OpenLoop loop = park(app, "reverse-mode autodiff");
            assertEquals(Optional.empty(), app.triage().suggest(ADA, loop.id()));
        }
    }

    @Test
    void aLoopThatMatchesTheActiveFocusIsSuggestedCore() {
        try (Loopkeeper app = TestApp.open(folder, clock)) {
            OpenLoop loop = park(app, "Kalman filter");
            focus(app, "implementing a Kalman filter for drone state estimation");
            Suggestion suggestion = app.triage().suggest(ADA, loop.id()).orElseThrow();
            assertEquals(Triage.CORE, suggestion.triage());
            assertEquals(Suggestion.Basis.FOCUS, suggestion.basis());
            assertEquals(Optional.of("implementing a Kalman filter for drone state estimation"),
                    app.triage().matchingFocus(loop));
        }
    }

    @Test
    void aLoopFarFromFocusAndCoreIsSuggestedPeripheral() {
        try (Loopkeeper app = TestApp.open(folder, clock)) {
            OpenLoop loop = park(app, "sourdough starter hydration");
            focus(app, "writing a Raft consensus implementation in Go");
            Suggestion far = app.triage().suggest(ADA, loop.id()).orElseThrow();
            assertEquals(Triage.PERIPHERAL, far.triage());
            // No core loop to compare with: it is far from the focus only, and says no more.
            assertEquals(Suggestion.Basis.FAR_FROM_FOCUS, far.basis());
            assertEquals(Optional.empty(), app.triage().matchingFocus(loop));
            OpenLoop raft = park(app, "Raft leader election");
            app.triage().classify(ADA, raft.id(), Triage.CORE);
            assertEquals(Suggestion.Basis.FAR, app.triage().suggest(ADA, loop.id()).orElseThrow().basis());
            app.focus().clearAll(ADA);
            assertEquals(Suggestion.Basis.FAR_FROM_CORE, app.triage().suggest(ADA, loop.id()).orElseThrow().basis());
        }
    }

    @Test
    void anOpenedLoopsCardSuggestsCoreEvenFarFromTheFocus() {
        try (Loopkeeper app = TestApp.open(folder, clock)) {
            OpenLoop loop = park(app, "sourdough starter hydration");
            focus(app, "writing a Raft consensus implementation in Go");
            Instant pass = app.triage().startPass();
            assertEquals(Triage.PERIPHERAL,
                    app.triage().next(ADA, pass).orElseThrow().suggestion().orElseThrow().triage());
            app.loops().activate(ADA, loop.id());
            TriageCard card = app.triage().next(ADA, pass).orElseThrow();
            assertEquals(Optional.of(Suggestion.Basis.OPENED), card.suggestion().map(Suggestion::basis));
            assertEquals(Triage.CORE, card.suggestion().orElseThrow().triage());
            assertEquals(card.suggestion(), app.triage().suggest(ADA, loop.id()), "the card and the service agree");
            assertTrue(new TriageMessages(instant -> "now").card(card, "")
                    .contains("Suggested: **core**: you opened it and work on it now (abstraction)."),
                    new TriageMessages(instant -> "now").card(card, ""));
        }
    }

    @Test
    void aCloseSiblingOfACoreLoopIsSuggestedNearWhicheverOfTheTwoIsTheCoreLoop() {
        try (Loopkeeper app = TestApp.open(folder, clock)) {
            OpenLoop quorum = park(app, "quorum intersection");
            app.triage().classify(ADA, quorum.id(), Triage.CORE);
            OpenLoop election = park(app, "leader election");

            // With the core loop as the work alone this pair scored 0.30, "far"; the other way round it is close.
            Suggestion suggestion = app.triage().suggest(ADA, election.id()).orElseThrow();
            assertTrue(suggestion.triage() != Triage.PERIPHERAL, suggestion.toString());
            assertEquals(Suggestion.Basis.CORE_LOOP, suggestion.basis());
            assertEquals("quorum intersection", suggestion.against());
            assertTrue(suggestion.score() >= TriageService.ADJACENT, suggestion.toString());
            // The same nearness whichever of the two is asked about, as /related scores it.
            assertEquals(app.relevance().bestLoop(ADA, election.id(), List.of(quorum.id())).orElseThrow().match().score(),
                    app.relevance().bestLoop(ADA, quorum.id(), List.of(election.id())).orElseThrow().match().score());
        }
    }

    @Test
    void anAnswerToACardWhoseLoopWasClosedOrClassifiedElsewhereChangesNothing() {
        try (Loopkeeper app = TestApp.open(folder, clock)) {
            TriageService triage = app.triage();
            OpenLoop closed = park(app, "bloom filters");
            OpenLoop classified = park(app, "plate tectonics");
            OpenLoop waiting = park(app, "jazz harmony");
            Tally before = Tally.NONE.plus(Triage.CORE);
            app.loops().close(ADA, closed.id(), Outcome.LEARNED, null);
            triage.classify(ADA, classified.id(), Triage.PERIPHERAL);

            for (CardAnswer answer : CardAnswer.values()) {
                assertEquals(Optional.empty(), triage.answer(ADA, closed.id(), answer, before), answer.id());
                if (answer != CardAnswer.PERIPHERAL) {
                    assertEquals(Optional.empty(), triage.answer(ADA, classified.id(), answer, before), answer.id());
                }
            }
            // The class it has already is counted as this card's answer (a second click of it), changing nothing.
            assertEquals(Optional.of(before.plus(Triage.PERIPHERAL)),
                    triage.answer(ADA, classified.id(), CardAnswer.PERIPHERAL, before));
            assertEquals(Outcome.LEARNED, app.loops().find(ADA, closed.id()).orElseThrow().outcome());
            assertEquals(Triage.UNTRIAGED, app.loops().find(ADA, closed.id()).orElseThrow().triage());
            assertEquals(Triage.PERIPHERAL, app.loops().find(ADA, classified.id()).orElseThrow().triage());
            assertTrue(app.loops().find(ADA, classified.id()).orElseThrow().isOpen());

            assertEquals(Optional.of(before.plus(Triage.ADJACENT)),
                    triage.answer(ADA, waiting.id(), CardAnswer.ADJACENT, before));
            assertEquals(Triage.ADJACENT, app.loops().find(ADA, waiting.id()).orElseThrow().triage());
        }
    }

    @Test
    void theQueueGoesOldestFirstAndSkippedLoopsComeBackAfterTheOthersInALaterPass() {
        try (Loopkeeper app = TestApp.open(folder, clock)) {
            TriageService triage = app.triage();
            OpenLoop first = park(app, "bloom filters");
            clock.advance(Duration.ofMinutes(1));
            OpenLoop second = park(app, "plate tectonics");
            clock.advance(Duration.ofMinutes(1));
            OpenLoop third = park(app, "jazz harmony");
            clock.advance(Duration.ofMinutes(1));

            Instant pass = triage.startPass();
            assertEquals(first.id(), triage.next(ADA, pass).orElseThrow().loop().id());
            assertEquals(3, triage.next(ADA, pass).orElseThrow().left());
            triage.skip(ADA, first.id());
            assertEquals(second.id(), triage.next(ADA, pass).orElseThrow().loop().id());
            triage.classify(ADA, second.id(), Triage.ADJACENT);
            clock.advance(Duration.ofMinutes(1));
            // Stopped here; a later pass resumes with what was never seen, then the skipped one.
            Instant later = triage.startPass();
            List<Long> order = new ArrayList<>();
            Optional<TriageCard> card;
            while ((card = triage.next(ADA, later)).isPresent()) {
                order.add(card.get().loop().id());
                triage.classify(ADA, card.get().loop().id(), Triage.PERIPHERAL);
            }
            assertEquals(List.of(third.id(), first.id()), order);
        }
    }

    @Test
    void skippingEverythingEndsThePass() {
        try (Loopkeeper app = TestApp.open(folder, clock)) {
            OpenLoop only = park(app, "bloom filters");
            Instant pass = app.triage().startPass();
            app.triage().skip(ADA, only.id());
            assertTrue(app.triage().next(ADA, pass).isEmpty());
        }
    }

    @Test
    void theSummaryCountsWhatThePassDecided() {
        Tally tally = Tally.NONE.plus(Triage.CORE).plus(Triage.ADJACENT).plus(Triage.ADJACENT)
                .plus(Triage.PERIPHERAL).plusSkipped();
        assertTrue(TriageMessages.summary(tally).startsWith("Triaged 4: 1 core, 2 adjacent, 1 peripheral; 1 skipped"),
                TriageMessages.summary(tally));
        assertEquals(Optional.of(tally), Tally.parse(tally.encode()));
        assertEquals(Optional.empty(), Tally.parse("1-2-x-0-1"));
    }
}
