package dev.loopkeeper.discord;

import static dev.loopkeeper.command.Commands.CONCEPT;
import static dev.loopkeeper.command.Commands.SCOPE;
import static dev.loopkeeper.command.Commands.WHY;

import dev.loopkeeper.command.Commands;
import dev.loopkeeper.common.InvalidInputException;
import dev.loopkeeper.help.HelpMessages;
import dev.loopkeeper.help.HintService;
import dev.loopkeeper.loop.LoopMessages;
import dev.loopkeeper.loop.LoopScope;
import dev.loopkeeper.loop.LoopService;
import dev.loopkeeper.loop.Merged;
import dev.loopkeeper.loop.OpenLoop;
import dev.loopkeeper.loop.Origin;
import dev.loopkeeper.loop.ParkRequest;
import dev.loopkeeper.loop.ParkResult;
import dev.loopkeeper.loop.PendingPark;
import dev.loopkeeper.common.UserText;
import dev.loopkeeper.triage.TriageMessages;
import dev.loopkeeper.triage.TriageService;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import net.dv8tion.jda.api.utils.messages.MessageCreateData;
import net.dv8tion.jda.api.utils.messages.MessageEditData;
import net.dv8tion.jda.api.components.actionrow.ActionRow;
import net.dv8tion.jda.api.components.buttons.Button;
import net.dv8tion.jda.api.events.interaction.command.GenericCommandInteractionEvent;
import net.dv8tion.jda.api.events.interaction.component.ButtonInteractionEvent;
import net.dv8tion.jda.api.interactions.callbacks.IReplyCallback;
import net.dv8tion.jda.api.interactions.commands.OptionMapping;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code /park concept [why] [scope]}, and the optional "Merge into #n" button offered when the new loop looks close to
 * one the person already has. The park is saved before the reply; the button only merges, so ignoring it loses
 * nothing. With {@code scope:server} the loop joins the server's shared loops, and a message for the group with a
 * <b>Me too</b> button is posted in the channel besides the private answer.
 */
public final class ParkCommand extends CommandAdapter {
    public static final String KEY = "park";
    /** {@code owner:park.merge:<new loop>:<older loop>}: everything the click needs, so it survives a restart. */
    public static final String MERGE = "merge";
    /** Buttons of the old "keep both or cancel" question, which may still sit in someone's client. */
    private static final List<String> RETIRED = List.of("keep", "cancel");
    private static final Logger log = LoggerFactory.getLogger(ParkCommand.class);

    private final LoopService loops;
    /** Parks handed to the database whose answer has not gone out yet. */
    private final AtomicInteger unanswered = new AtomicInteger();
    private final LoopMessages messages;
    private final GroupLoops group;
    /** Null when triage is not wired (some command tests): then no park offers Core. */
    private final TriageService triage;
    /** Null when hints are not wired (some command tests). */
    private final HintService hints;
    /** Where answers are built and sent once a park committed (not the writer's thread); null: on the worker. */
    private final Executor answers;

    public ParkCommand(LoopService loops, LoopMessages messages, GroupLoops group) {
        this(loops, messages, group, null);
    }

    /** With triage: a park whose concept already matches the person's active focus offers <b>Core</b>. */
    public ParkCommand(LoopService loops, LoopMessages messages, GroupLoops group, TriageService triage) {
        this(loops, messages, group, triage, null);
    }

    /** With hints too: a person's first park says how Loopkeeper works (and, once, how to get reminders anyway). */
    public ParkCommand(LoopService loops, LoopMessages messages, GroupLoops group, TriageService triage,
            HintService hints) {
        this(loops, messages, group, triage, hints, null);
    }

    /**
     * With the threads that build and send the answers once a park is committed (null: each park is answered on the
     * worker, after its near-duplicate check, as command tests that run everything on one thread expect).
     */
    public ParkCommand(LoopService loops, LoopMessages messages, GroupLoops group, TriageService triage,
            HintService hints, Executor answers) {
        super(Commands.PARK, KEY);
        this.answers = answers;
        this.loops = loops;
        this.messages = messages;
        this.group = group;
        this.triage = triage;
        this.hints = hints;
    }

    /**
     * Answered from the answer threads once committed, a park is deferred by this command itself when its answer is
     * late ({@link Replies#DEFER_AFTER} after Discord created it), not by the router when the workers are busy: a
     * worker's part of a park is short.
     */
    @Override
    public boolean mayDefer() {
        return answers == null;
    }

    @Override
    public void onCommand(GenericCommandInteractionEvent event) {
        String concept = event.getOption(CONCEPT, "", OptionMapping::getAsString);
        String why = event.getOption(WHY, OptionMapping::getAsString);
        LoopScope scope = Scopes.scope(event, event.getOption(SCOPE, OptionMapping::getAsString));
        String guildId = event.getGuild() == null ? null : event.getGuild().getId();
        Origin origin = Origin.channel(guildId, event.getChannelId());
        // A manager is held to the server lot's whole limit only, not to a member's share of it.
        boolean manages = scope.isServer() && Scopes.managesServer(event);
        parkAndAnswer(event, new ParkRequest(event.getUser().getId(), concept, why, origin, scope, manages),
                "/" + KEY);
    }

    /**
     * Parks and answers, from {@code /park} or the message menu's form. Bad input is refused here, at once; the answer
     * goes out when the park is committed (with the parks arriving meanwhile, in one commit), on the answer threads:
     * this worker is free for the next interaction. One reply, not a deferral and an edit (half the requests in a
     * burst), unless the answer is late: {@link Replies#DEFER_AFTER} after Discord created the interaction, counting
     * the time it waited for a worker (deferred at once if that is up already).
     */
    void parkAndAnswer(IReplyCallback event, ParkRequest request, String what) {
        if (answers == null) {
            respond(event, loops.park(request));
            return;
        }
        Replies.deferWhenLate(event);
        CompletableFuture<PendingPark> parking;
        unanswered.incrementAndGet();
        try {
            parking = loops.parkAsync(request);
        } catch (RuntimeException e) {
            unanswered.decrementAndGet(); // refused at once (bad input): the router answers it
            throw e;
        }
        parking.handleAsync((pending, error) -> {
            try {
                if (error != null) {
                    throw error instanceof CompletionException && error.getCause() != null ? error.getCause() : error;
                }
                answer(event, pending);
            } catch (Throwable failure) {
                InteractionRouter.fail(event, failure, what);
            } finally {
                unanswered.decrementAndGet();
            }
            return null;
        }, answers).exceptionally(refused -> {
            // Only when the answer threads turned it away: they are stopped, and so is the bot.
            unanswered.decrementAndGet();
            log.warn("A park was committed but not answered: the bot stopped first ({})", refused.toString());
            return null;
        });
    }

    /**
     * Waits, at most {@code limit}, until every park handed to the database has been answered (with the group's post
     * of a server loop): what a stopping bot does before it disconnects. Returns whether none is left.
     */
    public boolean awaitAnswered(Duration limit) {
        long deadline = System.nanoTime() + limit.toNanos();
        while (unanswered.get() > 0) {
            if (System.nanoTime() > deadline) {
                return false;
            }
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(1));
        }
        return true;
    }

    /**
     * Answers a park: with the whole answer (notice, Merge button, focus line) when its near-duplicate check came
     * before the commit, as on a quiet bot; else "Parked" at once, edited to the whole answer when the check comes, if
     * it has anything to add (the interaction's token stays valid 15 minutes).
     */
    private void answer(IReplyCallback event, PendingPark pending) {
        if (!(pending.result() instanceof ParkResult.Parked parked) || pending.closeTo().isDone()) {
            respond(event, pending.result());
            return;
        }
        String owner = event.getUser().getId();
        Optional<String> hint = parked.loop().scope().isServer() ? Optional.empty() : hint(owner);
        send(event, parked, hint, Optional.empty());
        pending.closeTo().thenAcceptAsync(late -> {
            Optional<String> focus = parked.loop().scope().isServer() ? Optional.empty()
                    : matchingFocus(parked.loop());
            if (late.isPresent() || focus.isPresent()) {
                event.getHook().editOriginal(MessageEditData.fromCreateData(
                        render(owner, withCloseTo(parked, late), hint, focus))).queue();
            }
        }, answers).exceptionally(e -> {
            if (e instanceof RejectedExecutionException || e.getCause() instanceof RejectedExecutionException) {
                // The bot is stopping (the answer threads are gone, Discord next): the loop is saved and was answered
                // "Parked"; only the notice is not added. One line per park of a burst at WARN said nothing more.
                log.debug("The bot is stopping: the near-duplicate notice of loop {} is not added", parked.loop().id());
            } else {
                log.warn("Adding the near-duplicate notice to the answer for loop {} failed: {}", parked.loop().id(),
                        e.toString());
            }
            return null;
        });
    }

    private static ParkResult.Parked withCloseTo(ParkResult.Parked parked, Optional<OpenLoop> closeTo) {
        return new ParkResult.Parked(parked.loop(), parked.openCount(), closeTo);
    }

    /**
     * Answers a park privately; a near-duplicate of one's own loop gets a "Merge into #n" button. A new server loop is
     * also posted for the group.
     */
    void respond(IReplyCallback event, ParkResult result) {
        if (result instanceof ParkResult.Parked parked && parked.loop().scope().isServer()) {
            send(event, parked, Optional.empty(), Optional.empty());
        } else if (result instanceof ParkResult.Parked parked) {
            String owner = event.getUser().getId();
            send(event, parked, hint(owner), matchingFocus(parked.loop()));
        } else if (result instanceof ParkResult.AlreadyOpen alreadyOpen) {
            Replies.ephemeral(event, messages.alreadyOpen(alreadyOpen));
        }
    }

    /** The first answer to a new loop: private; a server loop is also posted for the group. */
    private void send(IReplyCallback event, ParkResult.Parked parked, Optional<String> hint, Optional<String> focus) {
        Replies.ephemeral(event, render(event.getUser().getId(), parked, hint, focus));
        if (parked.loop().scope().isServer()) {
            group.post(event, parked.loop());
        }
    }

    /**
     * The private answer to a new loop: a near-duplicate of one's own loop gets a "Merge into #n" button, a loop that
     * matches the person's active focus a line and a <b>Core</b> button, a first park its hint.
     */
    private MessageCreateData render(String owner, ParkResult.Parked parked, Optional<String> hint,
            Optional<String> focus) {
        if (parked.loop().scope().isServer()) {
            return Replies.text(messages.parked(parked));
        }
        List<Button> buttons = new ArrayList<>();
        parked.closeTo().ifPresent(close -> buttons.add(mergeButton(owner, parked.loop(), close)));
        // The hint first: the focus line, when there is one, stays last, beside the Core button it offers.
        List<String> after = new ArrayList<>();
        hint.ifPresent(after::add);
        if (focus.isPresent()) {
            after.add(TriageMessages.matchesFocus(focus.get()));
            buttons.add(TriageCommand.parkCoreButton(owner, parked.loop()));
        }
        String text = messages.parked(parked);
        if (!after.isEmpty()) {
            String lines = String.join("\n", after);
            text = messages.parked(parked, UserText.MESSAGE_LIMIT - UserText.length(lines) - 1) + "\n" + lines;
        }
        return Replies.message(text, List.of(), buttons.isEmpty() ? List.of() : List.of(ActionRow.of(buttons)));
    }

    /** The focus the new loop already matches; a failure here must not spoil the answer to a park already saved. */
    private Optional<String> matchingFocus(OpenLoop loop) {
        if (triage == null) {
            return Optional.empty();
        }
        try {
            return triage.matchingFocus(loop);
        } catch (RuntimeException e) {
            log.warn("Matching loop {} against focus at park time failed", loop.id(), e);
            return Optional.empty();
        }
    }

    /** The one-time hints owed after a park; a failure here must not spoil the answer to a park already saved. */
    private Optional<String> hint(String owner) {
        if (hints == null) {
            return Optional.empty();
        }
        try {
            // Answered from the answer threads (a burst), a hint's mark must not hold the answer for the next commit.
            return answers == null ? hints.afterPark(owner, HelpMessages.Front.DISCORD)
                    : hints.afterParkWithoutWaiting(owner, HelpMessages.Front.DISCORD);
        } catch (RuntimeException e) {
            log.warn("Hints after a park by {} failed", owner, e);
            return Optional.empty();
        }
    }

    static Button mergeButton(String owner, OpenLoop loop, OpenLoop into) {
        return Button.primary(ComponentId.of(owner, KEY, MERGE, loop.id(), into.id()).encode(), "Merge into #" + into.id());
    }

    @Override
    public void onButton(ButtonInteractionEvent event, ComponentId id) {
        if (RETIRED.contains(id.action())) {
            Replies.update(event, Replies.edit(messages.noChoiceNeeded(), List.of(), List.of()));
            return;
        }
        long loop = id.longArg(0).orElse(-1L);
        long into = id.longArg(1).orElse(-1L);
        if (!MERGE.equals(id.action()) || loop < 0 || into < 0) {
            throw new InvalidInputException(DiscordMessages.staleComponent());
        }
        Merged merged = loops.merge(event.getUser().getId(), loop, into);
        Replies.update(event, Replies.edit(messages.merged(merged), List.of(), List.of()));
    }

    /** Every button of a park edits the answer it sits on. */
    @Override
    public LateClick lateClick(ComponentId id) {
        return LateClick.UPDATE;
    }
}
