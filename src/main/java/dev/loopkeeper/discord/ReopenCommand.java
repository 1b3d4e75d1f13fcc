package dev.loopkeeper.discord;

import static dev.loopkeeper.command.Commands.LOOP;
import static dev.loopkeeper.command.Commands.SCOPE;

import dev.loopkeeper.command.Commands;
import dev.loopkeeper.common.InvalidInputException;
import dev.loopkeeper.loop.Actor;
import dev.loopkeeper.loop.LoopMessages;
import dev.loopkeeper.loop.LoopScope;
import dev.loopkeeper.loop.LoopService;
import dev.loopkeeper.loop.LoopStore.LoopName;
import dev.loopkeeper.loop.OpenLoop;
import java.util.List;
import net.dv8tion.jda.api.events.interaction.command.CommandAutoCompleteInteractionEvent;
import net.dv8tion.jda.api.events.interaction.command.GenericCommandInteractionEvent;
import net.dv8tion.jda.api.interactions.commands.OptionMapping;

/**
 * {@code /reopen loop [scope]}: a closed (or let-go) loop becomes open again; {@code loop} autocompletes over
 * the scope's closed loops, most recently closed first.
 */
public final class ReopenCommand extends CommandAdapter {
    private final LoopService loops;
    private final LoopMessages messages;

    public ReopenCommand(LoopService loops, LoopMessages messages) {
        super(Commands.REOPEN);
        this.loops = loops;
        this.messages = messages;
    }

    @Override
    public void onAutocomplete(CommandAutoCompleteInteractionEvent event) {
        List<LoopName> names;
        try {
            LoopScope scope = Scopes.scope(event, event.getOption(SCOPE, OptionMapping::getAsString));
            names = loops.suggestClosed(scope, Scopes.actor(event), event.getFocusedOption().getValue());
        } catch (InvalidInputException e) {
            names = List.of();
        }
        CloseCommand.offer(event, names);
    }

    @Override
    public void onCommand(GenericCommandInteractionEvent event) {
        LoopScope scope = Scopes.scope(event, event.getOption(SCOPE, OptionMapping::getAsString));
        Actor actor = Scopes.actor(event);
        OpenLoop loop = loops.resolveClosed(scope, actor, event.getOption(LOOP, "", OptionMapping::getAsString));
        Replies.ephemeral(event, messages.reopened(loops.reopen(scope, actor, loop.id())));
    }
}
