package dev.loopkeeper.discord;

import static dev.loopkeeper.discord.MockInteractions.command;
import static dev.loopkeeper.discord.MockInteractions.replies;
import static dev.loopkeeper.discord.MockInteractions.user;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.spi.ILoggingEvent;
import dev.loopkeeper.command.Commands;
import dev.loopkeeper.common.InvalidInputException;
import dev.loopkeeper.focus.Focus;
import dev.loopkeeper.focus.FocusLimits;
import dev.loopkeeper.focus.FocusService;
import dev.loopkeeper.focus.FocusSource;
import dev.loopkeeper.settings.PersonSettings;
import dev.loopkeeper.support.LogLines;
import java.time.LocalTime;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.Function;
import net.dv8tion.jda.api.Permission;
import net.dv8tion.jda.api.entities.Guild;
import net.dv8tion.jda.api.entities.Member;
import net.dv8tion.jda.api.entities.Message;
import net.dv8tion.jda.api.entities.MessageType;
import net.dv8tion.jda.api.entities.User;
import net.dv8tion.jda.api.entities.channel.ChannelType;
import net.dv8tion.jda.api.entities.channel.concrete.ThreadChannel;
import net.dv8tion.jda.api.entities.channel.middleman.GuildChannel;
import net.dv8tion.jda.api.entities.channel.unions.ChannelUnion;
import net.dv8tion.jda.api.entities.channel.unions.IThreadContainerUnion;
import net.dv8tion.jda.api.entities.channel.unions.MessageChannelUnion;
import net.dv8tion.jda.api.events.channel.ChannelCreateEvent;
import net.dv8tion.jda.api.events.interaction.command.SlashCommandInteractionEvent;
import net.dv8tion.jda.api.events.message.MessageReceivedEvent;
import net.dv8tion.jda.api.interactions.commands.OptionMapping;
import net.dv8tion.jda.api.requests.restaction.interactions.ReplyCallbackAction;
import org.junit.jupiter.api.Test;
import org.mockito.ArgumentMatchers;

class SettingsAndWorklogTest extends CommandTestBase {
    private static final String WORKLOG = "900000000000000010";
    private static final String ELSEWHERE = "900000000000000011";

    private String settings(String userId, boolean manageServer, String subcommand, String channelId, boolean messageContent) {
        return settings(userId, manageServer, subcommand, channelId, messageContent, event -> { });
    }

    /** The same, with {@code discord} changing what Discord says before the command runs. */
    private String settings(String userId, boolean manageServer, String subcommand, String channelId,
            boolean messageContent, Consumer<SlashCommandInteractionEvent> discord) {
        SettingsCommand command = new SettingsCommand(app.settings(), messageContent, app.digests(),
                new SettingsCommand.Limits(3, 7));
        InteractionRouter settingsRouter = new InteractionRouter(List.of(command), Runnable::run);
        SlashCommandInteractionEvent event = command(SlashCommandInteractionEvent.class, userId, Commands.SETTINGS.name(),
                subcommand, channelId == null ? Map.of() : Map.of(Commands.CHANNEL, channelId));
        Member member = mock(Member.class);
        when(member.getId()).thenReturn(userId);
        when(member.hasPermission(Permission.MANAGE_SERVER)).thenReturn(manageServer);
        when(event.getMember()).thenReturn(member);
        discord.accept(event);
        ReplyCallbackAction action = replies(event);
        settingsRouter.onSlashCommandInteraction(event);
        return privateReply(event, action).getContent();
    }

    @Test
    void settingsNeedManageServerAndNameWhatTheyChanged() {
        String refused = settings(ADA, false, Commands.REMINDERS, WORKLOG, false);
        assertTrue(refused.contains("needs the Manage Server permission"), refused);
        assertTrue(app.settings().reminderChannel(MockInteractions.GUILD).isEmpty());

        String set = settings(ADA, true, Commands.REMINDERS, WORKLOG, false);
        assertTrue(set.startsWith("Reminders for people whose DMs are closed now go to <#" + WORKLOG + ">"), set);
        assertEquals(WORKLOG, app.settings().reminderChannel(MockInteractions.GUILD).orElseThrow());
    }

    @Test
    void workLogChannelsSayWhenTheFeatureIsOff() {
        String added = settings(ADA, true, Commands.ADD, WORKLOG, false);
        assertTrue(added.startsWith("<#" + WORKLOG + "> is now a work-log channel."), added);
        assertTrue(added.contains("work-log channels are off on this bot"), added);
        assertTrue(settings(ADA, true, Commands.LIST, WORKLOG, false).contains("off on this bot"));
        String on = settings(ADA, true, Commands.ADD, WORKLOG, true);
        assertEquals("<#" + WORKLOG + "> already was a work-log channel. People opt in with /focus follow state:on.", on);
        assertEquals("Work-log channels: <#" + WORKLOG + ">", settings(ADA, true, Commands.LIST, WORKLOG, true));
        assertTrue(settings(ADA, true, Commands.REMOVE, WORKLOG, true).contains("no longer"));
        assertTrue(app.settings().worklogChannels(MockInteractions.GUILD).isEmpty());
    }

    @Test
    @SuppressWarnings("unchecked")
    void aManagerCanAlwaysUnmarkAWorkLogChannelEvenOneTheBotCanNoLongerSeeOrThatBecameAForum() {
        app.settings().addWorklog(MockInteractions.GUILD, WORKLOG, ADA);
        Consumer<SlashCommandInteractionEvent> forumOutOfReach = event -> {
            OptionMapping forum = MockInteractions.mapping(WORKLOG);
            when(forum.getAsChannel().getType()).thenReturn(ChannelType.FORUM);
            when(event.getOption(anyString(), any(Function.class)))
                    .thenAnswer(call -> ((Function<OptionMapping, Object>) call.getArgument(1)).apply(forum));
            Member self = event.getGuild().getSelfMember();
            when(self.hasPermission(any(GuildChannel.class), ArgumentMatchers.<Collection<Permission>>any()))
                    .thenReturn(false);
        };

        String added = settings(ADA, true, Commands.ADD, WORKLOG, true, forumOutOfReach);
        assertTrue(added.startsWith("Loopkeeper cannot see <#" + WORKLOG + ">."), "adding still needs it: " + added);
        String removed = settings(ADA, true, Commands.REMOVE, WORKLOG, true, forumOutOfReach);
        assertEquals("<#" + WORKLOG + "> is no longer a work-log channel. Messages there no longer change anyone's "
                + "focus; a note already written there stays its author's focus for its few hours, unless they delete it "
                + "or end it with /focus clear.", removed);
        assertEquals(List.of(), app.settings().worklogChannels(MockInteractions.GUILD));
    }

    @Test
    void inAServerWithTheCommandsButNotTheBotAManagerUsesSettingsAndOthersAreRefused() {
        String shown = settings(ADA, false, Commands.SHOW, null, true, event -> MockInteractions.detached(event, true));
        assertTrue(shown.startsWith("**Loopkeeper in this server**"), shown);
        String refused = settings(BOB, true, Commands.SHOW, null, true, event -> MockInteractions.detached(event, false));
        assertEquals("Loopkeeper's server settings are shown to people with the Manage Server permission.", refused);
        // No bot member here to see the channel: said so, rather than an apology for a failure.
        String add = settings(ADA, false, Commands.ADD, WORKLOG, true, event -> MockInteractions.detached(event, true));
        assertTrue(add.startsWith("Loopkeeper's bot is not a member of this server (only its commands are), so "
                + "it cannot see <#" + WORKLOG + ">."), add);
        assertEquals(List.of(), app.settings().worklogChannels(MockInteractions.GUILD));
    }

    @Test
    void quietHoursAndFollowAreSetWithFocusSubcommands() {
        SlashCommandInteractionEvent quiet = command(SlashCommandInteractionEvent.class, ADA, Commands.FOCUS.name(), Commands.QUIET,
                Map.of(Commands.FROM, "22:00", Commands.TO, "8:00", Commands.ZONE, "Europe/Berlin"));
        ReplyCallbackAction quietAction = replies(quiet);
        router.onSlashCommandInteraction(quiet);
        assertTrue(privateReply(quiet, quietAction).getContent().startsWith("Quiet hours set: 22:00 to 08:00 (Europe/Berlin)."));
        PersonSettings person = app.settings().person(ADA);
        assertEquals(LocalTime.of(8, 0), person.quietHours().orElseThrow().to());

        SlashCommandInteractionEvent badZone = command(SlashCommandInteractionEvent.class, ADA, Commands.FOCUS.name(), Commands.QUIET,
                Map.of(Commands.FROM, "22:00", Commands.TO, "08:00", Commands.ZONE, "Berlin"));
        ReplyCallbackAction badAction = replies(badZone);
        router.onSlashCommandInteraction(badZone);
        assertTrue(privateReply(badZone, badAction).getContent().contains("'Berlin' is not a time zone I know"));

        SlashCommandInteractionEvent follow = command(SlashCommandInteractionEvent.class, ADA, Commands.FOCUS.name(), Commands.FOLLOW,
                Map.of(Commands.STATE, "on"));
        ReplyCallbackAction followAction = replies(follow);
        router.onSlashCommandInteraction(follow);
        assertTrue(privateReply(follow, followAction).getContent().startsWith("Following:"));
        assertTrue(app.settings().person(ADA).followWorklog());
    }

    @Test
    void workLogMessagesAndThreadTitlesOfOptedInPeopleBecomeShortLivedFocus() {
        app.settings().addWorklog(MockInteractions.GUILD, WORKLOG, ADA);
        app.settings().setFollowWorklog(ADA, true);
        WorklogListener listener = new WorklogListener(app.settings(), app.focus(), 4, Runnable::run);

        listener.onMessageReceived(message(BOB, WORKLOG, "bob is not following"));
        listener.onMessageReceived(message(ADA, ELSEWHERE, "not a work-log channel"));
        assertTrue(app.focus().active(ADA).isEmpty());
        assertTrue(app.focus().active(BOB).isEmpty());

        listener.onMessageReceived(message(ADA, WORKLOG, "today: wiring the **Kalman filter** into the drone"));
        listener.onMessageReceived(message(ADA, WORKLOG, "now: profiling the IMU driver"));
        List<Focus> active = app.focus().active(ADA);
        assertEquals(1, active.size(), "a new work-log message replaces the previous one");
        assertEquals("now: profiling the IMU driver", active.get(0).text());
        assertEquals(FocusSource.WORK_LOG, active.get(0).source());
        assertEquals(clock.instant().plusSeconds(4 * 3600), active.get(0).expiresAt());

        // Chat under three words leaves the focus as the last real note said; a short thread title still counts.
        for (String chat : List.of("wip", "lgtm", "merged", "haha yes", "+1 👍", "**agreed**")) {
            listener.onMessageReceived(message(ADA, WORKLOG, chat));
        }
        assertEquals(List.of("now: profiling the IMU driver"),
                app.focus().active(ADA).stream().map(Focus::text).toList());
        listener.onMessageReceived(message(ADA, WORKLOG, "back in 10 minutes"));
        assertEquals(List.of("back in 10 minutes"), app.focus().active(ADA).stream().map(Focus::text).toList(),
                "three words or more is a note, whatever it says");
        listener.onMessageReceived(message(ADA, WORKLOG, "now: profiling the IMU driver"));
        listener.onChannelCreate(thread(ADA, WORKLOG, "EKF"));
        assertEquals(List.of("EKF", "now: profiling the IMU driver"),
                app.focus().active(ADA).stream().map(Focus::text).toList());
        app.focus().clearOne(ADA, "EKF");

        listener.onChannelCreate(thread(ADA, WORKLOG, "Why does my EKF diverge?"));
        listener.onChannelCreate(thread(ADA, ELSEWHERE, "unrelated thread"));
        assertEquals(List.of("Why does my EKF diverge?", "now: profiling the IMU driver"),
                app.focus().active(ADA).stream().map(Focus::text).toList());
    }

    @Test
    void aThreadStartedAtTheFocusLimitBecomesFocusWithoutAnError() {
        app.settings().addWorklog(MockInteractions.GUILD, WORKLOG, ADA);
        app.settings().setFollowWorklog(ADA, true);
        WorklogListener listener = new WorklogListener(app.settings(), app.focus(), 4, Runnable::run);
        for (int i = 0; i < FocusLimits.MAX_ACTIVE; i++) {
            app.focus().set(ADA, "item " + i, Optional.empty(), FocusSource.COMMAND, null, null);
        }

        List<ILoggingEvent> logged = logged(() -> listener.onChannelCreate(thread(ADA, WORKLOG, "Why does my EKF diverge?")));

        assertTrue(app.focus().active(ADA).stream().anyMatch(f -> f.text().equals("Why does my EKF diverge?")),
                "the thread is their focus");
        assertEquals(List.of(), logged.stream().filter(line -> line.getLevel().isGreaterOrEqual(Level.WARN))
                .map(ILoggingEvent::getFormattedMessage).toList(), "no error, no stack trace");
    }

    @Test
    void aWorkLogFocusTheRulesRefuseIsOneLineNotAnErrorWithAStackTrace() {
        app.settings().addWorklog(MockInteractions.GUILD, WORKLOG, ADA);
        app.settings().setFollowWorklog(ADA, true);
        FocusService refusing = mock(FocusService.class);
        when(refusing.set(any(), any(), any(), any(), any(), any(), any()))
                .thenThrow(new InvalidInputException("You have 25 active focus items."));
        WorklogListener listener = new WorklogListener(app.settings(), refusing, 4, Runnable::run);

        List<ILoggingEvent> logged = logged(() -> {
            listener.onMessageReceived(message(ADA, WORKLOG, "now: profiling the IMU driver"));
            listener.onChannelCreate(thread(ADA, WORKLOG, "Why does my EKF diverge?"));
        });

        assertEquals(List.of(), logged.stream().filter(line -> line.getLevel().isGreaterOrEqual(Level.WARN)
                || line.getThrowableProxy() != null).map(ILoggingEvent::getFormattedMessage).toList(),
                "a refusal of what someone wrote is no fault of the bot's");
        assertEquals(2, logged.stream().filter(line -> line.getLevel() == Level.INFO
                && line.getFormattedMessage().endsWith("was not recorded: You have 25 active focus items.")).count(),
                "one line each, saying why");
    }

    /** What {@link WorklogListener} logs at any level while {@code work} runs. */
    private static List<ILoggingEvent> logged(Runnable work) {
        return LogLines.of(WorklogListener.class, work);
    }

    private static MessageReceivedEvent message(String authorId, String channelId, String content) {
        MessageReceivedEvent event = mock(MessageReceivedEvent.class);
        User author = user(authorId);
        when(event.getAuthor()).thenReturn(author);
        when(event.isFromGuild()).thenReturn(true);
        Guild guild = MockInteractions.guild();
        when(event.getGuild()).thenReturn(guild);
        MessageChannelUnion channel = mock(MessageChannelUnion.class);
        when(channel.getId()).thenReturn(channelId);
        when(event.getChannel()).thenReturn(channel);
        when(event.getChannelType()).thenReturn(ChannelType.TEXT);
        Message message = mock(Message.class);
        when(message.getContentDisplay()).thenReturn(content);
        when(message.getType()).thenReturn(MessageType.DEFAULT);
        when(event.getMessage()).thenReturn(message);
        return event;
    }

    private static ChannelCreateEvent thread(String ownerId, String parentId, String title) {
        ChannelCreateEvent event = mock(ChannelCreateEvent.class);
        when(event.getChannelType()).thenReturn(ChannelType.GUILD_PUBLIC_THREAD);
        ChannelUnion channel = mock(ChannelUnion.class);
        ThreadChannel thread = mock(ThreadChannel.class);
        when(channel.asThreadChannel()).thenReturn(thread);
        when(event.getChannel()).thenReturn(channel);
        Guild guild = MockInteractions.guild();
        when(thread.getGuild()).thenReturn(guild);
        IThreadContainerUnion parent = mock(IThreadContainerUnion.class);
        when(parent.getId()).thenReturn(parentId);
        when(thread.getParentChannel()).thenReturn(parent);
        when(thread.getOwnerId()).thenReturn(ownerId);
        when(thread.getName()).thenReturn(title);
        when(thread.getId()).thenReturn("900000000000000099");
        return event;
    }
}
