package dev.loopkeeper.delivery;

import dev.loopkeeper.storage.Database;
import dev.loopkeeper.storage.SqlAction;
import dev.loopkeeper.storage.SqlSession;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends what the bot sends on its own (reminders, poll follow-ups). A feature adds a row in the same transaction that saves what the row points
 * at; delivery claims the row, tries a direct message, falls back to server channels where the mail allows it,
 * retries failures with back-off, and holds what cannot reach a person until their next command. Nothing is
 * dropped silently, and no two threads or processes send the same row.
 */
public final class Outbox {
    /** Attempts before a failing delivery is held for the person's next command. */
    public static final int MAX_ATTEMPTS = 3;
    /**
     * Attempts before mail for server channels only (a digest, a poll's follow-up) gives up: there is no next command
     * to hold it for, so it is tried for longer, 1, 5, 25, 125 and 625 minutes apart (about 13 hours in all). With
     * three attempts a Discord outage of six minutes on a Monday morning lost that week's digest.
     */
    public static final int MAX_SERVER_ATTEMPTS = 6;
    /**
     * Mail handed to the process that runs its servers' shard, and until when this process leaves it alone: long
     * enough for that process's next look for due mail. Only in memory: after a restart it is tried (and handed) again.
     */
    private final Map<Long, Instant> elsewhere = new ConcurrentHashMap<>();
    private static final Duration FIRST_RETRY = Duration.ofMinutes(1);
    /**
     * How much earlier than its claim an attempt whose outcome is unknown is looked for in the person's DM: for another
     * process's clock, Discord's, and a lease changed between runs.
     */
    private static final Duration CLOCK_SLACK = Duration.ofMinutes(5);
    private static final int DUE_BATCH = 100;
    private static final Logger log = LoggerFactory.getLogger(Outbox.class);

    private final Database database;
    private final OutboxStore store;
    private final Clock clock;
    private final Duration lease;
    private final Map<String, MailKind> kinds = new ConcurrentHashMap<>();
    /** Kinds of mail this process does not know (a newer version's) that it has warned about, once each. */
    private final Set<String> unknownKindsWarned = ConcurrentHashMap.newKeySet();
    private final AtomicBoolean lookedForUnknownKinds = new AtomicBoolean();
    private volatile Courier courier;
    /** Set when the process starts to stop ({@link #stopSending}): nothing more is claimed or sent here. */
    private volatile boolean stopping;
    /** Set once the stop stops waiting for the sends under way ({@link #abandonSendsUnderWay}). */
    private volatile boolean abandoned;
    /** Guards {@link #underWay}, the deliveries started before the stop, which the disconnect waits for. */
    private final Object sends = new Object();
    private int underWay;

    /**
     * An outbox whose claims on a row last {@code lease} ({@code LOOPKEEPER_MAIL_LEASE_SECONDS}): a process that dies
     * mid-send hands its mail over within this time.
     */
    public Outbox(Database database, OutboxStore store, Clock clock, Duration lease) {
        if (lease.isNegative() || lease.isZero()) {
            throw new IllegalArgumentException("A lease must last some time, got " + lease);
        }
        this.database = database;
        this.store = store;
        this.clock = clock;
        this.lease = lease;
    }

    /** How long this process's claim on a row lasts. */
    public Duration lease() {
        return lease;
    }

    /** Makes a kind of mail deliverable; each feature registers its own once, at start-up. */
    public void register(MailKind kind) {
        if (kinds.putIfAbsent(kind.name(), kind) != null) {
            throw new IllegalArgumentException("Mail kind registered twice: " + kind.name());
        }
    }

    /** The front that delivers; until one is attached, mail waits in the database. */
    public void attach(Courier courier) {
        this.courier = courier;
    }

    /** Adds mail inside the caller's transaction, so it exists exactly when what it points at does. */
    public long enqueue(SqlSession sql, String kind, long refId, String recipientId, Instant deliverAfter)
            throws SQLException {
        return store.insert(sql, kind, refId, recipientId, deliverAfter, clock.instant());
    }

    /**
     * How much mail of a kind reaches a person in {@code [from, to)}, but row {@code exceptId} (a reminder being moved,
     * which is not to find itself in the way; 0 for none); for caps, inside the caller's transaction.
     */
    public long countFor(SqlSession sql, String recipientId, String kind, Instant from, Instant to, long exceptId)
            throws SQLException {
        return store.countScheduledFor(sql, recipientId, kind, from, to, exceptId);
    }

    /** The outbox row of a feature's mail, such as a reminder's. */
    public Optional<Long> idOf(String kind, long refId) {
        return database.read(sql -> store.idOf(sql, kind, refId));
    }

    /** The row's status: scheduled, sending, delivered, held, failed or dropped ("none" when there is no row). */
    public String status(long outboxId) {
        return database.read(sql -> store.status(sql, outboxId));
    }

    /**
     * The process is stopping: from now on this outbox claims and sends nothing, and what falls due or is made meanwhile
     * (a reminder decided for a focus set just before the stop) stays scheduled, for the next start, which sends due
     * mail at once, or another process. Tried while the bot disconnects, such a send failed on the closed connection,
     * logged a warning and counted an attempt: the reminder came a minute after the next start, or was held after
     * three. A send already under way finishes, and its outcome is recorded (the delivery job's too, although the stop
     * interrupts it: it waits for Discord's answer); held mail a command shows is not concerned.
     */
    public void stopSending() {
        synchronized (sends) {
            stopping = true;
        }
    }

    /**
     * The stop gave up waiting for the sends under way ({@link #awaitSendsUnderWay}) and disconnects: an answer that
     * still comes records nothing (the database closes next), and the row is left to its lease as a send whose outcome
     * is unknown ({@link #leftToItsLease}).
     */
    public void abandonSendsUnderWay() {
        abandoned = true;
    }

    /** Whether this process's stop has begun ({@link #stopSending}). */
    public boolean stopping() {
        return stopping;
    }

    /**
     * Waits, at most {@code limit}, for the deliveries started before {@link #stopSending} to end, so that the bot
     * disconnects only after them; returns whether they all ended.
     */
    public boolean awaitSendsUnderWay(Duration limit) {
        long deadline = System.nanoTime() + limit.toNanos();
        synchronized (sends) {
            while (underWay > 0) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    return false;
                }
                try {
                    TimeUnit.NANOSECONDS.timedWait(sends, left);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return false;
                }
            }
            return true;
        }
    }

    /** Tries to deliver one row now, if it is due and nobody else holds it, and records how it went. */
    public void deliver(long outboxId) {
        Courier front;
        synchronized (sends) {
            front = courier;
            if (front == null || stopping || Thread.currentThread().isInterrupted()) {
                return; // a stopping process (or an interrupted thread) claims nothing: it could only record a failure
            }
            underWay++;
        }
        try {
            deliverOne(outboxId, front);
        } finally {
            synchronized (sends) {
                underWay--;
                sends.notifyAll();
            }
        }
    }

    private void deliverOne(long outboxId, Courier front) {
        Instant now = clock.instant();
        Instant handedOver = elsewhere.get(outboxId);
        if (handedOver != null) {
            if (now.isBefore(handedOver)) {
                return;
            }
            elsewhere.remove(outboxId);
        }
        Instant leaseUntil = now.plus(lease);
        Optional<Claim> claimed = database.inTransaction(sql -> {
            // A row left 'sending' by a claimer whose lease ran out: its attempt's outcome is unknown.
            Optional<Instant> runOut = store.leaseRunOut(sql, outboxId, now);
            return store.claim(sql, outboxId, now, leaseUntil)
                    ? store.find(sql, outboxId).map(entry -> new Claim(entry, leaseUntil.toEpochMilli(),
                            runOut.map(end -> end.minus(lease).minus(CLOCK_SLACK)).orElse(null)))
                    : Optional.<Claim>empty();
        });
        if (claimed.isEmpty()) {
            return;
        }
        Claim claim = claimed.get();
        OutboxStore.Entry entry = claim.entry();
        MailKind kind = kinds.get(entry.kind());
        if (kind == null) {
            // A kind only a newer version knows (several processes on PostgreSQL, updated one at a time): given back
            // uncounted, for a process that knows it, as mail for another shard's servers is. Dropped, it was lost.
            warnUnknownKind(entry.kind(), 1);
            record(sql -> store.release(sql, entry.id(), claim.token(), now));
            return;
        }
        Optional<? extends Mail> loaded = kind.load(entry.refId());
        if (loaded.isEmpty()) {
            log.info("Outbox {}: its {} {} is gone or has nothing left to send; dropping it", outboxId, entry.kind(),
                    entry.refId());
            finish(claim, "dropped", null, "gone");
            return;
        }
        // Not the parts a server channel showed already (a held mail whose showing a crash cut off goes by DM).
        Optional<Mail> mail = loaded.get().withoutPartsFor(entry.postedTo());
        if (mail.isEmpty()) {
            finish(claim, "delivered", "channel", null);
            return;
        }
        if (stopping || Thread.currentThread().isInterrupted()) {
            // The stop began while the row was being claimed: nothing was sent, so it goes back as it was.
            record(sql -> store.release(sql, entry.id(), claim.token(), now));
            return;
        }
        if (entry.recipientId() == null) {
            toServers(front, claim, kind, mail.get());
            return;
        }
        if (claim.earlierAttemptSince() != null && alreadySent(front, claim, mail.get())) {
            finish(claim, "delivered", "dm", null);
            return;
        }
        Courier.Outcome direct = asTheStopLeavesIt(safely(() -> front.sendDirect(mail.get(),
                attemptKey(outboxId, "d"))));
        switch (direct) {
            case DELIVERED -> finish(claim, "delivered", "dm", null);
            case DMS_CLOSED, CHANNEL_UNAVAILABLE -> toServers(front, claim, kind, mail.get());
            case INTERRUPTED -> leftToItsLease(claim);
            default -> retryOrHold(claim, "delivery failed");
        }
    }

    /**
     * An attempt's outcome as the stop leaves it: one that failed while the bot disconnects (perhaps the disconnect's
     * doing, after the message went out), or any answered once the stop gave up on it (the database closing), is of
     * unknown outcome ({@link Courier.Outcome#INTERRUPTED}), left to its lease.
     */
    private Courier.Outcome asTheStopLeavesIt(Courier.Outcome outcome) {
        return (outcome == Courier.Outcome.FAILED && stopping) || abandoned ? Courier.Outcome.INTERRUPTED : outcome;
    }

    /**
     * Whether the direct message of a row taken over from an attempt whose outcome is unknown (its process died, or
     * stopped before Discord answered) is already in the person's DM. The nonce the row is sent with again makes Discord
     * return the first message instead of a second only for a few minutes; after a longer downtime only the DM itself
     * tells. When the front cannot tell (it cannot read the DM), the row is sent: a message twice rather than none.
     */
    private boolean alreadySent(Courier front, Claim claim, Mail mail) {
        Optional<Boolean> found;
        try {
            found = front.foundDirect(mail, claim.earlierAttemptSince());
        } catch (RuntimeException e) {
            log.warn("Outbox {}: could not read whether its earlier attempt went out; sending it", claim.id(), e);
            return false;
        }
        if (found.orElse(false)) {
            log.info("Outbox {}: its earlier attempt, cut off, had gone out; not sending it again", claim.id());
            return true;
        }
        return false;
    }

    /**
     * Whether a server's part of a row taken over from an attempt whose outcome is unknown (its process died, or stopped
     * before Discord answered, mid-post) is already in that server's channel, as {@link #alreadySent} for the DM: past
     * Discord's nonce window a second post would be a second message in the channel. Posted when the front cannot tell.
     */
    private boolean alreadyPosted(Courier front, Claim claim, String guildId, String channelId, Mail part) {
        if (claim.earlierAttemptSince() == null) {
            return false;
        }
        Optional<Boolean> found;
        try {
            found = front.foundInChannel(guildId, channelId, part, claim.earlierAttemptSince());
        } catch (RuntimeException e) {
            log.warn("Outbox {}: could not read whether its earlier post in server {} went out; posting it", claim.id(),
                    guildId, e);
            return false;
        }
        if (found.orElse(false)) {
            log.info("Outbox {}: its earlier post in server {}, cut off, had gone out; not posting it again",
                    claim.id(), guildId);
            return true;
        }
        return false;
    }

    /**
     * An attempt whose outcome the stop left unknown (Discord had not answered when the stop's limit ran out, or the
     * send failed as the bot disconnected): the message may have gone out. Nothing is recorded, as when the process
     * dies mid-send: the row stays claimed until its lease runs out, and is then looked for in the person's DM before it
     * goes again ({@link Courier#foundDirect}). Recorded as failed, it was sent and also rescheduled (or, on its last
     * attempt, held and shown again at the person's next command).
     */
    private static void leftToItsLease(Claim claim) {
        log.info("Outbox {}: its send was cut off by the shutdown; it goes again when its lease runs out", claim.id());
    }

    /**
     * This process's claim on a row: the row as claimed, and the claim's token (its lease's end), without which no
     * outcome is recorded ({@link OutboxStore#finish}).
     */
    private record Claim(OutboxStore.Entry entry, long token, Instant earlierAttemptSince) {
        Claim(OutboxStore.Entry entry, long token) {
            this(entry, token, null);
        }

        long id() {
            return entry.id();
        }
    }

    /**
     * The key of one message of an outbox row, the same on every attempt ({@link Courier#sendDirect(Mail, String)}):
     * the row's id, and which message of it ({@code d} the direct one, {@code c} and a hash of the server's id for a
     * server's part), at most 22 characters (Discord's nonce takes 25).
     */
    static String attemptKey(long outboxId, String which) {
        return "lk" + Long.toString(outboxId, 36) + which;
    }

    /**
     * Delivers every row whose time has come (quiet hours ended, retry due, a dead claimer's lease ran out), of the
     * kinds this process registered: mail of a kind only a newer version knows waits for a process that knows it.
     */
    public int deliverDue() {
        return deliverDue((sql, now) -> store.due(sql, kindNames(), now, DUE_BATCH));
    }

    /** The kinds registered, for the queries that look for mail to deliver or show. */
    private List<String> kindNames() {
        return List.copyOf(kinds.keySet());
    }

    /** Once per kind and process: mail this version cannot load waits, untouched, for a process that can. */
    private void warnUnknownKind(String kind, long rows) {
        if (unknownKindsWarned.add(kind)) {
            log.warn("Outbox: mail of kind '{}' (at least {}) is of a kind this version of Loopkeeper does not know; "
                    + "it is left for a process that does (a newer version)", kind, rows);
        }
    }

    /**
     * Delivers one recipient's due mail only: the console's, which must never take (and print) mail meant for the
     * Discord users of a bot that keeps the same database.
     */
    public int deliverDueFor(String recipientId) {
        return deliverDue((sql, now) -> store.dueFor(sql, recipientId, kindNames(), now, DUE_BATCH));
    }

    /**
     * Reads what {@code due} finds due now and delivers it; returns how many rows were this process's to try (those it
     * reached, when an interrupt stopped it).
     */
    private int deliverDue(DueQuery due) {
        if (lookedForUnknownKinds.compareAndSet(false, true)) {
            for (Map.Entry<String, Long> waiting : database.read(sql -> store.waitingOfOtherKinds(sql, kindNames()))) {
                warnUnknownKind(waiting.getKey(), waiting.getValue());
            }
        }
        Instant now = clock.instant();
        elsewhere.values().removeIf(until -> !now.isBefore(until));
        List<Long> found = database.read(sql -> due.find(sql, now));
        // Mail handed to another shard's process is not this run's work, and does not keep a burst's loop going.
        List<Long> mine = found.stream().filter(id -> !elsewhere.containsKey(id)).toList();
        int reached = 0;
        for (long id : mine) {
            if (stopping || Thread.currentThread().isInterrupted()) {
                // Stopping (JobScheduler.close): the rows not reached are left as they are, not claimed and sent only
                // to be recorded as failed while JDA still sends what was queued.
                return reached;
            }
            reached++;
            try {
                deliver(id);
            } catch (RuntimeException e) {
                // One row's failure outside the send (its mail could not be loaded, a write failed) must not stop the
                // rows after it; this one is claimed again when its lease runs out.
                log.error("Delivering outbox row {} failed; it is tried again when its lease runs out", id, e);
            }
        }
        return reached;
    }

    @FunctionalInterface
    private interface DueQuery {
        List<Long> find(SqlSession sql, Instant now) throws SQLException;
    }

    /**
     * Delivers due mail batch after batch until a batch comes back short: a burst (a hundred thousand nudges in one
     * minute) drains in one run instead of a hundred rows per run. Sends are sequential and each waits for Discord's
     * answer, so JDA's per-route rate limiter paces them and no queue builds up in memory.
     */
    public int deliverAllDue() {
        int total = 0;
        int batch;
        do {
            batch = deliverDue();
            total += batch;
        } while (batch == DUE_BATCH && !stopping && !Thread.currentThread().isInterrupted());
        return total;
    }

    /** How much mail for this person waits for its time (quiet hours, the daily cap, a retry). */
    public long scheduledCount(String recipientId) {
        return database.read(sql -> store.countScheduled(sql, recipientId));
    }

    /**
     * Whether the last mail sent to this person found their direct messages closed (Discord's 50007): it was posted
     * in a server channel or held instead. False when nothing tells (nothing sent yet, or the last one arrived by DM).
     */
    public boolean directMessagesClosed(String recipientId) {
        return database.read(sql -> store.directMessagesClosed(sql, recipientId)).orElse(false);
    }

    /** How much mail waits for this person's next command. */
    public int heldCount(String recipientId) {
        return database.read(sql -> store.held(sql, recipientId, kindNames())).size();
    }

    /**
     * Mail held for this person, claimed for one command to show: two commands at once never both get it. Each piece
     * comes back to {@link #shown} once its message went out, or to {@link #notShown} when it did not, and is then
     * held for the next command; if the process dies in between, delivery takes it up again when the claim runs out.
     */
    public List<HeldMail> takeHeld(String recipientId) {
        Instant now = clock.instant();
        // Nearly always nothing is held: one read, and the write transaction (the database's write lock) only when
        // there is something to take, read again inside it.
        List<String> known = kindNames();
        if (database.read(sql -> store.held(sql, recipientId, known)).isEmpty()) {
            return List.of();
        }
        Instant leaseUntil = now.plus(lease);
        List<Claim> taken = database.inTransaction(sql -> {
            List<Claim> claims = new ArrayList<>();
            for (OutboxStore.Entry entry : store.held(sql, recipientId, known)) {
                if (store.claimHeld(sql, entry.id(), leaseUntil)) {
                    claims.add(new Claim(entry, leaseUntil.toEpochMilli()));
                }
            }
            return claims;
        });
        List<HeldMail> mail = new ArrayList<>();
        for (Claim claim : taken) {
            // Only the kinds registered were taken, and a kind is never unregistered.
            Optional<? extends Mail> loaded = kinds.get(claim.entry().kind()).load(claim.entry().refId());
            // What a server channel showed them already is not shown again.
            Optional<Mail> left = loaded.flatMap(held -> held.withoutPartsFor(claim.entry().postedTo()));
            if (left.isPresent()) {
                mail.add(new HeldMail(claim, left.get()));
            } else if (loaded.isPresent()) {
                // All that is left of it was shown in a server channel (the rest closed or opened since): delivered.
                finish(claim, "delivered", "channel", null);
            } else {
                // Nothing left to show (its loops closed, its focus ended): dropped, as a send would drop it, so it
                // does not count as shown (a reminder shown rests its loops).
                finish(claim, "dropped", null, "gone");
            }
        }
        return mail;
    }

    /** Held mail a command took to show ({@link #takeHeld}); {@link #mail()} is what to show. */
    public static final class HeldMail {
        private final Claim claim;
        private final Mail mail;

        private HeldMail(Claim claim, Mail mail) {
            this.claim = claim;
            this.mail = mail;
        }

        public Mail mail() {
            return mail;
        }
    }

    /**
     * The command's message showing held mail went out: it is delivered, keeping why it was held. Mail held because
     * the person's DMs are closed still tells {@link #directMessagesClosed} so once shown: cleared, the bot forgot it at
     * their first command, and the next park never said how to get reminders again.
     */
    public void shown(HeldMail held) {
        Instant now = clock.instant();
        record(sql -> store.finishShown(sql, held.claim.id(), held.claim.token(), now));
    }

    /** The command's message showing held mail did not go out: it stays held for the person's next command. */
    public void notShown(HeldMail held) {
        record(sql -> store.holdAgain(sql, held.claim.id(), held.claim.token()));
    }

    private void toServers(Courier front, Claim claim, MailKind kind, Mail mail) {
        OutboxStore.Entry entry = claim.entry();
        Mail.ServerParts parts = mail.serverParts();
        if (!parts.byServer().isEmpty() && parts.byServer().keySet().stream().noneMatch(front::serves)) {
            // Sharded: another process runs these servers' shards. It takes the row when it next looks for due mail;
            // a part for a server this process does not reach, beside parts it does, counts as an unavailable channel.
            log.debug("Outbox {}: its servers are on another process's shard; handing it over", entry.id());
            Instant now = clock.instant();
            elsewhere.put(entry.id(), now.plus(lease));
            record(sql -> store.release(sql, entry.id(), claim.token(), now));
            return;
        }
        boolean allPosted = !parts.byServer().isEmpty();
        boolean anyRetryable = false;
        // A part an earlier try posted is not posted again (past Discord's nonce window it would be a second message).
        Set<String> posted = new HashSet<>(entry.postedTo());
        for (Map.Entry<String, Mail> server : parts.byServer().entrySet()) {
            if (posted.contains(server.getKey())) {
                continue;
            }
            Optional<String> channel = kind.serverChannel(server.getKey(), server.getValue());
            String key = attemptKey(entry.id(), "c" + Integer.toString(server.getKey().hashCode() & 0x3fffffff, 36));
            // A part only ever goes to its own server's channel.
            Courier.Outcome outcome = channel.isEmpty() || !front.serves(server.getKey())
                    ? Courier.Outcome.CHANNEL_UNAVAILABLE
                    : alreadyPosted(front, claim, server.getKey(), channel.get(), server.getValue())
                            ? Courier.Outcome.DELIVERED
                            : safely(() -> front.sendToChannel(server.getKey(), channel.get(), server.getValue(), key));
            outcome = asTheStopLeavesIt(outcome);
            allPosted &= outcome == Courier.Outcome.DELIVERED;
            if (outcome == Courier.Outcome.INTERRUPTED) {
                // The parts not posted yet are not started; the ones posted in this run are recorded, so that when the
                // lease runs out they are not posted again (Discord's nonce holds only minutes).
                if (!posted.isEmpty()) {
                    record(sql -> store.setPostedTo(sql, entry.id(), claim.token(), posted));
                }
                leftToItsLease(claim);
                return;
            }
            anyRetryable |= outcome == Courier.Outcome.FAILED;
            if (outcome == Courier.Outcome.DELIVERED) {
                posted.add(server.getKey());
                if (posted.size() < parts.byServer().size()) {
                    // Recorded as it goes: a process that dies before the next part does not post this one again.
                    record(sql -> store.setPostedTo(sql, entry.id(), claim.token(), posted));
                }
            }
        }
        if (!posted.isEmpty() && !(allPosted && (parts.whole() || entry.recipientId() == null))) {
            // Some parts went out and the mail is held or tried again: those parts are not shown or posted twice.
            record(sql -> store.setPostedTo(sql, entry.id(), claim.token(), posted));
        }
        if (allPosted && (parts.whole() || entry.recipientId() == null)) {
            finish(claim, "delivered", "channel", null);
        } else if (entry.recipientId() == null) {
            if (anyRetryable && entry.attempts() < maxAttempts(entry)) {
                retryOrHold(claim, "channel post failed");
            } else {
                log.warn("Outbox {}: no server channel took this {}; giving up", entry.id(), entry.kind());
                finish(claim, "failed", null, "no channel");
            }
        } else {
            log.info("Outbox {}: DMs closed and no channel for all of it; holding it for the next command", entry.id());
            finish(claim, "held", null, OutboxStore.DMS_CLOSED_ERROR);
        }
    }

    private static int maxAttempts(OutboxStore.Entry entry) {
        return entry.recipientId() == null ? MAX_SERVER_ATTEMPTS : MAX_ATTEMPTS;
    }

    private void retryOrHold(Claim claim, String error) {
        OutboxStore.Entry entry = claim.entry();
        int attempts = entry.attempts();
        if (attempts >= maxAttempts(entry)) {
            log.warn("Outbox {} ({} for {}) failed {} times; holding it for their next command", entry.id(),
                    entry.kind(), entry.recipientId(), attempts);
            finish(claim, entry.recipientId() == null ? "failed" : "held", null,
                    error + " " + attempts + " times");
            return;
        }
        Instant retry = clock.instant().plus(FIRST_RETRY.multipliedBy((long) Math.pow(5, attempts - 1)));
        record(sql -> store.reschedule(sql, entry.id(), claim.token(), retry, error));
    }

    /**
     * Writes how an attempt went, also on a thread the stop interrupted while it waited for Discord's answer: the
     * connection pool refuses an interrupted thread that has to wait for a connection, and the outcome of a message
     * that went out would be lost, the row left 'sending'. The interrupt is kept for the caller.
     */
    private void record(SqlAction work) {
        boolean interrupted = Thread.interrupted();
        try {
            database.write(work);
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private void finish(Claim claim, String status, String via, String error) {
        Instant now = clock.instant();
        record(sql -> store.finish(sql, claim.id(), claim.token(), status, via, error, now));
    }

    /**
     * One send, whose exception counts as a failure. An interrupted thread (the process is stopping) starts no send:
     * the message would be queued in JDA, which may still send it, while the attempt counts as cut off.
     */
    private static Courier.Outcome safely(Supplier<Courier.Outcome> send) {
        if (Thread.currentThread().isInterrupted()) {
            return Courier.Outcome.INTERRUPTED;
        }
        try {
            return send.get();
        } catch (RuntimeException e) {
            if (Thread.currentThread().isInterrupted()) {
                log.info("Delivery stopped by the shutdown: {}", e.toString());
                return Courier.Outcome.INTERRUPTED;
            }
            log.warn("Delivery threw", e);
            return Courier.Outcome.FAILED;
        }
    }
}
