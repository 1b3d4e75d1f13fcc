package dev.loopkeeper.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.loopkeeper.e2e.fake.FakeDiscord;
import dev.loopkeeper.e2e.fake.FakeGuild;
import dev.loopkeeper.e2e.fake.FakeUser;
import dev.loopkeeper.e2e.fake.InteractionHandle;
import dev.loopkeeper.e2e.fake.RecordedRequest;
import dev.loopkeeper.loop.Actor;
import dev.loopkeeper.loop.LoopScope;
import dev.loopkeeper.loop.OpenLoop;
import dev.loopkeeper.loop.Triage;
import dev.loopkeeper.poll.PollAnswer;
import dev.loopkeeper.poll.TriagePoll;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import net.dv8tion.jda.api.Permission;
import net.dv8tion.jda.api.utils.TimeUtil;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Polls that never got their message id because the bot stopped between Discord accepting the post and the poll being
 * marked open (PollRestartE2ETest cuts a real bot process there). Here the database and the channel are put in the
 * state such a stop leaves, directly: the poll saved as being posted and, in its channel, the poll Discord accepted
 * (or none, or someone else's); then the bot's check, which runs at start-up and every minute, looks for it.
 */
class PollOrphanE2ETest {

    @RegisterExtension
    static final LoopkeeperE2E E2E = LoopkeeperE2E.withGlobalCommands();

    private static final String CHANNEL = FakeDiscord.GENERAL.id();
    private static final FakeUser OWNER = FakeDiscord.ADA;
    private static final String[] ANSWERS = PollAnswer.ALL.stream().map(PollAnswer::label).toArray(String[]::new);
    private static final String GIVEN_UP = "given up as never posted";

    private static LoopScope lot() {
        return E2E.lot();
    }

    private static OpenLoop parkForGroup(String concept) {
        return E2E.parkInLot(OWNER, CHANNEL, concept);
    }

    private static OpenLoop stored(OpenLoop loop) {
        return E2E.storedInLot(OWNER, loop);
    }

    /** A poll saved as being posted in {@code channelId}, as {@code /triage poll:} saves it before posting. */
    private static TriagePoll savedForPosting(OpenLoop loop, String channelId) {
        TriagePoll poll = E2E.bot().polls().start(Actor.member(OWNER.id(), E2E.guildId(), true), Set.of(), channelId,
                Long.toString(loop.id()), 1L);
        assertEquals(TriagePoll.Status.POSTING, poll.status());
        return poll;
    }

    /** The poll Discord accepted for {@code poll}, {@code after} it was saved, which the bot never heard of. */
    private static String acceptedPost(TriagePoll poll, Duration after) {
        return E2E.fake().postPoll(E2E.fake().bot(), true, CHANNEL, poll.createdAt().plus(after), 1, poll.question(),
                ANSWERS);
    }

    private static TriagePoll now(TriagePoll poll) {
        return E2E.bot().polls().find(poll.id()).orElseThrow();
    }

    private static List<RecordedRequest> historyReads() {
        return E2E.requests(r -> r.method().equals("GET") && r.path().equals("channels/" + CHANNEL + "/messages"));
    }

    /** {@code /triage poll:<loop>}'s private answer (deferred first, then edited in). */
    private static String pollAgain(OpenLoop loop) {
        InteractionHandle start = E2E.fake().slashCommand("triage").by(OWNER).option("poll", Long.toString(loop.id()))
                .option("hours", 1L).send();
        assertEquals(5, E2E.reply(start).getInt("type"));
        return E2E.fake().awaitWebhookRequest(start, "PATCH", LoopkeeperE2E.WAIT).json().getString("content");
    }

    private static String followUp(String concept) {
        String path = "channels/" + CHANNEL + "/messages";
        return E2E.fake().awaitRequest(r -> r.method().equals("POST") && r.path().equals(path)
                && r.json().getString("content", "").startsWith("The poll on **" + concept + "**"), LoopkeeperE2E.WAIT)
                .json().getString("content");
    }

    @Test
    void twoPollsCutOffInOneChannelEachAdoptTheirOwnMessageAndAreReadWhenTheyClose() {
        OpenLoop raft = parkForGroup("Raft consensus");
        OpenLoop paxos = parkForGroup("Multi-Paxos");
        TriagePoll raftPoll = savedForPosting(raft, CHANNEL);
        TriagePoll paxosPoll = savedForPosting(paxos, CHANNEL);
        // An older post of the same question (an earlier poll on the loop, long given up) is in the channel too.
        String stale = E2E.fake().postPoll(E2E.fake().bot(), true, CHANNEL,
                raftPoll.createdAt().minus(Duration.ofHours(3)), 1, raftPoll.question(), ANSWERS);
        // Discord took Paxos's post first.
        String paxosMessage = acceptedPost(paxosPoll, Duration.ofSeconds(1));
        String raftMessage = acceptedPost(raftPoll, Duration.ofSeconds(2));
        int reads = historyReads().size();

        E2E.bot().discordPolls().reconcile();

        assertEquals(TriagePoll.Status.OPEN, now(raftPoll).status());
        assertEquals(raftMessage, now(raftPoll).messageId());
        assertEquals(TriagePoll.Status.OPEN, now(paxosPoll).status());
        assertEquals(paxosMessage, now(paxosPoll).messageId());
        assertEquals(Optional.empty(), E2E.bot().polls().openPoll(stale), "an older post is never taken");
        // Each poll looks through the 50 messages posted from a minute (the clocks' leeway) before it was saved.
        String from = Long.toString(TimeUtil.getDiscordTimestamp(
                raftPoll.createdAt().minus(Duration.ofMinutes(1)).toEpochMilli()));
        List<RecordedRequest> read = historyReads().subList(reads, historyReads().size());
        assertTrue(read.size() >= 2, "a look per poll (the minute's check may have looked too): " + read);
        assertTrue(read.stream().allMatch(r -> r.query().equals(java.util.Map.of("limit", "50", "after", from))),
                read.toString());

        // Raft's poll ends while the bot is online; Paxos's is found ended by the check, as any poll would be.
        for (String voter : List.of("Core", "Core", "Adjacent")) {
            E2E.fake().vote(E2E.newUser(), raftMessage, voter);
        }
        E2E.fake().endPoll(raftMessage, true);
        assertEquals("The poll on **Raft consensus** has closed: the group finds it **core** to the track, and that is "
                + "its class now. (Core 2 · Adjacent 1 · Peripheral 0 · Let it go 0; 3 votes)",
                followUp("Raft consensus"));
        for (int i = 0; i < 3; i++) {
            E2E.fake().vote(E2E.newUser(), paxosMessage, "Peripheral");
        }
        E2E.fake().endPoll(paxosMessage, false);
        E2E.clock().advance(Duration.ofHours(2));
        E2E.bot().discordPolls().reconcile();
        assertEquals("The poll on **Multi-Paxos** has closed: the group finds it **peripheral** to the track, and that "
                + "is its class now. (Core 0 · Adjacent 0 · Peripheral 3 · Let it go 0; 3 votes)",
                followUp("Multi-Paxos"));
        assertEquals(Triage.CORE, stored(raft).triage());
        assertEquals(Triage.PERIPHERAL, stored(paxos).triage());
    }

    @Test
    void aPollAskingTheSameQuestionPostedBySomeoneElseIsNotAdopted() {
        OpenLoop loop = parkForGroup("gossip protocols");
        TriagePoll poll = savedForPosting(loop, CHANNEL);
        // Another bot and a person post polls with the very question and answers; the bot's own never reached Discord.
        String otherBot = E2E.fake().postPoll(new FakeUser("3000000000000000077", "quizbot"), true, CHANNEL,
                poll.createdAt().plusSeconds(1), 1, poll.question(), ANSWERS);
        String person = E2E.fake().postPoll(E2E.newUser(), false, CHANNEL, poll.createdAt().plusSeconds(2), 1,
                poll.question(), ANSWERS);

        E2E.bot().discordPolls().reconcile();

        assertEquals(TriagePoll.Status.POSTING, now(poll).status(), "not adopted; looked for again later");
        E2E.expectLogLine(GIVEN_UP);
        E2E.clock().advance(Duration.ofMinutes(10));
        E2E.bot().discordPolls().reconcile();

        assertEquals(TriagePoll.Status.FAILED, now(poll).status());
        assertEquals(Optional.empty(), E2E.bot().polls().openPoll(otherBot));
        assertEquals(Optional.empty(), E2E.bot().polls().openPoll(person));
        List<String> warnings = E2E.fake().capturedWarnings();
        assertTrue(warnings.stream().anyMatch(l -> l.contains("Triage poll " + poll.id() + " ")
                && l.contains("no poll of the bot's asking its question is among the")), warnings.toString());
        assertTrue(pollAgain(loop).startsWith("Poll posted for the group: **gossip protocols**."), "polled again");
    }

    @Test
    void aPollWhosePostIsNotInTheChannelHoldsItsLoopForTenMinutesAndIsThenGivenUpAsBefore() {
        OpenLoop loop = parkForGroup("hinted handoff");
        TriagePoll poll = savedForPosting(loop, CHANNEL);
        int reads = historyReads().size();

        E2E.bot().discordPolls().reconcile();

        assertEquals(TriagePoll.Status.POSTING, now(poll).status());
        assertEquals(reads + 1, historyReads().size(), "the channel was looked through");
        assertTrue(pollAgain(loop).startsWith("A poll on **hinted handoff** is being posted right now."),
                "the loop is held meanwhile, as before");
        E2E.clock().advance(Duration.ofMinutes(9));
        E2E.bot().discordPolls().reconcile();
        assertEquals(TriagePoll.Status.POSTING, now(poll).status(), "looked for until 10 minutes after it was saved");

        E2E.expectLogLine(GIVEN_UP);
        E2E.clock().advance(Duration.ofMinutes(1));
        E2E.bot().discordPolls().reconcile();

        assertEquals(TriagePoll.Status.FAILED, now(poll).status());
        assertEquals(Triage.UNTRIAGED, stored(loop).triage());
        assertTrue(pollAgain(loop).startsWith("Poll posted for the group: **hinted handoff**."), "polled again");
    }

    @Test
    void aPollWhoseChannelIsGoneOrCannotBeReadIsGivenUpADayAfterItWasSavedSayingWhy() {
        OpenLoop deleted = parkForGroup("merkle trees");
        TriagePoll inDeletedChannel = savedForPosting(deleted, "1000000000000000999");
        OpenLoop unread = parkForGroup("vector clocks");
        TriagePoll unreadable = savedForPosting(unread, CHANNEL);
        String post = acceptedPost(unreadable, Duration.ofSeconds(1));
        long withoutHistory = Long.parseLong(FakeGuild.DEFAULT_PERMISSIONS) & ~Permission.MESSAGE_HISTORY.getRawValue();
        E2E.fake().setEveryonePermissions(E2E.guildId(), Long.toString(withoutHistory));
        try {
            // Answered after the role update on the same socket: the bot's cache has the new permissions by then.
            E2E.message(E2E.fake().slashCommand("help").by(OWNER).send());
            int reads = historyReads().size();
            // Not read is no answer: 10 minutes on, both are still looked for (a bot back after a long outage whose
            // first look fails must not give up a poll people vote on), and given up a day after they were saved.
            E2E.clock().advance(Duration.ofMinutes(10));
            E2E.bot().discordPolls().reconcile();
            assertEquals(TriagePoll.Status.POSTING, now(inDeletedChannel).status());
            assertEquals(TriagePoll.Status.POSTING, now(unreadable).status());

            E2E.expectLogLine(GIVEN_UP);
            // A day on, the class's other polls are due too, and their results cannot be read without the permission.
            E2E.expectLogLine("reading it needs Read History");
            E2E.clock().advance(Duration.ofDays(1).minusMinutes(10));
            E2E.bot().discordPolls().reconcile();

            assertEquals(TriagePoll.Status.FAILED, now(inDeletedChannel).status());
            assertEquals(TriagePoll.Status.FAILED, now(unreadable).status(), "its post cannot be found without the "
                    + "permission: given up a day after it was saved");
            assertEquals(Optional.empty(), E2E.bot().polls().openPoll(post));
            assertEquals(reads, historyReads().size(), "JDA refuses locally: nothing was asked");
            List<String> warnings = E2E.fake().capturedWarnings();
            assertTrue(warnings.stream().anyMatch(l -> l.contains("Triage poll " + inDeletedChannel.id() + " ")
                    && l.contains("its channel 1000000000000000999 is gone or out of reach")), warnings.toString());
            assertTrue(warnings.stream().anyMatch(l -> l.contains("Triage poll " + unreadable.id() + " ")
                    && l.contains("looking for it needs Read History in channel " + CHANNEL)),
                    warnings.toString());
        } finally {
            E2E.fake().setEveryonePermissions(E2E.guildId(), FakeGuild.DEFAULT_PERMISSIONS);
        }
    }
}
