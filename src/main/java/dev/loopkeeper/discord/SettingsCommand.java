package dev.loopkeeper.discord;

import dev.loopkeeper.common.InvalidInputException;
import dev.loopkeeper.settings.SettingsService;
import java.util.List;
import java.util.stream.Collectors;
import net.dv8tion.jda.api.Permission;
import net.dv8tion.jda.api.entities.Member;
import net.dv8tion.jda.api.entities.channel.ChannelType;
import net.dv8tion.jda.api.events.interaction.command.GenericCommandInteractionEvent;
import net.dv8tion.jda.api.interactions.IntegrationType;
import net.dv8tion.jda.api.interactions.InteractionContextType;
import net.dv8tion.jda.api.interactions.commands.DefaultMemberPermissions;
import net.dv8tion.jda.api.interactions.commands.OptionMapping;
import net.dv8tion.jda.api.interactions.commands.OptionType;
import net.dv8tion.jda.api.interactions.commands.build.CommandData;
import net.dv8tion.jda.api.interactions.commands.build.Commands;
import net.dv8tion.jda.api.interactions.commands.build.OptionData;
import net.dv8tion.jda.api.interactions.commands.build.SubcommandData;
import net.dv8tion.jda.api.interactions.commands.build.SubcommandGroupData;

/** {@code /settings}: a server's reminder channel and work-log channels. Needs Manage Server; servers only. */
public final class SettingsCommand implements BotCommand {
    public static final String NAME = "settings";
    public static final String REMINDERS = "reminders";
    public static final String WORKLOG = "worklog";
    public static final String ADD = "add";
    public static final String REMOVE = "remove";
    public static final String LIST = "list";
    public static final String CHANNEL = "channel";

    private final SettingsService settings;
    private final boolean messageContent;
    private final CommandData definition;

    public SettingsCommand(SettingsService settings, boolean messageContent) {
        this.settings = settings;
        this.messageContent = messageContent;
        this.definition = Commands.slash(NAME, "Server settings for Loopkeeper")
                .setContexts(InteractionContextType.GUILD)
                .setIntegrationTypes(IntegrationType.GUILD_INSTALL)
                .setDefaultPermissions(DefaultMemberPermissions.enabledFor(Permission.MANAGE_SERVER))
                .addSubcommands(new SubcommandData(REMINDERS, "Where reminders go when someone's DMs are closed")
                        .addOptions(channel("The channel for reminders")))
                .addSubcommandGroups(new SubcommandGroupData(WORKLOG, "Channels whose messages count as focus")
                        .addSubcommands(
                                new SubcommandData(ADD, "Mark a channel as a work log").addOptions(channel("The channel")),
                                new SubcommandData(REMOVE, "Unmark a work-log channel").addOptions(channel("The channel")),
                                new SubcommandData(LIST, "The work-log channels")));
    }

    private static OptionData channel(String description) {
        return new OptionData(OptionType.CHANNEL, CHANNEL, description, true)
                .setChannelTypes(ChannelType.TEXT, ChannelType.NEWS, ChannelType.FORUM);
    }

    @Override
    public String key() {
        return NAME;
    }

    @Override
    public CommandData definition() {
        return definition;
    }

    @Override
    public void onCommand(GenericCommandInteractionEvent event) {
        Member member = event.getMember();
        if (event.getGuild() == null || member == null) {
            throw new InvalidInputException("Settings belong to a server: run /settings there.");
        }
        // Discord hides the command from others already; this also covers crafted requests and stale permissions.
        if (!member.hasPermission(Permission.MANAGE_SERVER)) {
            throw new InvalidInputException("Changing Loopkeeper's server settings needs the Manage Server permission.");
        }
        String guildId = event.getGuild().getId();
        String channelId = event.getOption(CHANNEL, (OptionMapping o) -> o.getAsChannel().getId());
        String reply;
        if (REMINDERS.equals(event.getSubcommandName())) {
            settings.setReminderChannel(guildId, channelId);
            reply = "Reminders for people whose DMs are closed now go to <#" + channelId + ">, for loops parked in this server.";
        } else {
            reply = switch (String.valueOf(event.getSubcommandName())) {
                case ADD -> (settings.addWorklog(guildId, channelId, member.getId())
                        ? "<#" + channelId + "> is now a work-log channel." : "<#" + channelId + "> already was a work-log channel.")
                        + " People opt in with /focus follow state:on." + (messageContent ? ""
                        : "\nNote: work-log channels are off on this bot (it runs without Discord's Message Content intent); "
                        + "they start working once whoever runs it enables that intent and sets LOOPKEEPER_MESSAGE_CONTENT=true.");
                case REMOVE -> settings.removeWorklog(guildId, channelId)
                        ? "<#" + channelId + "> is no longer a work-log channel." : "<#" + channelId + "> was not a work-log channel.";
                default -> list(settings.worklogChannels(guildId));
            };
        }
        Replies.ephemeral(event, reply);
    }

    private String list(List<String> channels) {
        String state = messageContent ? "" : " (off on this bot: it runs without the Message Content intent)";
        return channels.isEmpty() ? "No work-log channels yet" + state + ". Add one with /settings worklog add."
                : "Work-log channels" + state + ": " + channels.stream().map(c -> "<#" + c + ">").collect(Collectors.joining(", "));
    }
}
