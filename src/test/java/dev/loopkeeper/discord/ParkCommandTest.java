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
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

import dev.loopkeeper.command.Commands;
import dev.loopkeeper.loop.LoopFilter;
import dev.loopkeeper.loop.LoopListener;
import dev.loopkeeper.loop.OpenLoop;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import net.dv8tion.jda.api.components.buttons.Button;
import net.dv8tion.jda.api.events.interaction.command.SlashCommandInteractionEvent;
import net.dv8tion.jda.api.events.interaction.component.ButtonInteractionEvent;
import net.dv8tion.jda.api.requests.restaction.interactions.MessageEditCallbackAction;
import net.dv8tion.jda.api.requests.restaction.interactions.ReplyCallbackAction;
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
    void aStoppingBotWaitsUntilEveryCommittedParkIsAnsweredAndNeverWaitsForOneItCannotAnswer() throws Exception {
        CountDownLatch busy = new CountDownLatch(1);
        ExecutorService answers = busyAnswerThread(busy); // the answer thread is busy: the park's answer waits behind
        ParkCommand parking = new ParkCommand(app.loops(), loopMessages, group, app.triage(), app.hints(), answers);
        try {
            SlashCommandInteractionEvent event = command(SlashCommandInteractionEvent.class, ADA,
                    Commands.PARK.name(), null, Map.of(Commands.CONCEPT, "Paxos"));
            ReplyCallbackAction action = replies(event);
            deferrable(event);
            parking.onCommand(event);
            assertFalse(parking.awaitAnswered(Duration.ofMillis(100)), "committed, not answered yet");
            verify(event, never()).reply(any(MessageCreateData.class));

            busy.countDown();
            assertTrue(parking.awaitAnswered(Duration.ofSeconds(5)));
            assertTrue(privateReply(event, action).getContent().startsWith("Parked **Paxos**"));

            // The answer threads stopped (the bot is going): a park committed now cannot be answered, and is not
            // waited for.
            answers.shutdown();
            SlashCommandInteractionEvent late = command(SlashCommandInteractionEvent.class, ADA,
                    Commands.PARK.name(), null, Map.of(Commands.CONCEPT, "Raft"));
            replies(late);
            deferrable(late);
            parking.onCommand(late);
            assertTrue(parking.awaitAnswered(Duration.ofSeconds(5)));
            assertEquals(2, app.loops().list(ADA, LoopFilter.open(), 0, 10).loops().size(), "both saved");
        } finally {
            answers.shutdownNow();
        }
    }

    /** The park defers itself after two seconds without an answer, from a thread of its own: give it somewhere to. */
    private static void deferrable(SlashCommandInteractionEvent event) {
        when(event.deferReply(true)).thenReturn(mock(ReplyCallbackAction.class, RETURNS_SELF));
    }

    @Test
    void mentionsInAConceptPingNobody() {
        MessageCreateData reply = park(ADA, "@everyone <@&123456789012345678> <@100000000000000002>", null);
        assertTrue(reply.getContent().contains("@everyone"));
        assertTrue(reply.getAllowedMentions().isEmpty());
    }

    @Test
    void aFailureAfterTheParkWasCommittedIsNeverCalledNothingChanged() {
        // Whatever runs after the commit fails (here: what the relevance index is told after a park).
        app.loops().connect(new LoopListener() {
            @Override
            public void onParked(OpenLoop loop, long versionBefore, long versionAfter) {
                throw new IllegalStateException("index update failed after the commit");
            }
        }, app.relevance());

        MessageCreateData reply = park(ADA, "speculative decoding", null);

        assertEquals(1, app.loops().countOpen(ADA), "the park was committed");
        assertTrue(reply.getContent().startsWith("Sorry, something went wrong on my side (reference `"),
                reply.getContent());
        assertTrue(reply.getContent().contains("Anything I confirmed to you is saved; /loops shows where things stand."),
                reply.getContent());
        assertFalse(reply.getContent().contains("nothing was changed"), reply.getContent());
    }

    @Test
    void tooLongInputIsRefusedPrivatelyWithTheReason() {
        MessageCreateData reply = park(ADA, "x".repeat(250), null);
        assertTrue(reply.getContent().contains("250 characters"), reply.getContent());
        assertEquals(0, app.loops().countOpen(ADA));
    }

    @Test
    void theSameConceptAgainNamesTheLoopThereIsAndAddsTheNewWhyToIt() {
        park(ADA, "Topological sort", "backprop walks the graph in reverse");
        long id = app.loops().list(ADA, LoopFilter.open(), 0, 10).loops().get(0).id();

        MessageCreateData reply = park(ADA, "topological  SORT", "my scheduler orders jobs by dependency");

        assertEquals("You already have **Topological sort** open, #" + id + ", parked <t:1772359200:R>. "
                + "I added this why to it:\nmy scheduler orders jobs by dependency", reply.getContent());
        assertTrue(reply.getComponents().isEmpty(), "no question to answer");
        assertEquals(1, app.loops().countOpen(ADA));
        assertEquals("my scheduler orders jobs by dependency",
                app.loops().list(ADA, LoopFilter.open(), 0, 10).notesOf(id).get(0).why());
    }

    @Test
    void aNearDuplicateIsSavedAndOffersAMergeButtonThatOnlyItsOwnerMayUse() {
        park(ADA, "attention heads", null);
        MessageCreateData reply = park(ADA, "attention head", "to read the GPT-2 code");
        List<OpenLoop> open = app.loops().list(ADA, LoopFilter.open(), 0, 10).loops();
        assertEquals(2, open.size(), "saved at once, like any park");
        long heads = open.get(1).id();
        long head = open.get(0).id();
        assertTrue(reply.getContent().startsWith("Parked **attention head**."), reply.getContent());
        assertTrue(reply.getContent().contains("\nIt looks close to your open loop **attention heads** (#" + heads),
                reply.getContent());
        List<Button> buttons = reply.getComponents().get(0).asActionRow().getButtons();
        assertEquals(List.of("Merge into #" + heads), buttons.stream().map(Button::getLabel).toList());
        assertEquals(ComponentId.of(ADA, ParkCommand.KEY, ParkCommand.MERGE, head, heads),
                ComponentId.parse(buttons.get(0).getCustomId()).orElseThrow());

        // Bob replays Ada's button id: refused, nothing changes.
        ButtonInteractionEvent bobClick = click(BOB, buttons.get(0).getCustomId());
        ReplyCallbackAction refusal = replies(bobClick);
        router.onButtonInteraction(bobClick);
        assertTrue(privateReply(bobClick, refusal).getContent().contains("someone else's"));
        verify(bobClick, never()).editMessage(any(MessageEditData.class));
        assertEquals(2, app.loops().countOpen(ADA));

        MessageEditData edited = clickAndCaptureEdit(ADA, buttons.get(0).getCustomId());
        assertEquals("Merged **attention head** (#" + head + ") into **attention heads** (#" + heads + "), "
                + "which keeps its why and source and stays parked.", edited.getContent());
        assertTrue(edited.getComponents().isEmpty(), "merged: no button left");
        assertPingsNobody(edited.toData());
        assertEquals(1, app.loops().countOpen(ADA));
        assertEquals("to read the GPT-2 code", app.loops().list(ADA, LoopFilter.open(), 0, 10).notesOf(heads).get(0).why());
    }

    @Test
    void theMergeButtonStillWorksAfterARestart() {
        park(ADA, "attention heads", null);
        MessageCreateData reply = park(ADA, "attention head", null);
        String mergeId = reply.getComponents().get(0).asActionRow().getButtons().get(0).getCustomId();
        restart();
        build(); // a new process: new services, router and caches, the same database file

        MessageEditData edited = clickAndCaptureEdit(ADA, mergeId);

        assertTrue(edited.getContent().startsWith("Merged **attention head**"), edited.getContent());
        assertEquals(1, app.loops().countOpen(ADA));
    }

    @Test
    void aCraftedMergeOfSomeoneElsesLoopsChangesNothing() {
        park(BOB, "kernels", null);
        park(BOB, "kernel methods", null);
        List<OpenLoop> bobs = app.loops().list(BOB, LoopFilter.open(), 0, 10).loops();
        // Ada crafts an id naming herself as owner but Bob's loops.
        ButtonInteractionEvent crafted = click(ADA, ComponentId.of(ADA, ParkCommand.KEY, ParkCommand.MERGE,
                bobs.get(0).id(), bobs.get(1).id()).encode());
        ReplyCallbackAction action = replies(crafted);
        router.onButtonInteraction(crafted);
        assertTrue(privateReply(crafted, action).getContent().startsWith("I can't find that among your open loops"));
        assertEquals(2, app.loops().countOpen(BOB));
    }

    @Test
    void aButtonOfTheRetiredKeepBothQuestionSaysTheParkWasKept() {
        MessageEditData edited = clickAndCaptureEdit(ADA, ComponentId.of(ADA, ParkCommand.KEY, "keep", 12).encode());
        assertTrue(edited.getContent().startsWith("Parks no longer wait on a choice: this one was kept"),
                edited.getContent());
        assertTrue(edited.getComponents().isEmpty());
    }

    private MessageEditData clickAndCaptureEdit(String userId, String customId) {
        ButtonInteractionEvent event = click(userId, customId);
        MessageEditCallbackAction edit = mock(MessageEditCallbackAction.class, RETURNS_SELF);
        when(event.editMessage(any(MessageEditData.class))).thenReturn(edit);
        router.onButtonInteraction(event);
        ArgumentCaptor<MessageEditData> edited = ArgumentCaptor.forClass(MessageEditData.class);
        verify(event).editMessage(edited.capture());
        verify(edit).queue();
        return edited.getValue();
    }

    static ButtonInteractionEvent click(String userId, String customId) {
        ButtonInteractionEvent event = mock(ButtonInteractionEvent.class);
        net.dv8tion.jda.api.entities.User user = user(userId);
        when(event.getUser()).thenReturn(user);
        when(event.getComponentId()).thenReturn(customId);
        return event;
    }
}
