package dev.loopkeeper.discord;

import static dev.loopkeeper.discord.MockInteractions.command;
import static dev.loopkeeper.discord.MockInteractions.replies;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

import dev.loopkeeper.command.Commands;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import net.dv8tion.jda.api.Permission;
import net.dv8tion.jda.api.entities.Guild;
import net.dv8tion.jda.api.entities.Member;
import net.dv8tion.jda.api.entities.SelfMember;
import net.dv8tion.jda.api.entities.channel.ChannelType;
import net.dv8tion.jda.api.entities.channel.middleman.GuildChannel;
import net.dv8tion.jda.api.entities.channel.unions.GuildChannelUnion;
import net.dv8tion.jda.api.events.interaction.command.SlashCommandInteractionEvent;
import net.dv8tion.jda.api.interactions.commands.OptionMapping;
import net.dv8tion.jda.api.requests.restaction.interactions.ReplyCallbackAction;
import org.junit.jupiter.api.Test;
import org.mockito.ArgumentMatchers;

/** {@code /settings show} lists every server setting in one place; a channel the bot cannot use is refused by name. */
class SettingsShowTest extends CommandTestBase {
    private static final String CHANNEL = "900000000000000020";

    @SuppressWarnings("unchecked")
    private String run(String subcommand, ChannelType type, boolean botMayPost) {
        SettingsCommand command = new SettingsCommand(app.settings(), false, app.digests(),
                new SettingsCommand.Limits(3, 7));
        InteractionRouter settingsRouter = new InteractionRouter(List.of(command), Runnable::run);
        SlashCommandInteractionEvent event = command(SlashCommandInteractionEvent.class, ADA, Commands.SETTINGS.name(),
                subcommand, type == null ? Map.of() : Map.of(Commands.CHANNEL, CHANNEL));
        Member member = mock(Member.class);
        when(member.getId()).thenReturn(ADA);
        when(member.hasPermission(Permission.MANAGE_SERVER)).thenReturn(true);
        when(event.getMember()).thenReturn(member);
        if (type != null) {
            GuildChannelUnion channel = mock(GuildChannelUnion.class);
            when(channel.getId()).thenReturn(CHANNEL);
            when(channel.getType()).thenReturn(type);
            OptionMapping mapping = mock(OptionMapping.class);
            when(mapping.getAsChannel()).thenReturn(channel);
            when(event.getOption(anyString(), any(Function.class))).thenAnswer(call ->
                    ((Function<OptionMapping, Object>) call.getArgument(1)).apply(mapping));
            Guild guild = mock(Guild.class);
            when(guild.getId()).thenReturn(MockInteractions.GUILD);
            SelfMember self = mock(SelfMember.class);
            when(self.hasPermission(any(GuildChannel.class), ArgumentMatchers.<Collection<Permission>>any()))
                    .thenReturn(botMayPost);
            when(guild.getSelfMember()).thenReturn(self);
            when(event.getGuild()).thenReturn(guild);
            when(channel.getGuild()).thenReturn(guild);
        }
        ReplyCallbackAction action = replies(event);
        settingsRouter.onSlashCommandInteraction(event);
        return privateReply(event, action).getContent();
    }

    @Test
    void showListsEverySettingOfTheServerInOnePlace() {
        String empty = run(Commands.SHOW, null, true);
        assertTrue(empty.startsWith("**Loopkeeper in this server**"), empty);
        assertTrue(empty.contains("Reminders for people whose DMs are closed: no channel"), empty);
        assertTrue(empty.contains("Weekly digest of the shared loops: off"), empty);
        assertTrue(empty.contains("a result needs 3 votes"), empty);
        assertTrue(empty.contains("at most 3 reminders a day per person"), empty);

        app.settings().setReminderChannel(MockInteractions.GUILD, CHANNEL);
        app.digests().setChannel(MockInteractions.GUILD, CHANNEL);
        app.digests().setDefaultZone(MockInteractions.GUILD, "Europe/Berlin");
        app.settings().addWorklog(MockInteractions.GUILD, "900000000000000021", ADA);
        app.settings().setPolls(MockInteractions.GUILD, Optional.of("900000000000000030"), false, Optional.of(5L));
        String set = run(Commands.SHOW, null, true);
        assertTrue(set.contains("Reminders for people whose DMs are closed: <#" + CHANNEL + ">"), set);
        assertTrue(set.contains("Weekly digest of the shared loops: <#" + CHANNEL + ">, Mondays at 09:00 "
                + "(Europe/Berlin)"), set);
        assertTrue(set.contains("nudges: Europe/Berlin"), set);
        assertTrue(set.contains("and members with <@&900000000000000030>; a result needs 5 votes"), set);
        assertTrue(set.contains("Work-log channels: <#900000000000000021>"), set);
    }

    @Test
    void aChannelTheBotCannotPostInOrAForumIsRefusedAndNothingChanges() {
        String forum = run(Commands.REMINDERS, ChannelType.FORUM, true);
        assertEquals("<#" + CHANNEL + "> is a forum channel; the bot posts there as plain messages, so pick a text or "
                + "announcement channel.", forum);
        String hidden = run(Commands.REMINDERS, ChannelType.TEXT, false);
        assertTrue(hidden.startsWith("Loopkeeper cannot see and post in <#" + CHANNEL + ">. Give its role View Channel "
                + "and Send Messages there"), hidden);
        assertTrue(app.settings().reminderChannel(MockInteractions.GUILD).isEmpty(), "nothing was saved");

        String set = run(Commands.REMINDERS, ChannelType.TEXT, true);
        assertTrue(set.startsWith("Reminders for people whose DMs are closed now go to <#" + CHANNEL + ">"), set);
    }
}
