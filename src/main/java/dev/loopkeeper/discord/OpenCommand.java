package dev.loopkeeper.discord;

import static dev.loopkeeper.command.Commands.LOOP;

import dev.loopkeeper.command.Commands;
import dev.loopkeeper.loop.LoopMessages;
import dev.loopkeeper.loop.LoopErrors;
import dev.loopkeeper.loop.LoopService;
import dev.loopkeeper.loop.OpenLoop;
import java.util.List;
import net.dv8tion.jda.api.events.interaction.command.CommandAutoCompleteInteractionEvent;
import net.dv8tion.jda.api.events.interaction.command.GenericCommandInteractionEvent;
import net.dv8tion.jda.api.interactions.commands.OptionMapping;

/**
 * {@code /open loop}: one of the caller's open loops becomes active, in abstraction, picked as in {@code /close}; the
 * answer carries the buttons that move it on ({@link ProgressCommand}).
 */
public final class OpenCommand extends CommandAdapter {
    private final LoopService loops;
    private final LoopMessages messages;

    public OpenCommand(LoopService loops, LoopMessages messages) {
        super(Commands.OPEN);
        this.loops = loops;
        this.messages = messages;
    }

    @Override
    public void onAutocomplete(CommandAutoCompleteInteractionEvent event) {
        CloseCommand.suggestOpenLoops(loops, event);
    }

    @Override
    public void onCommand(GenericCommandInteractionEvent event) {
        String owner = event.getUser().getId();
        OpenLoop loop = loops.resolveOwn(Scopes.actor(event), event.getOption(LOOP, "", OptionMapping::getAsString),
                shared -> LoopErrors.sharedLoopIsNotYours(shared.id(), shared.concept()));
        boolean already = loop.isUnderWay();
        OpenLoop active = loops.activate(owner, loop.id());
        String text = already ? messages.stillActive(active) : LoopMessages.activated(active);
        Replies.ephemeral(event, Replies.message(text, List.of(), ProgressCommand.buttons(owner, active)));
    }
}
