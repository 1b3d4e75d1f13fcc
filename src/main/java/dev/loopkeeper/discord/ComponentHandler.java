package dev.loopkeeper.discord;

import dev.loopkeeper.common.InvalidInputException;
import net.dv8tion.jda.api.events.interaction.ModalInteractionEvent;
import net.dv8tion.jda.api.events.interaction.component.ButtonInteractionEvent;

/** Handles the buttons and modals whose component ids carry its {@link #key()}. */
public interface ComponentHandler {

    /** Short name used in component ids; unique among handlers. */
    String key();

    /**
     * How the router acknowledges a click on {@code id} that reached a worker late (Discord's 3 seconds nearly gone),
     * before this handler runs. {@link LateClick#NONE} unless the handler says: its answer may be a modal.
     */
    default LateClick lateClick(ComponentId id) {
        return LateClick.NONE;
    }

    /** How a late click is acknowledged, as its handler answers it. */
    enum LateClick {
        /** Not at all: the answer is a modal, which must be the first response. */
        NONE,
        /** A private "thinking" reply, which the answer edits ({@link Replies#ephemeral}). */
        REPLY,
        /** A deferred update of the clicked message, which the answer edits ({@link Replies#update}). */
        UPDATE
    }

    /**
     * A click on one of this handler's buttons; the router has already checked that the clicker owns it (for a
     * server-owned id: that they are a member acting in that server).
     */
    default void onButton(ButtonInteractionEvent event, ComponentId id) {
        // Only a crafted id (or one of a button since retired) reaches a handler that has none: a refusal, not a fault.
        throw new InvalidInputException(DiscordMessages.staleComponent());
    }

    /** A submitted modal of this handler; the router has already checked ownership. */
    default void onModal(ModalInteractionEvent event, ComponentId id) {
        throw new InvalidInputException(DiscordMessages.staleComponent());
    }
}
