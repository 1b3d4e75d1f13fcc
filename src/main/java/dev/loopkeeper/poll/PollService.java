package dev.loopkeeper.poll;

import dev.loopkeeper.common.InvalidInputException;
import dev.loopkeeper.delivery.Mail;
import dev.loopkeeper.delivery.MailKind;
import dev.loopkeeper.delivery.Outbox;
import dev.loopkeeper.loop.Actor;
import dev.loopkeeper.loop.LoopScope;
import dev.loopkeeper.loop.LoopService;
import dev.loopkeeper.loop.LoopStore;
import dev.loopkeeper.loop.OpenLoop;
import dev.loopkeeper.loop.Outcome;
import dev.loopkeeper.settings.PollSettings;
import dev.loopkeeper.settings.SettingsService;
import dev.loopkeeper.storage.Database;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Triage polls: who may start one, on which loop and for how long; the final tally turned into a verdict and written
 * back to the loop exactly once, together with its follow-up in the outbox; and the polls whose result is due. Each
 * front posts the poll and reads its result in its own way (Discord's native poll; votes typed in the console).
 */
public final class PollService implements MailKind {
    /** The outbox kind of a poll's follow-up. */
    public static final String KIND = "poll_result";
    private static final int DUE_BATCH = 50;
    private static final Logger log = LoggerFactory.getLogger(PollService.class);

    private final Database database;
    private final PollStore store;
    private final LoopStore loopStore;
    private final LoopService loops;
    private final SettingsService settings;
    private final Outbox outbox;
    private final Clock clock;

    public PollService(Database database, PollStore store, LoopStore loopStore, LoopService loops,
            SettingsService settings, Outbox outbox, Clock clock) {
        this.database = database;
        this.store = store;
        this.loopStore = loopStore;
        this.loops = loops;
        this.settings = settings;
        this.outbox = outbox;
        this.clock = clock;
    }

    /**
     * Saves a poll about to be posted on one of the server's shared loops, after checking that the actor may start
     * polls there (Manage Server, or the server's poll role among {@code roleIds}), that the loop is one of this
     * server's open shared loops with no poll running, and that {@code hours} (null: 24) is within Discord's limits.
     */
    public TriagePoll start(Actor actor, Set<String> roleIds, String channelId, String loopReference, Long hours) {
        return start(actor, roleIds, role -> true, channelId, loopReference, hours);
    }

    /**
     * The same, where {@code roleExists} says whether the server still has a role: a refusal names the poll role only
     * while it does (a deleted one's mention shows as "@deleted-role", a role no member can get).
     */
    public TriagePoll start(Actor actor, Set<String> roleIds, Predicate<String> roleExists, String channelId,
            String loopReference, Long hours) {
        if (actor.guildId() == null || channelId == null) {
            throw new InvalidInputException(PollMessages.needsServer());
        }
        PollSettings rules = settings.polls(actor.guildId());
        boolean mayStart = actor.managesServer() || rules.roleId().filter(roleIds::contains).isPresent();
        if (!mayStart) {
            throw new InvalidInputException(PollMessages.mayNotStart(rules.roleId().filter(roleExists)));
        }
        long length = hours == null ? PollRules.DEFAULT_HOURS : hours;
        if (length < 1 || length > PollRules.MAX_HOURS) {
            throw new InvalidInputException(PollMessages.hoursOutOfRange(length));
        }
        OpenLoop loop = loops.resolve(LoopScope.server(actor.guildId()), actor, loopReference);
        Instant now = clock.instant();
        return database.inTransaction(sql -> {
            Optional<TriagePoll> running = store.pending(sql, loop.id());
            if (running.isPresent()) {
                throw new InvalidInputException(PollMessages.alreadyPolling(running.get()));
            }
            long id = store.insert(sql, loop.id(), loop.ownerId(), loop.concept(), actor.guildId(), channelId,
                    actor.userId(), now, now.plus(Duration.ofHours(length)), TriagePoll.Status.POSTING);
            return store.find(sql, id).orElseThrow();
        });
    }

    /** Discord accepted the poll: it is open, and its result will be read from this message. */
    public TriagePoll posted(long pollId, String messageId) {
        return database.inTransaction(sql -> {
            store.markOpen(sql, pollId, messageId);
            return store.find(sql, pollId).orElseThrow();
        });
    }

    /**
     * Polls saved for posting on Discord that have no message id yet, oldest first: being posted now, or cut off by a
     * bot that stopped between Discord accepting the poll and the poll being marked open. A front looks for the
     * latter's message ({@link #adopt}) or gives them up ({@link #neverPosted}).
     */
    public List<TriagePoll> unposted() {
        // A backstop: a row no process could look for within a day (its shard's process gone, a row it fails on) is
        // given up by any, so it holds its loop no longer than a poll whose result cannot be read.
        int stale = database.inTransaction(sql -> store.failPostingBefore(sql,
                clock.instant().minus(PollRules.READ_GRACE)));
        if (stale > 0) {
            log.warn("{} triage poll(s) saved a day ago or more were never marked posted nor found; given up", stale);
        }
        return database.read(sql -> store.posting(sql, DUE_BATCH));
    }

    /**
     * A message found in a poll's channel that may be the post the bot never marked: adopted when it asks this poll's
     * question, was posted no earlier than a minute before the poll was saved (the two clocks) and before it would have
     * been given up, and is no other
     * poll's message. The poll is then open, and its result is read when it closes as for any poll. The front checks
     * that the message is the bot's own. Returns whether it was adopted.
     */
    public boolean adopt(TriagePoll poll, String messageId, String question, Instant postedAt) {
        if (!poll.question().equals(question) || !PollRules.mayBePostOf(poll.createdAt(), postedAt)) {
            return false;
        }
        return database.inTransaction(sql -> !store.messageTaken(sql, messageId)
                && store.markOpen(sql, poll.id(), messageId));
    }

    /**
     * No message was found for a poll still being posted: it is looked for again later and given up as failed, so its
     * loop can be polled again, once {@link PollRules#POSTING_GRACE} has passed since it was saved when its channel's
     * messages were read ({@code looked}); when they could not be (the channel out of reach, a permission missing,
     * Discord failing or slow), only after {@link PollRules#READ_GRACE}, as for a result that cannot be read: a bot
     * back after a long outage must not give up a poll people are voting on because its first look failed. Returns
     * whether it was given up.
     */
    public boolean neverPosted(TriagePoll poll, boolean looked) {
        if (clock.instant().isBefore(poll.createdAt().plus(looked ? PollRules.POSTING_GRACE : PollRules.READ_GRACE))) {
            return false;
        }
        return database.inTransaction(sql -> store.markNeverPosted(sql, poll.id()));
    }

    /** Discord refused the poll: it never existed for the group. */
    public void notPosted(long pollId) {
        database.write(sql -> store.markEnded(sql, pollId, TriagePoll.Status.FAILED));
    }

    /** The poll's message was deleted before its result could be read: nothing is decided. */
    public void gone(long pollId) {
        database.write(sql -> store.markEnded(sql, pollId, TriagePoll.Status.GONE));
    }

    /**
     * The channel (or thread) a poll was posted in was deleted, its messages with it: every poll there is given up,
     * nothing decided, so their loops can be polled again at once rather than a day after the polls would have closed.
     * Returns how many were given up.
     */
    public int channelGone(String channelId) {
        // Asked first: channels and threads are deleted all day in a busy server, and few hold a poll; a write waits for
        // the write lock.
        if (!database.read(sql -> store.anyRunningIn(sql, channelId))) {
            return 0;
        }
        return database.inTransaction(sql -> store.markChannelGone(sql, channelId));
    }

    /**
     * The poll's result could not be read now (its channel out of reach, a permission missing, Discord failing): it
     * is tried again later, until {@link PollRules#READ_GRACE} after it closed, and then given up as {@link #gone}.
     * Returns whether it was given up.
     */
    public boolean unreadable(TriagePoll poll) {
        if (clock.instant().isBefore(poll.closesAt().plus(PollRules.READ_GRACE))) {
            return false;
        }
        gone(poll.id());
        return true;
    }

    /** Whether this message is an open poll of ours, so a front reads its result only for those. */
    public Optional<TriagePoll> openPoll(String messageId) {
        return database.read(sql -> store.findByMessage(sql, messageId))
                .filter(p -> p.status() == TriagePoll.Status.OPEN);
    }

    /**
     * The final tally of the poll posted as {@code messageId}: decides it, writes the class back (or closes the loop
     * for "Let it go"), and queues the follow-up, all in one transaction; then tries to deliver the follow-up. Empty
     * when the poll is unknown or was already decided: the same result seen twice changes nothing and sends nothing.
     */
    public Optional<PollResult> finish(String messageId, PollVotes votes) {
        Optional<TriagePoll> poll = openPoll(messageId);
        if (poll.isEmpty()) {
            return Optional.empty();
        }
        Optional<Decided> decided = decide(poll.get(), votes, true);
        decided.ifPresent(d -> outbox.deliver(d.outboxId()));
        return decided.map(Decided::result);
    }

    /**
     * Open polls whose closing time has passed (a result due, or missed while the bot was offline), oldest first. Polls
     * that never got their message id are not among them: see {@link #unposted}.
     */
    public List<TriagePoll> due() {
        Instant now = clock.instant();
        return database.read(sql -> store.due(sql, now, DUE_BATCH));
    }

    /** The polls of a server (its owner key) decided since a moment, newest first: for digests. */
    public List<TriagePoll> decidedSince(LoopScope server, Instant since) {
        return database.read(sql -> store.decided(sql, server.ownerKey(), since));
    }

    public Optional<TriagePoll> find(long pollId) {
        return database.read(sql -> store.find(sql, pollId));
    }

    /** The fewest votes a result needs where this poll runs (the default for a console run). */
    public int quorum(TriagePoll poll) {
        return poll.guildId() == null ? PollSettings.DEFAULT_QUORUM : settings.polls(poll.guildId()).quorum();
    }

    /**
     * A poll run in the console on one of the person's own loops: saved open at once (there is no message), to be
     * decided by {@link #finishLocal} with the votes typed there, by the same rules.
     */
    public TriagePoll startLocal(String ownerId, String loopReference) {
        OpenLoop loop = loops.resolve(ownerId, loopReference);
        Instant now = clock.instant();
        return database.inTransaction(sql -> {
            Optional<TriagePoll> running = store.pending(sql, loop.id());
            if (running.isPresent()) {
                // A local run that was interrupted: it never reached anyone, so the new one replaces it.
                store.markEnded(sql, running.get().id(), TriagePoll.Status.FAILED);
            }
            long id = store.insert(sql, loop.id(), ownerId, loop.concept(), null, null, ownerId, now, now,
                    TriagePoll.Status.OPEN);
            return store.find(sql, id).orElseThrow();
        });
    }

    /** Decides a console poll with the typed votes; its follow-up is the answer, so nothing goes to the outbox. */
    public PollResult finishLocal(long pollId, PollVotes votes) {
        TriagePoll poll = find(pollId).filter(p -> p.status() == TriagePoll.Status.OPEN)
                .orElseThrow(() -> new IllegalStateException("Poll " + pollId + " is not open"));
        return decide(poll, votes, false).map(Decided::result)
                .orElseThrow(() -> new IllegalStateException("Poll " + pollId + " was decided meanwhile"));
    }

    /** {@code closed}: the loop as the verdict closed it (let go), for the loop's listeners; null otherwise. */
    private record Decided(PollResult result, long outboxId, OpenLoop closed) {
    }

    private Optional<Decided> decide(TriagePoll poll, PollVotes votes, boolean withFollowUp) {
        int quorum = quorum(poll);
        Instant now = clock.instant();
        Optional<Decided> decided = database.inTransaction(sql -> {
            Optional<OpenLoop> loop = loopStore.find(sql, poll.ownerId(), poll.loopId());
            boolean open = loop.filter(OpenLoop::isOpen).isPresent();
            Verdict rules = Verdict.of(votes, quorum);
            Verdict verdict = open ? rules : new Verdict(Verdict.Kind.NOT_OPEN, rules.leaders());
            if (!store.decide(sql, poll.id(), votes, verdict.kind(), quorum, now)) {
                return Optional.<Decided>empty();
            }
            Optional<PollAnswer> winner = verdict.winner();
            OpenLoop closed = null;
            if (winner.isPresent() && winner.get().triage().isPresent()) {
                loopStore.setTriage(sql, poll.ownerId(), poll.loopId(), winner.get().triage().get(), now);
            } else if (winner.isPresent()) {
                loopStore.close(sql, poll.ownerId(), poll.loopId(), Outcome.LET_GO, null, now);
                closed = loopStore.find(sql, poll.ownerId(), poll.loopId()).orElseThrow();
            }
            long outboxId = withFollowUp ? outbox.enqueue(sql, KIND, poll.id(), null, now) : -1;
            TriagePoll saved = store.find(sql, poll.id()).orElseThrow();
            return Optional.of(new Decided(new PollResult(saved, votes, verdict, quorum,
                    PollResult.renamed(saved, loop.map(OpenLoop::concept))), outboxId, closed));
        });
        decided.map(Decided::closed).ifPresent(loops::closedElsewhere);
        return decided;
    }

    // ---- the follow-up as mail ----

    @Override
    public String name() {
        return KIND;
    }

    @Override
    public Optional<PollResult> load(long pollId) {
        return find(pollId).filter(p -> p.status() == TriagePoll.Status.DECIDED && p.votes().isPresent())
                .map(p -> {
                    PollVotes votes = p.votes().get();
                    Verdict rules = Verdict.of(votes, p.quorum());
                    Optional<String> conceptNow = database.read(sql -> loopStore.find(sql, p.ownerId(), p.loopId()))
                            .map(OpenLoop::concept);
                    return new PollResult(p, votes, new Verdict(p.decision().orElseThrow(), rules.leaders()),
                            p.quorum(), PollResult.renamed(p, conceptNow));
                });
    }

    /** A follow-up has no server-wide channel: it goes where its poll was posted. */
    @Override
    public Optional<String> serverChannel(String guildId) {
        return Optional.empty();
    }

    @Override
    public Optional<String> serverChannel(String guildId, Mail part) {
        return part instanceof PollResult result && guildId.equals(result.poll().guildId())
                ? Optional.ofNullable(result.poll().channelId()) : Optional.empty();
    }
}
