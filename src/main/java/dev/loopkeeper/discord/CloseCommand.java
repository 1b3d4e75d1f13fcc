package dev.loopkeeper.discord;

import static dev.loopkeeper.command.Commands.LOOP;
import static dev.loopkeeper.command.Commands.OUTCOME;
import static dev.loopkeeper.command.Commands.TAKEAWAY;

import dev.loopkeeper.command.Commands;
import dev.loopkeeper.common.UserText;
import dev.loopkeeper.loop.LoopLimits;
import dev.loopkeeper.loop.LoopMessages;
import dev.loopkeeper.loop.LoopService;
import dev.loopkeeper.loop.OpenLoop;
import dev.loopkeeper.loop.Outcome;
import java.util.stream.Collectors;
import net.dv8tion.jda.api.events.interaction.command.CommandAutoCompleteInteractionEvent;
import net.dv8tion.jda.api.events.interaction.command.GenericCommandInteractionEvent;
import net.dv8tion.jda.api.interactions.commands.Command;
import net.dv8tion.jda.api.interactions.commands.OptionMapping;
import net.dv8tion.jda.api.interactions.commands.build.CommandData;

/** {@code /close loop outcome [takeaway]}, with the loop picked by autocomplete over the caller's own open loops. */
public final class CloseCommand implements BotCommand {
    /** Discord's limit for an autocomplete choice's name and value. */
    static final int CHOICE_TEXT = 100;

    private final LoopService loops;
    private final LoopMessages messages;
    private final CommandData definition = Definitions.of(Commands.CLOSE);

    public CloseCommand(LoopService loops, LoopMessages messages) {
        this.loops = loops;
        this.messages = messages;
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
        suggestOpenLoops(loops, event);
    }

    /** Offers the caller's own open loops that match what they typed; the value sent is the loop's id. */
    static void suggestOpenLoops(LoopService loops, CommandAutoCompleteInteractionEvent event) {
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
