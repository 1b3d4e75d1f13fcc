package dev.loopkeeper.discord;

import dev.loopkeeper.common.UserText;
import dev.loopkeeper.focus.FocusMessages;
import dev.loopkeeper.focus.FocusService;
import dev.loopkeeper.focus.FocusSource;
import dev.loopkeeper.settings.SettingsService;
import java.util.Optional;
import java.util.stream.Collectors;
import net.dv8tion.jda.api.events.interaction.command.CommandAutoCompleteInteractionEvent;
import net.dv8tion.jda.api.events.interaction.command.GenericCommandInteractionEvent;
import net.dv8tion.jda.api.interactions.commands.Command;
import net.dv8tion.jda.api.interactions.commands.OptionMapping;
import net.dv8tion.jda.api.interactions.commands.OptionType;
import net.dv8tion.jda.api.interactions.commands.build.CommandData;
import net.dv8tion.jda.api.interactions.commands.build.Commands;
import net.dv8tion.jda.api.interactions.commands.build.OptionData;
import net.dv8tion.jda.api.interactions.commands.build.SubcommandData;

/** {@code /focus set|show|clear}: the work the caller has active. */
public final class FocusCommand implements BotCommand {
    public static final String NAME = "focus";
    public static final String SET = "set";
    public static final String SHOW = "show";
    public static final String CLEAR = "clear";
    public static final String TEXT = "text";
    public static final String FOR = "for";
    public static final String ITEM = "item";
    public static final String QUIET = "quiet";
    public static final String FROM = "from";
    public static final String TO = "to";
    public static final String ZONE = "zone";
    public static final String FOLLOW = "follow";
    public static final String STATE = "state";

    private final FocusService focus;
    private final SettingsService settings;
    private final FocusMessages messages;
    private final CommandData definition = Definitions.everywhere(Commands.slash(NAME, "The work you have active")
            .addSubcommands(
                    new SubcommandData(SET, "Add something you are working on now")
                            .addOptions(
                                    new OptionData(OptionType.STRING, TEXT, "What you are working on", true)
                                            .setMaxLength(FocusService.MAX_TEXT),
                                    new OptionData(OptionType.STRING, FOR, "How long, such as 3h, 2d or 1w (default: until cleared)", false)
                                            .setMaxLength(20)),
                    new SubcommandData(SHOW, "What you have active"),
                    new SubcommandData(CLEAR, "Clear one focus item, or all of them")
                            .addOptions(new OptionData(OptionType.STRING, ITEM, "The item to clear (default: all)", false, true)),
                    new SubcommandData(QUIET, "Hours when reminders wait, in your time zone")
                            .addOptions(
                                    new OptionData(OptionType.STRING, FROM, "Start, 24-hour, such as 22:00", true).setMaxLength(5),
                                    new OptionData(OptionType.STRING, TO, "End, 24-hour, such as 08:00", true).setMaxLength(5),
                                    new OptionData(OptionType.STRING, ZONE, "IANA time zone, such as Europe/Berlin", true)
                                            .setMaxLength(64)),
                    new SubcommandData(FOLLOW, "Whether your messages in work-log channels count as focus")
                            .addOptions(new OptionData(OptionType.STRING, STATE, "on or off", true)
                                    .addChoice("on", "on").addChoice("off", "off"))));

    public FocusCommand(FocusService focus, SettingsService settings, FocusMessages messages) {
        this.focus = focus;
        this.settings = settings;
        this.messages = messages;
    }

    @Override
    public String key() {
        return "focus";
    }

    @Override
    public CommandData definition() {
        return definition;
    }

    @Override
    public void onAutocomplete(CommandAutoCompleteInteractionEvent event) {
        event.replyChoices(focus.suggest(event.getUser().getId(), event.getFocusedOption().getValue()).stream()
                .limit(25)
                .map(f -> new Command.Choice(UserText.shorten(f.text(), CloseCommand.CHOICE_TEXT), Long.toString(f.id())))
                .collect(Collectors.toList())).queue();
    }

    @Override
    public void onCommand(GenericCommandInteractionEvent event) {
        String owner = event.getUser().getId();
        String reply = switch (String.valueOf(event.getSubcommandName())) {
            case SET -> {
                String guildId = event.getGuild() == null ? null : event.getGuild().getId();
                FocusService.Added added = focus.set(owner, event.getOption(TEXT, "", OptionMapping::getAsString),
                        Optional.ofNullable(event.getOption(FOR, OptionMapping::getAsString)),
                        FocusSource.COMMAND, guildId, event.getChannelId());
                yield messages.set(added.focus(), added.activeCount());
            }
            case SHOW -> messages.show(focus.active(owner));
            case CLEAR -> {
                String item = event.getOption(ITEM, OptionMapping::getAsString);
                if (item == null || item.isBlank()) {
                    yield messages.cleared(focus.clearAll(owner));
                }
                yield messages.clearedOne(focus.clearOne(owner, item));
            }
            case QUIET -> messages.quiet(settings.setQuietHours(owner, event.getOption(FROM, "", OptionMapping::getAsString),
                    event.getOption(TO, "", OptionMapping::getAsString), event.getOption(ZONE, "", OptionMapping::getAsString)));
            case FOLLOW -> messages.follow(settings.setFollowWorklog(owner,
                    "on".equals(event.getOption(STATE, "off", OptionMapping::getAsString))));
            default -> throw new IllegalArgumentException("Unknown /focus subcommand " + event.getSubcommandName());
        };
        Replies.ephemeral(event, reply);
    }
}
