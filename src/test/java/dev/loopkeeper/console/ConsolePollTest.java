package dev.loopkeeper.console;

import static dev.loopkeeper.support.ConsoleScript.assertShows;
import static dev.loopkeeper.support.ConsoleScript.run;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.loopkeeper.Loopkeeper;
import dev.loopkeeper.loop.LoopFilter;
import dev.loopkeeper.loop.LoopScope;
import dev.loopkeeper.loop.OpenLoop;
import dev.loopkeeper.loop.Outcome;
import dev.loopkeeper.poll.PollMessages;
import dev.loopkeeper.poll.PollVotes;
import dev.loopkeeper.poll.TriagePoll;
import dev.loopkeeper.poll.Verdict;
import dev.loopkeeper.support.AppTestBase;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * {@code /triage poll:} in the console: a local run on one of the person's own loops, each vote typed on its own line,
 * decided by the same service and rules as on Discord (quorum, ties), and written back.
 */
class ConsolePollTest extends AppTestBase {
    ConsolePollTest() {
        super("2026-03-01T10:00:00Z");
    }

    private static OpenLoop loop(Loopkeeper app, String concept) {
        return app.loops().list(ConsoleFront.LOCAL_USER, new LoopFilter(LoopFilter.Stage.ALL, Optional.empty()), 0, 50)
                .loops().stream().filter(l -> l.concept().equals(concept)).findFirst().orElseThrow();
    }

    private static List<TriagePoll> decided(Loopkeeper app) {
        return app.polls().decidedSince(LoopScope.personal(ConsoleFront.LOCAL_USER), Instant.EPOCH);
    }

    @Test
    void votesTypedAsLinesDecideTheClassByTheSameRulesAsOnDiscord() {
        String out = run(app, """
                /park concept:Kalman filter
                /triage poll:kalman hours:6
                core
                Adjacent
                perhaps
                CORE
                done
                /loops
                """);
        assertShows(out,
                "How relevant is Kalman filter to our track?\nA local poll: type each vote on its own "
                        + "line (core, adjacent, peripheral or let go), then done or an empty line (at least 3 votes needed; "
                        + "a tie changes nothing; Let it go closes the loop).\nVote 1:",
                "'perhaps' is not an answer: core, adjacent, peripheral or let go (done ends the "
                        + "poll).",
                "The poll on Kalman filter has closed: the group finds it core to the track, "
                        + "and that is its class now. (Core 2 · Adjacent 1 · Peripheral 0 · Let it go 0; 3 votes)");
        assertEquals(dev.loopkeeper.loop.Triage.CORE, loop(app, "Kalman filter").triage());
        TriagePoll poll = decided(app).get(0);
        assertEquals(Optional.of(new PollVotes(2, 1, 0, 0)), poll.votes());
        assertEquals(Optional.of(Verdict.Kind.CORE), poll.decision());
        assertTrue(out.contains("Open loops (1)"), "the command after the poll runs: " + out);
    }

    @Test
    void tooFewVotesOrATieChangeNothingAndAnEmptyLineOrACommandEndsThePoll() {
        String out = run(app, """
                /park concept:B-trees
                /park concept:category theory
                /triage poll:B-trees
                core
                peripheral

                /triage poll:category
                let go
                let go
                core
                core
                /loops status:all
                """);
        assertShows(out,
                "The poll on B-trees has closed with 2 votes; a result needs at least 3 votes, so "
                        + "its class stays as it was.",
                "The poll ends here.",
                "The poll on category theory has closed in a tie between Core and Let it go (2 "
                        + "votes each), so its class stays as it was.");
        assertEquals(dev.loopkeeper.loop.Triage.UNTRIAGED, loop(app, "B-trees").triage());
        assertTrue(loop(app, "category theory").isOpen());
        assertTrue(out.contains("All loops (2)"), "the command that ended the poll runs: " + out);
    }

    @Test
    void letItGoClosesTheLoopAndBadOptionsAreRefusedWithNothingChanged() {
        String out = run(app, """
                /park concept:sourdough
                /triage poll:sourdough hours:900
                /triage poll:sourdough hours:999999999999999999999999999999
                /triage poll:sourdough hours:a day
                /triage poll:sourdough class:core
                /triage hours:3
                /triage poll:sourdough
                let go
                let it go
                peripheral
                """);
        assertShows(out,
                "A poll stays open from 1 to 168 hours (7 days), not 900. Nothing was posted.",
                "A poll stays open from 1 to 168 hours (7 days), not 999999999999999999999999999999. Nothing was posted.",
                "hours takes a whole number of hours from 1 to 168, such as 24, not 'a day'. Nothing was changed.",
                PollMessages.localNotWithLoopOrClass(),
                PollMessages.localHoursNeedPoll(),
                "the group lets it go, so it is closed as let go.");
        assertFalse(out.contains("server"), "the console's poll is on the person's own loops: " + out);
        OpenLoop loop = loop(app, "sourdough");
        assertFalse(loop.isOpen());
        assertEquals(Outcome.LET_GO, loop.outcome());
        assertEquals(1, decided(app).size(), "only the run that got votes was decided");
    }
}
