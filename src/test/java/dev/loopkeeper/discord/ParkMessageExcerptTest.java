package dev.loopkeeper.discord;

import static dev.loopkeeper.discord.MockInteractions.command;
import static dev.loopkeeper.discord.MockInteractions.replies;
import static dev.loopkeeper.discord.MockInteractions.user;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.RETURNS_SELF;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

import dev.loopkeeper.loop.LoopFilter;
import dev.loopkeeper.loop.OpenLoop;
import java.util.Map;
import net.dv8tion.jda.api.entities.Message;
import net.dv8tion.jda.api.events.interaction.ModalInteractionEvent;
import net.dv8tion.jda.api.events.interaction.command.MessageContextInteractionEvent;
import net.dv8tion.jda.api.interactions.modals.ModalMapping;
import net.dv8tion.jda.api.modals.Modal;
import net.dv8tion.jda.api.requests.restaction.interactions.ModalCallbackAction;
import net.dv8tion.jda.api.requests.restaction.interactions.ReplyCallbackAction;
import org.junit.jupiter.api.Test;
import org.mockito.ArgumentCaptor;

/** The excerpt the context menu remembers belongs to the person who opened the menu, and to no one else. */
class ParkMessageExcerptTest extends CommandTestBase {
    private static final String MESSAGE = "900000000000000003";
    private static final String CONTENT = "the private roadmap mentions speculative decoding";

    /** {@code userId} opens "Park a concept" on the message; returns the modal's id. */
    private String openMenu(String userId) {
        MessageContextInteractionEvent menu = command(MessageContextInteractionEvent.class, userId,
                dev.loopkeeper.command.Commands.PARK_MESSAGE.name(), null, Map.of());
        Message target = MockInteractions.messageByAPerson(menu);
        when(target.getContentDisplay()).thenReturn(CONTENT);
        when(target.getId()).thenReturn(MESSAGE);
        when(target.getChannelId()).thenReturn(MockInteractions.CHANNEL);
        when(menu.getTarget()).thenReturn(target);
        when(menu.replyModal(any(Modal.class))).thenReturn(mock(ModalCallbackAction.class, RETURNS_SELF));
        router.onMessageContextInteraction(menu);
        ArgumentCaptor<Modal> modal = ArgumentCaptor.forClass(Modal.class);
        verify(menu).replyModal(modal.capture());
        return modal.getValue().getId();
    }

    private void submit(String userId, String modalId) {
        ModalInteractionEvent submit = mock(ModalInteractionEvent.class);
        var who = user(userId);
        when(submit.getUser()).thenReturn(who);
        // Sent from the server the form was opened in, as Discord does.
        var server = MockInteractions.guild();
        when(submit.getGuild()).thenReturn(server);
        when(submit.getChannelId()).thenReturn(MockInteractions.CHANNEL); // as Discord sends with a submit
        when(submit.getModalId()).thenReturn(modalId);
        ModalMapping concept = mock(ModalMapping.class);
        when(concept.getAsString()).thenReturn("speculative decoding");
        when(submit.getValue(ParkMessageCommand.CONCEPT)).thenReturn(concept);
        ReplyCallbackAction action = replies(submit);
        router.onModalInteraction(submit);
        assertTrue(privateReply(submit, action).getContent().startsWith("Parked **speculative decoding**."));
    }

    private OpenLoop onlyLoop(String owner) {
        return app.loops().list(owner, LoopFilter.open(), 0, 10).loops().get(0);
    }

    @Test
    void aModalIdReplayedWithAnotherOwnerFindsNoExcerpt() {
        String adasModal = openMenu(ADA);
        ComponentId id = ComponentId.parse(adasModal).orElseThrow();
        String bobsModal = new ComponentId(BOB, id.command(), id.action(), id.args()).encode();

        submit(BOB, bobsModal);
        submit(ADA, adasModal);

        assertNull(onlyLoop(BOB).origin().excerpt(), "Bob stores no excerpt of a message he never opened the menu on");
        assertEquals(CONTENT, onlyLoop(ADA).origin().excerpt());
        assertEquals(onlyLoop(ADA).origin().messageUrl(), onlyLoop(BOB).origin().messageUrl());
    }

    @Test
    void twoPeopleParkingTheSameMessageEachKeepTheirOwnExcerpt() {
        String adasModal = openMenu(ADA);
        String bobsModal = openMenu(BOB);

        submit(BOB, bobsModal);
        submit(ADA, adasModal);

        assertEquals(CONTENT, onlyLoop(BOB).origin().excerpt());
        assertEquals(CONTENT, onlyLoop(ADA).origin().excerpt());
    }
}
