package dev.loopkeeper.discord;

import static dev.loopkeeper.discord.MockInteractions.command;
import static dev.loopkeeper.discord.MockInteractions.replies;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.RETURNS_SELF;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

import dev.loopkeeper.command.Commands;
import dev.loopkeeper.focus.FocusSource;
import dev.loopkeeper.loop.Actor;
import dev.loopkeeper.loop.LoopScope;
import dev.loopkeeper.loop.LoopStatus;
import dev.loopkeeper.loop.OpenLoop;
import dev.loopkeeper.loop.Origin;
import dev.loopkeeper.loop.Outcome;
import dev.loopkeeper.loop.ParkRequest;
import dev.loopkeeper.loop.ParkResult;
import dev.loopkeeper.loop.Triage;
import dev.loopkeeper.poll.PollMessages;
import dev.loopkeeper.triage.Tally;
import dev.loopkeeper.triage.TriageMessages;
import dev.loopkeeper.triage.TriageService;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import net.dv8tion.jda.api.components.MessageTopLevelComponent;
import net.dv8tion.jda.api.components.buttons.Button;
import net.dv8tion.jda.api.components.buttons.ButtonStyle;
import net.dv8tion.jda.api.components.tree.MessageComponentTree;
import net.dv8tion.jda.api.entities.Message;
import net.dv8tion.jda.api.events.interaction.command.SlashCommandInteractionEvent;
import net.dv8tion.jda.api.events.interaction.component.ButtonInteractionEvent;
import net.dv8tion.jda.api.requests.restaction.interactions.MessageEditCallbackAction;
import net.dv8tion.jda.api.requests.restaction.interactions.ReplyCallbackAction;
import net.dv8tion.jda.api.utils.messages.MessageCreateData;
import net.dv8tion.jda.api.utils.messages.MessageEditData;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.mockito.ArgumentCaptor;

/**
 * {@code /triage}'s queue and its buttons (Core, Adjacent, Peripheral, Let it go, Skip), the Core button a park offers,
 * and {@code /triage loop: class:}, through the real router with mocked JDA events; services, SQLite and the model are
 * real.
 */
class TriageCommandTest extends CommandTestBase {
    private static final List<String> LABELS = List.of("Core", "Adjacent", "Peripheral", "Let it go", "Skip");

    private InteractionRouter triageRouter;

    @BeforeEach
    void wire() {
        DiscordTimeText time = new DiscordTimeText();
        // No poll is started here: the bot is never asked for.
        DiscordPolls polls = new DiscordPolls(() -> {
            throw new AssertionError("a personal triage posts no poll");
        }, app.polls(), app.loops(), new PollMessages(time), Runnable::run);
        TriageCommand triage = new TriageCommand(app.triage(), app.loops(), new TriageMessages(time), polls);
        ParkCommand offering = new ParkCommand(app.loops(), loopMessages, group, app.triage(), app.hints());
        triageRouter = new InteractionRouter(List.of(offering, triage), List.of(group), Runnable::run, () -> false,
                event -> { });
    }

    private OpenLoop parked(String owner, String concept) {
        OpenLoop loop = ((ParkResult.Parked) app.loops().park(new ParkRequest(owner, concept, null, Origin.none())))
                .loop();
        // One second apart, so the queue's order (oldest first) is the order parked.
        clock.advance(Duration.ofSeconds(1));
        return loop;
    }

    private OpenLoop stored(OpenLoop loop) {
        return app.loops().byIds(LoopScope.personal(loop.ownerId()), Actor.person(loop.ownerId()), List.of(loop.id()))
                .get(loop.id());
    }

    /** A slash command by {@code userId}, and its one private answer. */
    private MessageCreateData run(String userId, String name, Map<String, String> options) {
        SlashCommandInteractionEvent event = command(SlashCommandInteractionEvent.class, userId, name, null, options);
        ReplyCallbackAction action = replies(event);
        triageRouter.onSlashCommandInteraction(event);
        return privateReply(event, action);
    }

    /** A click on {@code button} of a message that now shows {@code shown}, as Discord sends it. */
    private static ButtonInteractionEvent clickOn(String userId, Button button, List<? extends MessageTopLevelComponent> shown) {
        ButtonInteractionEvent event = ParkCommandTest.click(userId, button.getCustomId());
        Message message = mock(Message.class);
        when(message.getComponentTree()).thenReturn(MessageComponentTree.of(shown));
        when(event.getMessage()).thenReturn(message);
        return event;
    }

    /** The owner clicks {@code label} on the card shown; the card is edited in place, pinging nobody. */
    private MessageEditData press(String label, List<? extends MessageTopLevelComponent> card) {
        ButtonInteractionEvent event = clickOn(ADA, labelled(card, label), card);
        MessageEditCallbackAction edit = mock(MessageEditCallbackAction.class, RETURNS_SELF);
        when(event.editMessage(any(MessageEditData.class))).thenReturn(edit);
        triageRouter.onButtonInteraction(event);
        ArgumentCaptor<MessageEditData> edited = ArgumentCaptor.forClass(MessageEditData.class);
        verify(event).editMessage(edited.capture());
        verify(edit).queue();
        verify(event, never()).reply(any(MessageCreateData.class));
        assertPingsNobody(edited.getValue().toData());
        return edited.getValue();
    }

    private static List<Button> buttons(List<? extends MessageTopLevelComponent> components) {
        return MessageComponentTree.of(components).findAll(Button.class);
    }

    private static Button labelled(List<? extends MessageTopLevelComponent> components, String label) {
        return buttons(components).stream().filter(b -> label.equals(b.getLabel())).findFirst()
                .orElseThrow(() -> new AssertionError("no " + label + " in " + buttons(components)));
    }

    /** A card: its concept first, the five buttons in order, each id the owner's and within Discord's limit. */
    private static void assertCard(String concept, String content, List<? extends MessageTopLevelComponent> components) {
        assertTrue(content.startsWith("**" + concept + "** (#"), content);
        List<Button> buttons = buttons(components);
        assertEquals(LABELS, buttons.stream().map(Button::getLabel).toList());
        for (Button button : buttons) {
            assertTrue(button.getCustomId().startsWith(ADA + ":" + TriageCommand.KEY + "."), button.getCustomId());
            assertTrue(button.getCustomId().length() <= ComponentId.MAX_LENGTH, button.getCustomId());
        }
    }

    @Test
    void eachButtonAdvancesTheCardInPlaceStoresWhatWasChosenAndTheLastEndsWithTheSummary() {
        OpenLoop bloom = parked(ADA, "bloom filters");
        OpenLoop plates = parked(ADA, "plate tectonics");
        OpenLoop jazz = parked(ADA, "jazz harmony");
        OpenLoop castles = parked(ADA, "medieval castles");
        OpenLoop knitting = parked(ADA, "knitting patterns");

        MessageCreateData first = run(ADA, Commands.TRIAGE_LOOPS.name(), Map.of());
        assertCard("bloom filters", first.getContent(), first.getComponents());
        assertTrue(first.getContent().contains("No suggestion"), first.getContent());
        assertTrue(first.getContent().endsWith("5 cards left in this pass, this one included."), first.getContent());

        MessageEditData second = press("Core", first.getComponents());
        assertCard("plate tectonics", second.getContent(), second.getComponents());
        assertTrue(second.getContent().contains("4 cards left in this pass"), second.getContent());
        // With a core loop to compare with, there is a suggestion now.
        assertTrue(second.getContent().contains("Suggested: **"), second.getContent());
        assertEquals(Triage.CORE, stored(bloom).triage());

        MessageEditData third = press("Adjacent", second.getComponents());
        assertCard("jazz harmony", third.getContent(), third.getComponents());
        assertEquals(Triage.ADJACENT, stored(plates).triage());

        MessageEditData fourth = press("Peripheral", third.getComponents());
        assertCard("medieval castles", fourth.getContent(), fourth.getComponents());
        assertEquals(Triage.PERIPHERAL, stored(jazz).triage());

        MessageEditData fifth = press("Let it go", fourth.getComponents());
        assertCard("knitting patterns", fifth.getContent(), fifth.getComponents());
        assertTrue(fifth.getContent().endsWith("The last card for now."), fifth.getContent());
        OpenLoop letGo = stored(castles);
        assertEquals(LoopStatus.CLOSED, letGo.status());
        assertEquals(Outcome.LET_GO, letGo.outcome());
        assertEquals(Triage.UNTRIAGED, letGo.triage(), "letting go closes the loop, it does not classify it");

        MessageEditData summary = press("Skip", fifth.getComponents());
        assertEquals("Triaged 4: 1 core, 1 adjacent, 1 peripheral, 1 let go; 1 skipped. Skipped loops come back after "
                + "the others next time you run /triage.", summary.getContent());
        assertTrue(summary.getComponents().isEmpty(), "the summary has no buttons");
        assertEquals(Triage.UNTRIAGED, stored(knitting).triage());
        assertEquals(LoopStatus.OPEN, stored(knitting).status());
    }

    @Test
    void aSkippedLoopLeavesThisPassAndComesBackAfterTheOthersInTheNext() {
        OpenLoop bloom = parked(ADA, "bloom filters");
        OpenLoop plates = parked(ADA, "plate tectonics");

        MessageCreateData first = run(ADA, Commands.TRIAGE_LOOPS.name(), Map.of());
        assertCard("bloom filters", first.getContent(), first.getComponents());
        MessageEditData second = press("Skip", first.getComponents());
        assertCard("plate tectonics", second.getContent(), second.getComponents());
        // "Left" counts this pass only: the skipped loop is out of it.
        assertTrue(second.getContent().endsWith("The last card for now."), second.getContent());
        MessageEditData summary = press("Peripheral", second.getComponents());
        assertEquals("Triaged 1: 1 peripheral; 1 skipped. Skipped loops come back after the others next time you run "
                + "/triage.", summary.getContent());
        assertEquals(Triage.UNTRIAGED, stored(bloom).triage());
        assertEquals(Triage.PERIPHERAL, stored(plates).triage());

        // A loop parked after the skip still comes first: the skipped one waits behind the others.
        parked(ADA, "jazz harmony");
        clock.advance(Duration.ofMinutes(1));
        MessageCreateData again = run(ADA, Commands.TRIAGE_LOOPS.name(), Map.of());
        assertCard("jazz harmony", again.getContent(), again.getComponents());
        assertTrue(again.getContent().endsWith("2 cards left in this pass, this one included."), again.getContent());
        MessageEditData back = press("Core", again.getComponents());
        assertCard("bloom filters", back.getContent(), back.getComponents());
        MessageEditData done = press("Adjacent", back.getComponents());
        assertEquals("Triaged 2: 1 core, 1 adjacent.", done.getContent());
        assertEquals(Triage.ADJACENT, stored(bloom).triage());

        // Nothing left: a fresh /triage says so, with no buttons.
        MessageCreateData empty = run(ADA, Commands.TRIAGE_LOOPS.name(), Map.of());
        assertEquals("Nothing to triage: every open loop has a class.", empty.getContent());
        assertTrue(empty.getComponents().isEmpty());
    }

    @Test
    void aClickBySomeoneElseIsRefusedAndChangesNothing() {
        OpenLoop tunnelling = parked(ADA, "quantum tunnelling");
        MessageCreateData card = run(ADA, Commands.TRIAGE_LOOPS.name(), Map.of());

        for (String label : LABELS) {
            ButtonInteractionEvent bob = clickOn(BOB, labelled(card.getComponents(), label), card.getComponents());
            ReplyCallbackAction refused = replies(bob);
            triageRouter.onButtonInteraction(bob);
            assertEquals(DiscordMessages.notYours(), privateReply(bob, refused).getContent());
            verify(bob, never()).editMessage(any(MessageEditData.class));
        }
        OpenLoop after = stored(tunnelling);
        assertEquals(Triage.UNTRIAGED, after.triage());
        assertEquals(LoopStatus.OPEN, after.status());
        assertEquals(card.getContent(), run(ADA, Commands.TRIAGE_LOOPS.name(), Map.of()).getContent(),
                "still first in the queue, unskipped");
    }

    @Test
    void aCardWhoseLoopWasClassifiedMeanwhileSaysSoAndMovesOnToTheNextCard() {
        OpenLoop bloom = parked(ADA, "bloom filters");
        OpenLoop plates = parked(ADA, "plate tectonics");
        MessageCreateData card = run(ADA, Commands.TRIAGE_LOOPS.name(), Map.of());
        assertCard("bloom filters", card.getContent(), card.getComponents());

        // Meanwhile, the same loop is classified directly.
        MessageCreateData set = run(ADA, Commands.TRIAGE_LOOPS.name(), Map.of(Commands.LOOP, String.valueOf(bloom.id()),
                Commands.CLASS, "peripheral"));
        assertEquals("**bloom filters** is peripheral now.", set.getContent());

        // Whichever other button is clicked on the card still on screen, it changes nothing for that loop, says why,
        // and the card moves on to the next one with the tally as it was.
        for (String label : LABELS.stream().filter(label -> !label.equals("Peripheral")).toList()) {
            MessageEditData next = press(label, card.getComponents());
            String elsewhere = TriageMessages.decidedElsewhere(
                    new TriageService.Elsewhere(bloom.id(), Optional.of(stored(bloom)), Optional.empty()));
            assertTrue(next.getContent().startsWith(elsewhere + "\n\n**plate tectonics**"), next.getContent());
            assertTrue(next.getContent().contains("was marked peripheral elsewhere meanwhile"), next.getContent());
            assertEquals(Triage.PERIPHERAL, stored(bloom).triage());
            assertEquals(LoopStatus.OPEN, stored(bloom).status());
            assertEquals(Triage.UNTRIAGED, stored(plates).triage());
            assertEquals(buttons(card.getComponents()).get(0).getCustomId().replace(":" + bloom.id() + ":",
                    ":" + plates.id() + ":"), labelled(next.getComponents(), "Core").getCustomId(),
                    "the next card's buttons carry the same pass and tally");
        }

        // The class it has now is this card's answer as well (it may have been this person's own first click).
        MessageEditData same = press("Peripheral", card.getComponents());
        assertTrue(same.getContent().startsWith("**plate tectonics**"), same.getContent());
        assertEquals(Optional.of(new Tally(0, 0, 1, 0, 0)), Tally.parse(ComponentId.parse(
                labelled(same.getComponents(), "Core").getCustomId()).orElseThrow().arg(2)));

        // A double click is different: the message already shows the next card, so the click is only acknowledged.
        MessageCreateData fresh = run(ADA, Commands.TRIAGE_LOOPS.name(), Map.of());
        assertCard("plate tectonics", fresh.getContent(), fresh.getComponents());
        MessageEditData summary = press("Core", fresh.getComponents());
        ButtonInteractionEvent twice = clickOn(ADA, labelled(fresh.getComponents(), "Core"), summary.getComponents());
        MessageEditCallbackAction deferred = mock(MessageEditCallbackAction.class);
        when(twice.deferEdit()).thenReturn(deferred);
        triageRouter.onButtonInteraction(twice);
        verify(deferred).queue();
        verify(twice, never()).editMessage(any(MessageEditData.class));
        verify(twice, never()).reply(any(MessageCreateData.class));
        assertEquals(Triage.CORE, stored(plates).triage());
    }

    @Test
    void aSecondClickSentBeforeTheFirstOnesCardArrivedCountsOnceAndSaysNothingHappenedElsewhere() {
        OpenLoop bloom = parked(ADA, "bloom filters");
        parked(ADA, "plate tectonics");
        OpenLoop raft = parked(ADA, "Raft");
        MessageCreateData card = run(ADA, Commands.TRIAGE_LOOPS.name(), Map.of());
        assertCard("bloom filters", card.getContent(), card.getComponents());

        MessageEditData first = press("Core", card.getComponents());
        // Discord made the second click while the message still showed the first card: it carries that card's tally.
        MessageEditData second = press("Core", card.getComponents());

        assertEquals(first.getContent(), second.getContent(), "the same next card, with no word of 'elsewhere'");
        assertEquals(labelled(first.getComponents(), "Core").getCustomId(),
                labelled(second.getComponents(), "Core").getCustomId(), "the core counted once in the pass");
        assertEquals(Triage.CORE, stored(bloom).triage());

        // Let it go clicked twice likewise.
        MessageEditData letGo = press("Let it go", second.getComponents());
        MessageEditData again = press("Let it go", second.getComponents());
        assertEquals(letGo.getContent(), again.getContent());
        assertTrue(again.getContent().startsWith("**Raft**"), again.getContent());
        assertEquals(Triage.UNTRIAGED, stored(raft).triage());
    }

    @Test
    void aParkThatMatchesTheFocusOffersCoreAndItsButtonSetsIt() {
        app.focus().set(ADA, "implementing a Kalman filter for drone state estimation", Optional.empty(),
                FocusSource.COMMAND, null, null);
        MessageCreateData parked = run(ADA, Commands.PARK.name(), Map.of(Commands.CONCEPT, "Kalman filter"));
        assertTrue(parked.getContent().endsWith(TriageMessages.matchesFocus(
                "implementing a Kalman filter for drone state estimation")), parked.getContent());
        Button core = labelled(parked.getComponents(), "Core");
        assertEquals(ButtonStyle.SUCCESS, core.getStyle());
        OpenLoop kalman = app.loops().resolve(ADA, "Kalman filter");
        assertEquals(Triage.UNTRIAGED, kalman.triage());

        // Not Bob's to press.
        ButtonInteractionEvent bob = clickOn(BOB, core, parked.getComponents());
        ReplyCallbackAction refused = replies(bob);
        triageRouter.onButtonInteraction(bob);
        assertEquals(DiscordMessages.notYours(), privateReply(bob, refused).getContent());
        assertEquals(Triage.UNTRIAGED, stored(kalman).triage());

        MessageEditData done = press("Core", parked.getComponents());
        assertEquals("**Kalman filter** is core now.", done.getContent());
        assertTrue(done.getComponents().isEmpty(), "the offer is answered: no buttons left");
        assertEquals(Triage.CORE, stored(kalman).triage());

        // A park that matches nothing offers nothing.
        MessageCreateData unrelated = run(ADA, Commands.PARK.name(), Map.of(Commands.CONCEPT, "sourdough starter"));
        assertTrue(!unrelated.getContent().contains("candidate for core"), unrelated.getContent());
        assertTrue(unrelated.getComponents().isEmpty());
    }

    @Test
    void theParkOffersCoreOnALoopClosedMeanwhileSaysItIsNoLongerOpen() {
        app.focus().set(ADA, "implementing a Kalman filter for drone state estimation", Optional.empty(),
                FocusSource.COMMAND, null, null);
        MessageCreateData parked = run(ADA, Commands.PARK.name(), Map.of(Commands.CONCEPT, "Kalman filter"));
        OpenLoop kalman = app.loops().resolve(ADA, "Kalman filter");
        app.loops().close(ADA, kalman.id(), Outcome.LET_GO, null);

        ButtonInteractionEvent late = clickOn(ADA, labelled(parked.getComponents(), "Core"), parked.getComponents());
        ReplyCallbackAction answer = replies(late);
        triageRouter.onButtonInteraction(late);
        assertTrue(privateReply(late, answer).getContent().contains("is no longer open"));
        verify(late, never()).editMessage(any(MessageEditData.class));
        assertEquals(Triage.UNTRIAGED, stored(kalman).triage());
        assertEquals(LoopStatus.CLOSED, stored(kalman).status());
    }

    @Test
    void aClassIsSetDirectlyAndBadInputSaysWhatToTypeChangingNothing() {
        OpenLoop volcano = parked(ADA, "volcano eruptions");
        OpenLoop knitting = parked(ADA, "knitting patterns");

        MessageCreateData set = run(ADA, Commands.TRIAGE_LOOPS.name(), Map.of(Commands.LOOP,
                String.valueOf(volcano.id()), Commands.CLASS, "adjacent"));
        assertEquals("**volcano eruptions** is adjacent now.", set.getContent());
        assertTrue(set.getComponents().isEmpty());
        assertEquals(Triage.ADJACENT, stored(volcano).triage());
        // By text as well as by number; and a class can be changed.
        assertEquals("**volcano eruptions** is core now.", run(ADA, Commands.TRIAGE_LOOPS.name(),
                Map.of(Commands.LOOP, "volcano", Commands.CLASS, "core")).getContent());
        assertEquals(Triage.CORE, stored(volcano).triage());

        assertEquals(TriageMessages.unknownClass("central"), run(ADA, Commands.TRIAGE_LOOPS.name(), Map.of(
                Commands.LOOP, String.valueOf(knitting.id()), Commands.CLASS, "central")).getContent());
        // "Untriaged" is a state, not a class one sets.
        assertEquals(TriageMessages.unknownClass("untriaged"), run(ADA, Commands.TRIAGE_LOOPS.name(), Map.of(
                Commands.LOOP, String.valueOf(knitting.id()), Commands.CLASS, "untriaged")).getContent());
        assertEquals(TriageMessages.loopNeedsClass(), run(ADA, Commands.TRIAGE_LOOPS.name(), Map.of(
                Commands.LOOP, String.valueOf(knitting.id()))).getContent());
        assertEquals(TriageMessages.classNeedsLoop(), run(ADA, Commands.TRIAGE_LOOPS.name(), Map.of(
                Commands.CLASS, "core")).getContent());
        assertEquals(Triage.UNTRIAGED, stored(knitting).triage());

        // Someone else's loop number is not found, and stays as it was.
        String refused = run(BOB, Commands.TRIAGE_LOOPS.name(), Map.of(Commands.LOOP, String.valueOf(knitting.id()),
                Commands.CLASS, "core")).getContent();
        assertTrue(!refused.contains("is core now"), refused);
        assertEquals(Triage.UNTRIAGED, stored(knitting).triage());
    }
}
