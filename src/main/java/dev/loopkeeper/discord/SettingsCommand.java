package dev.loopkeeper.discord;

import static dev.loopkeeper.command.Commands.ADD;
import static dev.loopkeeper.command.Commands.CHANNEL;
import static dev.loopkeeper.command.Commands.MANAGERS;
import static dev.loopkeeper.command.Commands.POLLS;
import static dev.loopkeeper.command.Commands.QUORUM;
import static dev.loopkeeper.command.Commands.REMINDERS;
import static dev.loopkeeper.command.Commands.REMOVE;
import static dev.loopkeeper.command.Commands.ROLE;
import static dev.loopkeeper.command.Commands.STARTERS;

import dev.loopkeeper.command.Commands;
import dev.loopkeeper.common.InvalidInputException;
import dev.loopkeeper.common.UserText;
import dev.loopkeeper.settings.PollSettings;
import dev.loopkeeper.nudge.DigestService;
import dev.loopkeeper.settings.SettingsService;
import java.time.ZoneId;
import java.util.List;
import java.util.Optional;
import net.dv8tion.jda.api.Permission;
import net.dv8tion.jda.api.entities.Guild;
import net.dv8tion.jda.api.entities.Member;
import net.dv8tion.jda.api.entities.channel.middleman.GuildChannel;
import net.dv8tion.jda.api.entities.channel.ChannelType;
import net.dv8tion.jda.api.entities.channel.unions.GuildChannelUnion;
import net.dv8tion.jda.api.events.interaction.command.CommandAutoCompleteInteractionEvent;
import net.dv8tion.jda.api.events.interaction.command.GenericCommandInteractionEvent;
import net.dv8tion.jda.api.interactions.commands.OptionMapping;

/**
 * {@code /settings}: a server's reminder channel and reminder cap, who may start triage polls and their quorum,
 * work-log channels, the default zone for nudges and the weekly digest channel.
 * Needs Manage Server; servers only.
 */
public final class SettingsCommand extends CommandAdapter {
    private final SettingsService settings;
    private final boolean messageContent;
    private final DigestService digests;
    private final Limits limits;

    public SettingsCommand(SettingsService settings, boolean messageContent, DigestService digests, Limits limits) {
        super(Commands.SETTINGS);
        this.settings = settings;
        this.messageContent = messageContent;
        this.digests = digests;
        this.limits = limits;
    }

    /** The reminder limits whoever runs the bot set (LOOPKEEPER_REMINDER_*), shown by {@code /settings show}. */
    public record Limits(int dailyCap, int cooldownDays) {
    }

    @Override
    public void onAutocomplete(CommandAutoCompleteInteractionEvent event) {
        NudgeCommand.suggestZones(event);
    }

    /** Whether the command only shows settings: show, the work-log list, or caps, polls and digest given no option. */
    private static boolean onlyLooks(GenericCommandInteractionEvent event) {
        String subcommand = event.getSubcommandName();
        return Commands.SHOW.equals(subcommand) || Commands.LIST.equals(subcommand)
                || ((Commands.CAPS.equals(subcommand) || POLLS.equals(subcommand)
                        || Commands.DIGEST.equals(subcommand) || REMINDERS.equals(subcommand))
                        && event.getOptions().isEmpty());
    }

    @Override
    public void onCommand(GenericCommandInteractionEvent event) {
        Member member = event.getMember();
        if (event.getGuild() == null || member == null) {
            throw new InvalidInputException("Settings belong to a server: run /settings there.");
        }
        // Discord hides the command from others already; this also covers crafted requests and stale permissions.
        if (!Scopes.managesServer(event)) {
            throw new InvalidInputException(onlyLooks(event)
                    ? "Loopkeeper's server settings are shown to people with the Manage Server permission."
                    : "Changing Loopkeeper's server settings needs the Manage Server permission.");
        }
        String guildId = event.getGuild().getId();
        if (Commands.SHOW.equals(event.getSubcommandName())) {
            Replies.ephemeral(event, show(event.getGuild()));
            return;
        }
        if (POLLS.equals(event.getSubcommandName())) {
            Replies.ephemeral(event, polls(guildId, event));
            return;
        }
        if (Commands.CAPS.equals(event.getSubcommandName())) {
            Replies.ephemeral(event, caps(guildId, event));
            return;
        }
        String channelId = event.getOption(CHANNEL, (OptionMapping o) -> o.getAsChannel().getId());
        if (channelId != null) {
            checkThisServers(event);
            // Unmarking a work-log channel asks nothing of the bot there: a manager can always undo it, even once the
            // bot can no longer see the channel or it became a forum.
            if (!REMOVE.equals(event.getSubcommandName())) {
                checkBotCanUse(event, ADD.equals(event.getSubcommandName()));
            }
        }
        String reply;
        if (Commands.ZONE.equals(event.getSubcommandName())) {
            reply = "Members' weekly nudges here default to " + digests.setDefaultZone(guildId,
                    event.getOption(Commands.ZONE, OptionMapping::getAsString)).getId()
                    + " when they have given no zone of their own. The weekly digest follows it too.";
        } else if (Commands.DIGEST.equals(event.getSubcommandName())) {
            reply = digest(event.getGuild(), channelId, event.getOption(Commands.STATE, OptionMapping::getAsString));
        } else if (REMINDERS.equals(event.getSubcommandName())) {
            reply = reminders(event.getGuild(), channelId, event.getOption(Commands.STATE, OptionMapping::getAsString));
        } else {
            reply = switch (String.valueOf(event.getSubcommandName())) {
                case ADD -> (settings.addWorklog(guildId, channelId, member.getId())
                        ? "<#" + channelId + "> is now a work-log channel." : "<#" + channelId + "> already was a work-log channel.")
                        + " People opt in with /focus follow state:on." + (messageContent ? ""
                        : "\nNote: work-log channels are off on this bot (it runs without Discord's Message Content intent); "
                        + "they start working once whoever runs it enables that intent and sets LOOPKEEPER_MESSAGE_CONTENT=true.");
                // What was written there before stays what it said: a member's last note is their focus for its hours.
                case REMOVE -> settings.removeWorklog(guildId, channelId)
                        ? "<#" + channelId + "> is no longer a work-log channel. Messages there no longer change anyone's "
                                + "focus; a note already written there stays its author's focus for its few hours, unless "
                                + "they delete it or end it with /focus clear."
                        : "<#" + channelId + "> was not a work-log channel.";
                default -> list(settings.worklogChannels(guildId));
            };
        }
        Replies.ephemeral(event, reply);
    }

    /** Sets the reminder channel, or with state:off removes it, or with no option says where reminders go. */
    private String reminders(Guild guild, String channelId, String state) {
        String guildId = guild.getId();
        if (Commands.OFF.equals(state) && channelId != null) {
            throw new InvalidInputException("state:off takes the reminder channel away, so channel: has nothing to set. "
                    + "Give one or the other. Nothing was changed.");
        }
        if (Commands.OFF.equals(state)) {
            Optional<String> before = settings.reminderChannel(guildId);
            settings.setReminderChannel(guildId, null);
            return before.map(c -> "Reminders are no longer posted in <#" + c + ">.").orElse("There was no reminder "
                    + "channel.") + " For people whose DMs are closed, they wait until the person next uses a command. "
                    + "/settings reminders channel:#channel sets one again.";
        }
        if (channelId == null) {
            return settings.reminderChannel(guildId).map(c -> "Reminders for people whose DMs are closed go to <#" + c
                    + ">, for loops parked in this server" + unusable(guild, c).map(u -> ", but nothing goes there now: "
                            + u.why() + ", so they wait until the person next uses a command. " + u.remedy()
                            + " with /settings reminders channel:, or stop it with /settings reminders state:off.")
                            .orElse(". /settings reminders state:off stops posting them there."))
                    .orElse("No reminder channel: reminders for people whose DMs are closed wait until the person next "
                            + "uses a command. /settings reminders channel:#channel posts them there instead.");
        }
        settings.setReminderChannel(guildId, channelId);
        // A reminder shows a member's personal loop and its why: the manager choosing the channel should know who
        // reads it, and how to take it back.
        return "Reminders for people whose DMs are closed now go to <#" + channelId + ">, for loops parked in this "
                + "server. Anyone who can read that channel sees them, with each member's loop and its why: a channel "
                + "only your group reads suits them. /settings reminders state:off stops posting them there.";
    }

    /** Changes what was given and says what holds now; with nothing given, only says it. */
    private String polls(String guildId, GenericCommandInteractionEvent event) {
        Optional<String> role = Optional.ofNullable(event.getOption(ROLE, (OptionMapping o) -> o.getAsRole().getId()));
        boolean managersOnly = MANAGERS.equals(event.getOption(STARTERS, OptionMapping::getAsString));
        Optional<Long> quorum = Optional.ofNullable(event.getOption(QUORUM, OptionMapping::getAsLong));
        boolean change = role.isPresent() || managersOnly || quorum.isPresent();
        PollSettings now = change ? settings.setPolls(guildId, role, managersOnly, quorum) : settings.polls(guildId);
        Guild guild = event.getGuild();
        return (change ? "Saved. " : "") + "Triage polls here are started by people with Manage Server"
                + pollStarters(guild, now.roleId(), " and by ")
                + "; a result needs at least " + now.quorum() + (now.quorum() == 1 ? " vote." : " votes.")
                + (now.roleId().filter(id -> !roleGone(guild, id)).isPresent()
                        ? " starters:managers lets only Manage Server start them again." : "");
    }

    /**
     * Who besides managers may start polls, after {@code and}: the members with the poll role, or, for the server's
     * @everyone role (whose id is the server's), any member. A role deleted since it was picked is held by nobody, and
     * Discord shows its mention as "@deleted-role": managers alone start polls then, and that is what is said.
     */
    private static String pollStarters(Guild guild, Optional<String> roleId, String and) {
        return roleId.map(id -> id.equals(guild.getId()) ? and + "any member of the server (the role everyone holds)"
                : roleGone(guild, id) ? " only: the role picked for others was deleted since (`/settings polls role:` "
                        + "picks another)"
                : and + "members with <@&" + id + ">").orElse("");
    }

    /** Whether the poll role no longer exists; a server with the commands only has no roles the bot could see. */
    private static boolean roleGone(Guild guild, String roleId) {
        return !guild.isDetached() && !roleId.equals(guild.getId()) && guild.getRoleById(roleId) == null;
    }

    /** Sets or removes the server's reminder cap, or with no option says what holds. */
    private String caps(String guildId, GenericCommandInteractionEvent event) {
        Optional<Long> daily = Optional.ofNullable(event.getOption(Commands.DAILY, OptionMapping::getAsLong));
        boolean off = Commands.OFF.equals(event.getOption(Commands.STATE, OptionMapping::getAsString));
        if (off && daily.isPresent()) {
            throw new InvalidInputException("Give daily:<n> for a cap, or state:off to remove this server's cap; not both. "
                    + "Nothing was changed.");
        }
        if (!off && daily.isEmpty()) {
            return capLine(settings.reminderCap(guildId)) + " `/settings caps daily:<n>` changes it.";
        }
        Optional<Integer> now = settings.setReminderCap(guildId, off ? Optional.empty() : daily, limits.dailyCap());
        // Not "never dropped": a reminder waits for its work, and one whose work ends first (a work-log note lasts
        // hours) is withdrawn unsent, as any waiting reminder is (README, /focus clear); its loops stay parked.
        return "Saved. " + capLine(now) + " A reminder a cap holds back waits for the member's next day with room and "
                + "says so; if the work it came from ends first, it is not sent, and its loops stay parked for later work.";
    }

    /** What the server's cap and the bot's own limit mean together, in one sentence. */
    private String capLine(Optional<Integer> cap) {
        return cap.map(c -> "Members get at most " + c + (c == 1 ? " reminder" : " reminders") + " a day from work in "
                + "this server (a /focus set here, or a message in its work-log channels), and at most "
                + limits.dailyCap() + " a day in all (the bot's own limit).")
                .orElse("This server sets no cap of its own: members get at most " + limits.dailyCap()
                        + (limits.dailyCap() == 1 ? " reminder" : " reminders") + " a day in all (the bot's own limit).");
    }

    private String digest(Guild guild, String channelId, String state) {
        String guildId = guild.getId();
        if (Commands.OFF.equals(state) && channelId != null) {
            throw new InvalidInputException("state:off stops the digest, so channel: has nothing to set. Give one or "
                    + "the other. Nothing was changed.");
        }
        if (Commands.OFF.equals(state)) {
            digests.setChannel(guildId, null);
            return "The weekly digest is off.";
        }
        if (channelId == null) {
            return digests.channel(guildId).map(c -> "The weekly digest goes to <#" + c + ">, " + digestTime(guildId)
                    + unusable(guild, c).map(u -> ", but nothing goes there now: " + u.why() + ". " + u.remedy()
                            + " with /settings digest channel:, or stop it with /settings digest state:off.").orElse("."))
                    .orElse("No weekly digest yet. /settings digest channel:#channel starts one.");
        }
        digests.setChannel(guildId, channelId);
        return "The weekly digest of this server's shared loops goes to <#" + channelId + ">, " + digestTime(guildId)
                + (digests.defaultZone(guildId).isEmpty() ? "; /settings zone changes it." : ".");
    }

    /** When the digest goes: Mondays at 09:00 in the server's zone (UTC until it sets one). */
    private String digestTime(String guildId) {
        return "Mondays at 09:00 (" + digests.defaultZone(guildId).map(ZoneId::getId).orElse("UTC") + ")";
    }

    /** The channel option names a channel of this server: Discord's own client offers only those. */
    private static void checkThisServers(GenericCommandInteractionEvent event) {
        GuildChannelUnion channel = event.getOption(CHANNEL, OptionMapping::getAsChannel);
        if (!channel.getGuild().getId().equals(event.getGuild().getId())) {
            // A crafted request may name another server's channel.
            throw new InvalidInputException("<#" + channel.getId() + "> is not a channel of this server. Pick one of "
                    + "this server's channels. Nothing was changed.");
        }
    }

    /**
     * A channel the bot is to post in (reminders, the digest) must take plain messages and let the bot see it and send
     * there; a work-log channel to add only needs to be seen. Checked against the bot's own permissions in that channel.
     */
    private static void checkBotCanUse(GenericCommandInteractionEvent event, boolean readOnly) {
        GuildChannelUnion channel = event.getOption(CHANNEL, OptionMapping::getAsChannel);
        if (event.getGuild().isDetached()) {
            // The app was added with its commands only: no bot member here to see or post anything.
            throw new InvalidInputException("Loopkeeper's bot is not a member of this server (only its commands "
                    + "are), so it cannot " + (readOnly ? "see" : "see or post in") + " <#" + channel.getId()
                    + ">. Invite the bot to the server, then run this again. Nothing was changed.");
        }
        if (!readOnly && !(channel.getType() == ChannelType.TEXT || channel.getType() == ChannelType.NEWS)) {
            throw new InvalidInputException("<#" + channel.getId() + "> is a " + channel.getType().name().toLowerCase()
                    + " channel; the bot posts there as plain messages, so pick a text or announcement channel.");
        }
        Member self = event.getGuild().getSelfMember();
        List<Permission> needed = readOnly ? List.of(Permission.VIEW_CHANNEL)
                : List.of(Permission.VIEW_CHANNEL, Permission.MESSAGE_SEND);
        if (!self.hasPermission(channel, needed)) {
            throw new InvalidInputException("Loopkeeper cannot " + (readOnly ? "see" : "see and post in") + " <#"
                    + channel.getId() + ">. Give its role " + (readOnly ? "View Channel" : "View Channel and Send Messages")
                    + " there (channel settings → Permissions), then run this again. Nothing was changed.");
        }
    }

    /** Why nothing goes to a channel a setting names, and what the manager can do about it. */
    private record Unusable(String why, String remedy) {
    }

    /**
     * Why the bot cannot post in a channel a setting names, checked as {@link #checkBotCanUse} checked it when it was
     * set: the channel deleted since, or the bot's View Channel or Send Messages taken away there. Empty when it can.
     * Without it, a digest sent to such a channel was given up unseen every week while the settings showed it as set.
     */
    private static Optional<Unusable> unusable(Guild guild, String channelId) {
        if (guild.isDetached()) {
            return Optional.of(new Unusable("Loopkeeper's bot is not a member of this server (only its commands are)",
                    "Invite the bot to the server"));
        }
        GuildChannel channel = guild.getGuildChannelById(channelId);
        if (channel == null) {
            return Optional.of(new Unusable("that channel no longer exists", "Pick another"));
        }
        if (!guild.getSelfMember().hasPermission(channel, Permission.VIEW_CHANNEL, Permission.MESSAGE_SEND)) {
            return Optional.of(new Unusable("Loopkeeper cannot see and post in it",
                    "Give its role View Channel and Send Messages there, or pick another"));
        }
        return Optional.empty();
    }

    /** A channel setting's line in {@code /settings show}: the channel, and why nothing goes there now if so. */
    private static String channelLine(Guild guild, String channelId, String when, String meanwhile, String command) {
        return "<#" + channelId + ">" + when + unusable(guild, channelId)
                .map(u -> ", but nothing goes there now: " + u.why() + meanwhile + ". " + u.remedy()).orElse("")
                + " (`" + command + "`)";
    }

    /** Every setting of the server in one reply, with the bot-wide limits whoever runs it set. */
    private String show(Guild guild) {
        String guildId = guild.getId();
        List<String> worklogs = settings.worklogChannels(guildId);
        // Rendered once, the work-log channels marked: a server where each member keeps a log channel can mark more
        // than the reply holds, so as many are named as fit beside the rest, and the others counted.
        String rendered = show(guild, WORKLOGS_HERE);
        int room = UserText.MESSAGE_LIMIT - (UserText.length(rendered) - UserText.length(WORKLOGS_HERE));
        return rendered.replace(WORKLOGS_HERE, worklogs.isEmpty() ? "none" : UserText.joinWithin(mentions(worklogs),
                ", ", room, more -> " and " + more + " more (`/settings worklog list`)"));
    }

    /** Where {@link #show(Guild)} puts the work-log channels: no setting, name or mention holds a NUL character. */
    private static final String WORKLOGS_HERE = "\0";

    private String show(Guild guild, String worklogs) {
        String guildId = guild.getId();
        PollSettings polls = settings.polls(guildId);
        return "**Loopkeeper in this server**"
                + "\n• Reminders for people whose DMs are closed: " + settings.reminderChannel(guildId)
                        .map(c -> channelLine(guild, c, "", ", so they wait until the person next uses a command",
                                "/settings reminders"))
                        .orElse("no channel; they wait until the person next uses a command (`/settings reminders`)")
                + "\n• Weekly digest of the shared loops: " + digests.channel(guildId)
                        .map(c -> channelLine(guild, c, ", " + digestTime(guildId), "", "/settings digest"))
                        .orElse("off (`/settings digest`)")
                + "\n• Default time zone for members' weekly nudges: " + digests.defaultZone(guildId)
                        .map(z -> z.getId()).orElse("none; members give their own") + " (`/settings zone`)"
                + "\n• Triage polls: started by people with Manage Server"
                        + pollStarters(guild, polls.roleId(), " and ") + "; a result needs "
                        + polls.quorum() + (polls.quorum() == 1 ? " vote" : " votes") + " (`/settings polls`)"
                + "\n• Work-log channels: " + worklogs
                        + (messageContent ? "" : " (off on this bot: it runs without the Message Content intent)")
                        + " (`/settings worklog`)"
                + "\n• Reminder cap of this server: " + settings.reminderCap(guildId)
                        .map(c -> "at most " + c + (c == 1 ? " reminder" : " reminders")
                                + " a day per member from work done here")
                        .orElse("none; the bot's own limit applies") + " (`/settings caps`)"
                + "\n• Reminder limits, set by whoever runs the bot: at most " + limits.dailyCap()
                        + (limits.dailyCap() == 1 ? " reminder" : " reminders") + " a day per person, and a loop that "
                        + "came back rests " + limits.cooldownDays() + (limits.cooldownDays() == 1 ? " day" : " days")
                        + " before it may come back again.";
    }

    private String list(List<String> channels) {
        String state = messageContent ? "" : " (off on this bot: it runs without the Message Content intent)";
        if (channels.isEmpty()) {
            return "No work-log channels yet" + state + ". Add one with /settings worklog add.";
        }
        String head = "Work-log channels" + state + ": ";
        return head + UserText.joinWithin(mentions(channels), ", ", UserText.MESSAGE_LIMIT - UserText.length(head),
                more -> " and " + more + " more.");
    }

    private static List<String> mentions(List<String> channelIds) {
        return channelIds.stream().map(c -> "<#" + c + ">").toList();
    }
}
