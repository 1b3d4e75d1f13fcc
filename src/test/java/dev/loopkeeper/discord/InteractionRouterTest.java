package dev.loopkeeper.discord;

import static dev.loopkeeper.discord.MockInteractions.command;
import static dev.loopkeeper.discord.MockInteractions.replies;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyBoolean;
import static org.mockito.Mockito.RETURNS_SELF;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

import dev.loopkeeper.command.Commands;
import dev.loopkeeper.loop.LoopFilter;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicBoolean;
import net.dv8tion.jda.api.events.interaction.command.MessageContextInteractionEvent;
import net.dv8tion.jda.api.events.interaction.command.SlashCommandInteractionEvent;
import net.dv8tion.jda.api.interactions.InteractionHook;
import net.dv8tion.jda.api.requests.restaction.WebhookMessageEditAction;
import net.dv8tion.jda.api.requests.restaction.interactions.ReplyCallbackAction;
import net.dv8tion.jda.api.utils.messages.MessageEditData;
import org.junit.jupiter.api.Test;
import org.mockito.ArgumentCaptor;

class InteractionRouterTest extends CommandTestBase {

    @Test
    void whenWorkersAreBusyACommandIsDeferredAtOnceAndAnsweredByEditingThatReply() {
        AtomicBoolean busy = new AtomicBoolean(true);
        InteractionRouter busyRouter = new InteractionRouter(List.of(park, parkMessage), List.of(), Runnable::run,
                busy::get, event -> { });
        SlashCommandInteractionEvent event = command(SlashCommandInteractionEvent.class, ADA, Commands.PARK.name(), null,
                Map.of(Commands.CONCEPT, "@everyone backpressure"));
        ReplyCallbackAction deferred = mock(ReplyCallbackAction.class, RETURNS_SELF);
        when(event.deferReply(anyBoolean())).thenReturn(deferred);
        InteractionHook hook = mock(InteractionHook.class);
        @SuppressWarnings("unchecked")
        WebhookMessageEditAction<net.dv8tion.jda.api.entities.Message> edit = mock(WebhookMessageEditAction.class, RETURNS_SELF);
        when(hook.editOriginal(any(MessageEditData.class))).thenReturn(edit);
        when(event.getHook()).thenReturn(hook);
        // Once deferred, JDA reports the interaction as acknowledged.
        when(event.isAcknowledged()).thenAnswer(call -> mockingDetailsShowDefer(event));

        busyRouter.onSlashCommandInteraction(event);

        verify(event).deferReply(true);
        verify(deferred).queue();
        ArgumentCaptor<MessageEditData> answer = ArgumentCaptor.forClass(MessageEditData.class);
        verify(hook).editOriginal(answer.capture());
        verify(edit).queue();
        assertTrue(answer.getValue().getContent().startsWith("Parked **@everyone backpressure**."));
        assertTrue(answer.getValue().toData().getObject("allowed_mentions").getArray("parse").isEmpty());
        verify(event, never()).reply(any(net.dv8tion.jda.api.utils.messages.MessageCreateData.class));
    }

    @Test
    void whileTheBotStopsANewCommandIsTurnedAwayAsBusyAndChangesNothing() {
        ExecutorService stopped = Executors.newSingleThreadExecutor();
        stopped.shutdown(); // Loopkeeper.close drains the workers this way before it disconnects
        InteractionRouter stopping = new InteractionRouter(List.of(park, parkMessage), List.of(), stopped,
                () -> false, event -> { });
        SlashCommandInteractionEvent event = command(SlashCommandInteractionEvent.class, ADA, Commands.PARK.name(), null,
                Map.of(Commands.CONCEPT, "backpressure"));
        ReplyCallbackAction action = replies(event);

        stopping.onSlashCommandInteraction(event);

        assertEquals(DiscordMessages.busy(), privateReply(event, action).getContent());
        assertTrue(app.loops().list(ADA, LoopFilter.open(), 0, 10).loops().isEmpty(),
                "nothing was parked");
    }

    @Test
    void aCommandThatOpensAModalIsNeverDeferred() {
        InteractionRouter busyRouter = new InteractionRouter(List.of(park, parkMessage), List.of(), task -> { },
                () -> true, event -> { });
        MessageContextInteractionEvent menu = command(MessageContextInteractionEvent.class, ADA, Commands.PARK_MESSAGE.name(),
                null, Map.of());
        busyRouter.onMessageContextInteraction(menu);
        verify(menu, never()).deferReply(anyBoolean());
    }

    private static boolean mockingDetailsShowDefer(SlashCommandInteractionEvent event) {
        return org.mockito.Mockito.mockingDetails(event).getInvocations().stream()
                .anyMatch(call -> call.getMethod().getName().equals("deferReply"));
    }
}
