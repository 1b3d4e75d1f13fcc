package dev.loopkeeper.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.loopkeeper.discord.DiscordPolls;
import dev.loopkeeper.e2e.fake.FakeDiscord;
import dev.loopkeeper.e2e.fake.FakeUser;
import dev.loopkeeper.e2e.fake.Fault;
import dev.loopkeeper.e2e.fake.InteractionHandle;
import dev.loopkeeper.e2e.fake.RecordedRequest;
import dev.loopkeeper.loop.Actor;
import dev.loopkeeper.loop.LoopFilter;
import dev.loopkeeper.loop.LoopScope;
import dev.loopkeeper.loop.OpenLoop;
import dev.loopkeeper.loop.Triage;
import dev.loopkeeper.poll.PollMessages;
import dev.loopkeeper.poll.PollVotes;
import dev.loopkeeper.poll.TriagePoll;
import dev.loopkeeper.poll.Verdict;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;
import net.dv8tion.jda.api.utils.data.DataArray;
import net.dv8tion.jda.api.utils.data.DataObject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Triage polls on the wire: {@code /triage poll:} posts a native poll Discord would accept, members vote in it, and
 * the end of the poll arrives as Discord sends it (MESSAGE_UPDATE with the finalized count, then the poll-result
 * message); the class is written back and the follow-up posted once, also when the end is delivered twice. A poll
 * that ended while the bot was offline is read back by fetching its message, as start-up does.
 */
class PollE2ETest {

    @RegisterExtension
    static final LoopkeeperE2E E2E = LoopkeeperE2E.withGlobalCommands();

    private static final String CHANNEL = FakeDiscord.GENERAL.id();
    private static final FakeUser OWNER = FakeDiscord.ADA;

    private static LoopScope lot() {
        return E2E.lot();
    }

    private static OpenLoop parkForGroup(String concept) {
        return E2E.parkInLot(OWNER, CHANNEL, concept);
    }

    private static OpenLoop stored(OpenLoop loop) {
        return E2E.storedInLot(OWNER, loop);
    }

    /** The poll a {@code /triage poll:} posted: its create request, and the message as the fake stored it. */
    private record Posted(String answer, DataObject request, String messageId) {
    }

    private static Posted startPoll(FakeUser starter, OpenLoop loop, Long hours) {
        int before = E2E.fake().pollsIn(CHANNEL).size();
        var command = E2E.fake().slashCommand("triage").by(starter).option("poll", Long.toString(loop.id()));
        if (hours != null) {
            command.option("hours", hours);
        }
        long sent = System.nanoTime();
        InteractionHandle poll = command.send();
        assertEquals(5, E2E.reply(poll).getInt("type"), "deferred while the poll is posted");
        String answer = E2E.fake().awaitWebhookRequest(poll, "PATCH", LoopkeeperE2E.WAIT).json().getString("content");
        String path = "channels/" + CHANNEL + "/messages";
        RecordedRequest request = E2E.fake().awaitRequest(r -> r.receivedAtNanos() > sent && r.method().equals("POST")
                && r.path().equals(path)
                && r.json().hasKey("poll") && !r.json().isNull("poll") && r.json().getObject("poll")
                .getObject("question").getString("text").contains(loop.concept()), LoopkeeperE2E.WAIT);
        assertTrue(request.succeeded(), "Discord would accept the poll: " + request);
        List<DataObject> polls = E2E.fake().pollsIn(CHANNEL);
        assertEquals(before + 1, polls.size());
        return new Posted(answer, request.json(), polls.get(polls.size() - 1).getString("id"));
    }

    /**
     * The private answer to a {@code /triage poll:} refused by the poll's own rules (who may start one, a poll already
     * running): deferred first, as every poll start is before it is saved, then edited in.
     */
    private static String deferredAnswer(InteractionHandle start) {
        DataObject deferral = E2E.reply(start);
        assertEquals(5, deferral.getInt("type"), "deferred before the poll is saved");
        WireAssertions.assertEphemeral(deferral.getObject("data"));
        return E2E.fake().awaitWebhookRequest(start, "PATCH", LoopkeeperE2E.WAIT).json().getString("content");
    }

    /** The follow-up the bot posted in the channel about this concept, waited for. */
    private static RecordedRequest followUp(String concept) {
        String path = "channels/" + CHANNEL + "/messages";
        return E2E.fake().awaitRequest(r -> r.method().equals("POST") && r.path().equals(path)
                && r.json().getString("content", "").startsWith("The poll on **" + concept + "**"), LoopkeeperE2E.WAIT);
    }

    private static long followUps(String concept) {
        return E2E.requests(r -> r.method().equals("POST") && r.path().equals("channels/" + CHANNEL + "/messages")
                && r.json().getString("content", "").startsWith("The poll on **" + concept + "**")).size();
    }

    /** Waits (bounded) until the bot has handled {@code count} more poll-result events than {@code before}. */
    private static void awaitHandled(long before, int count) {
        DiscordPolls polls = E2E.bot().discordPolls();
        BooleanSupplier done = () -> polls.resultEventsHandled() >= before + count;
        long deadline = System.nanoTime() + LoopkeeperE2E.WAIT.toNanos();
        while (!done.getAsBoolean()) {
            assertTrue(System.nanoTime() < deadline, "the bot handled " + (polls.resultEventsHandled() - before)
                    + " of " + count + " poll events\n" + E2E.fake().diagnostics());
            Thread.onSpinWait();
        }
    }

    @Test
    void withThePollRoleSetToEveryoneAMemberWithoutManageServerStartsAPoll() {
        String saved = E2E.message(E2E.fake().slashCommand("settings").subcommand("polls").by(OWNER)
                .optionEveryone("role", FakeDiscord.DEFAULT_GUILD).send()).getString("content");
        try {
            assertTrue(saved.startsWith("Saved. Triage polls here are started by people with Manage Server and by any "
                    + "member of the server (the role everyone holds);"), saved);
            OpenLoop loop = parkForGroup("Lamport timestamps");
            Posted posted = startPoll(E2E.newUser(), loop, null);
            assertTrue(posted.answer().startsWith("Poll posted for the group: **Lamport timestamps**."),
                    posted.answer());
        } finally {
            E2E.bot().settings().setPolls(E2E.guildId(), Optional.empty(), true, Optional.empty());
        }
    }

    @Test
    void aPollDiscordRefusesIsToldToTheStarterPrivatelyAndTheLoopCanBePolledOnceTheChannelAllowsIt() {
        OpenLoop loop = parkForGroup("suffix automaton");
        int before = E2E.fake().pollsIn(CHANNEL).size();
        // As Discord answers a bot without Create Polls in the channel (JDA's own check passes on the fake's roles).
        E2E.fake().failNext(1, "POST", "channels/" + CHANNEL + "/messages",
                Fault.discordError(403, 50013, "Missing Permissions"));
        E2E.expectLogLine("Could not post triage poll");

        InteractionHandle refused = E2E.fake().slashCommand("triage").by(OWNER).option("poll", Long.toString(loop.id()))
                .send();

        assertEquals(5, E2E.reply(refused).getInt("type"), "deferred while the poll is posted");
        RecordedRequest told = E2E.fake().awaitWebhookRequest(refused, "PATCH", LoopkeeperE2E.WAIT);
        assertEquals(PollMessages.notPosted(), told.json().getString("content"));
        WireAssertions.assertEphemeral(E2E.reply(refused).getObject("data"));
        assertEquals(before, E2E.fake().pollsIn(CHANNEL).size(), "no poll in the channel");
        assertEquals(Triage.UNTRIAGED, stored(loop).triage());

        // The refused poll holds nothing: once the channel allows polls, the same loop is polled at once.
        Posted posted = startPoll(OWNER, loop, null);
        assertTrue(posted.answer().startsWith("Poll posted for the group: **suffix automaton**."), posted.answer());
    }

    @Test
    void aPollWhoseDeferralDiscordTurnsAwayHoldsNothingAndItsLoopIsPolledAtOnce() {
        OpenLoop loop = parkForGroup("Fenwick trees");
        // As Discord answers an interaction that waited too long: the deferral fails, and so does the apology.
        E2E.fake().failNext(1, "POST", "interactions/\\d+/[^/]+/callback",
                Fault.discordError(404, 10062, "Unknown interaction"));
        String failed = "/triage failed for user " + OWNER.id();
        E2E.expectLogLine(failed);
        E2E.expectLogLine("RestAction queue returned failure");

        InteractionHandle lost = E2E.fake().slashCommand("triage").by(OWNER).option("poll", Long.toString(loop.id()))
                .send();
        E2E.allowUnacknowledged(lost, "the fake turns its deferral away");
        E2E.fake().awaitWarning(failed, LoopkeeperE2E.WAIT);

        Posted posted = startPoll(OWNER, loop, null);
        assertTrue(posted.answer().startsWith("Poll posted for the group: **Fenwick trees**."), posted.answer());
    }

    @Test
    void aSecondPollOnALoopOrAPollMixedWithAClassOrHoursWithoutAPollAreRefusedAndPostNothing() {
        OpenLoop loop = parkForGroup("rope data structure");
        InteractionHandle mixed = E2E.fake().slashCommand("triage").by(OWNER).option("poll", Long.toString(loop.id()))
                .option("class", "core").send();
        assertEquals(PollMessages.notWithLoopOrClass(), E2E.message(mixed).getString("content"));
        WireAssertions.assertEphemeral(E2E.message(mixed));
        InteractionHandle hours = E2E.fake().slashCommand("triage").by(OWNER).option("hours", 6L).send();
        assertEquals(PollMessages.hoursNeedPoll(), E2E.message(hours).getString("content"));
        WireAssertions.assertEphemeral(E2E.message(hours));
        startPoll(OWNER, loop, null);
        int polls = E2E.fake().pollsIn(CHANNEL).size();

        InteractionHandle again = E2E.fake().slashCommand("triage").by(OWNER).option("poll", Long.toString(loop.id()))
                .send();

        assertEquals("**rope data structure** already has a poll running; its result is written back when it closes. "
                + "One poll per loop at a time. Nothing was posted.", deferredAnswer(again));
        assertEquals(polls, E2E.fake().pollsIn(CHANNEL).size());
    }

    @Test
    void aPollIsPostedVotedInEndedAsDiscordSendsItAndDecidedOnceEvenWhenTheEndArrivesTwice() {
        OpenLoop loop = parkForGroup("Kalman filter");
        DataObject choices = E2E.reply(E2E.fake().autocomplete("triage").by(OWNER).focused("poll", "kalm").send());
        assertTrue(LoopkeeperE2E.choiceNames(choices).contains("Kalman filter"), choices.toString());

        Posted posted = startPoll(OWNER, loop, 2L);

        DataObject poll = posted.request().getObject("poll");
        assertEquals("How relevant is Kalman filter to our track?", poll.getObject("question").getString("text"));
        DataArray answers = poll.getArray("answers");
        List<String> labels = new ArrayList<>();
        for (int i = 0; i < answers.length(); i++) {
            labels.add(answers.getObject(i).getObject("poll_media").getString("text"));
        }
        assertEquals(List.of("Core", "Adjacent", "Peripheral", "Let it go"), labels);
        assertEquals(2, poll.getInt("duration"));
        WireAssertions.assertMentionsSuppressed(posted.request());
        assertTrue(posted.answer().startsWith("Poll posted for the group: **Kalman filter**. It closes <t:"),
                posted.answer());

        FakeUser bob = E2E.newUser();
        FakeUser cid = E2E.newUser();
        FakeUser dee = E2E.newUser();
        // Loopkeeper does not ask for GUILD_MESSAGE_POLLS (it reads only the final count), so Discord sends no vote events.
        assertEquals(List.of(), E2E.fake().vote(bob, posted.messageId(), "Core"));
        E2E.fake().vote(cid, posted.messageId(), "Core");
        E2E.fake().vote(dee, posted.messageId(), "Peripheral");
        E2E.fake().vote(dee, posted.messageId(), "Core");
        E2E.fake().vote(OWNER, posted.messageId(), "Adjacent");
        assertEquals(Triage.UNTRIAGED, stored(loop).triage(), "votes alone decide nothing");

        long before = E2E.bot().discordPolls().resultEventsHandled();
        assertEquals(List.of("MESSAGE_UPDATE", "MESSAGE_CREATE"), E2E.fake().endPoll(posted.messageId(), true));

        RecordedRequest followUp = followUp("Kalman filter");
        assertEquals("The poll on **Kalman filter** has closed: the group finds it **core** to the track, and that is "
                + "its class now. (Core 3 · Adjacent 1 · Peripheral 0 · Let it go 0; 4 votes)",
                followUp.json().getString("content"));
        WireAssertions.assertMentionsSuppressed(followUp.json());
        assertEquals(Triage.CORE, stored(loop).triage());
        awaitHandled(before, 2);

        // Discord delivers the same end again: nothing changes and nothing is sent twice.
        long again = E2E.bot().discordPolls().resultEventsHandled();
        E2E.fake().sendPollEnd(posted.messageId());
        awaitHandled(again, 2);
        assertEquals(1, followUps("Kalman filter"));
        TriagePoll decided = E2E.bot().polls().decidedSince(lot(), E2E.clock().instant().minus(Duration.ofDays(1)))
                .stream().filter(p -> p.loopId() == loop.id()).findFirst().orElseThrow();
        assertEquals(Optional.of(new PollVotes(3, 1, 0, 0)), decided.votes());
        assertEquals(Optional.of(Verdict.Kind.CORE), decided.decision());
    }

    @Test
    void aPollResultDiscordFailsToTakeInAnOutageIsPostedWhenItIsTriedAgain() {
        OpenLoop loop = parkForGroup("chain replication");
        Posted posted = startPoll(OWNER, loop, 1L);
        for (String answer : List.of("Core", "Core", "Adjacent")) {
            E2E.fake().vote(E2E.newUser(), posted.messageId(), answer);
        }
        // Discord's side fails the follow-up's post: an outage, not a channel that refuses the bot.
        E2E.fake().failNext(1, "POST", "channels/" + CHANNEL + "/messages", Fault.serverError(500));
        E2E.expectLogLine("Posting in channel " + CHANNEL + " failed");

        E2E.fake().endPoll(posted.messageId(), true);

        assertFalse(followUp("chain replication").succeeded(), "the first try met the outage");
        assertEquals(Triage.CORE, stored(loop).triage(), "the result is decided and kept whatever the post");
        // The outbox's first retry is a minute after the failure is written (which the fake's answer only starts).
        long deadline = System.nanoTime() + LoopkeeperE2E.WAIT.toNanos();
        while (followUps("chain replication") < 2 && System.nanoTime() < deadline) {
            E2E.clock().advance(Duration.ofMinutes(2));
            E2E.bot().sendDue();
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(50));
        }
        assertEquals(2, followUps("chain replication"), "tried again after the outage, and once");
        RecordedRequest again = E2E.requests(r -> r.method().equals("POST")
                && r.path().equals("channels/" + CHANNEL + "/messages")
                && r.json().getString("content", "").startsWith("The poll on **chain replication**")).get(1);
        assertTrue(again.succeeded(), "posted once Discord takes it: " + again);
    }

    @Test
    void aTieTooFewVotesOrALoopClosedMeanwhileLeaveTheClassAsItWasAndSaySo() {
        OpenLoop tied = parkForGroup("epidemic broadcast");
        OpenLoop few = parkForGroup("interval tree clocks");
        OpenLoop closed = parkForGroup("Lamport clocks");
        Posted tie = startPoll(OWNER, tied, 1L);
        Posted thin = startPoll(OWNER, few, 1L);
        Posted gone = startPoll(OWNER, closed, 1L);
        for (String answer : List.of("Core", "Core", "Adjacent", "Adjacent")) {
            E2E.fake().vote(E2E.newUser(), tie.messageId(), answer);
        }
        E2E.fake().vote(E2E.newUser(), thin.messageId(), "Core");
        for (int i = 0; i < 3; i++) {
            E2E.fake().vote(E2E.newUser(), gone.messageId(), "Core");
        }
        E2E.bot().loops().close(lot(), Actor.member(OWNER.id(), E2E.guildId(), true), closed.id(),
                dev.loopkeeper.loop.Outcome.LEARNED, null);

        E2E.fake().endPoll(tie.messageId(), true);
        E2E.fake().endPoll(thin.messageId(), true);
        E2E.fake().endPoll(gone.messageId(), true);

        assertEquals("The poll on **epidemic broadcast** has closed in a tie between Core and Adjacent (2 votes each), so "
                + "its class stays as it was. Another /triage poll can settle it. (Core 2 · Adjacent 2 · Peripheral 0 · "
                + "Let it go 0; 4 votes)", followUp("epidemic broadcast").json().getString("content"));
        assertEquals("The poll on **interval tree clocks** has closed with 1 vote; a result needs at least 3 votes, so its "
                + "class stays as it was. (Core 1 · Adjacent 0 · Peripheral 0 · Let it go 0; 1 vote)",
                followUp("interval tree clocks").json().getString("content"));
        assertEquals("The poll on **Lamport clocks** has closed, but the loop was closed meanwhile, so nothing changed. "
                + "(Core 3 · Adjacent 0 · Peripheral 0 · Let it go 0; 3 votes)",
                followUp("Lamport clocks").json().getString("content"));
        assertEquals(Triage.UNTRIAGED, stored(tied).triage());
        assertEquals(Triage.UNTRIAGED, stored(few).triage());
        assertEquals(Triage.UNTRIAGED, stored(closed).triage());
    }

    @Test
    void aPollThatEndedWhileTheBotWasOfflineIsReadBackByFetchingItsMessage() {
        OpenLoop loop = parkForGroup("quorum intersection");
        Posted posted = startPoll(OWNER, loop, 1L);
        E2E.fake().vote(E2E.newUser(), posted.messageId(), "Adjacent");
        E2E.fake().vote(E2E.newUser(), posted.messageId(), "Adjacent");
        E2E.fake().vote(E2E.newUser(), posted.messageId(), "Let it go");
        assertEquals(List.of(), E2E.fake().endPoll(posted.messageId(), false), "offline: no events reach the bot");

        E2E.clock().advance(Duration.ofHours(2));
        E2E.bot().discordPolls().reconcile();

        E2E.fake().awaitRequest(r -> r.method().equals("GET")
                && r.path().equals("channels/" + CHANNEL + "/messages/" + posted.messageId()), LoopkeeperE2E.WAIT);
        assertEquals("The poll on **quorum intersection** has closed: the group finds it **adjacent** to the track, and "
                + "that is its class now. (Core 0 · Adjacent 2 · Peripheral 0 · Let it go 1; 3 votes)",
                followUp("quorum intersection").json().getString("content"));
        assertEquals(Triage.ADJACENT, stored(loop).triage());

        E2E.bot().discordPolls().reconcile();
        assertEquals(1, followUps("quorum intersection"), "a decided poll is not read again");
    }

    @Test
    void aPollThatLetsALoopGoStrikesThroughItsPostForTheGroup() {
        InteractionHandle park = E2E.fake().slashCommand("park").by(OWNER).option("concept", "consistent hashing")
                .option("scope", "server").send();
        E2E.message(park);
        String path = "channels/" + CHANNEL + "/messages";
        RecordedRequest post = E2E.fake().awaitRequest(r -> r.method().equals("POST") && r.path().equals(path)
                && r.json().getString("content", "").startsWith("A loop for the group: **consistent hashing**"),
                LoopkeeperE2E.WAIT);
        OpenLoop loop = E2E.bot().loops().list(lot(), Actor.member(OWNER.id(), E2E.guildId(), true),
                new LoopFilter(LoopFilter.Stage.OPEN, Optional.empty()), 0, 100).loops().stream()
                .filter(l -> l.concept().equals("consistent hashing")).findFirst().orElseThrow();
        String postId = E2E.fake().messagesIn(CHANNEL).stream()
                .filter(m -> post.json().getString("content").equals(m.getString("content", null)))
                .reduce((first, second) -> second).orElseThrow().getString("id");
        Posted posted = startPoll(OWNER, loop, 1L);
        for (int i = 0; i < 3; i++) {
            E2E.fake().vote(E2E.newUser(), posted.messageId(), "Let it go");
        }

        E2E.fake().endPoll(posted.messageId(), true);

        assertEquals("The poll on **consistent hashing** has closed: the group lets it go, so it is closed as let go. "
                + "(Core 0 · Adjacent 0 · Peripheral 0 · Let it go 3; 3 votes)",
                followUp("consistent hashing").json().getString("content"));
        RecordedRequest edit = E2E.fake().awaitRequest(r -> r.method().equals("PATCH")
                && r.path().equals(path + "/" + postId), LoopkeeperE2E.WAIT);
        assertTrue(edit.json().getString("content").startsWith("A loop for the group: ~~**consistent hashing**~~ — "
                + "closed as let go "), edit.toString());
        assertTrue(edit.json().getArray("components").isEmpty(), "no Me too on a loop let go: " + edit);
        WireAssertions.assertMentionsSuppressed(edit.json());
    }

    @Test
    void aTieChangesNothingAndSaysSo() {
        OpenLoop loop = parkForGroup("CRDTs");
        Posted posted = startPoll(OWNER, loop, null);
        assertEquals(24, posted.request().getObject("poll").getInt("duration"), "24 hours by default");
        E2E.fake().vote(E2E.newUser(), posted.messageId(), "Core");
        E2E.fake().vote(E2E.newUser(), posted.messageId(), "Core");
        E2E.fake().vote(E2E.newUser(), posted.messageId(), "Peripheral");
        E2E.fake().vote(E2E.newUser(), posted.messageId(), "Peripheral");

        E2E.fake().endPoll(posted.messageId(), true);

        assertEquals("The poll on **CRDTs** has closed in a tie between Core and Peripheral (2 votes each), so its class "
                + "stays as it was. Another /triage poll can settle it. (Core 2 · Adjacent 0 · Peripheral 2 · Let it go "
                + "0; 4 votes)", followUp("CRDTs").json().getString("content"));
        assertEquals(Triage.UNTRIAGED, stored(loop).triage());
        assertTrue(stored(loop).isOpen());
    }

    @Test
    void aLoopRenamedWhileItsPollRanIsNamedBothWaysInTheFollowUp() {
        OpenLoop loop = parkForGroup("hybrid logical clocks");
        Posted posted = startPoll(OWNER, loop, null);
        for (int i = 0; i < 3; i++) {
            E2E.fake().vote(E2E.newUser(), posted.messageId(), "Adjacent");
        }
        E2E.message(E2E.fake().slashCommand("edit").by(OWNER).option("loop", Long.toString(loop.id()))
                .option("concept", "HLC timestamps").option("scope", "server").send());

        E2E.fake().endPoll(posted.messageId(), true);

        assertEquals("The poll on **hybrid logical clocks** (since renamed **HLC timestamps**) has closed: the group "
                + "finds it **adjacent** to the track, and that is its class now. (Core 0 · Adjacent 3 · Peripheral 0 · "
                + "Let it go 0; 3 votes)", followUp("hybrid logical clocks").json().getString("content"));
        assertEquals(Triage.ADJACENT, stored(loop).triage());
    }

    @Test
    void theServersQuorumIsSetWithSettingsPollsAndTooFewVotesChangeNothing() {
        String saved = E2E.message(E2E.fake().slashCommand("settings").subcommand("polls").by(OWNER)
                .option("quorum", 5L).send()).getString("content");
        assertEquals("Saved. Triage polls here are started by people with Manage Server; a result needs at least 5 "
                + "votes.", saved);
        try {
            OpenLoop loop = parkForGroup("Bloom filters");
            Posted posted = startPoll(OWNER, loop, 1L);
            assertTrue(posted.answer().contains("(at least 5 votes needed;"), posted.answer());
            for (int i = 0; i < 4; i++) {
                E2E.fake().vote(E2E.newUser(), posted.messageId(), "Core");
            }
            E2E.fake().endPoll(posted.messageId(), true);

            assertEquals("The poll on **Bloom filters** has closed with 4 votes; a result needs at least 5 votes, so its "
                    + "class stays as it was. (Core 4 · Adjacent 0 · Peripheral 0 · Let it go 0; 4 votes)",
                    followUp("Bloom filters").json().getString("content"));
            assertEquals(Triage.UNTRIAGED, stored(loop).triage());
        } finally {
            E2E.bot().settings().setPolls(E2E.guildId(), Optional.empty(), false, Optional.of(3L));
        }
    }

    @Test
    void aMemberWithoutTheRightAndADirectMessageAreRefusedAndNoPollIsPosted() {
        OpenLoop loop = parkForGroup("vector clocks");
        int polls = E2E.fake().pollsIn(CHANNEL).size();

        String member = deferredAnswer(E2E.fake().slashCommand("triage").by(E2E.newUser())
                .option("poll", Long.toString(loop.id())).send());
        assertEquals("Starting a triage poll here needs the Manage Server permission. Nothing was posted.", member);
        String dm = E2E.message(E2E.fake().slashCommand("triage").by(OWNER).inDirectMessage()
                .option("poll", Long.toString(loop.id())).send()).getString("content");
        assertEquals(PollMessages.needsServer(), dm);

        assertEquals(polls, E2E.fake().pollsIn(CHANNEL).size());
        assertFalse(E2E.bot().polls().decidedSince(lot(), E2E.clock().instant().minus(Duration.ofDays(1))).stream()
                .anyMatch(p -> p.loopId() == loop.id()));
    }

    @Test
    void aPollWhoseMessageWasDeletedWhileTheBotWasOfflineIsDroppedWithoutAFollowUp() {
        OpenLoop loop = parkForGroup("gossip protocols");
        Posted posted = startPoll(OWNER, loop, 1L);
        E2E.fake().deleteMessage(posted.messageId(), false);
        E2E.expectLogLine("was deleted; nothing was decided");

        E2E.clock().advance(Duration.ofHours(2));
        E2E.bot().discordPolls().reconcile();

        assertEquals(Optional.empty(), E2E.bot().polls().openPoll(posted.messageId()));
        assertEquals(0, followUps("gossip protocols"));
        assertEquals(Triage.UNTRIAGED, stored(loop).triage());
    }

    @Test
    void aPollWhoseMessageIsDeletedWhileItRunsIsGivenUpAtOnceAndTheLoopCanBePolledAgain() {
        OpenLoop loop = parkForGroup("anti-entropy repair");
        Posted first = startPoll(OWNER, loop, 168L);

        E2E.fake().deleteMessage(first.messageId(), true); // a moderator cancels it, a week before it would close

        long deadline = System.nanoTime() + LoopkeeperE2E.WAIT.toNanos();
        while (E2E.bot().polls().openPoll(first.messageId()).isPresent()) {
            assertTrue(System.nanoTime() < deadline, "the deleted poll is still open\n" + E2E.fake().diagnostics());
            Thread.onSpinWait();
        }
        Posted second = startPoll(OWNER, loop, 1L);
        assertTrue(E2E.bot().polls().openPoll(second.messageId()).isPresent());
        assertEquals(0, followUps("anti-entropy repair"));
    }

    @Test
    void aPollPurgedWithOtherMessagesIsGivenUpAtOnce() {
        OpenLoop loop = parkForGroup("phi accrual failure detector");
        Posted poll = startPoll(OWNER, loop, 168L);

        E2E.fake().purge(CHANNEL, List.of(poll.messageId()));

        long deadline = System.nanoTime() + LoopkeeperE2E.WAIT.toNanos();
        while (E2E.bot().polls().openPoll(poll.messageId()).isPresent()) {
            assertTrue(System.nanoTime() < deadline, "the purged poll is still open\n" + E2E.fake().diagnostics());
            Thread.onSpinWait();
        }
        assertTrue(E2E.bot().polls().openPoll(startPoll(OWNER, loop, 1L).messageId()).isPresent());
    }

    @Test
    void aPollWhoseResultCannotBeReadIsTriedForADayAfterItClosedThenGivenUp() {
        OpenLoop loop = parkForGroup("hinted handoff");
        Posted posted = startPoll(OWNER, loop, 1L);
        E2E.fake().vote(E2E.newUser(), posted.messageId(), "Core");
        E2E.fake().endPoll(posted.messageId(), false); // the bot was offline when it ended
        // Discord fails every read of the poll's message (JDA surfaces a 500 at once).
        E2E.fake().failNext(2, "GET", "channels/" + CHANNEL + "/messages/" + posted.messageId(),
                Fault.serverError(500));
        E2E.expectLogLine("Triage poll ");

        E2E.clock().advance(Duration.ofHours(2));
        E2E.bot().discordPolls().reconcile();
        assertTrue(E2E.bot().polls().openPoll(posted.messageId()).isPresent(), "tried again later");
        E2E.clock().advance(Duration.ofDays(1));
        E2E.bot().discordPolls().reconcile();

        assertEquals(Optional.empty(), E2E.bot().polls().openPoll(posted.messageId()), "given up");
        assertEquals(2, E2E.requests(r -> r.method().equals("GET")
                && r.path().equals("channels/" + CHANNEL + "/messages/" + posted.messageId())).size());
        assertEquals(0, followUps("hinted handoff"));
        assertEquals(Triage.UNTRIAGED, stored(loop).triage());
        assertTrue(E2E.bot().polls().openPoll(startPoll(OWNER, loop, 1L).messageId()).isPresent(),
                "the loop can be polled again");
    }
}
