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
import dev.loopkeeper.loop.LoopStatus;
import dev.loopkeeper.loop.OpenLoop;
import dev.loopkeeper.loop.Origin;
import dev.loopkeeper.loop.ParkRequest;
import dev.loopkeeper.loop.ParkResult;
import dev.loopkeeper.loop.Phase;
import dev.loopkeeper.loop.PhaseChange;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import net.dv8tion.jda.api.components.buttons.Button;
import net.dv8tion.jda.api.events.interaction.ModalInteractionEvent;
import net.dv8tion.jda.api.events.interaction.command.SlashCommandInteractionEvent;
import net.dv8tion.jda.api.events.interaction.component.ButtonInteractionEvent;
import net.dv8tion.jda.api.interactions.callbacks.IModalCallback;
import net.dv8tion.jda.api.interactions.modals.ModalMapping;
import net.dv8tion.jda.api.modals.Modal;
import net.dv8tion.jda.api.requests.restaction.interactions.ModalCallbackAction;
import net.dv8tion.jda.api.requests.restaction.interactions.ReplyCallbackAction;
import net.dv8tion.jda.api.utils.data.DataObject;
import net.dv8tion.jda.api.utils.messages.MessageCreateData;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.mockito.ArgumentCaptor;

/** {@code /open}, {@code /progress} and the phase buttons and form, through the real router with mocked JDA events. */
class ProgressCommandTest extends CommandTestBase {
    private InteractionRouter phases;
    private long kalman;

    @BeforeEach
    void withPhaseCommands() {
        phases = new InteractionRouter(List.of(new OpenCommand(app.loops(), loopMessages),
                new ProgressCommand(app.loops(), loopMessages)), Runnable::run);
        kalman = ((ParkResult.Parked) app.loops().park(new ParkRequest(ADA, "Kalman filter", null, Origin.none())))
                .loop().id();
    }

    private MessageCreateData slash(String user, String name, Map<String, String> options) {
        SlashCommandInteractionEvent event = command(SlashCommandInteractionEvent.class, user, name, null, options);
        ReplyCallbackAction action = replies(event);
        phases.onSlashCommandInteraction(event);
        return privateReply(event, action);
    }

    private MessageCreateData click(String user, String customId) {
        ButtonInteractionEvent event = ParkCommandTest.click(user, customId);
        ReplyCallbackAction action = replies(event);
        phases.onButtonInteraction(event);
        return privateReply(event, action);
    }

    private static Modal modalFrom(IModalCallback event) {
        ArgumentCaptor<Modal> modal = ArgumentCaptor.forClass(Modal.class);
        verify(event).replyModal(modal.capture());
        return modal.getValue();
    }

    private static List<Button> buttons(MessageCreateData reply) {
        return reply.getComponents().stream().flatMap(c -> c.asActionRow().getButtons().stream()).toList();
    }

    private List<Phase> history() {
        return app.loops().phaseState(ADA, kalman).orElseThrow().history().stream().map(PhaseChange::phase).toList();
    }

    @Test
    void openAnswersWithThePhaseButtonsAndEachMovesTheLoopOn() {
        MessageCreateData opened = slash(ADA, Commands.OPEN.name(), Map.of(Commands.LOOP, String.valueOf(kalman)));
        assertTrue(opened.getContent().startsWith("**Kalman filter** is active now. Start with the abstraction"),
                opened.getContent());
        List<Button> offered = buttons(opened);
        assertEquals(List.of("I built something with it", "I stepped back"), offered.stream().map(Button::getLabel).toList());
        assertEquals(Phase.ABSTRACTION, app.loops().resolve(ADA, "kalman").phase());

        // "I built something with it" asks what, in a form; the form's answer is recorded with the phase.
        ButtonInteractionEvent built = ParkCommandTest.click(ADA, offered.get(0).getCustomId());
        ModalCallbackAction modalAction = mock(ModalCallbackAction.class, RETURNS_SELF);
        when(built.replyModal(any(Modal.class))).thenReturn(modalAction);
        phases.onButtonInteraction(built);
        Modal form = modalFrom(built);
        verify(modalAction).queue();
        DataObject formData = form.toData();
        assertEquals("I built something with it", formData.getString("title"));
        DataObject input = formData.getArray("components").getObject(0).getObject("component");
        assertEquals(Commands.BUILT, input.getString("custom_id"));
        assertTrue(!input.getBoolean("required", true), "what was built is optional");

        clock.advance(Duration.ofDays(2));
        ModalInteractionEvent submit = mock(ModalInteractionEvent.class);
        var ada = user(ADA);
        when(submit.getUser()).thenReturn(ada);
        when(submit.getModalId()).thenReturn(form.getId());
        ModalMapping answer = mock(ModalMapping.class);
        when(answer.getAsString()).thenReturn("a 50-line tracker for my drone");
        when(submit.getValue(Commands.BUILT)).thenReturn(answer);
        ReplyCallbackAction submitAction = replies(submit);
        phases.onModalInteraction(submit);
        MessageCreateData recorded = privateReply(submit, submitAction);
        assertTrue(recorded.getContent().startsWith("**Kalman filter** is in instantiation now: you built something "
                + "with it: a 50-line tracker for my drone."), recorded.getContent());
        assertEquals(List.of("I stepped back", "I built something else"),
                buttons(recorded).stream().map(Button::getLabel).toList());
        PhaseChange change = app.loops().phaseState(ADA, kalman).orElseThrow().history().get(1);
        assertEquals("a 50-line tracker for my drone", change.note());
        assertEquals(clock.instant(), change.at());

        MessageCreateData back = click(ADA, buttons(recorded).get(0).getCustomId());
        assertTrue(back.getContent().startsWith("**Kalman filter** is in re-abstraction now: you stepped back."),
                back.getContent());
        assertEquals(List.of("I built something with it"), buttons(back).stream().map(Button::getLabel).toList());
        assertEquals(List.of(Phase.ABSTRACTION, Phase.INSTANTIATION, Phase.RE_ABSTRACTION), history());

        MessageCreateData again = slash(ADA, Commands.OPEN.name(), Map.of(Commands.LOOP, "kalman"));
        assertTrue(again.getContent().startsWith("**Kalman filter** is already active, in re-abstraction since <t:"),
                again.getContent());
    }

    @Test
    void progressTakesWhatWasBuiltAsAnOptionOrAsksWithAForm() {
        MessageCreateData direct = slash(ADA, Commands.PROGRESS.name(), Map.of(Commands.LOOP, "kalman",
                Commands.PHASE, "instantiation", Commands.BUILT, "a tracker"));
        assertTrue(direct.getContent().startsWith("**Kalman filter** is active now, in instantiation: you built "
                + "something with it: a tracker."), direct.getContent());
        assertEquals(LoopStatus.ACTIVE, app.loops().resolve(ADA, "kalman").status());

        SlashCommandInteractionEvent ask = command(SlashCommandInteractionEvent.class, ADA, Commands.PROGRESS.name(), null,
                Map.of(Commands.LOOP, String.valueOf(kalman), Commands.PHASE, "instantiation"));
        ModalCallbackAction modalAction = mock(ModalCallbackAction.class, RETURNS_SELF);
        when(ask.replyModal(any(Modal.class))).thenReturn(modalAction);
        phases.onSlashCommandInteraction(ask);
        Modal form = modalFrom(ask);
        verify(ask, never()).reply(any(MessageCreateData.class));
        assertTrue(form.getId().length() <= ComponentId.MAX_LENGTH);
        assertEquals(1, history().size(), "nothing is recorded until the form is sent");

        MessageCreateData back = slash(ADA, Commands.PROGRESS.name(), Map.of(Commands.LOOP, "kalman",
                Commands.PHASE, "re-abstraction"));
        assertTrue(back.getContent().contains("is in re-abstraction now"), back.getContent());
        MessageCreateData same = slash(ADA, Commands.PROGRESS.name(), Map.of(Commands.LOOP, "kalman",
                Commands.PHASE, "re-abstraction"));
        assertTrue(same.getContent().endsWith("Nothing changed."), same.getContent());
        assertEquals(List.of(Phase.INSTANTIATION, Phase.RE_ABSTRACTION), history());
    }

    @Test
    void badInputAndOtherPeoplesLoopsAreRefusedPrivately() {
        MessageCreateData unknown = slash(ADA, Commands.PROGRESS.name(), Map.of(Commands.LOOP, "kalman",
                Commands.PHASE, "enlightenment"));
        assertEquals("Unknown phase 'enlightenment'. Use instantiation or re-abstraction.", unknown.getContent());
        MessageCreateData tooLong = slash(ADA, Commands.PROGRESS.name(), Map.of(Commands.LOOP, "kalman",
                Commands.PHASE, "instantiation", Commands.BUILT, "x".repeat(301)));
        assertTrue(tooLong.getContent().startsWith("What you built is 301 characters"), tooLong.getContent());
        assertEquals(null, app.loops().resolve(ADA, "kalman").phase(), "nothing was changed");

        MessageCreateData notBobs = slash(BOB, Commands.PROGRESS.name(), Map.of(Commands.LOOP, String.valueOf(kalman),
                Commands.PHASE, "re-abstraction"));
        // Not found; Bob, who has no open loop, is told to park one.
        assertEquals("You have no open loops. Park one with /park concept:<text>.", notBobs.getContent());

        // A crafted button naming Ada's loop, clicked by Bob, is refused by the router before anything runs.
        String adas = ComponentId.of(ADA, ProgressCommand.KEY, ProgressCommand.STEPPED_BACK, kalman).encode();
        assertTrue(click(BOB, adas).getContent().startsWith("That belongs to someone else's view."));
        // Bob's own id naming Ada's loop finds nothing among his.
        String crafted = ComponentId.of(BOB, ProgressCommand.KEY, ProgressCommand.STEPPED_BACK, kalman).encode();
        assertTrue(click(BOB, crafted).getContent().startsWith("I can't find that among your open loops."));
        OpenLoop untouched = app.loops().resolve(ADA, "kalman");
        assertEquals(LoopStatus.OPEN, untouched.status());
    }
}
