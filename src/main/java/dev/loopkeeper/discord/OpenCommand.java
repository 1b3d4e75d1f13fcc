package dev.loopkeeper.discord;

import static dev.loopkeeper.command.Commands.LOOP;

import dev.loopkeeper.command.Commands;
import dev.loopkeeper.loop.LoopMessages;
import dev.loopkeeper.loop.LoopService;
import dev.loopkeeper.loop.OpenLoop;
import net.dv8tion.jda.api.events.interaction.command.CommandAutoCompleteInteractionEvent;
import net.dv8tion.jda.api.events.interaction.command.GenericCommandInteractionEvent;
import net.dv8tion.jda.api.interactions.commands.OptionMapping;
import net.dv8tion.jda.api.interactions.commands.build.CommandData;

/** {@code /open loop}: one of the caller's open loops becomes active, picked as in {@code /close}. */
public final class OpenCommand implements BotCommand {
    private final LoopService loops;
    private final CommandData definition = Definitions.of(Commands.OPEN);

    public OpenCommand(LoopService loops) {
        this.loops = loops;
    }

    @Override
    public String key() {
        return "open";
    }

    @Override
    public CommandData definition() {
        return definition;
    }

    @Override
    public void onAutocomplete(CommandAutoCompleteInteractionEvent event) {
        CloseCommand.suggestOpenLoops(loops, event);
    }

    @Override
    public void onCommand(GenericCommandInteractionEvent event) {
        String owner = event.getUser().getId();
        OpenLoop loop = loops.resolve(owner, event.getOption(LOOP, "", OptionMapping::getAsString));
        Replies.ephemeral(event, LoopMessages.activated(loops.activate(owner, loop.id())));
    }
}
