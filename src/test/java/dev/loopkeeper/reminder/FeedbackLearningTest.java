package dev.loopkeeper.reminder;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.loopkeeper.Loopkeeper;
import dev.loopkeeper.config.Config;
import dev.loopkeeper.focus.Focus;
import dev.loopkeeper.focus.FocusSource;
import dev.loopkeeper.loop.Actor;
import dev.loopkeeper.loop.LoopScope;
import dev.loopkeeper.loop.OpenLoop;
import dev.loopkeeper.loop.Origin;
import dev.loopkeeper.loop.Outcome;
import dev.loopkeeper.loop.ParkRequest;
import dev.loopkeeper.loop.ParkResult;
import dev.loopkeeper.relevance.FeedbackMemory;
import dev.loopkeeper.relevance.RelevanceIndex;
import dev.loopkeeper.relevance.RelevanceScorer;
import dev.loopkeeper.support.MutableClock;
import dev.loopkeeper.support.TestApp;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Learning from a person's own feedback, with the real model, the shipped concept map and a real database (SQLite,
 * or PostgreSQL): what they open, turn down or close as learned while some work is in focus moves that loop (and loops
 * like it) for similar work, and only for them.
 */
class FeedbackLearningTest {
    private static final String ADA = "ada";
    private static final String BOB = "bob";
    private static final String RAFT = "implementing Raft in Go";
    private static final String SIMILAR = "writing leader election for my Raft cluster";
    private static final String UNRELATED = "baking sourdough bread with a starter";

    @TempDir
    Path folder;
    private final MutableClock clock = MutableClock.at("2026-03-02T10:00:00Z");
    private Config config;
    private Loopkeeper app;
    private Decision last;

    @BeforeEach
    void open() {
        config = TestApp.config(folder);
        app = TestApp.open(config, clock);
        app.focus().connect(changed -> last = app.matcher().onFocus(changed));
    }

    @AfterEach
    void close() {
        app.close();
    }

    private OpenLoop park(String owner, String concept) {
        return assertInstanceOf(ParkResult.Parked.class, app.loops().park(new ParkRequest(owner, concept, null,
                Origin.channel(null, null)))).loop();
    }

    private Focus focus(String owner, String text) {
        return app.focus().set(owner, text, Optional.empty(), FocusSource.COMMAND, null, null).focus();
    }

    /** How the index scores one of the person's loops for a work, with no threshold. */
    private RelevanceScorer.Match match(Loopkeeper on, String owner, String work, long loopId) {
        return on.relevance().rank(owner, work, -100, Set.of(), 1_000).stream()
                .filter(c -> c.loopId() == loopId).findFirst().map(RelevanceIndex.Candidate::match).orElseThrow();
    }

    private double score(String owner, String work, long loopId) {
        return match(app, owner, work, loopId).score();
    }

    /** Sets the focus for {@code owner} and returns the reminder it made, which must list {@code loop}. */
    private long remindedFor(String owner, String work, OpenLoop loop) {
        focus(owner, work);
        assertTrue(last.matches().stream().anyMatch(c -> c.loopId() == loop.id()), work + ": " + last.matches());
        return last.reminderId().orElseThrow();
    }

    @Test
    void openingALoopForWorkRaisesItForSimilarWorkAndNotForUnrelatedWork() {
        OpenLoop quorum = park(ADA, "quorum intersection");
        double similarBefore = score(ADA, SIMILAR, quorum.id());
        double unrelatedBefore = score(ADA, UNRELATED, quorum.id());

        app.reminders().act(ADA, remindedFor(ADA, RAFT, quorum), quorum.id(), ReminderAction.OPEN);

        RelevanceScorer.Match similar = match(app, ADA, SIMILAR, quorum.id());
        assertTrue(similar.score() > similarBefore + FeedbackMemory.MEANINGFUL, similarBefore + " -> " + similar.score());
        assertTrue(similar.reason().contains("you opened it for similar work before"), similar.reason());
        assertEquals(unrelatedBefore, score(ADA, UNRELATED, quorum.id()), 1e-9, "unrelated work learns nothing");
    }

    @Test
    void notRelevantLowersItForSimilarWorkAndTakesAwayTheMapsSupport() {
        OpenLoop quorum = park(ADA, "quorum intersection");
        RelevanceScorer.Match sameBefore = match(app, ADA, RAFT, quorum.id());
        double similarBefore = score(ADA, SIMILAR, quorum.id());
        double unrelatedBefore = score(ADA, UNRELATED, quorum.id());
        assertTrue(sameBefore.restsOn().isPresent(), "the map carries it: " + sameBefore.reason());

        app.reminders().act(ADA, remindedFor(ADA, RAFT, quorum), quorum.id(), ReminderAction.NOT_RELEVANT);

        RelevanceScorer.Match sameAfter = match(app, ADA, RAFT, quorum.id());
        assertTrue(sameAfter.restsOn().isEmpty(), "no support left for the same work: " + sameAfter.reason());
        assertFalse(sameAfter.reason().matches("(?s).* rests? on .*"), sameAfter.reason());
        // Lower by more than its own feedback alone: the map's support went too.
        assertTrue(sameAfter.score() < sameBefore.score() - FeedbackMemory.OWN_CAP,
                sameBefore.score() + " -> " + sameAfter.score());
        assertTrue(score(ADA, SIMILAR, quorum.id()) < similarBefore - FeedbackMemory.MEANINGFUL);
        assertEquals(unrelatedBefore, score(ADA, UNRELATED, quorum.id()), 1e-9);
    }

    @Test
    void closingALoopAsLearnedWhileAFocusIsActiveCountsAsTakingItUp() {
        OpenLoop quorum = park(ADA, "quorum intersection");
        OpenLoop majority = park(ADA, "majority quorums in consensus protocols");
        double before = score(ADA, SIMILAR, majority.id());
        focus(ADA, RAFT);
        focus(ADA, "planning a trip to Lisbon");

        app.loops().close(ADA, quorum.id(), Outcome.LEARNED, "any two majorities overlap");

        // The closed loop no longer matches; a loop like it, for work like that, is raised a little.
        RelevanceScorer.Match after = match(app, ADA, SIMILAR, majority.id());
        assertTrue(after.score() > before + 0.01, before + " -> " + after.score());
        assertTrue(after.score() - before <= FeedbackMemory.PERSON_CAP + 1e-9, "a smaller share than its own events");
        assertEquals(List.of(1), signs(ADA), "one event, for the closest active focus only");
    }

    @Test
    void closingWithoutAFocusOrByLettingGoTeachesNothing() {
        OpenLoop quorum = park(ADA, "quorum intersection");
        OpenLoop paxos = park(ADA, "Paxos");
        app.loops().close(ADA, quorum.id(), Outcome.LEARNED, null); // no focus active
        focus(ADA, RAFT);
        app.loops().close(ADA, paxos.id(), Outcome.LET_GO, null); // letting go says nothing about the work
        assertEquals(List.of(), signs(ADA));
    }

    @Test
    void anotherPersonsFeedbackNeverAffectsThisPerson() {
        OpenLoop adas = park(ADA, "quorum intersection");
        OpenLoop bobs = park(BOB, "quorum intersection");
        double bobBefore = score(BOB, RAFT, bobs.id());
        double bobSimilarBefore = score(BOB, SIMILAR, bobs.id());

        app.reminders().act(ADA, remindedFor(ADA, RAFT, adas), adas.id(), ReminderAction.NOT_RELEVANT);

        assertTrue(score(ADA, RAFT, adas.id()) < bobBefore - FeedbackMemory.MEANINGFUL, "Ada's own loop moved");
        assertEquals(bobBefore, score(BOB, RAFT, bobs.id()), 1e-9);
        assertEquals(bobSimilarBefore, score(BOB, SIMILAR, bobs.id()), 1e-9);
        // Nor can Ada's crafted feedback land on Bob's loop.
        assertFalse(app.relevance().learn(ADA, bobs.id(), RAFT, -1, "not_relevant", clock.instant()));
        assertEquals(List.of(), signs(BOB));
    }

    @Test
    void theNextDecisionSeesFeedbackRecordedByAnotherProcess() {
        OpenLoop quorum = park(ADA, "quorum intersection");
        long reminder = remindedFor(ADA, RAFT, quorum);
        double before = score(ADA, SIMILAR, quorum.id()); // the index now holds Ada's loops in memory
        try (Loopkeeper other = TestApp.open(config, clock)) {
            other.reminders().act(ADA, reminder, quorum.id(), ReminderAction.OPEN);
        }
        assertTrue(score(ADA, SIMILAR, quorum.id()) > before + FeedbackMemory.MEANINGFUL,
                "the feedback moved Ada's loop version, so this process reloaded her index");
    }

    @Test
    void whatAPersonOpensAndTurnsDownComesBackInTheirNextReminders() {
        OpenLoop quorum = park(ADA, "quorum intersection");
        OpenLoop hashing = park(ADA, "consistent hashing");
        OpenLoop bloom = park(ADA, "Bloom filters");
        focus(ADA, RAFT);
        long first = last.reminderId().orElseThrow();
        List<Long> firstIds = last.matches().stream().map(RelevanceIndex.Candidate::loopId).toList();
        assertTrue(firstIds.contains(quorum.id()), last.matches().toString());
        app.reminders().act(ADA, first, quorum.id(), ReminderAction.OPEN);
        for (long other : List.of(hashing.id(), bloom.id())) {
            if (firstIds.contains(other)) {
                app.reminders().act(ADA, first, other, ReminderAction.NOT_RELEVANT);
            }
        }

        clock.advance(Duration.ofDays(8)); // past the cooldown
        // Opened, the loop is the person's work: similar work does not remind them of it, though it is learned.
        focus(ADA, SIMILAR);
        assertTrue(last.matches().stream().noneMatch(c -> c.loopId() == quorum.id()), last.matches().toString());
        assertTrue(match(app, ADA, SIMILAR, quorum.id()).reason().contains("you opened it for similar work before"));

        // Parked again (closed, then brought back), it comes back first for the next similar work, and says why.
        app.loops().close(ADA, quorum.id(), Outcome.MERGED, null);
        app.loops().reopen(LoopScope.personal(ADA), Actor.person(ADA), quorum.id());
        focus(ADA, SIMILAR + " again");
        assertEquals(Decision.Kind.REMINDED, last.kind());
        RelevanceIndex.Candidate top = last.matches().get(0);
        assertEquals(quorum.id(), top.loopId(), last.matches().toString());
        assertTrue(top.match().reason().contains("you opened it for similar work before"), top.match().reason());
        Reminder shown = app.reminders().find(last.reminderId().orElseThrow()).orElseThrow();
        assertTrue(shown.items().get(0).reason().contains("you opened it for similar work before"),
                "the reason is stored with the reminder the person sees");
    }

    /** The signs of the person's stored feedback events, oldest first, read straight from the database. */
    private List<Integer> signs(String owner) {
        return app.database().read(sql -> sql.query("SELECT sign FROM loop_feedback WHERE owner_id = ? ORDER BY id",
                row -> row.getInt(1), owner));
    }
}
