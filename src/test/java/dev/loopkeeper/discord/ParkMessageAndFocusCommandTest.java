package dev.loopkeeper.discord;

import static dev.loopkeeper.discord.MockInteractions.command;
import static dev.loopkeeper.discord.MockInteractions.replies;
import static dev.loopkeeper.discord.MockInteractions.user;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.RETURNS_SELF;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

import dev.loopkeeper.command.Commands;
import dev.loopkeeper.loop.LoopFilter;
import dev.loopkeeper.loop.OpenLoop;
import java.util.Map;
import net.dv8tion.jda.api.entities.Message;
import net.dv8tion.jda.api.events.interaction.ModalInteractionEvent;
import net.dv8tion.jda.api.events.interaction.command.MessageContextInteractionEvent;
import net.dv8tion.jda.api.events.interaction.command.SlashCommandInteractionEvent;
import net.dv8tion.jda.api.modals.Modal;
import net.dv8tion.jda.api.requests.restaction.interactions.ModalCallbackAction;
import net.dv8tion.jda.api.requests.restaction.interactions.ReplyCallbackAction;
import net.dv8tion.jda.api.utils.data.DataObject;
import org.junit.jupiter.api.Test;
import org.mockito.ArgumentCaptor;

class ParkMessageAndFocusCommandTest extends CommandTestBase {
    private static final String MESSAGE = "900000000000000003";

    @Test
    void theContextMenuOpensAPrefilledModalAndTheSubmitKeepsTheSource() {
        String content = "Has anyone looked at   how FlashAttention tiles the softmax so it never materialises "
                + "the full attention matrix in HBM?\nsecond line";
        MessageContextInteractionEvent menu = command(MessageContextInteractionEvent.class, ADA, Commands.PARK_MESSAGE.name(), null, Map.of());
        Message target = MockInteractions.messageByAPerson(menu);
        when(target.getContentDisplay()).thenReturn(content);
        when(target.getId()).thenReturn(MESSAGE);
        when(target.getChannelId()).thenReturn(MockInteractions.CHANNEL);
        when(menu.getTarget()).thenReturn(target);
        ModalCallbackAction modalAction = mock(ModalCallbackAction.class, RETURNS_SELF);
        when(menu.replyModal(any(Modal.class))).thenReturn(modalAction);

        router.onMessageContextInteraction(menu);

        ArgumentCaptor<Modal> modal = ArgumentCaptor.forClass(Modal.class);
        verify(menu).replyModal(modal.capture());
        verify(modalAction).queue();
        DataObject json = modal.getValue().toData();
        String prefilled = json.getArray("components").getObject(0).getObject("component").getString("value");
        assertTrue(prefilled.length() <= ParkMessageCommand.PREFILL + 1, prefilled);
        assertTrue(prefilled.startsWith("Has anyone looked at how FlashAttention tiles the softmax"), prefilled);
        assertTrue(prefilled.endsWith("…"), prefilled);
        String modalId = modal.getValue().getId();
        assertTrue(modalId.length() <= ComponentId.MAX_LENGTH);

        ModalInteractionEvent submit = mock(ModalInteractionEvent.class);
        var ada = user(ADA);
        when(submit.getUser()).thenReturn(ada);
        // Sent from the server the form was opened in, as Discord does.
        var server = MockInteractions.guild();
        when(submit.getGuild()).thenReturn(server);
        when(submit.getChannelId()).thenReturn(MockInteractions.CHANNEL); // as Discord sends with a submit
        when(submit.getModalId()).thenReturn(modalId);
        var concept = mock(net.dv8tion.jda.api.interactions.modals.ModalMapping.class);
        when(concept.getAsString()).thenReturn("FlashAttention tiling");
        when(submit.getValue(ParkMessageCommand.CONCEPT)).thenReturn(concept);
        ReplyCallbackAction action = replies(submit);
        router.onModalInteraction(submit);

        assertTrue(privateReply(submit, action).getContent().startsWith("Parked **FlashAttention tiling**."));
        OpenLoop loop = app.loops().list(ADA, LoopFilter.open(), 0, 10).loops().get(0);
        assertEquals("https://discord.com/channels/" + MockInteractions.GUILD + "/" + MockInteractions.CHANNEL + "/" + MESSAGE,
                loop.origin().messageUrl());
        assertEquals(MockInteractions.GUILD, loop.origin().guildId());
        assertTrue(loop.origin().excerpt().startsWith("Has anyone looked at how FlashAttention"), loop.origin().excerpt());
        assertEquals(null, loop.why());
    }

    @Test
    void focusSetShowAndClearThroughSubcommands() {
        SlashCommandInteractionEvent set = command(SlashCommandInteractionEvent.class, ADA, Commands.FOCUS.name(), Commands.SET,
                Map.of(Commands.TEXT, "writing a tiny autograd", Commands.FOR, "3h"));
        ReplyCallbackAction setAction = replies(set);
        router.onSlashCommandInteraction(set);
        String setReply = privateReply(set, setAction).getContent();
        assertTrue(setReply.startsWith("Focus set: **writing a tiny autograd** (until <t:"), setReply);

        SlashCommandInteractionEvent badFor = command(SlashCommandInteractionEvent.class, ADA, Commands.FOCUS.name(), Commands.SET,
                Map.of(Commands.TEXT, "x", Commands.FOR, "a while"));
        ReplyCallbackAction badAction = replies(badFor);
        router.onSlashCommandInteraction(badFor);
        assertTrue(privateReply(badFor, badAction).getContent().contains("'a while' is not a duration"));

        SlashCommandInteractionEvent show = command(SlashCommandInteractionEvent.class, ADA, Commands.FOCUS.name(), Commands.SHOW, Map.of());
        ReplyCallbackAction showAction = replies(show);
        router.onSlashCommandInteraction(show);
        assertTrue(privateReply(show, showAction).getContent().contains("**writing a tiny autograd** · since <t:"));

        SlashCommandInteractionEvent clear = command(SlashCommandInteractionEvent.class, ADA, Commands.FOCUS.name(), Commands.CLEAR, Map.of());
        ReplyCallbackAction clearAction = replies(clear);
        router.onSlashCommandInteraction(clear);
        assertEquals("Cleared your focus.", privateReply(clear, clearAction).getContent());
        assertTrue(app.focus().active(ADA).isEmpty());
    }
}
