package dev.loopkeeper.discord;

import net.dv8tion.jda.api.events.interaction.ModalInteractionEvent;
import net.dv8tion.jda.api.events.interaction.command.CommandAutoCompleteInteractionEvent;
import net.dv8tion.jda.api.events.interaction.command.GenericCommandInteractionEvent;
import net.dv8tion.jda.api.events.interaction.component.ButtonInteractionEvent;
import net.dv8tion.jda.api.interactions.commands.build.CommandData;

/**
 * One Discord command: its definition, built once, and the handlers for everything it owns (the
 * command itself, autocomplete, and the buttons and modals whose ids carry its {@link #key()}).
 */
public interface BotCommand {

    /** Short name used in component ids; unique among commands. */
    String key();

    CommandData definition();

    void onCommand(GenericCommandInteractionEvent event);

    default void onAutocomplete(CommandAutoCompleteInteractionEvent event) {
        event.replyChoices().queue();
    }

    /** A click on one of this command's buttons; the router has already checked that the clicker owns it. */
    default void onButton(ButtonInteractionEvent event, ComponentId id) {
        throw new IllegalStateException("No button handler on " + key() + " for " + id.action());
    }

    /** A submitted modal of this command; the router has already checked ownership. */
    default void onModal(ModalInteractionEvent event, ComponentId id) {
        throw new IllegalStateException("No modal handler on " + key() + " for " + id.action());
    }
}
