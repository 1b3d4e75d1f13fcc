package dev.loopkeeper.discord;

import dev.loopkeeper.common.UserText;
import dev.loopkeeper.loop.LoopLimits;
import dev.loopkeeper.loop.LoopMessages;
import dev.loopkeeper.loop.LoopService;
import dev.loopkeeper.loop.OpenLoop;
import dev.loopkeeper.loop.Outcome;
import java.util.Arrays;
import java.util.stream.Collectors;
import net.dv8tion.jda.api.events.interaction.command.CommandAutoCompleteInteractionEvent;
import net.dv8tion.jda.api.events.interaction.command.GenericCommandInteractionEvent;
import net.dv8tion.jda.api.interactions.commands.Command;
import net.dv8tion.jda.api.interactions.commands.OptionMapping;
import net.dv8tion.jda.api.interactions.commands.OptionType;
import net.dv8tion.jda.api.interactions.commands.build.CommandData;
import net.dv8tion.jda.api.interactions.commands.build.Commands;
import net.dv8tion.jda.api.interactions.commands.build.OptionData;

/** {@code /close loop outcome [takeaway]}, with the loop picked by autocomplete over the caller's own open loops. */
public final class CloseCommand implements BotCommand {
    public static final String NAME = "close";
    public static final String LOOP = "loop";
    public static final String OUTCOME = "outcome";
    public static final String TAKEAWAY = "takeaway";
    /** Discord's limit for an autocomplete choice's name and value. */
    static final int CHOICE_TEXT = 100;

    private final LoopService loops;
    private final LoopMessages messages;
    private final CommandData definition;

    public CloseCommand(LoopService loops, LoopMessages messages) {
        this.loops = loops;
        this.messages = messages;
        OptionData outcome = new OptionData(OptionType.STRING, OUTCOME, "How it ended", true);
        Arrays.stream(Outcome.values()).forEach(o -> outcome.addChoice(o.label(), o.db()));
        this.definition = Definitions.everywhere(Commands.slash(NAME, "Close one of your open loops with an outcome")
                .addOptions(
                        new OptionData(OptionType.STRING, LOOP, "The loop (start typing its concept)", true, true),
                        outcome,
                        new OptionData(OptionType.STRING, TAKEAWAY, "One line: what you take away", false)
                                .setMaxLength(LoopLimits.MAX_TAKEAWAY)));
    }

    @Override
    public String key() {
        return "close";
    }

    @Override
    public CommandData definition() {
        return definition;
    }

    @Override
    public void onAutocomplete(CommandAutoCompleteInteractionEvent event) {
        event.replyChoices(loops.suggest(event.getUser().getId(), event.getFocusedOption().getValue()).stream()
                .map(name -> new Command.Choice(UserText.shorten(name.concept(), CHOICE_TEXT), Long.toString(name.id())))
                .collect(Collectors.toList())).queue();
    }

    @Override
    public void onCommand(GenericCommandInteractionEvent event) {
        String owner = event.getUser().getId();
        // The value is a loop id when picked from the list; a person who typed and pressed enter sends text.
        OpenLoop loop = loops.resolve(owner, event.getOption(LOOP, "", OptionMapping::getAsString));
        Outcome outcome = Outcome.require(event.getOption(OUTCOME, "", OptionMapping::getAsString));
        OpenLoop closed = loops.close(owner, loop.id(), outcome, event.getOption(TAKEAWAY, OptionMapping::getAsString));
        Replies.ephemeral(event, messages.closed(closed));
    }
}
