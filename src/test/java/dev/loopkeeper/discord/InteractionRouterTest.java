package dev.loopkeeper.discord;

import static dev.loopkeeper.discord.MockInteractions.command;
import static dev.loopkeeper.discord.MockInteractions.replies;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyBoolean;
import static org.mockito.ArgumentMatchers.anyCollection;
import static org.mockito.Mockito.RETURNS_SELF;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

import dev.loopkeeper.command.Commands;
import dev.loopkeeper.common.InvalidInputException;
import dev.loopkeeper.storage.DatabaseBusyException;
import dev.loopkeeper.common.UserText;
import dev.loopkeeper.loop.LoopFilter;
import dev.loopkeeper.loop.OpenLoop;
import dev.loopkeeper.loop.Origin;
import dev.loopkeeper.loop.ParkRequest;
import dev.loopkeeper.loop.ParkResult;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicBoolean;
import net.dv8tion.jda.api.entities.User;
import net.dv8tion.jda.api.events.interaction.ModalInteractionEvent;
import net.dv8tion.jda.api.events.interaction.command.CommandAutoCompleteInteractionEvent;
import net.dv8tion.jda.api.events.interaction.command.MessageContextInteractionEvent;
import net.dv8tion.jda.api.events.interaction.command.SlashCommandInteractionEvent;
import net.dv8tion.jda.api.events.interaction.component.ButtonInteractionEvent;
import net.dv8tion.jda.api.interactions.Interaction;
import net.dv8tion.jda.api.interactions.InteractionHook;
import net.dv8tion.jda.api.interactions.callbacks.IReplyCallback;
import net.dv8tion.jda.api.interactions.commands.Command;
import net.dv8tion.jda.api.interactions.modals.ModalMapping;
import net.dv8tion.jda.api.modals.Modal;
import net.dv8tion.jda.api.requests.restaction.WebhookMessageCreateAction;
import net.dv8tion.jda.api.requests.restaction.WebhookMessageEditAction;
import net.dv8tion.jda.api.requests.restaction.interactions.MessageEditCallbackAction;
import net.dv8tion.jda.api.requests.restaction.interactions.ModalCallbackAction;
import net.dv8tion.jda.api.requests.restaction.interactions.ReplyCallbackAction;
import net.dv8tion.jda.api.utils.messages.MessageCreateData;
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
    void aRefusalLongerThanAMessageIsShortenedToOneRatherThanLeftUnanswered() {
        SlashCommandInteractionEvent event = command(SlashCommandInteractionEvent.class, ADA, Commands.PARK.name(), null,
                Map.of());
        ReplyCallbackAction action = replies(event);

        InteractionRouter.fail(event, new InvalidInputException("A field quoted whole: " + "x".repeat(3000)), "/import");

        String said = privateReply(event, action).getContent();
        assertTrue(said.startsWith("A field quoted whole: x") && said.endsWith("…"), said);
        assertTrue(UserText.length(said) <= UserText.MESSAGE_LIMIT, "JDA refuses more, and nothing answered: " + said);
    }

    @Test
    void aWriteAnotherProgramKeptWaitingIsAnsweredAsSuchNotAsAFaultWithAReference() {
        SlashCommandInteractionEvent event = command(SlashCommandInteractionEvent.class, ADA, Commands.PARK.name(), null,
                Map.of());
        ReplyCallbackAction action = replies(event);
        // As a group commit hands it on: wrapped.
        RuntimeException failure = new java.util.concurrent.CompletionException(new DatabaseBusyException(
                java.time.Duration.ofSeconds(10), new java.sql.SQLException("[SQLITE_BUSY] The database file is locked")));

        InteractionRouter.fail(event, failure, "/park");

        assertEquals("The bot's database was kept busy by another program for 10 s, so I could not finish that. "
                + "Anything I confirmed to you is saved; try again in a moment.", privateReply(event, action).getContent());
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

    @Test
    void autocompleteIsAnsweredBesideBusyWorkersAndSkippedOnceDiscordNoLongerTakesAnAnswer() {
        OpenLoop mine = ((ParkResult.Parked) app.loops().park(new ParkRequest(ADA, "automatic differentiation", null,
                Origin.none()))).loop();
        CloseCommand close = new CloseCommand(app.loops(), loopMessages);
        // Workers that never get to a task (a burst of commands ahead), and a lane of its own for autocomplete.
        InteractionRouter router = new InteractionRouter(List.of(close), List.of(), task -> { }, Runnable::run,
                () -> true, event -> { });
        CommandAutoCompleteInteractionEvent typing = MockInteractions.autocomplete(ADA, Commands.CLOSE.name(), "auto");

        router.onCommandAutoCompleteInteraction(typing);

        assertEquals(List.of(new Command.Choice("automatic differentiation", String.valueOf(mine.id()))),
                MockInteractions.choices(typing));

        CommandAutoCompleteInteractionEvent stale = MockInteractions.autocomplete(ADA, Commands.CLOSE.name(), "auto");
        when(stale.getTimeCreated()).thenReturn(OffsetDateTime.now().minus(Duration.ofMillis(3_200)));
        router.onCommandAutoCompleteInteraction(stale);
        verify(stale, never()).replyChoices(anyCollection());
        verify(stale, never()).getFocusedOption(); // nothing was looked up for it
    }

    /** Discord created the interaction 2.5 s ago: it waited in the queue, and its 3 seconds are nearly gone. */
    private static void late(Interaction event) {
        when(event.getTimeCreated()).thenReturn(OffsetDateTime.now().minus(Duration.ofMillis(2_500)));
    }

    /** Lets the interaction be deferred either way; once deferred, JDA reports it acknowledged and edits via the hook. */
    @SuppressWarnings("unchecked")
    private static InteractionHook deferrable(IReplyCallback event) {
        AtomicBoolean acknowledged = new AtomicBoolean();
        when(event.isAcknowledged()).thenAnswer(call -> acknowledged.get());
        ReplyCallbackAction deferral = mock(ReplyCallbackAction.class, RETURNS_SELF);
        when(event.deferReply(anyBoolean())).thenAnswer(call -> {
            acknowledged.set(true);
            return deferral;
        });
        if (event instanceof ButtonInteractionEvent click) {
            MessageEditCallbackAction update = mock(MessageEditCallbackAction.class, RETURNS_SELF);
            when(click.deferEdit()).thenAnswer(call -> {
                acknowledged.set(true);
                return update;
            });
        }
        InteractionHook hook = mock(InteractionHook.class);
        when(hook.editOriginal(any(MessageEditData.class))).thenReturn(mock(WebhookMessageEditAction.class, RETURNS_SELF));
        when(hook.sendMessage(any(MessageCreateData.class)))
                .thenReturn(mock(WebhookMessageCreateAction.class, RETURNS_SELF));
        when(event.getHook()).thenReturn(hook);
        return hook;
    }

    private static String edited(InteractionHook hook) {
        ArgumentCaptor<MessageEditData> edit = ArgumentCaptor.forClass(MessageEditData.class);
        verify(hook).editOriginal(edit.capture());
        return edit.getValue().getContent();
    }

    @Test
    void aParkThatWaitedInTheQueueIsDeferredAtOnceNotTwoSecondsAfterAWorkerTookIt() throws Exception {
        CountDownLatch held = new CountDownLatch(1);
        ExecutorService answers = busyAnswerThread(held); // the answer thread is busy: the park's answer waits behind
        try {
            ParkCommand parking = new ParkCommand(app.loops(), loopMessages, group, app.triage(), app.hints(), answers);
            InteractionRouter production = new InteractionRouter(List.of(parking), List.of(), Runnable::run,
                    () -> false, event -> { });
            SlashCommandInteractionEvent event = command(SlashCommandInteractionEvent.class, ADA, Commands.PARK.name(),
                    null, Map.of(Commands.CONCEPT, "Raft"));
            late(event);
            InteractionHook hook = deferrable(event);

            production.onSlashCommandInteraction(event);

            verify(event).deferReply(true); // by the worker, before the park's answer could go out
            held.countDown();
            assertTrue(parking.awaitAnswered(Duration.ofSeconds(5)));
            assertTrue(edited(hook).startsWith("Parked **Raft**."));
            verify(event, never()).reply(any(MessageCreateData.class));
        } finally {
            answers.shutdownNow();
        }
    }

    @Test
    void aCommandOrAFormThatWaitedInTheQueueIsDeferredBeforeItRuns() {
        SlashCommandInteractionEvent loops = command(SlashCommandInteractionEvent.class, ADA, Commands.LOOPS.name(),
                null, Map.of());
        late(loops);
        InteractionHook loopsHook = deferrable(loops);
        router.onSlashCommandInteraction(loops);
        verify(loops).deferReply(true);
        verify(loopsHook).editOriginal(any(MessageEditData.class));
        verify(loops, never()).reply(any(MessageCreateData.class));

        ModalInteractionEvent form = mock(ModalInteractionEvent.class);
        User ada = MockInteractions.user(ADA);
        when(form.getUser()).thenReturn(ada);
        when(form.getChannelId()).thenReturn(MockInteractions.CHANNEL); // as Discord sends with a submit
        when(form.getModalId()).thenReturn(ComponentId.of(ADA, ParkMessageCommand.KEY, ParkMessageCommand.SAVE, "@me",
                MockInteractions.CHANNEL, "900000000000000050").encode());
        ModalMapping concept = mock(ModalMapping.class);
        when(concept.getAsString()).thenReturn("Bloom filters");
        when(form.getValue(ParkMessageCommand.CONCEPT)).thenReturn(concept);
        late(form);
        InteractionHook formHook = deferrable(form);
        router.onModalInteraction(form);
        verify(form).deferReply(true);
        assertTrue(edited(formHook).startsWith("Parked **Bloom filters**."));
    }

    @Test
    void aClickThatWaitedInTheQueueIsDeferredAsItsHandlerAnswers() {
        app.loops().park(new ParkRequest(ADA, "attention heads", null, Origin.none()));
        app.loops().park(new ParkRequest(ADA, "attention head", null, Origin.none()));
        List<OpenLoop> open = app.loops().list(ADA, LoopFilter.open(), 0, 10).loops();
        String merge = ComponentId.of(ADA, ParkCommand.KEY, ParkCommand.MERGE, open.get(0).id(), open.get(1).id())
                .encode();

        // Merge edits the answer it sits on: deferred as an update, then edited through the hook.
        ButtonInteractionEvent click = ParkCommandTest.click(ADA, merge);
        late(click);
        InteractionHook hook = deferrable(click);
        router.onButtonInteraction(click);
        verify(click).deferEdit();
        assertTrue(edited(hook).startsWith("Merged **attention head**"));
        verify(click, never()).editMessage(any(MessageEditData.class));

        // Clicked again: the refusal is a private followup, and the message clicked stays as it is.
        ButtonInteractionEvent again = ParkCommandTest.click(ADA, merge);
        late(again);
        InteractionHook againHook = deferrable(again);
        router.onButtonInteraction(again);
        verify(again).deferEdit();
        verify(againHook, never()).editOriginal(any(MessageEditData.class));
        ArgumentCaptor<MessageCreateData> followup = ArgumentCaptor.forClass(MessageCreateData.class);
        verify(againHook).sendMessage(followup.capture());
        assertTrue(followup.getValue().getContent().startsWith("Loop #" + open.get(0).id() + " is no longer open"),
                followup.getValue().getContent());

        // A button whose answer is a form is never deferred: the form must be Discord's first answer.
        InteractionRouter phases = new InteractionRouter(List.of(new ProgressCommand(app.loops(), loopMessages)),
                Runnable::run);
        ButtonInteractionEvent built = ParkCommandTest.click(ADA, ComponentId.of(ADA, ProgressCommand.KEY,
                ProgressCommand.BUILT_IT, open.get(1).id()).encode());
        late(built);
        deferrable(built);
        when(built.replyModal(any(Modal.class))).thenReturn(mock(ModalCallbackAction.class));
        phases.onButtonInteraction(built);
        verify(built).replyModal(any(Modal.class));
        verify(built, never()).deferReply(anyBoolean());
        verify(built, never()).deferEdit();
    }

    @Test
    void aClickWhoseHandlerIsStillRunningNearDiscordsDeadlineIsDeferredAndItsAnswerEditsTheMessageLater() {
        CountDownLatch deferred = new CountDownLatch(1);
        ComponentHandler slow = editingHandler("slow", event -> {
            try { // a slow write: the deferral goes out meanwhile
                assertTrue(deferred.await(5, java.util.concurrent.TimeUnit.SECONDS), "deferred while running");
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
            Replies.update(event, Replies.edit("done", List.of(), List.of()));
        });
        InteractionRouter router = new InteractionRouter(List.of(), List.of(slow), Runnable::run, () -> false,
                event -> { });
        ButtonInteractionEvent click = ParkCommandTest.click(ADA, ComponentId.of(ADA, "slow", "go").encode());
        when(click.getTimeCreated()).thenReturn(OffsetDateTime.now().minus(Duration.ofMillis(1_800)));
        MessageEditCallbackAction deferral = mock(MessageEditCallbackAction.class);
        when(click.deferEdit()).thenAnswer(call -> {
            deferred.countDown();
            return deferral;
        });
        when(click.isAcknowledged()).thenAnswer(call -> org.mockito.Mockito.mockingDetails(click).getInvocations()
                .stream().anyMatch(c -> c.getMethod().getName().equals("deferEdit")));
        InteractionHook hook = mock(InteractionHook.class);
        @SuppressWarnings("unchecked")
        WebhookMessageEditAction<net.dv8tion.jda.api.entities.Message> edit = mock(WebhookMessageEditAction.class);
        when(hook.editOriginal(any(MessageEditData.class))).thenReturn(edit);
        when(click.getHook()).thenReturn(hook);

        router.onButtonInteraction(click);

        verify(deferral).queue();
        verify(edit).queue();
        verify(click, never()).editMessage(any(MessageEditData.class));

        // A handler that answers in time is never deferred, even once its deadline has passed.
        ComponentHandler fast = editingHandler("fast",
                event -> Replies.update(event, Replies.edit("done", List.of(), List.of())));
        ButtonInteractionEvent quick = ParkCommandTest.click(ADA, ComponentId.of(ADA, "fast", "go").encode());
        when(quick.getTimeCreated()).thenReturn(OffsetDateTime.now().minus(Duration.ofMillis(1_700)));
        MessageEditCallbackAction answered = mock(MessageEditCallbackAction.class);
        when(quick.editMessage(any(MessageEditData.class))).thenReturn(answered);
        new InteractionRouter(List.of(), List.of(fast), Runnable::run, () -> false, event -> { })
                .onButtonInteraction(quick);
        java.util.concurrent.locks.LockSupport.parkNanos(Duration.ofMillis(600).toNanos()); // past its deferral's time
        verify(answered).queue();
        verify(quick, never()).deferEdit();
    }

    /** A handler of this key whose buttons edit the message they sit on, doing {@code onButton}. */
    private static ComponentHandler editingHandler(String key, java.util.function.Consumer<ButtonInteractionEvent> onButton) {
        return new ComponentHandler() {
            @Override
            public String key() {
                return key;
            }

            @Override
            public LateClick lateClick(ComponentId id) {
                return LateClick.UPDATE;
            }

            @Override
            public void onButton(ButtonInteractionEvent event, ComponentId id) {
                onButton.accept(event);
            }
        };
    }

    private static boolean mockingDetailsShowDefer(SlashCommandInteractionEvent event) {
        return org.mockito.Mockito.mockingDetails(event).getInvocations().stream()
                .anyMatch(call -> call.getMethod().getName().equals("deferReply"));
    }

    /**
     * While the bot stops its workers drain (the database and Discord still up): a refusal then is still the refusal,
     * and only another failure is answered as cut off by the stop.
     */
    @Test
    void whileTheWorkersDrainARefusalIsStillTheRefusalAndOtherFailuresSayTheBotIsStopping() throws Exception {
        for (RuntimeException thrown : List.of(
                new dev.loopkeeper.common.InvalidInputException("The concept is 250 characters; keep it to 200."),
                new IllegalStateException("the database was closed"))) {
            java.util.concurrent.CountDownLatch started = new java.util.concurrent.CountDownLatch(1);
            java.util.concurrent.CountDownLatch go = new java.util.concurrent.CountDownLatch(1);
            BotCommand slow = new CommandAdapter(Commands.HELP) {
                @Override
                public void onCommand(net.dv8tion.jda.api.events.interaction.command.GenericCommandInteractionEvent e) {
                    started.countDown();
                    try {
                        go.await();
                    } catch (InterruptedException interrupted) {
                        Thread.currentThread().interrupt();
                    }
                    throw thrown;
                }
            };
            java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newSingleThreadExecutor();
            InteractionRouter stopping = new InteractionRouter(List.of(slow), List.of(), pool, () -> false, e -> { });
            SlashCommandInteractionEvent event = command(SlashCommandInteractionEvent.class, ADA, Commands.HELP.name(),
                    null, Map.of());
            ReplyCallbackAction action = replies(event);
            stopping.onSlashCommandInteraction(event);
            assertTrue(started.await(5, java.util.concurrent.TimeUnit.SECONDS));
            pool.shutdown(); // the stop begins: no new work, what runs finishes
            go.countDown();
            assertTrue(pool.awaitTermination(5, java.util.concurrent.TimeUnit.SECONDS));
            String said = privateReply(event, action).getContent();
            assertEquals(thrown instanceof dev.loopkeeper.common.InvalidInputException ? thrown.getMessage()
                    : DiscordMessages.stopped(), said);
        }
    }
}
