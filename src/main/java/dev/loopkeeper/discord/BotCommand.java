package dev.loopkeeper.discord;

import net.dv8tion.jda.api.events.interaction.command.CommandAutoCompleteInteractionEvent;
import net.dv8tion.jda.api.events.interaction.command.GenericCommandInteractionEvent;
import net.dv8tion.jda.api.interactions.commands.build.CommandData;

/**
 * One Discord command: its definition, built once, and the handlers for everything it owns (the command
 * itself, autocomplete, and the buttons and modals whose ids carry its {@link #key()}). Commands extend
 * {@link CommandAdapter}, which holds the definition and the key.
 */
public interface BotCommand extends ComponentHandler {

    CommandData definition();

    void onCommand(GenericCommandInteractionEvent event);

    default void onAutocomplete(CommandAutoCompleteInteractionEvent event) {
        event.replyChoices().queue();
    }

    /** Whether the router may defer this command's reply when the workers are busy; a command that opens a modal may not. */
    default boolean mayDefer() {
        return true;
    }
}
