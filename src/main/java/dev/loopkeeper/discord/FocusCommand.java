package dev.loopkeeper.discord;

import static dev.loopkeeper.command.Commands.CLEAR;
import static dev.loopkeeper.command.Commands.FOLLOW;
import static dev.loopkeeper.command.Commands.FOR;
import static dev.loopkeeper.command.Commands.FROM;
import static dev.loopkeeper.command.Commands.ITEM;
import static dev.loopkeeper.command.Commands.OFF;
import static dev.loopkeeper.command.Commands.ON;
import static dev.loopkeeper.command.Commands.QUIET;
import static dev.loopkeeper.command.Commands.SET;
import static dev.loopkeeper.command.Commands.SHOW;
import static dev.loopkeeper.command.Commands.STATE;
import static dev.loopkeeper.command.Commands.TEXT;
import static dev.loopkeeper.command.Commands.TO;
import static dev.loopkeeper.command.Commands.ZONE;

import dev.loopkeeper.command.Commands;
import dev.loopkeeper.common.InvalidInputException;
import dev.loopkeeper.focus.Focus;
import dev.loopkeeper.focus.FocusLimits;
import dev.loopkeeper.focus.FocusMessages;
import dev.loopkeeper.focus.FocusService;
import dev.loopkeeper.focus.FocusSource;
import dev.loopkeeper.settings.SettingsService;
import java.util.Optional;
import net.dv8tion.jda.api.events.interaction.command.CommandAutoCompleteInteractionEvent;
import net.dv8tion.jda.api.events.interaction.command.GenericCommandInteractionEvent;
import net.dv8tion.jda.api.interactions.commands.OptionMapping;

/** {@code /focus set|show|clear|quiet|follow}: the work the caller has active, and when reminders may come. */
public final class FocusCommand extends CommandAdapter {
    private final FocusService focus;
    private final SettingsService settings;
    private final FocusMessages messages;
    private final boolean messageContent;

    /**
     * {@code messageContent}: whether the bot reads messages (the privileged intent work-log channels need); without
     * it, following is refused rather than promised.
     */
    public FocusCommand(FocusService focus, SettingsService settings, FocusMessages messages, boolean messageContent) {
        super(Commands.FOCUS);
        this.focus = focus;
        this.settings = settings;
        this.messages = messages;
        this.messageContent = messageContent;
    }

    @Override
    public void onAutocomplete(CommandAutoCompleteInteractionEvent event) {
        // /focus quiet's zone is the same one person's zone /nudge set takes, and is offered the same way: without it,
        // "berl" there offered the focus items whose text holds it (none), and a zone had to be typed in full.
        if (ZONE.equals(event.getFocusedOption().getName())) {
            NudgeCommand.suggestZones(event);
            return;
        }
        event.replyChoices(Choices.numbered(focus.suggest(event.getUser().getId(), event.getFocusedOption().getValue())
                .stream().limit(FocusLimits.MAX_ACTIVE).toList(), Focus::text, Focus::id)).queue();
    }

    @Override
    public void onCommand(GenericCommandInteractionEvent event) {
        String owner = event.getUser().getId();
        String reply = switch (String.valueOf(event.getSubcommandName())) {
            case SET -> {
                String guildId = event.getGuild() == null ? null : event.getGuild().getId();
                // Matching runs after this answer, so it cannot say what waits; it says when nothing can come.
                yield messages.set(focus.set(owner, event.getOption(TEXT, "", OptionMapping::getAsString),
                        Optional.ofNullable(event.getOption(FOR, OptionMapping::getAsString)),
                        FocusSource.COMMAND, guildId, event.getChannelId()), settings.person(owner));
            }
            case SHOW -> messages.show(focus.show(owner), settings.person(owner));
            case CLEAR -> {
                String item = event.getOption(ITEM, OptionMapping::getAsString);
                if (item == null || item.isBlank()) {
                    yield messages.cleared(focus.clearAll(owner));
                }
                yield messages.clearedOne(focus.clearOne(owner, item));
            }
            case QUIET -> messages.quiet(settings.quietHours(owner,
                    OFF.equals(event.getOption(STATE, ON, OptionMapping::getAsString)),
                    event.getOption(FROM, OptionMapping::getAsString), event.getOption(TO, OptionMapping::getAsString),
                    event.getOption(ZONE, OptionMapping::getAsString)));
            case FOLLOW -> {
                boolean follow = ON.equals(event.getOption(STATE, OFF, OptionMapping::getAsString));
                if (follow && !messageContent) {
                    throw new InvalidInputException(FocusMessages.worklogOff());
                }
                yield messages.follow(settings.setFollowWorklog(owner, follow));
            }
            default -> throw new IllegalArgumentException("Unknown /focus subcommand " + event.getSubcommandName());
        };
        Replies.ephemeral(event, reply);
    }
}
