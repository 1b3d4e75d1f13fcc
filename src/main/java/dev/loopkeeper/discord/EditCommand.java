package dev.loopkeeper.discord;

import static dev.loopkeeper.command.Commands.CONCEPT;
import static dev.loopkeeper.command.Commands.LOOP;
import static dev.loopkeeper.command.Commands.SCOPE;
import static dev.loopkeeper.command.Commands.WHY;

import dev.loopkeeper.command.Commands;
import dev.loopkeeper.loop.Actor;
import dev.loopkeeper.loop.LoopMessages;
import dev.loopkeeper.loop.LoopScope;
import dev.loopkeeper.loop.LoopService;
import dev.loopkeeper.loop.OpenLoop;
import net.dv8tion.jda.api.events.interaction.command.CommandAutoCompleteInteractionEvent;
import net.dv8tion.jda.api.events.interaction.command.GenericCommandInteractionEvent;
import net.dv8tion.jda.api.interactions.commands.OptionMapping;

/**
 * {@code /edit loop [concept] [why] [scope]}: corrects an open loop, picked as in {@code /close}. A server loop may be
 * edited by its author or a server manager (the service decides).
 */
public final class EditCommand extends CommandAdapter {
    private final LoopService loops;
    private final LoopMessages messages;

    public EditCommand(LoopService loops, LoopMessages messages) {
        super(Commands.EDIT);
        this.loops = loops;
        this.messages = messages;
    }

    @Override
    public void onAutocomplete(CommandAutoCompleteInteractionEvent event) {
        CloseCommand.suggestOpenLoops(loops, event, true);
    }

    @Override
    public void onCommand(GenericCommandInteractionEvent event) {
        LoopScope scope = Scopes.scope(event, event.getOption(SCOPE, OptionMapping::getAsString));
        Actor actor = Scopes.actor(event);
        OpenLoop loop = loops.resolve(scope, actor, event.getOption(LOOP, "", OptionMapping::getAsString));
        Replies.ephemeral(event, messages.edited(loops.edit(scope, actor, loop.id(),
                event.getOption(CONCEPT, OptionMapping::getAsString), event.getOption(WHY, OptionMapping::getAsString))));
    }
}
