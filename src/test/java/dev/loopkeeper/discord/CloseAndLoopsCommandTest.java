package dev.loopkeeper.discord;

import static dev.loopkeeper.discord.MockInteractions.command;
import static dev.loopkeeper.discord.MockInteractions.replies;
import static dev.loopkeeper.discord.MockInteractions.user;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.RETURNS_SELF;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

import dev.loopkeeper.command.Commands;
import dev.loopkeeper.loop.OpenLoop;
import dev.loopkeeper.loop.Origin;
import dev.loopkeeper.loop.ParkRequest;
import dev.loopkeeper.loop.ParkResult;
import dev.loopkeeper.support.Concepts;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import net.dv8tion.jda.api.components.buttons.Button;
import net.dv8tion.jda.api.entities.MessageEmbed;
import net.dv8tion.jda.api.events.interaction.command.CommandAutoCompleteInteractionEvent;
import net.dv8tion.jda.api.events.interaction.command.SlashCommandInteractionEvent;
import net.dv8tion.jda.api.events.interaction.component.ButtonInteractionEvent;
import net.dv8tion.jda.api.interactions.commands.Command;
import net.dv8tion.jda.api.requests.restaction.interactions.MessageEditCallbackAction;
import net.dv8tion.jda.api.requests.restaction.interactions.ReplyCallbackAction;
import net.dv8tion.jda.api.utils.messages.MessageCreateData;
import net.dv8tion.jda.api.utils.messages.MessageEditData;
import org.junit.jupiter.api.Test;
import org.mockito.ArgumentCaptor;

class CloseAndLoopsCommandTest extends CommandTestBase {

    private OpenLoop parked(String owner, String concept) {
        return ((ParkResult.Parked) app.loops().park(new ParkRequest(owner, concept, null, Origin.channel(MockInteractions.GUILD, MockInteractions.CHANNEL)))).loop();
    }

    @Test
    void autocompleteOffersOnlyTheCallersOwnOpenLoopsWithIdsAsValues() {
        OpenLoop mine = parked(ADA, "automatic differentiation");
        parked(BOB, "autograd engine");
        CommandAutoCompleteInteractionEvent event = MockInteractions.autocomplete(ADA, Commands.CLOSE.name(), "auto");

        router.onCommandAutoCompleteInteraction(event);

        assertEquals(List.of(new Command.Choice("automatic differentiation", String.valueOf(mine.id()))),
                MockInteractions.choices(event));
    }

    @Test
    void closesOwnLoopAndRefusesACraftedValueNamingSomeoneElses() {
        OpenLoop mine = parked(ADA, "vmap");
        OpenLoop theirs = parked(BOB, "pmap");

        SlashCommandInteractionEvent crafted = command(SlashCommandInteractionEvent.class, ADA, Commands.CLOSE.name(), null,
                Map.of(Commands.LOOP, String.valueOf(theirs.id()), Commands.OUTCOME, "learned"));
        ReplyCallbackAction refused = replies(crafted);
        router.onSlashCommandInteraction(crafted);
        assertTrue(privateReply(crafted, refused).getContent().startsWith("I can't find that among your open loops"));
        assertEquals(1, app.loops().countOpen(BOB));

        SlashCommandInteractionEvent event = command(SlashCommandInteractionEvent.class, ADA, Commands.CLOSE.name(), null,
                Map.of(Commands.LOOP, String.valueOf(mine.id()), Commands.OUTCOME, "let_go",
                        Commands.TAKEAWAY, "jax-specific; not needed"));
        ReplyCallbackAction action = replies(event);
        router.onSlashCommandInteraction(event);
        assertEquals("Closed **vmap** as let go.\nTakeaway: jax-specific; not needed", privateReply(event, action).getContent());
        assertEquals(0, app.loops().countOpen(ADA));
    }

    @Test
    void loopsPagesWithPrevAndNextAndTheButtonsTurnThePage() {
        for (int i = 1; i <= 12; i++) {
            parked(ADA, Concepts.get(i - 1));
            clock.advance(Duration.ofMinutes(1));
        }
        SlashCommandInteractionEvent event = command(SlashCommandInteractionEvent.class, ADA, Commands.LOOPS.name(), null, Map.of());
        ReplyCallbackAction action = replies(event);
        router.onSlashCommandInteraction(event);
        MessageCreateData reply = privateReply(event, action);

        MessageEmbed embed = reply.getEmbeds().get(0);
        assertEquals("Open loops (12)", embed.getTitle());
        assertTrue(embed.getDescription().startsWith("`#12` **" + Concepts.get(11) + "** · <t:"), embed.getDescription());
        assertEquals("Page 1 of 2", embed.getFooter().getText());
        assertTrue(embed.getDescription().contains("[source](https://discord.com/channels/"), "parked in a channel: linked");
        List<Button> buttons = reply.getComponents().get(0).asActionRow().getButtons();
        assertTrue(buttons.get(0).isDisabled());
        assertFalse(buttons.get(1).isDisabled());

        ButtonInteractionEvent next = ParkCommandTest.click(ADA, buttons.get(1).getCustomId());
        MessageEditCallbackAction edit = mock(MessageEditCallbackAction.class, RETURNS_SELF);
        when(next.editMessage(any(MessageEditData.class))).thenReturn(edit);
        router.onButtonInteraction(next);
        ArgumentCaptor<MessageEditData> page2 = ArgumentCaptor.forClass(MessageEditData.class);
        verify(next).editMessage(page2.capture());
        MessageEmbed second = page2.getValue().getEmbeds().get(0);
        assertEquals("Page 2 of 2", second.getFooter().getText());
        assertTrue(second.getDescription().contains("**" + Concepts.get(0) + "**"));
        assertFalse(second.getDescription().contains("**" + Concepts.get(11) + "**"));
    }

    @Test
    void anUnexpectedFailureIsAnsweredWithAnApologyAndAReference() {
        app.close(); // the database is gone: every command now fails unexpectedly
        SlashCommandInteractionEvent event = command(SlashCommandInteractionEvent.class, ADA, Commands.LOOPS.name(), null, Map.of());
        ReplyCallbackAction action = replies(event);
        router.onSlashCommandInteraction(event);
        String content = privateReply(event, action).getContent();
        assertTrue(content.startsWith("Sorry, something went wrong on my side"), content);
        assertTrue(content.matches("(?s).*reference `[0-9a-z]+`.*"), content);
        app = dev.loopkeeper.support.TestApp.open(folder, clock);
    }
}
