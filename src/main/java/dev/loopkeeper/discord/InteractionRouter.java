package dev.loopkeeper.discord;

import dev.loopkeeper.common.DaemonThreads;
import dev.loopkeeper.common.InvalidInputException;
import dev.loopkeeper.common.UserText;
import dev.loopkeeper.loop.LoopScope;
import dev.loopkeeper.storage.DatabaseBusyException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import net.dv8tion.jda.api.events.interaction.ModalInteractionEvent;
import net.dv8tion.jda.api.events.interaction.command.CommandAutoCompleteInteractionEvent;
import net.dv8tion.jda.api.events.interaction.command.GenericCommandInteractionEvent;
import net.dv8tion.jda.api.events.interaction.command.MessageContextInteractionEvent;
import net.dv8tion.jda.api.events.interaction.command.SlashCommandInteractionEvent;
import net.dv8tion.jda.api.events.interaction.component.ButtonInteractionEvent;
import net.dv8tion.jda.api.hooks.ListenerAdapter;
import net.dv8tion.jda.api.interactions.Interaction;
import net.dv8tion.jda.api.interactions.callbacks.IReplyCallback;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Receives interactions on JDA's gateway thread and only routes them: each is handed to the worker pool at once
 * (autocomplete to a lane of its own), and one still unanswered near Discord's deadline is acknowledged for its
 * handler by a timer thread ({@link #deferringIfSlow}; a daemon, never stopped: a deferral due after the bot stopped
 * finds JDA gone and does nothing). A button or modal is used only by the person its id names, or, for a server's shared loops, by a member
 * acting in that server. Failures end the same way everywhere: bad input gets its message, anything else is logged once
 * with a reference id and the person gets a short private apology, never silence.
 */
public final class InteractionRouter extends ListenerAdapter {
    private static final Logger log = LoggerFactory.getLogger(InteractionRouter.class);
    /** Acknowledges for handlers still running when Discord's three seconds near ({@link #deferringIfSlow}). */
    private static final ScheduledExecutorService DEFERRALS =
            Executors.newSingleThreadScheduledExecutor(DaemonThreads.named("loopkeeper-deferrals"));

    private final Map<String, BotCommand> byName = new HashMap<>();
    private final Map<String, ComponentHandler> byKey = new HashMap<>();
    private final Executor workers;
    private final Executor suggestions;
    private final Consumer<IReplyCallback> afterCommand;
    private final BooleanSupplier backlog;

    public InteractionRouter(List<BotCommand> commands, Executor workers) {
        this(commands, List.of(), workers, () -> false, event -> { });
    }

    /**
     * @param components   handlers of buttons that belong to no command (such as a reminder's)
     * @param backlog      true when a new task would wait for a worker: commands are then deferred at once, so
     *                     Discord's 3-second deadline holds even in a burst
     * @param afterCommand runs on the worker after every command, for things owed to that person (held reminders)
     */
    public InteractionRouter(List<BotCommand> commands, List<ComponentHandler> components, Executor workers,
            BooleanSupplier backlog, Consumer<IReplyCallback> afterCommand) {
        this(commands, components, workers, workers, backlog, afterCommand);
    }

    /**
     * @param suggestions where autocomplete is answered: apart from the workers, so that a person typing is not queued
     *                    behind a burst of commands (an autocomplete cannot be deferred: past Discord's three seconds
     *                    its answer is lost, and the list shows "Loading options failed")
     */
    public InteractionRouter(List<BotCommand> commands, List<ComponentHandler> components, Executor workers,
            Executor suggestions, BooleanSupplier backlog, Consumer<IReplyCallback> afterCommand) {
        this.workers = workers;
        this.suggestions = suggestions;
        this.backlog = backlog;
        this.afterCommand = afterCommand;
        for (BotCommand command : commands) {
            if (byName.put(command.definition().getName(), command) != null || byKey.put(command.key(), command) != null) {
                throw new IllegalArgumentException("Two commands share the name or key of " + command.key());
            }
        }
        for (ComponentHandler handler : components) {
            if (byKey.put(handler.key(), handler) != null) {
                throw new IllegalArgumentException("Two handlers share the key " + handler.key());
            }
        }
    }

    @Override
    public void onSlashCommandInteraction(SlashCommandInteractionEvent event) {
        command(event);
    }

    @Override
    public void onMessageContextInteraction(MessageContextInteractionEvent event) {
        command(event);
    }

    @Override
    public void onCommandAutoCompleteInteraction(CommandAutoCompleteInteractionEvent event) {
        BotCommand command = byName.get(event.getName());
        if (command == null) {
            return;
        }
        submit(suggestions, () -> {
            if (Replies.expired(event)) {
                // Waited past Discord's three seconds (a person typing fast queues one per key): no answer is taken.
                log.debug("Autocomplete for /{} came too late to answer; skipped", event.getName());
                return;
            }
            try {
                command.onAutocomplete(event);
            } catch (RuntimeException e) {
                // Autocomplete has no message to show: log it and offer nothing.
                log.error("Autocomplete for /{} failed", event.getName(), e);
                event.replyChoices().queue();
            }
        }, () -> event.replyChoices().queue());
    }

    @Override
    public void onButtonInteraction(ButtonInteractionEvent event) {
        component(event, event.getComponentId(), (command, id) -> {
            Runnable defer = switch (command.lateClick(id)) {
                case REPLY -> () -> Replies.deferIfUnanswered(event);
                case UPDATE -> () -> Replies.deferUpdateIfUnanswered(event);
                case NONE -> null;
            };
            deferringIfSlow(event, defer, () -> command.onButton(event, id));
        });
    }

    @Override
    public void onModalInteraction(ModalInteractionEvent event) {
        // A modal's answer is a reply, never another modal.
        component(event, event.getModalId(), (command, id) -> deferringIfSlow(event,
                () -> Replies.deferIfUnanswered(event), () -> command.onModal(event, id)));
    }

    /**
     * Runs a handler, acknowledging for it with {@code defer} if it is still running when the interaction is due to be
     * deferred ({@link Replies#untilDeferral}; at once when it waited that long for a worker): a slow handler's answer
     * then edits the acknowledgement, where without it Discord shows "This interaction failed" for a change already
     * made, and the person clicks again. A handler that answers in time cancels it. {@code defer} null: never (the
     * answer may be a modal, which must come first).
     */
    private static void deferringIfSlow(Interaction event, Runnable defer, Runnable handler) {
        if (defer == null) {
            handler.run();
            return;
        }
        long delay = Replies.untilDeferral(event).toMillis();
        if (delay <= 0) {
            defer.run();
            handler.run();
            return;
        }
        ScheduledFuture<?> pending = DEFERRALS.schedule(defer, delay, TimeUnit.MILLISECONDS);
        try {
            handler.run();
        } finally {
            pending.cancel(false);
        }
    }

    private void command(GenericCommandInteractionEvent event) {
        BotCommand command = byName.get(event.getName());
        if (command == null) {
            Replies.ephemeral(event, DiscordMessages.unknownCommand());
            return;
        }
        if (command.mayDefer() && backlog.getAsBoolean()) {
            // Queued behind other work: acknowledge now (ephemeral "thinking"), answer by editing it later.
            event.deferReply(true).queue();
        }
        // Waited for a worker until Discord's deadline is near (the backlog was not seen, or it grew since), or slow.
        handle(event, () -> deferringIfSlow(event, command.mayDefer() ? () -> Replies.deferIfUnanswered(event) : null,
                () -> command.onCommand(event)), "/" + event.getName(), afterCommand);
    }

    private void component(IReplyCallback event, String customId, ComponentCall call) {
        Optional<ComponentId> parsed = ComponentId.parse(customId);
        ComponentHandler command = parsed.map(id -> byKey.get(id.command())).orElse(null);
        if (command == null) {
            Replies.ephemeral(event, DiscordMessages.staleComponent());
            return;
        }
        ComponentId id = parsed.get();
        Optional<LoopScope> owner = LoopScope.ofOwnerKey(id.ownerId());
        if (owner.isEmpty()) {
            Replies.ephemeral(event, DiscordMessages.staleComponent());
            return;
        }
        if (!Scopes.mayUse(owner.get(), event)) {
            Replies.ephemeral(event, owner.get().isServer() ? DiscordMessages.notThisServer() : DiscordMessages.notYours());
            return;
        }
        handle(event, () -> call.handle(command, id), id.command() + "." + id.action(), e -> { });
    }

    private void handle(IReplyCallback event, Runnable work, String what, Consumer<IReplyCallback> after) {
        submit(workers, () -> {
            try {
                work.run();
            } catch (RuntimeException e) {
                // A refusal is a refusal still: the database and Discord are up while the workers drain.
                if (stopping() && !(e instanceof InvalidInputException)) {
                    cutOff(event, e, what);
                } else {
                    fail(event, e, what);
                }
            }
            try {
                after.accept(event);
            } catch (RuntimeException e) {
                if (stopping()) {
                    log.debug("After {} for user {}: cut off by the stop", what, event.getUser().getId(), e);
                } else {
                    log.error("After {} for user {} failed", what, event.getUser().getId(), e);
                }
            }
        }, () -> Replies.ephemeral(event, DiscordMessages.busy()));
    }

    /** The bot is stopping: the workers take no new work, and what runs still may find Discord or the database gone. */
    private boolean stopping() {
        return workers instanceof ExecutorService pool && pool.isShutdown();
    }

    /**
     * A command that failed while the bot stops (a worker still waiting on Discord when the database closed, or Discord
     * gone when it answered): what it had committed stays (everything is committed before it is confirmed), so this is
     * one line, its trace at debug, not an error with a reference, and an apology goes out only while Discord can still
     * take it. Before, the stop logged it as a failure with its trace, then the apology's refusal escaped the worker as
     * an uncaught exception. (A failure of another cause in the few seconds the workers drain is logged so too.)
     */
    private static void cutOff(IReplyCallback event, RuntimeException error, String what) {
        log.warn("{} for user {} was cut off by the bot's stop: {}", what, event.getUser().getId(), error.toString());
        log.debug("{} cut off by the stop", what, error);
        try {
            Replies.ephemeral(event, DiscordMessages.stopped());
        } catch (RejectedExecutionException gone) {
            log.debug("Discord had already disconnected: {} for user {} stays unanswered", what,
                    event.getUser().getId());
        }
    }

    /**
     * How every failure of an interaction ends, here or in work a command finishes later (a park answered once
     * committed): bad input gets its message; anything else is logged once with a reference id, and the person gets a
     * short private apology.
     */
    static void fail(IReplyCallback event, Throwable error, String what) {
        if (error instanceof InvalidInputException e) {
            String refusal = e.getMessage();
            if (UserText.length(refusal) > UserText.MESSAGE_LIMIT) {
                // A refusal quotes what was typed or sent; one that quoted too much must still reach the person (JDA
                // refused it locally, and the interaction was left "thinking" with nothing logged).
                log.warn("A refusal of {} for user {} was {} characters; shortened to fit a message", what,
                        event.getUser().getId(), UserText.length(refusal));
                refusal = UserText.shorten(refusal, UserText.MESSAGE_LIMIT);
            }
            Replies.ephemeral(event, refusal);
            return;
        }
        Optional<DatabaseBusyException> busy = DatabaseBusyException.in(error);
        if (busy.isPresent()) {
            log.warn("{} for user {} gave up on the database after {} ms of another program's lock", what,
                    event.getUser().getId(), busy.get().waited().toMillis());
            Replies.ephemeral(event, DiscordMessages.databaseBusy(Math.max(1, busy.get().waited().toSeconds())));
            return;
        }
        String reference = Long.toString(ThreadLocalRandom.current().nextLong(36L * 36 * 36 * 36 * 36 * 36), 36);
        log.error("{} failed for user {} (reference {})", what, event.getUser().getId(), reference, error);
        Replies.ephemeral(event, DiscordMessages.apology(reference));
    }

    private static void submit(Executor executor, Runnable work, Runnable whenFull) {
        try {
            executor.execute(work);
        } catch (RejectedExecutionException e) {
            boolean stopping = executor instanceof ExecutorService pool && pool.isShutdown();
            log.warn(stopping ? "The bot is stopping; turning an interaction away"
                    : "Queue full (workers, or the autocomplete lane); turning an interaction away");
            whenFull.run();
        }
    }

    @FunctionalInterface
    private interface ComponentCall {
        void handle(ComponentHandler handler, ComponentId id);
    }
}
