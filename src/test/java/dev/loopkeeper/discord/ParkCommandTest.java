package dev.loopkeeper.discord;

import static dev.loopkeeper.discord.MockInteractions.command;
import static dev.loopkeeper.discord.MockInteractions.replies;
import static dev.loopkeeper.discord.MockInteractions.user;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.RETURNS_SELF;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

import dev.loopkeeper.command.Commands;
import dev.loopkeeper.loop.LoopFilter;
import dev.loopkeeper.loop.OpenLoop;
import java.util.List;
import java.util.Map;
import net.dv8tion.jda.api.components.buttons.Button;
import net.dv8tion.jda.api.events.interaction.command.SlashCommandInteractionEvent;
import net.dv8tion.jda.api.events.interaction.component.ButtonInteractionEvent;
import net.dv8tion.jda.api.requests.restaction.interactions.MessageEditCallbackAction;
import net.dv8tion.jda.api.requests.restaction.interactions.ReplyCallbackAction;
import net.dv8tion.jda.api.utils.data.DataObject;
import net.dv8tion.jda.api.utils.messages.MessageCreateData;
import net.dv8tion.jda.api.utils.messages.MessageEditData;
import org.junit.jupiter.api.Test;
import org.mockito.ArgumentCaptor;

class ParkCommandTest extends CommandTestBase {

    private MessageCreateData park(String userId, String concept, String why) {
        Map<String, String> options = why == null ? Map.of(Commands.CONCEPT, concept)
                : Map.of(Commands.CONCEPT, concept, Commands.WHY, why);
        SlashCommandInteractionEvent event = command(SlashCommandInteractionEvent.class, userId, Commands.PARK.name(), null, options);
        ReplyCallbackAction action = replies(event);
        router.onSlashCommandInteraction(event);
        return privateReply(event, action);
    }

    @Test
    void parksPrivatelyWithTheCountAndOneCalmLine() {
        MessageCreateData reply = park(ADA, "reverse-mode autodiff", "backprop is built on it");
        assertEquals("Parked **reverse-mode autodiff**.\nWhy it matters: backprop is built on it\n"
                + "It will come back when it becomes structurally relevant. 1 open loop.", reply.getContent());
        OpenLoop saved = app.loops().list(ADA, LoopFilter.open(), 0, 10).loops().get(0);
        assertEquals(MockInteractions.GUILD, saved.origin().guildId());
        assertEquals(MockInteractions.CHANNEL, saved.origin().channelId());
    }

    @Test
    void mentionsInAConceptPingNobody() {
        MessageCreateData reply = park(ADA, "@everyone <@&123456789012345678> <@100000000000000002>", null);
        assertTrue(reply.getContent().contains("@everyone"));
        assertTrue(reply.getAllowedMentions().isEmpty());
    }

    @Test
    void tooLongInputIsRefusedPrivatelyWithTheReason() {
        MessageCreateData reply = park(ADA, "x".repeat(250), null);
        assertTrue(reply.getContent().contains("250 characters"), reply.getContent());
        assertEquals(0, app.loops().countOpen(ADA));
    }

    @Test
    void aDuplicateOffersKeepBothOrCancelAndOnlyItsOwnerMayChoose() {
        park(ADA, "Attention", null);
        MessageCreateData reply = park(ADA, "attention", null);
        assertTrue(reply.getContent().startsWith("You already have an open loop for **Attention**"), reply.getContent());
        List<Button> buttons = reply.getComponents().get(0).asActionRow().getButtons();
        assertEquals(List.of("Keep both", "Cancel"), buttons.stream().map(Button::getLabel).toList());
        ComponentId keep = ComponentId.parse(buttons.get(0).getCustomId()).orElseThrow();
        assertEquals(ADA, keep.ownerId());

        // Bob replays Ada's button id: refused, nothing changes.
        ButtonInteractionEvent bobClick = click(BOB, buttons.get(0).getCustomId());
        ReplyCallbackAction refusal = replies(bobClick);
        router.onButtonInteraction(bobClick);
        assertTrue(privateReply(bobClick, refusal).getContent().contains("someone else's"));
        verify(bobClick, never()).editMessage(any(MessageEditData.class));
        assertEquals(1, app.loops().countOpen(ADA));

        ButtonInteractionEvent adaClick = click(ADA, buttons.get(0).getCustomId());
        MessageEditCallbackAction edit = mock(MessageEditCallbackAction.class, RETURNS_SELF);
        when(adaClick.editMessage(any(MessageEditData.class))).thenReturn(edit);
        router.onButtonInteraction(adaClick);
        ArgumentCaptor<MessageEditData> edited = ArgumentCaptor.forClass(MessageEditData.class);
        verify(adaClick).editMessage(edited.capture());
        verify(edit).queue();
        assertTrue(edited.getValue().getContent().contains("2 open loops."), edited.getValue().getContent());
        assertTrue(edited.getValue().getComponents().isEmpty(), "the choice is made: no buttons left");
        DataObject body = edited.getValue().toData();
        assertTrue(body.getObject("allowed_mentions").getArray("parse").isEmpty());
        assertEquals(2, app.loops().countOpen(ADA));
    }

    @Test
    void aCraftedButtonForSomeoneElsesDraftChangesNothing() {
        park(BOB, "kernels", null);
        MessageCreateData bobs = park(BOB, "kernels", null);
        long bobDraft = ComponentId.parse(bobs.getComponents().get(0).asActionRow().getButtons().get(0).getCustomId())
                .orElseThrow().longArg(0).orElseThrow();
        // Ada crafts an id naming herself as owner but Bob's draft.
        ButtonInteractionEvent crafted = click(ADA, ComponentId.of(ADA, ParkCommand.KEY, ParkCommand.KEEP, bobDraft).encode());
        ReplyCallbackAction action = replies(crafted);
        router.onButtonInteraction(crafted);
        assertTrue(privateReply(crafted, action).getContent().contains("expired or was already made"));
        assertEquals(0, app.loops().countOpen(ADA));
        assertEquals(1, app.loops().countOpen(BOB));
    }

    static ButtonInteractionEvent click(String userId, String customId) {
        ButtonInteractionEvent event = mock(ButtonInteractionEvent.class);
        net.dv8tion.jda.api.entities.User user = user(userId);
        when(event.getUser()).thenReturn(user);
        when(event.getComponentId()).thenReturn(customId);
        return event;
    }
}
