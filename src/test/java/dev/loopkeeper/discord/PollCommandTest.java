package dev.loopkeeper.discord;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyBoolean;
import static org.mockito.ArgumentMatchers.anyLong;
import static org.mockito.Mockito.RETURNS_SELF;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.times;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

import dev.loopkeeper.loop.LoopErrors;
import dev.loopkeeper.loop.LoopScope;
import dev.loopkeeper.loop.OpenLoop;
import dev.loopkeeper.loop.Origin;
import dev.loopkeeper.loop.Outcome;
import dev.loopkeeper.loop.ParkRequest;
import dev.loopkeeper.loop.ParkResult;
import dev.loopkeeper.loop.Triage;
import dev.loopkeeper.poll.PollMessages;
import dev.loopkeeper.poll.TriagePoll;
import dev.loopkeeper.poll.Verdict;
import dev.loopkeeper.reminder.ReminderMessages;
import dev.loopkeeper.triage.TriageMessages;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;
import net.dv8tion.jda.api.JDA;
import net.dv8tion.jda.api.Permission;
import net.dv8tion.jda.api.entities.Guild;
import net.dv8tion.jda.api.entities.Member;
import net.dv8tion.jda.api.entities.Message;
import net.dv8tion.jda.api.entities.MessageReference;
import net.dv8tion.jda.api.entities.MessageType;
import net.dv8tion.jda.api.entities.Role;
import net.dv8tion.jda.api.entities.SelfUser;
import net.dv8tion.jda.api.entities.User;
import net.dv8tion.jda.api.entities.channel.middleman.GuildMessageChannel;
import net.dv8tion.jda.api.entities.channel.unions.MessageChannelUnion;
import net.dv8tion.jda.api.entities.messages.MessagePoll;
import net.dv8tion.jda.api.events.interaction.command.SlashCommandInteractionEvent;
import net.dv8tion.jda.api.events.message.MessageReceivedEvent;
import net.dv8tion.jda.api.events.message.MessageUpdateEvent;
import net.dv8tion.jda.api.exceptions.InsufficientPermissionException;
import net.dv8tion.jda.api.interactions.InteractionHook;
import net.dv8tion.jda.api.requests.RestAction;
import net.dv8tion.jda.api.requests.restaction.MessageCreateAction;
import net.dv8tion.jda.api.requests.restaction.WebhookMessageEditAction;
import net.dv8tion.jda.api.requests.restaction.interactions.ReplyCallbackAction;
import net.dv8tion.jda.api.utils.data.DataArray;
import net.dv8tion.jda.api.utils.data.DataObject;
import net.dv8tion.jda.api.utils.messages.MessageCreateData;
import net.dv8tion.jda.api.utils.messages.MessageEditData;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * {@code /triage poll:} and the reading of results with mocked JDA events (Discord's side only; the commands, services
 * and SQLite are real): the poll's payload, who is refused and why, the finalized poll written back once with its
 * follow-up (a winner, a tie, too few votes), the poll-result message, and the start-up reconcile.
 */
class PollCommandTest extends CommandTestBase {
    private static final long SELF = 1000L;
    private static final String POLL_ROLE = "700000000000000007";
    private static final LoopScope LOT = LoopScope.server(MockInteractions.GUILD);

    private final JDA jda = mock(JDA.class);
    private final GuildMessageChannel channel = mock(GuildMessageChannel.class);
    /** Every message the bot posted in the channel (the follow-ups). */
    private final List<MessageCreateData> posted = new ArrayList<>();
    private final java.util.concurrent.atomic.AtomicInteger messageIds = new java.util.concurrent.atomic.AtomicInteger();
    private DiscordPolls polls;
    private InteractionRouter triageRouter;

    @BeforeEach
    void wire() {
        SelfUser self = mock(SelfUser.class);
        when(self.getIdLong()).thenReturn(SELF);
        when(jda.getSelfUser()).thenReturn(self);
        when(jda.getChannelById(GuildMessageChannel.class, MockInteractions.CHANNEL)).thenReturn(channel);
        Guild guild = MockInteractions.guild();
        when(channel.getGuild()).thenReturn(guild);
        when(channel.sendMessage(any(MessageCreateData.class))).thenAnswer(call -> {
            posted.add(call.getArgument(0));
            MessageCreateAction action = mock(MessageCreateAction.class);
            when(action.timeout(anyLong(), any())).thenReturn(action);
            when(action.submit()).thenReturn(CompletableFuture.completedFuture(mock(Message.class)));
            return action;
        });
        DiscordTimeText time = new DiscordTimeText();
        polls = new DiscordPolls(() -> new DiscordBot(jda), app.polls(), app.loops(), new PollMessages(time), Runnable::run);
        TriageCommand triage = new TriageCommand(app.triage(), app.loops(), new TriageMessages(time), polls);
        triageRouter = new InteractionRouter(List.of(triage), Runnable::run);
        app.outbox().attach(new DiscordReminders(() -> new DiscordBot(jda), app.reminders(), app.outbox(), new ReminderMessages(time)));
    }

    private OpenLoop parkForGroup(String concept) {
        return ((ParkResult.Parked) app.loops().park(new ParkRequest(BOB, concept, null,
                Origin.channel(MockInteractions.GUILD, MockInteractions.CHANNEL), LOT))).loop();
    }

    /** What a command sent: its private answer, and the poll message if one went to the channel. */
    private record Sent(String answer, MessageCreateData poll, String messageId) {
    }

    /**
     * {@code /triage} with these options, by ADA in the guild (roles: {@code roles}; managesServer as given), with
     * Discord's side accepting the poll as a new message {@code m-<n>}. Not in a guild: in a DM.
     */
    private Sent triage(Map<String, String> options, boolean inGuild, boolean managesServer, List<String> roles) {
        SlashCommandInteractionEvent event = MockInteractions.command(SlashCommandInteractionEvent.class, ADA, "triage",
                null, options);
        ReplyCallbackAction reply = MockInteractions.replies(event);
        if (!inGuild) {
            when(event.getGuild()).thenReturn(null);
            when(event.getMember()).thenReturn(null);
        } else {
            Member member = mock(Member.class);
            when(member.hasPermission(Permission.MANAGE_SERVER)).thenReturn(managesServer);
            List<Role> held = new ArrayList<>();
            for (String id : roles) {
                Role role = mock(Role.class);
                when(role.getId()).thenReturn(id);
                held.add(role);
            }
            when(member.getRoles()).thenReturn(held);
            when(event.getMember()).thenReturn(member);
        }
        // Deferred before posting: afterwards the answer edits the deferred reply.
        ReplyCallbackAction defer = mock(ReplyCallbackAction.class, RETURNS_SELF);
        when(event.deferReply(anyBoolean())).thenReturn(defer);
        boolean[] deferred = {false};
        when(defer.complete()).thenAnswer(call -> {
            deferred[0] = true;
            return event.getHook();
        });
        when(event.isAcknowledged()).thenAnswer(call -> deferred[0]);
        List<MessageEditData> edits = new ArrayList<>();
        InteractionHook hook = event.getHook();
        when(hook.editOriginal(any(MessageEditData.class))).thenAnswer(call -> {
            edits.add(call.getArgument(0));
            return mock(WebhookMessageEditAction.class);
        });
        MessageChannelUnion here = mock(MessageChannelUnion.class);
        List<MessageCreateData> polls = new ArrayList<>();
        List<String> ids = new ArrayList<>();
        when(here.sendMessage(any(MessageCreateData.class))).thenAnswer(call -> {
            polls.add(call.getArgument(0));
            Message message = mock(Message.class);
            ids.add("m-" + messageIds.incrementAndGet());
            when(message.getId()).thenReturn(ids.get(ids.size() - 1));
            MessageCreateAction action = mock(MessageCreateAction.class);
            when(action.timeout(anyLong(), any())).thenReturn(action);
            when(action.submit()).thenReturn(CompletableFuture.completedFuture(message));
            return action;
        });
        when(event.getMessageChannel()).thenReturn(here);

        triageRouter.onSlashCommandInteraction(event);

        String answer;
        if (deferred[0]) {
            assertEquals(1, edits.size());
            assertPingsNobody(edits.get(0).toData());
            answer = edits.get(0).getContent();
        } else {
            answer = privateReply(event, reply).getContent();
        }
        return new Sent(answer, polls.isEmpty() ? null : polls.get(0), ids.isEmpty() ? null : ids.get(0));
    }

    private Sent triage(Map<String, String> options) {
        return triage(options, true, true, List.of());
    }

    private static Map<String, String> options(String... pairs) {
        Map<String, String> options = new HashMap<>();
        for (int i = 0; i < pairs.length; i += 2) {
            options.put(pairs[i], pairs[i + 1]);
        }
        return options;
    }

    private OpenLoop stored(OpenLoop loop) {
        return app.loops().list(LOT, dev.loopkeeper.loop.Actor.member(ADA, MockInteractions.GUILD, false),
                new dev.loopkeeper.loop.LoopFilter(dev.loopkeeper.loop.LoopFilter.Stage.ALL, Optional.empty()), 0, 50)
                .loops().stream().filter(l -> l.id() == loop.id()).findFirst().orElseThrow();
    }

    /** A message as Discord sends it for the bot's poll, with the given votes and finalization. */
    private static Message pollMessage(String messageId, long authorId, boolean finalized, int... votes) {
        Message message = mock(Message.class);
        when(message.getId()).thenReturn(messageId);
        User author = mock(User.class);
        when(author.getIdLong()).thenReturn(authorId);
        when(message.getAuthor()).thenReturn(author);
        MessagePoll poll = mock(MessagePoll.class);
        String[] labels = {"Core", "Adjacent", "Peripheral", "Let it go"};
        List<MessagePoll.Answer> answers = new ArrayList<>();
        for (int i = 0; i < labels.length; i++) {
            answers.add(new MessagePoll.Answer(i + 1, labels[i], null, votes[i], false));
        }
        when(poll.getAnswers()).thenReturn(answers);
        when(poll.isFinalizedVotes()).thenReturn(finalized);
        when(message.getPoll()).thenReturn(poll);
        return message;
    }

    private void update(Message message) {
        MessageUpdateEvent event = mock(MessageUpdateEvent.class);
        when(event.isFromGuild()).thenReturn(true);
        when(event.getMessage()).thenReturn(message);
        when(event.getJDA()).thenReturn(jda);
        polls.onMessageUpdate(event);
    }

    private String openPoll(OpenLoop loop) {
        String messageId = triage(options("poll", Long.toString(loop.id()))).messageId();
        assertTrue(app.polls().openPoll(messageId).isPresent());
        return messageId;
    }

    @Test
    void thePollHasTheQuestionTheFourAnswersTheDurationAndNoMentions() {
        OpenLoop loop = parkForGroup("@everyone Kalman filter");

        Sent sent = triage(options("poll", Long.toString(loop.id()), "hours", "6"));

        assertNotNull(sent.poll(), "a poll was posted in the channel");
        DataObject body = sent.poll().toData();
        assertPingsNobody(body);
        DataObject poll = body.getObject("poll");
        assertEquals("How relevant is @everyone Kalman filter to our track?",
                poll.getObject("question").getString("text"));
        DataArray answers = poll.getArray("answers");
        List<String> labels = new ArrayList<>();
        for (int i = 0; i < answers.length(); i++) {
            labels.add(answers.getObject(i).getObject("poll_media").getString("text"));
        }
        assertEquals(List.of("Core", "Adjacent", "Peripheral", "Let it go"), labels);
        assertEquals(6, poll.getInt("duration"));
        assertEquals(false, poll.getBoolean("allow_multiselect"));
        assertEquals("", body.getString("content", ""), "the poll alone, with no text naming the starter");

        TriagePoll saved = app.polls().openPoll(sent.messageId()).orElseThrow();
        assertEquals(loop.id(), saved.loopId());
        assertEquals(MockInteractions.CHANNEL, saved.channelId());
        assertEquals(clock.instant().plus(Duration.ofHours(6)), saved.closesAt());
        assertTrue(sent.answer().startsWith("Poll posted for the group: **@everyone Kalman filter**. It closes <t:"),
                sent.answer());
        assertTrue(sent.answer().endsWith("(at least 3 votes needed; a tie changes nothing; Let it go closes the loop)."),
                sent.answer());
    }

    @Test
    void theDefaultIsTwentyFourHours() {
        OpenLoop loop = parkForGroup("Raft");
        Sent sent = triage(options("poll", Long.toString(loop.id())));
        assertEquals(24, sent.poll().toData().getObject("poll").getInt("duration"));
    }

    @Test
    void whoMayNotStartAPollOrWhereIsToldWhyAndNothingIsPosted() {
        OpenLoop loop = parkForGroup("Paxos");
        String id = Long.toString(loop.id());

        assertEquals(PollMessages.needsServer(), triage(options("poll", id), false, false, List.of()).answer());
        Sent member = triage(options("poll", id), true, false, List.of(POLL_ROLE));
        assertEquals("Starting a triage poll here needs the Manage Server permission. Nothing was posted.",
                member.answer());
        assertEquals(null, member.poll());

        app.settings().setPolls(MockInteractions.GUILD, Optional.of(POLL_ROLE), false, Optional.empty());
        assertEquals("Starting a triage poll here needs the Manage Server permission or the <@&" + POLL_ROLE
                + "> role. Nothing was posted.", triage(options("poll", id), true, false, List.of()).answer());
        Sent withRole = triage(options("poll", id), true, false, List.of(POLL_ROLE));
        assertNotNull(withRole.poll(), "a member with the poll role may start one");

        OpenLoop personal = ((ParkResult.Parked) app.loops().park(new ParkRequest(ADA, "my own worry", null,
                Origin.none()))).loop();
        // One's own loop is not the group's to poll: the answer says which scope holds that number.
        assertEquals(LoopErrors.inOtherScope(personal.id(), "my own worry", LoopScope.Kind.PERSONAL),
                triage(options("poll", Long.toString(personal.id()))).answer());
        assertEquals(PollMessages.notWithLoopOrClass(), triage(options("poll", id, "class", "core")).answer());
        assertEquals(PollMessages.hoursNeedPoll(), triage(options("hours", "5")).answer());
        assertEquals(PollMessages.hoursOutOfRange(200), triage(options("poll", id, "hours", "200")).answer());
    }

    @Test
    void inAServerWithTheCommandsButNotTheBotAPollIsRefusedSayingWhy() {
        OpenLoop loop = parkForGroup("vector clocks");
        SlashCommandInteractionEvent event = MockInteractions.command(SlashCommandInteractionEvent.class, ADA, "triage",
                null, options("poll", Long.toString(loop.id())));
        ReplyCallbackAction reply = MockInteractions.replies(event);
        Member member = mock(Member.class);
        when(event.getMember()).thenReturn(member);
        MockInteractions.detached(event, true);
        // JDA's detached member knows no roles: asking throws.
        when(member.getRoles()).thenThrow(new net.dv8tion.jda.api.exceptions.DetachedEntityException());

        triageRouter.onSlashCommandInteraction(event);

        assertEquals(PollMessages.botNotInServer(), privateReply(event, reply).getContent());
        verify(event, never()).deferReply(anyBoolean());
    }

    @Test
    void withThePollRoleSetToEveryoneAnyMemberMayStartAPoll() {
        OpenLoop loop = parkForGroup("gossip protocols");
        // The @everyone role has the server's id; JDA never lists it among a member's roles.
        app.settings().setPolls(MockInteractions.GUILD, Optional.of(MockInteractions.GUILD), false, Optional.empty());
        Sent member = triage(options("poll", Long.toString(loop.id())), true, false, List.of());
        assertNotNull(member.poll(), "a member with no role and no Manage Server may start one: " + member.answer());
    }

    /** {@code /triage poll:} by a manager, with Discord's side failing as {@code fault} makes it; the router answers. */
    @SuppressWarnings("unchecked")
    private void startFailing(OpenLoop loop, Consumer<SlashCommandInteractionEvent> fault) {
        SlashCommandInteractionEvent event = MockInteractions.command(SlashCommandInteractionEvent.class, ADA, "triage",
                null, options("poll", Long.toString(loop.id())));
        MockInteractions.replies(event);
        Member member = mock(Member.class);
        when(member.hasPermission(Permission.MANAGE_SERVER)).thenReturn(true);
        when(event.getMember()).thenReturn(member);
        when(event.deferReply(anyBoolean())).thenReturn(mock(ReplyCallbackAction.class, RETURNS_SELF));
        when(event.getHook().editOriginal(any(MessageEditData.class))).thenReturn(mock(WebhookMessageEditAction.class));
        when(event.getMessageChannel()).thenReturn(mock(MessageChannelUnion.class));
        fault.accept(event);
        triageRouter.onSlashCommandInteraction(event);
    }

    @Test
    void aPollThatFailsBeforeItIsPostedHoldsNothingAndItsLoopIsPolledAgainAtOnce() {
        OpenLoop deferral = parkForGroup("skip lists");
        // Discord turns the deferral away (the interaction expired while it waited for a worker).
        startFailing(deferral, event -> when(event.deferReply(true).complete())
                .thenThrow(new IllegalStateException("Unknown interaction")));
        assertNotNull(triage(options("poll", Long.toString(deferral.id()))).poll(), "not held by the failed try");

        OpenLoop sending = parkForGroup("treaps");
        // JDA throws something else than a missing permission before sending.
        startFailing(sending, event -> when(event.getMessageChannel().sendMessage(any(MessageCreateData.class)))
                .thenThrow(new IllegalArgumentException("a poll JDA would not send")));
        assertNotNull(triage(options("poll", Long.toString(sending.id()))).poll(), "not held by the failed try");
    }

    @Test
    void aChannelTheBotMayNotPollInIsSaidAndThePollIsNotKept() {
        OpenLoop loop = parkForGroup("CRDTs");
        MessageChannelUnion refusing = mock(MessageChannelUnion.class);
        // JDA checks the bot's permissions before sending, and throws.
        InsufficientPermissionException noPolls = new InsufficientPermissionException(channel,
                Permission.MESSAGE_SEND_POLLS);
        when(refusing.sendMessage(any(MessageCreateData.class))).thenThrow(noPolls);
        SlashCommandInteractionEvent event = MockInteractions.command(SlashCommandInteractionEvent.class, ADA, "triage",
                null, options("poll", Long.toString(loop.id())));
        ReplyCallbackAction reply = MockInteractions.replies(event);
        Member member = mock(Member.class);
        when(member.hasPermission(Permission.MANAGE_SERVER)).thenReturn(true);
        when(event.getMember()).thenReturn(member);
        when(event.getMessageChannel()).thenReturn(refusing);
        ReplyCallbackAction defer = mock(ReplyCallbackAction.class, RETURNS_SELF);
        when(event.deferReply(anyBoolean())).thenReturn(defer);

        triageRouter.onSlashCommandInteraction(event);

        assertEquals("The poll could not be posted in this channel: the bot lacks the "
                + Permission.MESSAGE_SEND_POLLS.getName() + " permission here. Once a server manager grants it, run this "
                + "again. Nothing was started.", privateReply(event, reply).getContent());
        assertEquals(0, messageIds.get(), "no poll message exists");
        // Not blocked by the failed one: a later try may post.
        assertNotNull(triage(options("poll", Long.toString(loop.id()))).poll());
    }

    @Test
    void aFinalizedPollWritesTheWinnerBackOnceAndPostsTheFollowUpOnce() {
        OpenLoop loop = parkForGroup("Kalman filter");
        String messageId = openPoll(loop);

        update(pollMessage(messageId, SELF, false, 4, 0, 0, 0));
        assertEquals(Triage.UNTRIAGED, stored(loop).triage(), "not final yet: nothing is decided");
        update(pollMessage(messageId, 42L, true, 4, 0, 0, 0));
        assertEquals(Triage.UNTRIAGED, stored(loop).triage(), "someone else's poll is not ours to read");

        update(pollMessage(messageId, SELF, true, 1, 3, 0, 1));

        assertEquals(Triage.ADJACENT, stored(loop).triage());
        assertEquals(1, posted.size());
        assertPingsNobody(posted.get(0).toData());
        assertEquals("The poll on **Kalman filter** has closed: the group finds it **adjacent** to the track, and that "
                + "is its class now. (Core 1 · Adjacent 3 · Peripheral 0 · Let it go 1; 5 votes)",
                posted.get(0).getContent());

        // The same result again, as a second update and as the poll-result message: nothing changes, nothing is sent.
        update(pollMessage(messageId, SELF, true, 1, 3, 0, 1));
        MessageReceivedEvent result = resultMessage(messageId);
        polls.onMessageReceived(result);
        assertEquals(1, posted.size());
        assertEquals(Triage.ADJACENT, stored(loop).triage());
    }

    @Test
    void aTieAndTooFewVotesChangeNothingAndTheFollowUpSaysWhy() {
        OpenLoop tied = parkForGroup("B-trees");
        String tiedId = openPoll(tied);
        update(pollMessage(tiedId, SELF, true, 2, 0, 2, 0));
        assertEquals(Triage.UNTRIAGED, stored(tied).triage());
        assertEquals("The poll on **B-trees** has closed in a tie between Core and Peripheral (2 votes each), so its "
                + "class stays as it was. Another /triage poll can settle it. (Core 2 · Adjacent 0 · Peripheral 2 · Let "
                + "it go 0; 4 votes)", posted.get(0).getContent());

        OpenLoop few = parkForGroup("LSM trees");
        String fewId = openPoll(few);
        update(pollMessage(fewId, SELF, true, 0, 0, 0, 2));
        assertTrue(stored(few).isOpen(), "two votes to let it go are below the quorum of 3");
        assertEquals("The poll on **LSM trees** has closed with 2 votes; a result needs at least 3 votes, so its class "
                + "stays as it was. (Core 0 · Adjacent 0 · Peripheral 0 · Let it go 2; 2 votes)",
                posted.get(1).getContent());
    }

    @Test
    void thePollResultMessageAloneIsEnoughTheTallyIsFetchedFromThePoll() {
        OpenLoop loop = parkForGroup("consensus");
        String messageId = openPoll(loop);
        Message finalPoll = pollMessage(messageId, SELF, true, 0, 0, 0, 3);
        retrievable(messageId, finalPoll);

        polls.onMessageReceived(resultMessage(messageId));

        assertEquals(Optional.of(Outcome.LET_GO), Optional.ofNullable(stored(loop).outcome()));
        assertEquals(1, posted.size());
    }

    @Test
    void atStartUpAPollThatEndedWhileTheBotWasOfflineIsReadAndDecided() {
        OpenLoop ended = parkForGroup("vector clocks");
        String endedId = openPoll(ended);
        retrievable(endedId, pollMessage(endedId, SELF, true, 5, 0, 0, 0));
        OpenLoop running = parkForGroup("gossip");
        String runningId = triage(options("poll", Long.toString(running.id()), "hours", "48")).messageId();
        RestAction<Message> notAsked = rest(pollMessage(runningId, SELF, false, 1, 0, 0, 0));
        when(channel.retrieveMessageById(runningId)).thenReturn(notAsked);

        polls.reconcile();
        assertEquals(Triage.UNTRIAGED, stored(ended).triage(), "not closed yet: nothing fetched");
        verify(channel, never()).retrieveMessageById(endedId);

        clock.advance(Duration.ofHours(25));
        polls.reconcile();

        assertEquals(Triage.CORE, stored(ended).triage());
        assertEquals(1, posted.size());
        verify(channel, never()).retrieveMessageById(runningId);
        assertEquals(Optional.of(Verdict.Kind.CORE), app.polls().find(app.polls().decidedSince(LOT,
                clock.instant().minus(Duration.ofDays(1))).get(0).id()).orElseThrow().decision());

        // A poll Discord has not finalized yet stays open and is looked at again.
        clock.advance(Duration.ofHours(24));
        polls.reconcile();
        assertTrue(app.polls().openPoll(runningId).isPresent());
        verify(channel, times(1)).retrieveMessageById(runningId);
        polls.reconcile();
        verify(channel, times(2)).retrieveMessageById(runningId);
        assertEquals(1, posted.size());
    }

    private MessageReceivedEvent resultMessage(String pollMessageId) {
        MessageReceivedEvent event = mock(MessageReceivedEvent.class);
        Message message = mock(Message.class);
        when(message.getType()).thenReturn(MessageType.POLL_RESULT);
        MessageReference reference = mock(MessageReference.class);
        when(reference.getMessageId()).thenReturn(pollMessageId);
        when(reference.getChannelId()).thenReturn(MockInteractions.CHANNEL);
        when(message.getMessageReference()).thenReturn(reference);
        when(event.getMessage()).thenReturn(message);
        when(event.isFromGuild()).thenReturn(true);
        return event;
    }

    private void retrievable(String messageId, Message message) {
        RestAction<Message> action = rest(message);
        when(channel.retrieveMessageById(messageId)).thenReturn(action);
    }

    @SuppressWarnings("unchecked")
    private static RestAction<Message> rest(Message message) {
        RestAction<Message> action = mock(RestAction.class);
        when(action.submit()).thenReturn(CompletableFuture.completedFuture(message));
        return action;
    }
}
