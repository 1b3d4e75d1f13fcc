package dev.loopkeeper.discord;

import static dev.loopkeeper.command.Commands.LOOP;
import static dev.loopkeeper.command.Commands.OUTCOME;
import static dev.loopkeeper.command.Commands.SCOPE;
import static dev.loopkeeper.command.Commands.TAKEAWAY;

import dev.loopkeeper.command.Commands;
import dev.loopkeeper.common.InvalidInputException;
import dev.loopkeeper.loop.Actor;
import dev.loopkeeper.loop.LoopLimits;
import dev.loopkeeper.loop.LoopMessages;
import dev.loopkeeper.loop.LoopScope;
import dev.loopkeeper.loop.LoopService;
import dev.loopkeeper.loop.LoopStore.LoopName;
import dev.loopkeeper.loop.OpenLoop;
import dev.loopkeeper.loop.Outcome;
import java.util.List;
import net.dv8tion.jda.api.events.interaction.command.CommandAutoCompleteInteractionEvent;
import net.dv8tion.jda.api.events.interaction.command.GenericCommandInteractionEvent;
import net.dv8tion.jda.api.interactions.commands.OptionMapping;

/**
 * {@code /close loop outcome [takeaway] [scope]}, with the loop picked by autocomplete over the caller's own open
 * loops, or with {@code scope:server} over the server's shared ones (which only their author or a server manager may
 * close: the service decides).
 */
public final class CloseCommand extends CommandAdapter {
    private final LoopService loops;
    private final LoopMessages messages;

    public CloseCommand(LoopService loops, LoopMessages messages) {
        super(Commands.CLOSE);
        this.loops = loops;
        this.messages = messages;
    }

    @Override
    public void onAutocomplete(CommandAutoCompleteInteractionEvent event) {
        suggestOpenLoops(loops, event, true);
    }

    /**
     * Offers the open loops of the scope the command names so far (the caller's own unless {@code scope:server} was
     * given) that match what they typed; the value sent is the loop's id. A scope the caller may not see offers nothing:
     * the command says why when it is sent.
     */
    static void suggestOpenLoops(LoopService loops, CommandAutoCompleteInteractionEvent event) {
        suggestOpenLoops(loops, event, false);
    }

    /** The same; {@code toChange}: only loops the caller may close or edit (in a server's lot, theirs, or any for a manager). */
    static void suggestOpenLoops(LoopService loops, CommandAutoCompleteInteractionEvent event, boolean toChange) {
        List<LoopName> names;
        try {
            LoopScope scope = Scopes.scope(event, event.getOption(SCOPE, OptionMapping::getAsString));
            String typed = event.getFocusedOption().getValue();
            names = toChange ? loops.suggestChangeable(scope, Scopes.actor(event), typed)
                    : loops.suggest(scope, Scopes.actor(event), typed);
        } catch (InvalidInputException e) {
            names = List.of();
        }
        offer(event, names);
    }

    /** Offers these loops, each named by its concept, its id the value sent. */
    static void offer(CommandAutoCompleteInteractionEvent event, List<LoopName> names) {
        event.replyChoices(Choices.numbered(names, LoopName::concept, LoopName::id)).queue();
    }

    @Override
    public void onCommand(GenericCommandInteractionEvent event) {
        LoopScope scope = Scopes.scope(event, event.getOption(SCOPE, OptionMapping::getAsString));
        Actor actor = Scopes.actor(event);
        // The value is a loop id when picked from the list; a person who typed and pressed enter sends text.
        OpenLoop loop = loops.resolve(scope, actor, event.getOption(LOOP, "", OptionMapping::getAsString));
        Outcome outcome = Outcome.require(event.getOption(OUTCOME, "", OptionMapping::getAsString));
        OpenLoop closed = loops.close(scope, actor, loop.id(), outcome,
                event.getOption(TAKEAWAY, OptionMapping::getAsString));
        Replies.ephemeral(event, messages.closed(closed));
    }
}
