package dev.loopkeeper.discord;

import dev.loopkeeper.common.UserText;
import dev.loopkeeper.focus.FocusMessages;
import dev.loopkeeper.focus.FocusService;
import dev.loopkeeper.focus.FocusSource;
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

    private final FocusService focus;
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
                            .addOptions(new OptionData(OptionType.STRING, ITEM, "The item to clear (default: all)", false, true))));

    public FocusCommand(FocusService focus, FocusMessages messages) {
        this.focus = focus;
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
            default -> throw new IllegalArgumentException("Unknown /focus subcommand " + event.getSubcommandName());
        };
        Replies.ephemeral(event, reply);
    }
}
