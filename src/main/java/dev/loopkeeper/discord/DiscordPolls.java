package dev.loopkeeper.discord;

import dev.loopkeeper.common.DaemonThreads;
import dev.loopkeeper.common.InvalidInputException;
import dev.loopkeeper.loop.LoopScope;
import dev.loopkeeper.loop.LoopService;
import dev.loopkeeper.loop.LoopStore.LoopName;
import dev.loopkeeper.poll.PollAnswer;
import dev.loopkeeper.poll.PollMessages;
import dev.loopkeeper.poll.PollRules;
import dev.loopkeeper.poll.PollService;
import dev.loopkeeper.poll.PollVotes;
import dev.loopkeeper.poll.TriagePoll;
import java.time.Duration;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Predicate;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import net.dv8tion.jda.api.entities.Guild;
import net.dv8tion.jda.api.entities.ISnowflake;
import net.dv8tion.jda.api.entities.Member;
import net.dv8tion.jda.api.entities.Message;
import net.dv8tion.jda.api.entities.MessageReference;
import net.dv8tion.jda.api.entities.MessageType;
import net.dv8tion.jda.api.entities.channel.attribute.IThreadContainer;
import net.dv8tion.jda.api.entities.channel.concrete.ThreadChannel;
import net.dv8tion.jda.api.entities.channel.middleman.GuildMessageChannel;
import net.dv8tion.jda.api.entities.messages.MessagePoll;
import net.dv8tion.jda.api.events.channel.ChannelDeleteEvent;
import net.dv8tion.jda.api.events.interaction.command.CommandAutoCompleteInteractionEvent;
import net.dv8tion.jda.api.events.interaction.command.GenericCommandInteractionEvent;
import net.dv8tion.jda.api.events.message.MessageDeleteEvent;
import net.dv8tion.jda.api.events.message.MessageReceivedEvent;
import net.dv8tion.jda.api.events.message.MessageUpdateEvent;
import net.dv8tion.jda.api.exceptions.ErrorResponseException;
import net.dv8tion.jda.api.exceptions.InsufficientPermissionException;
import net.dv8tion.jda.api.hooks.ListenerAdapter;
import net.dv8tion.jda.api.requests.ErrorResponse;
import net.dv8tion.jda.api.utils.TimeUtil;
import net.dv8tion.jda.api.utils.messages.MessageCreateData;
import net.dv8tion.jda.api.utils.messages.MessagePollBuilder;
import net.dv8tion.jda.api.utils.messages.MessagePollData;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Triage polls on Discord: {@code /triage poll:<server loop>} posts a native poll in the channel, and the final result
 * is read back from Discord in three ways that all end in {@link PollService#finish}, which decides a poll once:
 * the MESSAGE_UPDATE Discord sends when a poll's votes are finalized, the poll-result system message (type 46) that
 * follows it, and, for polls that ended while the bot was offline or whose events were missed, a periodic check that
 * fetches each ended poll's message. The same check finds a poll Discord accepted while the bot that posted it was
 * stopping, before it could record the poll's message, and adopts it. Voting itself is Discord's; the bot never votes
 * and never counts votes.
 */
public final class DiscordPolls extends ListenerAdapter {
    private static final Logger log = LoggerFactory.getLogger(DiscordPolls.class);
    private static final long SEND_TIMEOUT_SECONDS = 15;
    /** How long a post JDA has sent waits for Discord's answer. */
    private static final long ANSWER_TIMEOUT_SECONDS = 60;
    /** Deleted messages to look up, at most this many waiting. */
    private static final int DELETIONS_WAITING = 1024;
    /**
     * How many messages, from just before a poll that never got its message id was saved, are looked through for its
     * post: it went out within a minute or so of being saved, so only a very busy channel buries it deeper.
     */
    private static final int ORPHAN_SEARCH = 50;
    /** How often a poll's channel that is in no cache is looked for among the server's archived threads. */
    private static final Duration THREAD_LOOK_INTERVAL = Duration.ofHours(1);

    private final ThreadPoolExecutor deletions = deletionThread();

    private final Supplier<DiscordBot> discord;
    private final Predicate<String> serves;
    private final PollService polls;
    private final LoopService loops;
    private final PollMessages messages;
    private final Executor workers;
    private final AtomicLong resultsRead = new AtomicLong();
    /** Polls this process is posting now: saved as 'posting' until Discord answers, and not to be adopted meanwhile. */
    private final Set<Long> sending = ConcurrentHashMap.newKeySet();
    /** When a poll's channel missing from the cache was last looked for among archived threads, by channel id. */
    private final Map<String, Long> threadsLookedFor = new HashMap<>();

    public DiscordPolls(Supplier<DiscordBot> discord, PollService polls, LoopService loops, PollMessages messages,
            Executor workers) {
        this(discord, polls, loops, messages, workers, guildId -> true);
    }

    /**
     * {@code serves}: whether this process runs a server's shard. Only that process has the poll's channel in its
     * cache; another would take the poll for deleted.
     */
    public DiscordPolls(Supplier<DiscordBot> discord, PollService polls, LoopService loops, PollMessages messages,
            Executor workers, Predicate<String> serves) {
        this.discord = discord;
        this.serves = serves;
        this.polls = polls;
        this.loops = loops;
        this.messages = messages;
        this.workers = workers;
    }

    /** The poll as Discord takes it: the question, the four answers, the duration, and no mentions at all. */
    static MessageCreateData pollMessage(TriagePoll poll) {
        long hours = Math.max(1, Duration.between(poll.createdAt(), poll.closesAt()).toHours());
        MessagePollBuilder builder = MessagePollData.builder(poll.question()).setDuration(Duration.ofHours(hours));
        PollAnswer.ALL.forEach(answer -> builder.addAnswer(answer.label()));
        return Replies.poll(builder.build());
    }

    /**
     * {@code /triage poll:<loop> [hours:<n>]}: checks who may start it and on which loop (the service's rules), posts
     * the poll as a plain channel message (not a reply, which Discord would head with the starter's name), and answers
     * the starter privately. Posting waits for Discord, so the interaction is deferred first.
     */
    void start(GenericCommandInteractionEvent event, String loopReference, Long hours) {
        Member member = event.getMember();
        if (event.getGuild() == null || member == null) {
            throw new InvalidInputException(PollMessages.needsServer());
        }
        if (event.getGuild().isDetached()) {
            // The app was added with its commands only: no bot member here to post a poll (and JDA lists no roles).
            throw new InvalidInputException(PollMessages.botNotInServer());
        }
        Set<String> roles = member.getRoles().stream().map(ISnowflake::getId)
                .collect(Collectors.toCollection(HashSet::new));
        // Every member holds @everyone, whose id is the server's, though JDA leaves it out of a member's roles: a poll
        // role of @everyone lets any member start polls.
        roles.add(event.getGuild().getId());
        // Deferred before the poll is saved as being posted: a deferral Discord turns away leaves nothing behind that
        // would hold the loop (a refusal below then edits the deferred reply).
        Replies.deferNowIfUnanswered(event);
        Guild guild = event.getGuild();
        TriagePoll poll = polls.start(Scopes.actor(event), roles,
                role -> role.equals(guild.getId()) || guild.getRoleById(role) != null, event.getChannelId(),
                loopReference, hours);
        sending.add(poll.id());
        try {
            post(event, poll);
        } finally {
            sending.remove(poll.id());
        }
    }

    /** Sends the saved poll and marks it open with its message's id, or failed when Discord did not take it. */
    private void post(GenericCommandInteractionEvent event, TriagePoll poll) {
        TriagePoll open;
        try {
            // A post still waiting in JDA's rate-limit queue after the send timeout is given up unsent, so a poll
            // told "not posted" never appears later for the group to vote on unheard.
            Message sent = event.getMessageChannel().sendMessage(pollMessage(poll))
                    .timeout(SEND_TIMEOUT_SECONDS, TimeUnit.SECONDS).submit()
                    .get(ANSWER_TIMEOUT_SECONDS, TimeUnit.SECONDS);
            open = polls.posted(poll.id(), sent.getId());
        } catch (InsufficientPermissionException e) {
            // JDA checks what it can before sending (in a thread, Send Messages in Threads): the starter is told which.
            notPosted(event, poll, e.getPermission().getName(), PollMessages.notPosted(e.getPermission().getName()));
            return;
        } catch (ExecutionException e) {
            notPosted(event, poll, String.valueOf(e.getCause()));
            return;
        } catch (TimeoutException e) {
            notPosted(event, poll, "timed out");
            return;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            notPosted(event, poll, "interrupted");
            return;
        } catch (RuntimeException e) {
            // Anything else: the poll is not open, and must not hold its loop (as "posting", for 10 minutes, the next
            // try said a poll was running). The router logs the failure and apologizes.
            try {
                polls.notPosted(poll.id());
            } catch (RuntimeException alsoFailed) {
                e.addSuppressed(alsoFailed);
            }
            throw e;
        }
        Replies.ephemeral(event, messages.posted(open, polls.quorum(open)));
    }

    private void notPosted(GenericCommandInteractionEvent event, TriagePoll poll, String why) {
        notPosted(event, poll, why, PollMessages.notPosted());
    }

    private void notPosted(GenericCommandInteractionEvent event, TriagePoll poll, String why, String told) {
        log.warn("Could not post triage poll {} in channel {}: {}", poll.id(), event.getChannelId(), why);
        polls.notPosted(poll.id());
        Replies.ephemeral(event, told);
    }

    /** Autocomplete for {@code poll}: the open shared loops of the server the command is typed in. */
    void suggest(CommandAutoCompleteInteractionEvent event) {
        List<LoopName> names = List.of();
        if (event.getGuild() != null && event.getMember() != null) {
            names = loops.suggest(LoopScope.server(event.getGuild().getId()), Scopes.actor(event),
                    event.getFocusedOption().getValue());
        }
        CloseCommand.offer(event, names);
    }

    /** Discord sends MESSAGE_UPDATE when a poll's votes are finalized; only the bot's own polls matter. */
    @Override
    public void onMessageUpdate(MessageUpdateEvent event) {
        Message message = event.getMessage();
        MessagePoll poll = message.getPoll();
        if (!event.isFromGuild() || poll == null || !poll.isFinalizedVotes()
                || message.getAuthor().getIdLong() != event.getJDA().getSelfUser().getIdLong()) {
            return;
        }
        onWorker(() -> read(message));
    }

    /**
     * A poll's message deleted while the poll runs (a moderator cancelling it): given up at once, nothing decided, so
     * its loop can be polled again now rather than when the poll would have closed (up to a week later).
     */
    @Override
    public void onMessageDelete(MessageDeleteEvent event) {
        // A moderator's purge (MESSAGE_DELETE_BULK) comes here too, one event a message: JDA splits bulk deletes
        // unless told otherwise (PollE2ETest purges a poll).
        if (event.isFromGuild()) {
            deleted(List.of(event.getMessageId()));
        }
    }

    /**
     * A channel or thread deleted (Discord deletes its messages with it, and sends no MESSAGE_DELETE for them): the polls
     * in it are given up at once, so "already has a poll running" does not hold their loops for as long as a poll runs
     * and a day more. Looked up on the deletions thread, as deleted messages are.
     */
    @Override
    public void onChannelDelete(ChannelDeleteEvent event) {
        if (!event.isFromGuild()) {
            return;
        }
        String channelId = event.getChannel().getId();
        try {
            deletions.execute(() -> {
                int gone = polls.channelGone(channelId);
                if (gone > 0) {
                    log.info("{} triage poll(s) in channel {} given up: the channel was deleted; nothing was decided",
                            gone, channelId);
                }
            });
        } catch (RejectedExecutionException e) {
            log.debug("Too many deletions waiting to be looked up; channel {} is left", channelId);
        }
    }

    /**
     * Looked up on a thread of their own: deletes are common in a busy server, so neither the gateway's thread (a
     * database that keeps it waiting would hold every event of the shard) nor the workers that answer people. When
     * too many wait, the rest are left: such a poll is given up when it would have closed, as before.
     */
    private void deleted(List<String> messageIds) {
        try {
            deletions.execute(() -> messageIds.forEach(messageId -> polls.openPoll(messageId).ifPresent(poll -> {
                log.info("Triage poll {}: its message {} was deleted; nothing was decided", poll.id(), messageId);
                polls.gone(poll.id());
            })));
        } catch (RejectedExecutionException e) {
            log.debug("Too many deleted messages waiting to be looked up; these are left");
        }
    }

    /**
     * The poll-result message (type 46) Discord posts once a poll's result is final: it points at the poll's message,
     * which is fetched for the full tally (the message itself carries only the winner).
     */
    @Override
    public void onMessageReceived(MessageReceivedEvent event) {
        MessageReference reference = event.getMessage().getMessageReference();
        if (!event.isFromGuild() || event.getMessage().getType() != MessageType.POLL_RESULT || reference == null) {
            return;
        }
        onWorker(() -> polls.openPoll(reference.getMessageId())
                .ifPresent(poll -> fetchAndRead(poll, reference.getChannelId())));
    }

    /**
     * Reads the result of every open poll whose time has passed: at start-up this reconciles polls that closed while
     * the bot was offline, and afterwards it catches any whose events were missed. A poll Discord has not finalized
     * yet is looked at again on the next run. Before that, a poll that never got its message id because the bot
     * stopped mid-post is looked for in its channel and adopted, or given up (see {@link #adoptOrGiveUp}).
     */
    public void reconcile() {
        // First the polls that never got their message id: one adopted now whose time has passed is read just below.
        for (TriagePoll poll : polls.unposted()) {
            try {
                // Not one this process is posting now, and only in a server on a shard this process runs.
                if (!sending.contains(poll.id()) && serves.test(poll.guildId())) {
                    adoptOrGiveUp(poll);
                }
            } catch (RuntimeException e) {
                log.error("Looking for the message of triage poll {} failed", poll.id(), e);
                try {
                    notFound(poll, "looking for it failed (" + e + ")", false);
                } catch (RuntimeException again) {
                    log.warn("Could not record that triage poll {} was not found; trying again later", poll.id(),
                            again);
                }
            }
        }
        for (TriagePoll poll : polls.due()) {
            try {
                // A poll in a server on a shard another process runs is read by that process.
                if (serves.test(poll.guildId())) {
                    fetchAndRead(poll, poll.channelId());
                }
            } catch (RuntimeException e) {
                // One poll that cannot be read must not keep the polls after it from being decided.
                log.error("Reading triage poll {} failed; trying again later", poll.id(), e);
            }
        }
    }

    private void fetchAndRead(TriagePoll poll, String channelId) {
        GuildMessageChannel channel = channelOf(poll, channelId);
        if (channel == null) {
            // Out of this process's reach for now (its server unavailable in an outage) or deleted: tried again until a
            // day after the poll closed, then given up.
            unreadable(poll, "its channel " + channelId + " is out of reach");
            return;
        }
        try {
            Message message = channel.retrieveMessageById(poll.messageId()).submit()
                    .get(SEND_TIMEOUT_SECONDS, TimeUnit.SECONDS);
            MessagePoll result = message.getPoll();
            if (result != null && result.isFinalizedVotes()) {
                read(message);
            }
        } catch (ExecutionException e) {
            if (e.getCause() instanceof ErrorResponseException error
                    && error.getErrorResponse() == ErrorResponse.UNKNOWN_MESSAGE) {
                log.warn("Triage poll {}: its message {} was deleted; nothing was decided", poll.id(), poll.messageId());
                polls.gone(poll.id());
            } else {
                unreadable(poll, "reading it failed: " + e.getCause());
            }
        } catch (InsufficientPermissionException e) {
            unreadable(poll, "reading it needs " + e.getPermission().getName() + " in channel " + channelId);
        } catch (TimeoutException e) {
            unreadable(poll, "reading it timed out");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * A poll saved as being posted that this process is not posting: the bot that posted it stopped, either before
     * Discord had the poll or after Discord accepted it but before the poll was marked open. In the second case the
     * poll is in its channel and people vote on it, so the messages posted from just before the poll was saved are
     * looked through for the bot's own poll asking its question, and that message is adopted: the poll is open, and
     * read when it closes. None found: looked for again on the next run, and given up as failed once the poll is 10
     * minutes old, as before. The channel's messages could not be read (the channel out of reach, a permission
     * missing, Discord failing): looked for again, for a day.
     */
    private void adoptOrGiveUp(TriagePoll poll) {
        GuildMessageChannel channel = channelOf(poll, poll.channelId());
        if (channel == null) {
            // Deleted, or out of this process's reach for now (its server in an outage).
            notFound(poll, "its channel " + poll.channelId() + " is gone or out of reach, so it cannot be looked for",
                    false);
            return;
        }
        List<Message> recent;
        try {
            String from = Long.toString(TimeUtil.getDiscordTimestamp(
                    PollRules.earliestPost(poll.createdAt()).toEpochMilli()));
            recent = channel.getHistoryAfter(from, ORPHAN_SEARCH).submit()
                    .get(SEND_TIMEOUT_SECONDS, TimeUnit.SECONDS).getRetrievedHistory();
        } catch (InsufficientPermissionException e) {
            notFound(poll, "looking for it needs " + e.getPermission().getName() + " in channel " + poll.channelId(),
                    false);
            return;
        } catch (ExecutionException e) {
            notFound(poll, "reading channel " + poll.channelId() + "'s messages failed: " + e.getCause(), false);
            return;
        } catch (TimeoutException e) {
            notFound(poll, "reading channel " + poll.channelId() + "'s messages timed out", false);
            return;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return;
        }
        long self = channel.getJDA().getSelfUser().getIdLong();
        // Oldest first: of two posts asking the same question, the first is this poll's (a later one, another's).
        List<Message> candidates = recent.stream()
                .filter(m -> m.getAuthor().getIdLong() == self && m.getPoll() != null)
                .sorted(Comparator.comparingLong(Message::getIdLong))
                .toList();
        for (Message message : candidates) {
            if (polls.adopt(poll, message.getId(), message.getPoll().getQuestion().getText(),
                    message.getTimeCreated().toInstant())) {
                log.info("Triage poll {} was posted as message {} before the bot stopped, but never marked open; "
                        + "adopted, its result is read when it closes", poll.id(), message.getId());
                return;
            }
        }
        notFound(poll, "no poll of the bot's asking its question is among the " + recent.size()
                + " messages posted in channel " + poll.channelId() + " from a minute before it was saved", true);
    }

    /**
     * The poll's channel from the cache of the shard that holds its server; failing that, the thread among the server's
     * archived public threads: a poll is often run in a thread, Discord archives a thread left idle for a day (as long
     * as a poll runs), and a bot that connects is told of active threads only. A thread found that way is in the cache
     * from then on, so its follow-up is posted there (which opens the thread again, as any message does). Null when
     * the channel is not found; archived threads are looked through at most once an hour for each channel.
     */
    private GuildMessageChannel channelOf(TriagePoll poll, String channelId) {
        GuildMessageChannel channel = discord.get().channel(channelId);
        if (channel != null || poll.guildId() == null) {
            return channel;
        }
        // One look at a time: a second run waiting here finds the thread the first one put in the cache.
        synchronized (threadsLookedFor) {
            channel = discord.get().channel(channelId);
            long now = System.nanoTime();
            threadsLookedFor.values().removeIf(at -> now - at > THREAD_LOOK_INTERVAL.toNanos());
            if (channel != null || threadsLookedFor.putIfAbsent(channelId, now) != null) {
                return channel;
            }
            return archivedThread(poll, channelId);
        }
    }

    private GuildMessageChannel archivedThread(TriagePoll poll, String channelId) {
        for (IThreadContainer container : discord.get().threadContainers(poll.guildId())) {
            List<ThreadChannel> archived;
            try {
                // The most recently archived first: a poll's thread was archived within a day or so.
                archived = container.retrieveArchivedPublicThreadChannels().submit()
                        .get(SEND_TIMEOUT_SECONDS, TimeUnit.SECONDS);
            } catch (ExecutionException | TimeoutException | InsufficientPermissionException e) {
                log.debug("Could not list the archived threads of channel {}: {}", container.getId(), e.toString());
                continue;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return null;
            }
            for (ThreadChannel thread : archived) {
                if (thread.getId().equals(channelId)) {
                    log.info("Triage poll {}: its channel {} is a thread archived while the bot was away; found among "
                            + "the archived threads of channel {}", poll.id(), channelId, container.getId());
                    threadsLookedFor.remove(channelId);
                    return thread;
                }
            }
        }
        return null;
    }

    /** {@code looked}: the channel's messages were read, and none is the poll's (else they could not be read). */
    private void notFound(TriagePoll poll, String why, boolean looked) {
        if (polls.neverPosted(poll, looked)) {
            log.warn("Triage poll {} was saved but never marked posted (the bot stopped mid-post), and {}; given up as "
                    + "never posted, nothing was decided", poll.id(), why);
        } else {
            log.info("Triage poll {} was saved but never marked posted (the bot stopped mid-post?), and {}; looking "
                    + "again later", poll.id(), why);
        }
    }

    private void unreadable(TriagePoll poll, String why) {
        if (polls.unreadable(poll)) {
            log.warn("Triage poll {}: {}, a day after it closed; given up, nothing was decided", poll.id(), why);
        } else {
            log.warn("Triage poll {}: {}; trying again later", poll.id(), why);
        }
    }

    /** The final tally of a finalized poll message, answers matched by their text; then the service decides. */
    private void read(Message message) {
        Map<PollAnswer, Integer> counts = new EnumMap<>(PollAnswer.class);
        for (MessagePoll.Answer answer : message.getPoll().getAnswers()) {
            Optional<PollAnswer> known = PollAnswer.parse(answer.getText());
            known.ifPresent(a -> counts.merge(a, answer.getVotes(), Integer::sum));
        }
        polls.finish(message.getId(), PollVotes.of(counts));
    }

    private static ThreadPoolExecutor deletionThread() {
        ThreadPoolExecutor thread = new ThreadPoolExecutor(1, 1, 30, TimeUnit.SECONDS,
                new ArrayBlockingQueue<>(DELETIONS_WAITING), DaemonThreads.numbered("loopkeeper-deletions-"),
                new ThreadPoolExecutor.AbortPolicy());
        thread.allowCoreThreadTimeOut(true);
        return thread;
    }

    /** How many result events (poll updates, poll-result messages) have been handled so far: for tests and logs. */
    public long resultEventsHandled() {
        return resultsRead.get();
    }

    private void onWorker(Runnable work) {
        try {
            workers.execute(() -> {
                try {
                    work.run();
                } catch (RuntimeException e) {
                    log.error("Handling a triage poll's result failed", e);
                } finally {
                    resultsRead.incrementAndGet();
                }
            });
        } catch (RejectedExecutionException e) {
            // The periodic check reads the result later.
            log.warn("Worker queue full; a triage poll's result waits for the next check");
        }
    }
}
