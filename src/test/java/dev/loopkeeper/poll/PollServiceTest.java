package dev.loopkeeper.poll;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.loopkeeper.common.InvalidInputException;
import dev.loopkeeper.delivery.Courier;
import dev.loopkeeper.delivery.Mail;
import dev.loopkeeper.loop.Actor;
import dev.loopkeeper.loop.LoopErrors;
import dev.loopkeeper.loop.LoopFilter;
import dev.loopkeeper.loop.LoopScope;
import dev.loopkeeper.loop.OpenLoop;
import dev.loopkeeper.loop.Origin;
import dev.loopkeeper.loop.Outcome;
import dev.loopkeeper.loop.ParkRequest;
import dev.loopkeeper.loop.ParkResult;
import dev.loopkeeper.loop.Triage;
import dev.loopkeeper.support.AppTestBase;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Triage polls through the service on real SQLite: who may start one and on which loop, the verdict rules (a winner, a
 * tie, too few votes, a loop closed meanwhile), the write-back and its follow-up through the outbox exactly once, and
 * the polls whose result is due.
 */
class PollServiceTest extends AppTestBase {
    private static final String GUILD = "900";
    private static final String CHANNEL = "555";
    private static final String ADA = "100";
    private static final String BOB = "200";
    private static final String ROLE = "777";
    private static final LoopScope LOT = LoopScope.server(GUILD);

    private final Channel channel = new Channel();
    private PollService polls;

    PollServiceTest() {
        super("2026-03-01T10:00:00Z");
    }

    /** The server channel side of delivery: records each post, answers with queued outcomes (default delivered). */
    private static final class Channel implements Courier {
        final List<String> posted = new ArrayList<>();
        final Deque<Outcome> outcomes = new ArrayDeque<>();

        @Override
        public synchronized Outcome sendDirect(Mail mail) {
            throw new AssertionError("a poll's follow-up is never a direct message");
        }

        @Override
        public synchronized Outcome sendToChannel(String guildId, String channelId, Mail mail) {
            Outcome outcome = outcomes.isEmpty() ? Outcome.DELIVERED : outcomes.poll();
            if (outcome == Outcome.DELIVERED) {
                posted.add(guildId + "/" + channelId + ": " + PollMessages.result(assertInstanceOf(PollResult.class, mail)));
            }
            return outcome;
        }
    }

    @BeforeEach
    void open() {
        app.outbox().attach(channel);
        polls = app.polls();
    }

    private static Actor manager(String userId) {
        return Actor.member(userId, GUILD, true);
    }

    private OpenLoop parkForGroup(String concept) {
        return assertInstanceOf(ParkResult.Parked.class, app.loops().park(new ParkRequest(BOB, concept, null,
                Origin.channel(GUILD, CHANNEL), LOT))).loop();
    }

    private TriagePoll openPoll(OpenLoop loop, String messageId) {
        TriagePoll poll = polls.start(manager(ADA), Set.of(), CHANNEL, Long.toString(loop.id()), null);
        return polls.posted(poll.id(), messageId);
    }

    private OpenLoop stored(OpenLoop loop) {
        return app.loops().list(LOT, Actor.member(ADA, GUILD, false), new LoopFilter(LoopFilter.Stage.ALL,
                Optional.empty()), 0, 100).loops().stream().filter(l -> l.id() == loop.id()).findFirst().orElseThrow();
    }

    @Test
    void theWinningClassIsWrittenBackWithItsTallyAndTheFollowUpIsPostedOnceInThePollsChannel() {
        OpenLoop loop = parkForGroup("Kalman filter");
        TriagePoll poll = openPoll(loop, "m1");
        assertEquals(TriagePoll.Status.OPEN, poll.status());
        assertEquals(clock.instant().plus(Duration.ofHours(24)), poll.closesAt(), "24 hours by default");
        assertEquals("How relevant is Kalman filter to our track?", poll.question());

        PollResult result = polls.finish("m1", new PollVotes(3, 1, 0, 0)).orElseThrow();

        assertEquals(Verdict.Kind.CORE, result.verdict().kind());
        assertEquals(Triage.CORE, stored(loop).triage());
        TriagePoll decided = polls.find(poll.id()).orElseThrow();
        assertEquals(TriagePoll.Status.DECIDED, decided.status());
        assertEquals(Optional.of(new PollVotes(3, 1, 0, 0)), decided.votes());
        assertEquals(Optional.of(Verdict.Kind.CORE), decided.decision());
        assertEquals(Optional.of(clock.instant()), decided.decidedAt());
        assertEquals(3, decided.quorum());
        assertEquals(List.of(GUILD + "/" + CHANNEL + ": The poll on **Kalman filter** has closed: the group finds it "
                + "**core** to the track, and that is its class now. (Core 3 · Adjacent 1 · Peripheral 0 · Let it go 0; "
                + "4 votes)"), channel.posted);
        assertEquals("delivered", app.outbox().status(app.outbox().idOf(PollService.KIND, poll.id()).orElseThrow()));
        assertEquals(List.of(decided), polls.decidedSince(LOT, clock.instant().minus(Duration.ofDays(7))));

        // The same final result again (the poll-result message after the update, a restart): nothing changes.
        clock.advance(Duration.ofMinutes(5));
        assertEquals(Optional.empty(), polls.finish("m1", new PollVotes(0, 0, 5, 0)));
        app.outbox().deliverDue();
        assertEquals(1, channel.posted.size(), "posted once");
        assertEquals(Triage.CORE, stored(loop).triage());
        assertEquals(Optional.of(new PollVotes(3, 1, 0, 0)), polls.find(poll.id()).orElseThrow().votes());
    }

    @Test
    void letItGoClosesTheLoopAsLetGo() {
        OpenLoop loop = parkForGroup("category theory");
        openPoll(loop, "m2");

        PollResult result = polls.finish("m2", new PollVotes(0, 1, 1, 3)).orElseThrow();

        assertEquals(Verdict.Kind.LET_GO, result.verdict().kind());
        OpenLoop closed = stored(loop);
        assertFalse(closed.isOpen());
        assertEquals(Optional.of(Outcome.LET_GO), Optional.ofNullable(closed.outcome()));
        assertTrue(channel.posted.get(0).contains("the group lets it go, so it is closed as let go."), channel.posted.get(0));
    }

    @Test
    void aTieChangesNothingAndSaysBetweenWhich() {
        OpenLoop loop = parkForGroup("Raft");
        openPoll(loop, "m3");

        PollResult result = polls.finish("m3", new PollVotes(2, 2, 1, 0)).orElseThrow();

        assertEquals(new Verdict(Verdict.Kind.TIE, List.of(PollAnswer.CORE, PollAnswer.ADJACENT)), result.verdict());
        assertEquals(Triage.UNTRIAGED, stored(loop).triage());
        assertTrue(stored(loop).isOpen());
        assertEquals(GUILD + "/" + CHANNEL + ": The poll on **Raft** has closed in a tie between Core and Adjacent "
                + "(2 votes each), so its class stays as it was. Another /triage poll can settle it. (Core 2 · Adjacent 2 "
                + "· Peripheral 1 · Let it go 0; 5 votes)", channel.posted.get(0));
        // Decided all the same: a new poll may settle it.
        TriagePoll next = openPoll(loop, "m3b");
        assertEquals(TriagePoll.Status.OPEN, next.status());
    }

    @Test
    void tooFewVotesChangeNothingAndTheQuorumIsTheServersSetting() {
        OpenLoop few = parkForGroup("Paxos");
        openPoll(few, "m4");
        PollResult below = polls.finish("m4", new PollVotes(0, 2, 0, 0)).orElseThrow();
        assertEquals(Verdict.Kind.QUORUM, below.verdict().kind());
        assertEquals(Triage.UNTRIAGED, stored(few).triage());
        assertEquals(GUILD + "/" + CHANNEL + ": The poll on **Paxos** has closed with 2 votes; a result needs at least "
                + "3 votes, so its class stays as it was. (Core 0 · Adjacent 2 · Peripheral 0 · Let it go 0; 2 votes)",
                channel.posted.get(0));

        app.settings().setPolls(GUILD, Optional.empty(), false, Optional.of(2L));
        OpenLoop enough = parkForGroup("CRDTs");
        openPoll(enough, "m5");
        assertEquals(Verdict.Kind.ADJACENT, polls.finish("m5", new PollVotes(0, 2, 0, 0)).orElseThrow().verdict().kind());
        assertEquals(Triage.ADJACENT, stored(enough).triage());

        OpenLoop none = parkForGroup("gossip protocols");
        openPoll(none, "m6");
        assertEquals(2, channel.posted.size());
        PollResult empty = polls.finish("m6", PollVotes.NONE).orElseThrow();
        assertEquals(new Verdict(Verdict.Kind.QUORUM, List.of()), empty.verdict());
        assertTrue(channel.posted.get(2).contains("has closed with 0 votes; a result needs at least 2 votes"),
                channel.posted.get(2));
    }

    @Test
    void aLoopClosedWhileThePollRanIsLeftAsItIs() {
        OpenLoop loop = parkForGroup("B-trees");
        openPoll(loop, "m7");
        app.loops().close(LOT, manager(ADA), loop.id(), Outcome.LEARNED, null);

        PollResult result = polls.finish("m7", new PollVotes(4, 0, 0, 0)).orElseThrow();

        assertEquals(Verdict.Kind.NOT_OPEN, result.verdict().kind());
        assertEquals(Optional.of(Outcome.LEARNED), Optional.ofNullable(stored(loop).outcome()));
        assertTrue(channel.posted.get(0).contains("but the loop was closed meanwhile, so nothing changed."));
    }

    @Test
    void aLoopRenamedWhileThePollRanIsNamedBothWaysInTheFollowUp() {
        OpenLoop loop = parkForGroup("edited during poll");
        openPoll(loop, "m9");
        app.loops().edit(LOT, manager(ADA), loop.id(), "renamed during poll", null);

        PollResult result = polls.finish("m9", new PollVotes(4, 0, 0, 0)).orElseThrow();

        assertEquals("edited during poll", result.poll().concept(), "the poll keeps the words it asked about");
        assertEquals(Optional.of("renamed during poll"), result.renamedTo());
        assertTrue(channel.posted.get(0).contains("The poll on **edited during poll** (since renamed **renamed during "
                + "poll**) has closed: the group finds it **core**"), channel.posted.get(0));
        assertEquals(dev.loopkeeper.loop.Triage.CORE, stored(loop).triage(), "the result goes to the loop as it is");
    }

    @Test
    void aFollowUpTheChannelRefusedForNowIsRetriedAndPostedOnce() {
        OpenLoop loop = parkForGroup("vector clocks");
        TriagePoll poll = openPoll(loop, "m8");
        channel.outcomes.add(Courier.Outcome.FAILED);

        polls.finish("m8", new PollVotes(0, 0, 3, 0)).orElseThrow();

        assertEquals(Triage.PERIPHERAL, stored(loop).triage(), "written back even though the post waits");
        long outboxId = app.outbox().idOf(PollService.KIND, poll.id()).orElseThrow();
        assertEquals("scheduled", app.outbox().status(outboxId));
        assertEquals(List.of(), channel.posted);
        clock.advance(Duration.ofMinutes(1));
        app.outbox().deliverDue();
        app.outbox().deliverDue();
        assertEquals(1, channel.posted.size());
        assertEquals("delivered", app.outbox().status(outboxId));
    }

    @Test
    void onlyManagersOrTheServersPollRoleMayStartAPoll() {
        OpenLoop loop = parkForGroup("consistent hashing");
        String id = Long.toString(loop.id());
        Actor member = Actor.member(BOB, GUILD, false);

        InvalidInputException refused = assertThrows(InvalidInputException.class,
                () -> polls.start(member, Set.of(ROLE), CHANNEL, id, null));
        assertEquals("Starting a triage poll here needs the Manage Server permission. Nothing was posted.",
                refused.getMessage());

        app.settings().setPolls(GUILD, Optional.of(ROLE), false, Optional.empty());
        InvalidInputException withoutRole = assertThrows(InvalidInputException.class,
                () -> polls.start(member, Set.of("778"), CHANNEL, id, null));
        assertEquals("Starting a triage poll here needs the Manage Server permission or the <@&777> role. Nothing was "
                + "posted.", withoutRole.getMessage());
        assertEquals(TriagePoll.Status.POSTING, polls.start(member, Set.of(ROLE), CHANNEL, id, 3L).status());

        app.settings().setPolls(GUILD, Optional.empty(), true, Optional.empty());
        assertThrows(InvalidInputException.class, () -> polls.start(member, Set.of(ROLE), CHANNEL, id, null));
    }

    @Test
    void aPollNeedsAServerAServerLoopOfThisServerNoOtherPollOnItAndHoursWithinDiscordsLimits() {
        OpenLoop loop = parkForGroup("linearizability");
        String id = Long.toString(loop.id());
        assertEquals(PollMessages.needsServer(), assertThrows(InvalidInputException.class,
                () -> polls.start(Actor.person(ADA), Set.of(), null, id, null)).getMessage());
        assertEquals(PollMessages.hoursOutOfRange(0), assertThrows(InvalidInputException.class,
                () -> polls.start(manager(ADA), Set.of(), CHANNEL, id, 0L)).getMessage());
        assertEquals("A poll stays open from 1 to 168 hours (7 days), not 169. Nothing was posted.",
                assertThrows(InvalidInputException.class,
                        () -> polls.start(manager(ADA), Set.of(), CHANNEL, id, 169L)).getMessage());

        OpenLoop personal = ((ParkResult.Parked) app.loops().park(new ParkRequest(ADA, "my own worry", null,
                Origin.none()))).loop();
        assertEquals(LoopErrors.inOtherScope(personal.id(), "my own worry", LoopScope.Kind.PERSONAL),
                assertThrows(InvalidInputException.class, () -> polls.start(manager(ADA), Set.of(), CHANNEL,
                        Long.toString(personal.id()), null)).getMessage());
        Actor otherServer = Actor.member(ADA, "901", true);
        // That server has no shared loop open at all: it is told to park one.
        assertEquals(LoopErrors.noOpenLoops(LoopScope.Kind.SERVER), assertThrows(InvalidInputException.class,
                () -> polls.start(otherServer, Set.of(), CHANNEL, id, null)).getMessage());

        TriagePoll first = polls.start(manager(ADA), Set.of(), CHANNEL, id, 168L);
        assertEquals(clock.instant().plus(Duration.ofHours(168)), first.closesAt());
        String refused = assertThrows(InvalidInputException.class,
                () -> polls.start(manager(ADA), Set.of(), CHANNEL, id, null)).getMessage();
        assertTrue(refused.startsWith("A poll on **") && refused.contains("** is being posted right now. If it does "
                + "not show in the channel, it can be started again 10 minutes after the first try."), refused);
        polls.notPosted(first.id());
        assertEquals(TriagePoll.Status.FAILED, polls.find(first.id()).orElseThrow().status());
        assertEquals(TriagePoll.Status.POSTING, polls.start(manager(ADA), Set.of(), CHANNEL, id, null).status(),
                "a poll Discord refused does not block the next");
    }

    @Test
    void aPollWhoseChannelCannotBeReadIsGivenUpADayAfterItWasSavedAndByAnyProcessAfterThat() {
        OpenLoop loop = parkForGroup("gossip protocols");
        TriagePoll stuck = polls.start(manager(ADA), Set.of(), CHANNEL, Long.toString(loop.id()), 1L);
        OpenLoop other = parkForGroup("anti-entropy");
        TriagePoll orphan = polls.start(manager(ADA), Set.of(), CHANNEL, Long.toString(other.id()), 1L);

        clock.advance(Duration.ofHours(23));
        assertFalse(polls.neverPosted(stuck, false), "a bot back after a long outage whose first look failed waits");
        clock.advance(Duration.ofHours(1));
        assertTrue(polls.neverPosted(stuck, false));
        assertEquals(TriagePoll.Status.FAILED, polls.find(stuck.id()).orElseThrow().status());

        // The other was never looked at (its shard's process gone): past a day, any look at what is unposted gives it up.
        clock.advance(Duration.ofMinutes(1));
        assertEquals(List.of(), polls.unposted());
        assertEquals(TriagePoll.Status.FAILED, polls.find(orphan.id()).orElseThrow().status());
    }

    @Test
    void aPollIsDueOnceItsTimeHasPassedAndOneNeverPostedIsGivenUpTenMinutesAfterItWasSaved() {
        OpenLoop loop = parkForGroup("quorum intersection");
        TriagePoll open = openPoll(loop, "m9");
        OpenLoop other = parkForGroup("leader election");
        TriagePoll stuck = polls.start(manager(ADA), Set.of(), CHANNEL, Long.toString(other.id()), 1L);

        assertEquals(List.of(), polls.due());
        assertEquals(List.of(stuck.id()), polls.unposted().stream().map(TriagePoll::id).toList());
        clock.advance(Duration.ofMinutes(9));
        assertFalse(polls.neverPosted(stuck, true), "its message is looked for until 10 minutes after it was saved");
        assertEquals(TriagePoll.Status.POSTING, polls.find(stuck.id()).orElseThrow().status());
        clock.advance(Duration.ofMinutes(1));
        assertFalse(polls.neverPosted(stuck, false), "a channel that could not be read is not an answer: it waits");
        assertEquals(TriagePoll.Status.POSTING, polls.find(stuck.id()).orElseThrow().status());
        assertTrue(polls.neverPosted(stuck, true));
        assertEquals(TriagePoll.Status.FAILED, polls.find(stuck.id()).orElseThrow().status());
        assertEquals(List.of(), polls.unposted());
        assertFalse(polls.neverPosted(open, true), "only a poll still being posted is given up so");

        clock.advance(Duration.ofHours(24));
        assertEquals(List.of(open.id()), polls.due().stream().map(TriagePoll::id).toList());
        polls.gone(open.id());
        assertEquals(List.of(), polls.due());
        assertEquals(Optional.empty(), polls.finish("m9", new PollVotes(5, 0, 0, 0)), "a deleted poll decides nothing");
    }

    @Test
    void aPollNeverMarkedOpenAdoptsOnlyAMessageAskingItsQuestionPostedAfterItWasSavedAndNoOtherPollsMessage() {
        OpenLoop raft = parkForGroup("Raft");
        TriagePoll earlier = openPoll(raft, "m-earlier");
        polls.finish("m-earlier", new PollVotes(1, 0, 0, 0));
        OpenLoop paxos = parkForGroup("Paxos");
        TriagePoll running = openPoll(paxos, "m-paxos");
        clock.advance(Duration.ofHours(1));
        TriagePoll orphan = polls.start(manager(ADA), Set.of(), CHANNEL, Long.toString(raft.id()), 2L);
        java.time.Instant saved = orphan.createdAt();
        String question = "How relevant is Raft to our track?";

        assertFalse(polls.adopt(orphan, "m-other", "How relevant is Paxos to our track?", saved.plusSeconds(1)),
                "another question");
        assertFalse(polls.adopt(orphan, "m-old", question, saved.minus(Duration.ofMinutes(2))),
                "posted before the poll was saved (beyond a minute of clock skew)");
        assertFalse(polls.adopt(orphan, "m-late", question, saved.plus(Duration.ofMinutes(11))),
                "posted after the poll would have been given up");
        assertFalse(polls.adopt(orphan, "m-earlier", question, saved.plusSeconds(1)), "a decided poll's message");
        assertFalse(polls.adopt(orphan, "m-paxos", question, saved.plusSeconds(1)), "an open poll's message");
        assertEquals(TriagePoll.Status.POSTING, polls.find(orphan.id()).orElseThrow().status());

        assertTrue(polls.adopt(orphan, "m-raft", question, saved.minusSeconds(20)), "within the clocks' skew");

        TriagePoll adopted = polls.find(orphan.id()).orElseThrow();
        assertEquals(TriagePoll.Status.OPEN, adopted.status());
        assertEquals("m-raft", adopted.messageId());
        assertEquals(Optional.of(adopted), polls.openPoll("m-raft"));
        assertFalse(polls.adopt(orphan, "m-raft-2", question, saved.plusSeconds(2)), "adopted once");
        assertEquals(TriagePoll.Status.DECIDED, polls.find(earlier.id()).orElseThrow().status());
        assertEquals("m-paxos", polls.find(running.id()).orElseThrow().messageId());
        assertFalse(polls.neverPosted(adopted, true), "an adopted poll is open, not given up");

        clock.advance(Duration.ofHours(2));
        assertEquals(List.of(orphan.id()), polls.due().stream().map(TriagePoll::id).toList(), "read when it closes");
        PollResult result = polls.finish("m-raft", new PollVotes(0, 3, 0, 0)).orElseThrow();
        assertEquals(Verdict.Kind.ADJACENT, result.verdict().kind());
        assertEquals(Triage.ADJACENT, stored(raft).triage());
    }

    @Test
    void aConsolePollOnTheSameDatabaseIsNeverDueForTheBot() {
        // The console's poll has no message: the bot read it as due at once and failed on its missing channel, which
        // stopped the run before the polls after it (for good, once a console was killed mid-count).
        OpenLoop loop = parkForGroup("quorum intersection");
        TriagePoll posted = openPoll(loop, "m9");
        app.loops().park(new ParkRequest(ADA, "Kalman filter", null, Origin.none()));
        TriagePoll local = polls.startLocal(ADA, "Kalman filter");

        clock.advance(Duration.ofHours(25));

        assertEquals(List.of(posted.id()), polls.due().stream().map(TriagePoll::id).toList());
        assertEquals(TriagePoll.Status.OPEN, polls.find(local.id()).orElseThrow().status());
    }

    @Test
    void aPollWhoseResultCannotBeReadIsGivenUpADayAfterItClosed() {
        TriagePoll open = openPoll(parkForGroup("quorum intersection"), "m9");
        clock.advance(Duration.ofHours(24)); // closed now

        assertFalse(polls.unreadable(polls.find(open.id()).orElseThrow()));
        assertEquals(TriagePoll.Status.OPEN, polls.find(open.id()).orElseThrow().status());
        clock.advance(PollRules.READ_GRACE);
        assertTrue(polls.unreadable(polls.find(open.id()).orElseThrow()));
        assertEquals(TriagePoll.Status.GONE, polls.find(open.id()).orElseThrow().status());
    }

    @Test
    void theQuestionFitsDiscordsThreeHundredCharactersHoweverTheConceptIsWritten() {
        String emoji = "🧠".repeat(200);
        String question = PollRules.question(emoji);
        assertTrue(question.length() <= PollRules.MAX_QUESTION, question.length() + " UTF-16 units");
        assertTrue(question.startsWith("How relevant is 🧠🧠") && question.endsWith("… to our track?"), question);
        String plain = "a".repeat(200);
        assertEquals("How relevant is " + plain + " to our track?", PollRules.question(plain), "200 letters fit whole");
        PollAnswer.ALL.forEach(a -> assertTrue(a.label().length() <= PollRules.MAX_ANSWER));
        // The follow-up for the longest concept, with the longest tally text, fits one message.
        OpenLoop longest = parkForGroup("🧠".repeat(100) + " " + "w".repeat(99));
        openPoll(longest, "m-long");
        PollResult tie = polls.finish("m-long", new PollVotes(1000, 1000, 1000, 1000)).orElseThrow();
        String text = PollMessages.result(tie);
        assertTrue(text.codePointCount(0, text.length()) <= 2000, text.length() + " characters");
        assertTrue(text.contains("a tie between Core, Adjacent, Peripheral and Let it go (1000 votes each)"), text);
        assertTrue(PollAnswer.ALL.size() <= PollRules.MAX_ANSWERS);
    }

    @Test
    void answersAreReadAsDiscordReturnsThemOrAsAPersonTypesThem() {
        assertEquals(Optional.of(PollAnswer.LET_GO), PollAnswer.parse("Let it go"));
        assertEquals(Optional.of(PollAnswer.LET_GO), PollAnswer.parse("let go"));
        assertEquals(Optional.of(PollAnswer.CORE), PollAnswer.parse(" CORE "));
        assertEquals(Optional.empty(), PollAnswer.parse("maybe"));
    }
}
