package dev.loopkeeper.loop;

import dev.loopkeeper.common.InvalidInputException;
import dev.loopkeeper.common.UserText;
import dev.loopkeeper.loop.LoopStore.LoopName;
import dev.loopkeeper.storage.Database;
import dev.loopkeeper.storage.SqlFunction;
import dev.loopkeeper.storage.SqlSession;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.stream.Collectors;

/**
 * The rules for parking, listing, merging and closing loops. Input is cleaned and checked here, so both fronts
 * give the same answers; each write is one transaction, committed before the front replies.
 *
 * <p>A loop is a person's or a server's ({@link LoopScope}). A person's loops are theirs alone. A server's shared
 * loops may be seen, and marked "me too", by any member of that server acting in it; only their author or someone who
 * manages the server may close them. The methods that take only an owner id act on that person's own loops.
 */
public final class LoopService {
    private static final int SUGGESTIONS = 25;

    private final Database database;
    private final LoopStore store;
    private final Clock clock;
    private final int maxOpenLoops;
    /** How many merges {@link #holder} follows; a chain is as long as the merges a person made one after another. */
    private static final int MAX_MERGE_HOPS = 64;
    private volatile LoopListener listener = LoopListener.NONE;
    private volatile ConceptCheck conceptCheck = ConceptCheck.NONE;
    /** An owner's active focus items (id and text), which a loop may be snoozed for (none until connected). */
    private volatile Function<String, Map<Long, String>> activeFocus = owner -> Map.of();
    private final LateVectors lateVectors;
    /** Parks of {@link #parkAsync} waiting for their commit, and when the last one came: late vectors wait for them. */
    private final AtomicInteger committing = new AtomicInteger();
    private volatile long lastArrival = System.nanoTime() - QUIET_NANOS;
    private static final long QUIET_NANOS = java.util.concurrent.TimeUnit.MILLISECONDS.toNanos(20);
    /** Parks of {@link #parkAsync} embedding on the caller's thread right now. */
    private final AtomicInteger embedding = new AtomicInteger();

    public LoopService(Database database, LoopStore store, Clock clock, int maxOpenLoops) {
        this.database = database;
        this.store = store;
        this.clock = clock;
        this.maxOpenLoops = maxOpenLoops;
        this.lateVectors = new LateVectors(database, store, () -> conceptCheck, () -> listener,
                () -> committing.get() > 0 || System.nanoTime() - lastArrival < QUIET_NANOS);
    }

    /** Connects relevance, which is built on top of this service (set once by the composition root). */
    public void connect(LoopListener listener, ConceptCheck conceptCheck) {
        this.listener = listener;
        this.conceptCheck = conceptCheck;
    }

    /**
     * Adds a listener after those connected (a front's, such as the one that keeps the group's post of a server loop
     * in step, which exists only once the front starts).
     */
    public synchronized void listen(LoopListener more) {
        this.listener = LoopListener.both(listener, more);
    }

    /**
     * A feature that closed a loop in a transaction of its own (a poll's verdict, which writes the class or the
     * ending with the tally) tells the listeners here, after its commit, as a close through this service does.
     */
    public void closedElsewhere(OpenLoop closed) {
        listener.onClosed(closed);
    }

    /**
     * Tells which of an owner's focus items are active, so a list can show a loop snoozed "while this focus lasts" as
     * snoozed only while it does (set once by the composition root; the focus feature is built beside this one).
     */
    public void connectFocus(Function<String, Map<Long, String>> activeFocusItems) {
        this.activeFocus = activeFocusItems;
    }

    /**
     * Parks a concept; a park is never lost and never waits on a question. A concept already open in the scope (the
     * same words, ignoring case and spacing) makes no second loop: its new why and source are added to that loop. A
     * concept that only means nearly the same is saved as its own loop, and the result names the close one so the
     * person may merge them. A server loop is parked only in its own server, and counts its author as its first
     * "me too".
     */
    public ParkResult park(ParkRequest request) {
        return park(clean(request));
    }

    private ParkResult park(Cleaned park) {
        // Embedding happens outside the transaction: it is the slow part and needs no lock.
        ConceptCheck.Result checked = conceptCheck.check(park.owner(), park.concept(), park.why());
        long[] versions = new long[2];
        ParkResult result = database.inGroupedTransaction(sql -> parkIn(sql, park, checked, versions));
        if (result instanceof ParkResult.Parked parked) {
            listener.onParked(parked.loop(), versions[0], versions[1]);
        }
        return result;
    }

    /**
     * The same, for a front that can add to its answer later. On a quiet bot (no other park's vectors being computed)
     * it is {@link #park}: the result carries the near-duplicate check, and {@link PendingPark#closeTo} is complete.
     * Otherwise (a burst) the loop is committed before its vectors exist, with the parks arriving meanwhile in one
     * commit, and the result comes back then; the concept is embedded and checked afterwards, in the order parks were
     * committed, and {@code closeTo} completes once the vectors are committed too. Bad input is refused at once, before
     * anything is saved; the exact-duplicate and open-loop cap rules apply in the transaction either way. A loop whose
     * vectors never came (a crash in between) is embedded by {@code reembedStale} at the next start.
     */
    public CompletableFuture<PendingPark> parkAsync(ParkRequest request) {
        Cleaned park = clean(request);
        if (embedding.getAndIncrement() == 0 && lateVectors.idle()) {
            try {
                ParkResult result = park(park);
                Optional<OpenLoop> closeTo = result instanceof ParkResult.Parked parked ? parked.closeTo()
                        : Optional.empty();
                return CompletableFuture.completedFuture(new PendingPark(result,
                        CompletableFuture.completedFuture(closeTo)));
            } catch (RuntimeException e) {
                return CompletableFuture.failedFuture(e);
            } finally {
                embedding.decrementAndGet();
            }
        }
        embedding.decrementAndGet();
        return parkCommittingFirst(park);
    }

    /** {@link #parkAsync}'s way in a burst, whatever the load (tests use it to fill one batch). */
    CompletableFuture<PendingPark> parkCommittingFirst(ParkRequest request) {
        return parkCommittingFirst(clean(request));
    }

    private CompletableFuture<PendingPark> parkCommittingFirst(Cleaned park) {
        lastArrival = System.nanoTime();
        committing.incrementAndGet();
        long[] versions = new long[2];
        return database.writeGrouped(sql -> parkIn(sql, park, ConceptCheck.NONE.check(park.owner(), park.concept(),
                park.why()), versions)).whenComplete((result, error) -> committing.decrementAndGet())
                .thenApply(result -> {
                    if (result instanceof ParkResult.Parked parked) {
                        return lateVectors.enqueue(parked);
                    }
                    return new PendingPark(result, CompletableFuture.completedFuture(Optional.empty()));
                });
    }

    /**
     * Stops the vectors still to be computed for parks answered already, waiting at most {@code limit} for the round
     * under way (the next start's re-embedding does what is left).
     */
    public void close(java.time.Duration limit) {
        lateVectors.close(limit);
    }

    private record Cleaned(String concept, String why, Origin origin, LoopScope scope, String author, String owner,
            Instant now, boolean managesServer) {
    }

    private Cleaned clean(ParkRequest request) {
        String concept = cleanConcept(request.concept(), LoopErrors.conceptEmpty());
        String why = cleanWhy(request.why());
        Origin origin = cleanOrigin(request.origin());
        LoopScope scope = request.scope();
        if (scope.isServer() && origin.guildId() == null) {
            throw new InvalidInputException(LoopErrors.serverScopeNeedsServer());
        }
        if (scope.isServer() && !scope.id().equals(origin.guildId())) {
            throw new InvalidInputException(LoopErrors.otherServer());
        }
        return new Cleaned(concept, why, origin, scope, request.ownerId(), scope.ownerKey(), clock.instant(),
                scope.isServer() && request.managesServer());
    }

    /** One park's rules and writes, in the transaction it shares with others: nothing here waits on anything slow. */
    private ParkResult parkIn(SqlSession sql, Cleaned park, ConceptCheck.Result checked, long[] versions)
            throws SQLException {
        String owner = park.owner();
        versions[0] = store.version(sql, owner);
        Optional<OpenLoop> same = store.findOpenByKey(sql, owner, UserText.key(park.concept()));
        if (same.isPresent()) {
            return addTo(sql, same.get(), park.author(), park.managesServer(), park.concept(), park.why(),
                    park.origin(), park.now());
        }
        long open = store.countOpen(sql, owner);
        if (open >= maxOpenLoops) {
            throw new InvalidInputException(park.scope().isServer() ? LoopErrors.serverLotFull(maxOpenLoops)
                    : LoopErrors.tooManyOpen(maxOpenLoops));
        }
        if (park.scope().isServer() && !park.managesServer()) {
            requireMemberShare(sql, owner, park.author(), "park this one");
        }
        long id = store.insert(sql, park.scope(), park.author(), park.concept(), park.why(), park.origin(), park.now());
        if (checked.vectors() != null) {
            store.saveVectors(sql, id, checked.vectors());
        }
        if (park.scope().isServer()) {
            store.addInterest(sql, id, park.author(), park.now());
        }
        versions[1] = store.version(sql, owner);
        Optional<OpenLoop> closeTo = Optional.empty();
        if (checked.nearDuplicate().isPresent()) {
            closeTo = store.find(sql, owner, checked.nearDuplicate().get()).filter(OpenLoop::isOpen);
        }
        return new ParkResult.Parked(store.find(sql, owner, id).orElseThrow(), open + 1, closeTo);
    }

    /**
     * The same concept parked again: what it brings that the loop does not hold yet becomes a note
     * ({@link LoopStore#noteWhatIsNew}). On a server loop the parker's "me too" is counted. A loop holds at most
     * {@link LoopLimits#MAX_NOTES} notes: a park that would add one more is refused whole (no Me too either), and the
     * loop keeps everything it held. Every such park reads the loop's notes, and on a server loop any member may add
     * one, so without a cap one member's parks could grow a loop, and each park's read, without end.
     */
    private ParkResult.AlreadyOpen addTo(SqlSession sql, OpenLoop loop, String parker, boolean managesServer,
            String concept, String why, Origin origin, Instant now) throws SQLException {
        boolean mayEdit = !loop.scope().isServer() || managesServer || parker.equals(loop.authorId());
        // The why is typed where the park is: in origin's server (a DM's and the console's have none).
        Optional<LoopNote> added = store.noteWhatIsNew(sql, loop, concept, why, origin, origin.guildId(), now, now,
                LoopLimits.MAX_NOTES,
                held -> new InvalidInputException(LoopErrors.notesFull(loop.concept(), held, loop.scope().kind(),
                        mayEdit)));
        long interest = 0;
        boolean meTooAdded = false;
        if (loop.scope().isServer()) {
            meTooAdded = store.addInterest(sql, loop.id(), parker, now);
            interest = store.interestCount(sql, loop.ownerId(), loop.id());
        }
        return new ParkResult.AlreadyOpen(loop, added, interest, meTooAdded);
    }

    /**
     * "Me too" on a server loop: it matters to this member as well. Counted once per person, so a second click
     * changes nothing; the result holds the count either way.
     */
    public MeToo meToo(LoopScope scope, Actor actor, long loopId) {
        if (!scope.isServer()) {
            throw new InvalidInputException(LoopErrors.meTooIsForServerLoops());
        }
        String owner = visibleOwner(scope, actor);
        Instant now = clock.instant();
        return database.inTransaction(sql -> {
            OpenLoop loop = openLoop(sql, owner, scope.kind(), loopId, actor);
            boolean added = store.addInterest(sql, loop.id(), actor.userId(), now);
            return new MeToo(loop, store.interestCount(sql, owner, loop.id()), added,
                    actor.userId().equals(loop.authorId()));
        });
    }

    /**
     * Merges one of the person's open loops into another: {@code loopId} is closed with the outcome "merged", and its
     * concept, why, source and notes become notes of {@code intoId}, so nothing it held is lost. Its class goes too when
     * {@code intoId} has none (as an import merges a loop of the file); a loop with a class of its own keeps it.
     */
    public Merged merge(String ownerId, long loopId, long intoId) {
        if (loopId == intoId) {
            throw new InvalidInputException(LoopErrors.mergeIntoItself());
        }
        Instant now = clock.instant();
        Merged merged = database.inTransaction(sql -> {
            OpenLoop from = openLoop(sql, ownerId, loopId);
            OpenLoop into = openLoop(sql, ownerId, intoId);
            store.moveNotes(sql, ownerId, from.id(), into.id());
            store.carryWork(sql, ownerId, from, into, now);
            // Triaged as core and merged into an untriaged twin, the class stayed on the closed loop: the one left
            // went back to the triage queue and the tree's seeds.
            boolean classCarried = into.triage() == Triage.UNTRIAGED && from.triage() != Triage.UNTRIAGED;
            if (classCarried) {
                store.setTriage(sql, ownerId, into.id(), from.triage(), now);
            }
            // Its why goes with where it was typed, which need not be its source's server (an /edit from a DM).
            store.insertNote(sql, ownerId, into.id(), from.concept(), from.why(),
                    store.whyGuildId(sql, ownerId, from.id()).orElse(null), from.origin(), from.id(), from.createdAt());
            store.close(sql, ownerId, from.id(), Outcome.MERGED, null, now);
            store.touch(sql, ownerId, into.id(), now);
            return new Merged(store.find(sql, ownerId, from.id()).orElseThrow(),
                    store.find(sql, ownerId, into.id()).orElseThrow(), classCarried);
        });
        listener.onClosed(merged.from());
        return merged;
    }

    /**
     * The person's open loop with this id, by id only (a button's, never read as typed text); refused, saying so, when
     * it is closed or gone.
     */
    public OpenLoop openById(String ownerId, long id) {
        return database.read(sql -> openLoop(sql, ownerId, id));
    }

    private OpenLoop openLoop(SqlSession sql, String ownerId, long id) throws SQLException {
        return openLoop(sql, LoopScope.personal(ownerId), id);
    }

    private OpenLoop openLoop(SqlSession sql, LoopScope scope, long id) throws SQLException {
        return openLoop(sql, scope.ownerKey(), scope.kind(), id);
    }

    private OpenLoop openLoop(SqlSession sql, String owner, LoopScope.Kind kind, long id) throws SQLException {
        return openLoop(sql, owner, kind, id, null);
    }

    /**
     * The owner's loop by id while it is open; one closed (perhaps a moment ago) is refused saying how it ended, and
     * who may bring it back when {@code actor} (if known) may not.
     */
    private OpenLoop openLoop(SqlSession sql, String owner, LoopScope.Kind kind, long id, Actor actor)
            throws SQLException {
        Optional<OpenLoop> loop = store.find(sql, owner, id);
        if (loop.isPresent() && !loop.get().isOpen()) {
            throw new InvalidInputException(notOpen(sql, owner, loop.get(), kind, actor));
        }
        return loop.orElseThrow(() -> new InvalidInputException(LoopErrors.noSuchOpenLoop(kind)));
    }

    /**
     * Why a closed loop named by its id cannot be acted on. Merged into another (a reminder's button, a /close typed
     * again, a number typed from an old list): which loop holds it now. "Closed as merged. See /loops status:closed"
     * left the person to find it.
     */
    private String notOpen(SqlSession sql, String owner, OpenLoop loop, LoopScope.Kind kind, Actor actor)
            throws SQLException {
        Optional<OpenLoop> into = kind == LoopScope.Kind.PERSONAL && loop.outcome() == Outcome.MERGED
                ? holder(sql, owner, Optional.of(loop)).filter(h -> h.id() != loop.id()) : Optional.empty();
        return into.map(h -> LoopErrors.mergedInto(loop.id(), loop.concept(), h.id(), h.concept(), h.isOpen()))
                .orElseGet(() -> notOpen(loop, kind, actor));
    }

    /**
     * The owner key whose loops {@code actor} may see in {@code scope}: a server's, only for a member acting in that
     * server. A personal scope is always the actor's own (the fronts build it from the actor).
     */
    public static String visibleOwner(LoopScope scope, Actor actor) {
        if (scope.isServer()) {
            if (actor.guildId() == null) {
                throw new InvalidInputException(LoopErrors.serverScopeNeedsServer());
            }
            if (!actor.isMemberOf(scope)) {
                throw new InvalidInputException(LoopErrors.otherServer());
            }
        } else if (!scope.id().equals(actor.userId())) {
            throw new IllegalArgumentException("A personal scope is its own person's: " + actor.userId());
        }
        return scope.ownerKey();
    }

    /**
     * "Open it now" or {@code /open}: the loop becomes active work and enters abstraction, recorded with its date.
     * A loop already active keeps its phase (opening it again changes nothing).
     */
    public OpenLoop activate(String ownerId, long loopId) {
        Instant now = clock.instant();
        return database.inTransaction(sql -> {
            OpenLoop loop = openLoop(sql, ownerId, loopId);
            // Opened means worked on now: a snooze ("not now") no longer holds.
            store.unsnooze(sql, ownerId, loopId, now);
            if (loop.status() == LoopStatus.ACTIVE && loop.phase() != null) {
                return loop;
            }
            store.setStatus(sql, ownerId, loopId, LoopStatus.ACTIVE, now);
            store.enterPhase(sql, ownerId, loopId, Phase.ABSTRACTION, null, now);
            return store.find(sql, ownerId, loopId).orElseThrow();
        });
    }

    /**
     * Moves one of the person's own open loops on: to instantiation ("I built something with it", with what they
     * built, one optional line) or to re-abstraction ("I stepped back"). A loop not opened yet is opened on the way
     * (abstraction skipped, as the history shows); phases may be skipped, and re-abstraction may go back to
     * instantiation (building again is the cycle going on); abstraction is where opening starts, never a move. The
     * same phase again changes nothing, except a new build recorded in instantiation.
     */
    public Progress progress(String ownerId, long loopId, Phase phase, String built) {
        if (phase == Phase.ABSTRACTION) {
            throw new InvalidInputException(LoopErrors.abstractionIsWhereItStarts());
        }
        UserText.requireWellFormed(built, "note");
        String note = built == null ? "" : UserText.singleLine(built);
        if (UserText.length(note) > LoopLimits.MAX_BUILT) {
            throw new InvalidInputException(LoopErrors.builtTooLong(UserText.length(note)));
        }
        if (phase != Phase.INSTANTIATION && !note.isEmpty()) {
            throw new InvalidInputException(LoopErrors.builtIsForInstantiation());
        }
        String cleanNote = note.isEmpty() ? null : note;
        Instant now = clock.instant();
        return database.inTransaction(sql -> {
            OpenLoop loop = openLoop(sql, ownerId, loopId);
            if (loop.phase() == phase && loop.status() == LoopStatus.ACTIVE
                    && (cleanNote == null || sameAsLastBuilt(sql, ownerId, loopId, cleanNote))) {
                return new Progress(loop, loop.phase(), false, null); // nothing new built: nothing changes
            }
            if (loop.status() != LoopStatus.ACTIVE) {
                store.setStatus(sql, ownerId, loopId, LoopStatus.ACTIVE, now);
                // Opened on the way, as by /open: a snooze ("not now") no longer holds.
                store.unsnooze(sql, ownerId, loopId, now);
            }
            store.enterPhase(sql, ownerId, loopId, phase, cleanNote, now);
            return new Progress(store.find(sql, ownerId, loopId).orElseThrow(), loop.phase(), true, cleanNote);
        });
    }

    /** Whether the loop's latest build note says the same as {@code note} (ignoring case and spacing). */
    private boolean sameAsLastBuilt(SqlSession sql, String ownerId, long loopId, String note) throws SQLException {
        List<PhaseChange> history = store.phaseHistory(sql, ownerId, List.of(loopId)).getOrDefault(loopId, List.of());
        return history.stream().filter(change -> change.note() != null).reduce((first, second) -> second)
                .map(last -> UserText.key(last.note()).equals(UserText.key(note))).orElse(false);
    }

    /**
     * A phase move's result: the loop after it, the phase it was in before (null when it had not been opened), and
     * whether anything changed (the same phase again, with nothing new built, changes nothing), and what was built
     * (null when not said).
     */
    public record Progress(OpenLoop loop, Phase from, boolean changed, String built) {
    }

    /** One of the person's loops, whatever its status, with its phase and every phase change it went through. */
    public Optional<PhaseState> phaseState(String ownerId, long loopId) {
        return database.read(sql -> {
            Optional<OpenLoop> loop = store.find(sql, ownerId, loopId).filter(l -> l.phase() != null);
            if (loop.isEmpty()) {
                return Optional.<PhaseState>empty();
            }
            List<PhaseChange> history = store.phaseHistory(sql, ownerId, List.of(loopId)).getOrDefault(loopId, List.of());
            return Optional.of(new PhaseState(loop.get(), loop.get().phase(), loop.get().phaseSince(), history));
        });
    }

    /**
     * The person's active loops with their phases and histories, by phase (abstraction first), longest in it first:
     * what the weekly nudge asks about.
     */
    public List<PhaseState> activeByPhase(String ownerId) {
        return database.read(sql -> {
            List<OpenLoop> active = store.active(sql, ownerId);
            Map<Long, List<PhaseChange>> history = store.phaseHistory(sql, ownerId,
                    active.stream().map(OpenLoop::id).toList());
            return active.stream().map(l -> new PhaseState(l, l.phase() == null ? Phase.ABSTRACTION : l.phase(),
                    l.phaseSince() == null ? l.updatedAt() : l.phaseSince(), history.getOrDefault(l.id(), List.of())))
                    .toList();
        });
    }

    /** Moves the end of the person's snoozes that end at {@code from} to {@code to} (their weekly review moved). */
    public int moveSnoozes(String ownerId, Instant from, Instant to) {
        return database.inTransaction(sql -> store.moveSnoozes(sql, ownerId, from, to, clock.instant()));
    }

    /**
     * Snoozes a parked loop until a moment, or while a focus stays active ({@code focusId}); false, changing nothing,
     * when it is no longer parked (opened or closed since the caller read it: a snooze must not rest a loop someone
     * just took up).
     */
    public boolean snooze(String ownerId, long loopId, Instant until, Long focusId) {
        Instant now = clock.instant();
        return database.inTransaction(sql -> store.snooze(sql, ownerId, loopId, until, focusId, now) > 0);
    }

    public LoopPage list(String ownerId, LoopFilter filter, int page, int pageSize) {
        return list(LoopScope.personal(ownerId), Actor.person(ownerId), filter, page, pageSize);
    }

    /** A page of the scope's loops, newest first; a server's only for its members, with each loop's "me too" count. */
    public LoopPage list(LoopScope scope, Actor actor, LoopFilter filter, int page, int pageSize) {
        String owner = visibleOwner(scope, actor);
        int safePage = Math.max(0, page);
        // Read before the page's transaction: the focus feature reads its own rows.
        Map<Long, String> focusItems = scope.isServer() ? Map.of() : activeFocus.apply(owner);
        return database.read(sql -> {
            long total = store.count(sql, owner, filter);
            int lastPage = (int) Math.max(0, (total - 1) / pageSize);
            int shown = Math.min(safePage, lastPage);
            List<OpenLoop> loops = store.page(sql, owner, filter, pageSize, shown * pageSize);
            List<Long> ids = loops.stream().map(OpenLoop::id).toList();
            Map<Long, List<LoopNote>> notes = store.notes(sql, owner, ids);
            Map<Long, Long> interest = scope.isServer() ? store.interestCounts(sql, owner, ids) : Map.of();
            Map<Long, LoopPage.Snooze> snoozes = store.snoozes(sql, owner, ids, clock.instant(), focusItems);
            // An empty list of one class says why: none of that class, or no loops of that stage at all.
            long inStage = total == 0 && filter.triage().isPresent()
                    ? store.count(sql, owner, new LoopFilter(filter.stage(), Optional.empty())) : total;
            return new LoopPage(filter, loops, notes, shown, pageSize, total, scope, interest, snoozes, inStage);
        });
    }

    public long countOpen(String ownerId) {
        return database.read(sql -> store.countOpen(sql, ownerId));
    }

    /**
     * Refuses, with what {@code /park} would say, when the person's open loops are at the limit: for a step that would
     * have them type a new concept first (the message menu's form), so they learn it before they type, not after. A
     * {@code concept} offered that is already open passes, since parking it again adds to that loop. {@code then} says
     * what to do once a few are closed ("park from this message again").
     */
    public void requireRoomToPark(String ownerId, String concept, String then) {
        if (countOpen(ownerId) < maxOpenLoops) {
            return;
        }
        // As a park does: a concept already open takes no place, and what is added to it is kept.
        String key = UserText.key(UserText.singleLine(concept == null ? "" : concept));
        if (!key.isEmpty() && database.read(sql -> store.findOpenByKey(sql, ownerId, key)).isPresent()) {
            return;
        }
        throw new InvalidInputException(LoopErrors.tooManyOpen(maxOpenLoops, then));
    }

    /**
     * Refuses a step that would open one more loop of a server's lot ({@code owner}) for a member already keeping their
     * share of it open ({@link LoopLimits#memberShare}): one member must not fill the group's lot. Someone who manages
     * the server is held to the lot's whole limit only; the callers do not ask for them.
     */
    private void requireMemberShare(SqlSession sql, String owner, String author, String then) throws SQLException {
        int share = LoopLimits.memberShare(maxOpenLoops);
        long theirs = store.countOpenBy(sql, owner, author);
        if (theirs >= share) {
            throw new InvalidInputException(LoopErrors.memberShareFull(share, theirs, then));
        }
    }

    /** Closes one of the person's own open loops with an outcome and an optional one-line takeaway. */
    public OpenLoop close(String ownerId, long loopId, Outcome outcome, String takeaway) {
        return close(LoopScope.personal(ownerId), Actor.person(ownerId), loopId, outcome, takeaway);
    }

    /**
     * Closes an open loop of the scope with an outcome and an optional one-line takeaway. A server loop may be closed
     * only by its author or by someone who manages the server.
     */
    public OpenLoop close(LoopScope scope, Actor actor, long loopId, Outcome outcome, String takeaway) {
        UserText.requireWellFormed(takeaway, "takeaway");
        String cleanTakeaway = UserText.singleLine(takeaway);
        if (UserText.length(cleanTakeaway) > LoopLimits.MAX_TAKEAWAY) {
            throw new InvalidInputException(LoopErrors.takeawayTooLong(UserText.length(cleanTakeaway)));
        }
        String owner = visibleOwner(scope, actor);
        Instant now = clock.instant();
        OpenLoop closed = database.inTransaction(sql -> {
            OpenLoop loop = openLoop(sql, owner, scope.kind(), loopId, actor);
            if (!mayChange(loop, actor)) {
                throw new InvalidInputException(LoopErrors.mayNotClose());
            }
            store.close(sql, owner, loopId, outcome, cleanTakeaway.isEmpty() ? null : cleanTakeaway, now);
            return store.find(sql, owner, loopId).orElseThrow();
        });
        listener.onClosed(closed);
        return closed;
    }

    /**
     * Corrects an open loop of the scope: a new concept, a new why, or both ({@code null}: keep). The concept's and
     * why's vectors and the loop's foundations are computed again and saved with the text in one transaction, so
     * matching never sees the new words with the old vectors. A server loop may be edited only by its author or a
     * server manager, as with closing.
     */
    public Edited edit(LoopScope scope, Actor actor, long loopId, String conceptRaw, String whyRaw) {
        if (conceptRaw == null && whyRaw == null) {
            throw new InvalidInputException(LoopErrors.editNeedsAChange());
        }
        if (whyRaw != null && UserText.multiLine(whyRaw).isEmpty() && UserText.isWellFormed(whyRaw)) {
            throw new InvalidInputException(LoopErrors.whyEmpty());
        }
        String newConcept = conceptRaw == null ? null : cleanConcept(conceptRaw, LoopErrors.editedConceptEmpty());
        String newWhy = whyRaw == null ? null : cleanWhy(whyRaw);
        String owner = visibleOwner(scope, actor);
        for (int attempt = 1; ; attempt++) {
            OpenLoop before = database.read(sql -> openLoop(sql, owner, scope.kind(), loopId, actor));
            if (!mayChange(before, actor)) {
                throw new InvalidInputException(LoopErrors.mayNotEdit());
            }
            String concept = newConcept == null ? before.concept() : newConcept;
            String why = newWhy == null ? before.why() : newWhy;
            if (concept.equals(before.concept()) && java.util.Objects.equals(why, before.why())) {
                throw new InvalidInputException(LoopErrors.editChangesNothing());
            }
            // Embedding happens outside the transaction, as for a park; the text is checked again inside it.
            StoredVectors vectors = conceptCheck.check(owner, concept, why).vectors();
            Instant now = clock.instant();
            boolean lastTry = attempt == EDIT_ATTEMPTS;
            Optional<Edited> edited = database.inTransaction(sql -> {
                OpenLoop current = openLoop(sql, owner, scope.kind(), loopId);
                if (!lastTry && (!current.concept().equals(before.concept())
                        || !java.util.Objects.equals(current.why(), before.why()))) {
                    // Edited meanwhile (while this one was embedded): the field this edit keeps must keep that edit's
                    // value, not the one read before it (a why-only edit put an old concept back). Read it again.
                    return Optional.<Edited>empty();
                }
                Optional<OpenLoop> same = store.findOpenByKey(sql, owner, UserText.key(concept));
                if (same.isPresent() && same.get().id() != loopId) {
                    throw new InvalidInputException(LoopErrors.editWouldDuplicate(same.get().id(),
                            same.get().concept(), scope.kind()));
                }
                store.correct(sql, owner, loopId, concept, why, vectors, now);
                if (!java.util.Objects.equals(why, current.why())) {
                    // A new why was typed here: a server's channel shows it only when this is the loop's server.
                    store.whyTypedIn(sql, owner, loopId, actor.guildId());
                }
                return Optional.of(new Edited(current, store.find(sql, owner, loopId).orElseThrow()));
            });
            if (edited.isPresent()) {
                listener.onEdited(edited.get());
                return edited.get();
            }
        }
    }

    /** How often an edit reads its loop again when another edit landed while it was embedded. */
    private static final int EDIT_ATTEMPTS = 3;

    /**
     * Brings back a closed (or let-go, or archived) loop of the scope as open. How it ended (outcome, takeaway, date)
     * is kept as one of its notes, so the history stays; the loop itself reads as open again, to be closed anew. The
     * same concept open meanwhile is refused: merging is the way there. On a server loop, the author's or a manager's.
     */
    public Reopened reopen(LoopScope scope, Actor actor, long loopId) {
        String owner = visibleOwner(scope, actor);
        Instant now = clock.instant();
        Reopened reopened = database.inTransaction(sql -> {
            OpenLoop loop = store.find(sql, owner, loopId)
                    .orElseThrow(() -> new InvalidInputException(LoopErrors.noSuchClosedLoop(scope.kind())));
            if (loop.isOpen()) {
                throw new InvalidInputException(LoopErrors.alreadyOpen(loop.id(), loop.concept()));
            }
            if (!mayChange(loop, actor)) {
                throw new InvalidInputException(LoopErrors.mayNotReopen());
            }
            Optional<Long> mergedInto = loop.outcome() == Outcome.MERGED ? store.mergedInto(sql, owner, loop.id())
                    : Optional.empty();
            if (mergedInto.isPresent()) {
                // Closed by a merge: its concept, why and source live on in that loop (a loop closed as merged with
                // /close, into nothing here, may come back).
                throw new InvalidInputException(LoopErrors.reopenMerged(loop.id(), mergedInto.get()));
            }
            Optional<OpenLoop> same = store.findOpenByKey(sql, owner, UserText.key(loop.concept()));
            if (same.isPresent()) {
                throw new InvalidInputException(LoopErrors.reopenWouldDuplicate(same.get().id(), scope.kind()));
            }
            if (store.countOpen(sql, owner) >= maxOpenLoops) {
                throw new InvalidInputException(scope.isServer() ? LoopErrors.serverLotFull(maxOpenLoops, "reopen it")
                        : LoopErrors.tooManyOpen(maxOpenLoops, "reopen it"));
            }
            if (scope.isServer() && !actor.managesServer() && loop.authorId() != null) {
                // Only its author or a manager may reopen it: here its author, whose share it counts in again.
                requireMemberShare(sql, owner, loop.authorId(), "reopen it");
            }
            LoopNote ending = store.insertEnding(sql, loop, now);
            store.reopen(sql, owner, loopId, now);
            return new Reopened(store.find(sql, owner, loopId).orElseThrow(), ending.ending());
        });
        listener.onReopened(reopened.loop());
        return reopened;
    }

    /**
     * The closed loops of a scope the actor may reopen that match what they typed, most recently closed first: in a
     * server's lot only those they parked, unless they manage the server ({@link #mayChange}), as {@code /close} offers.
     */
    public List<LoopName> suggestClosed(LoopScope scope, Actor actor, String typed) {
        String owner = visibleOwner(scope, actor);
        boolean theirsOnly = scope.isServer() && !actor.managesServer();
        List<LoopName> names = database.read(sql -> theirsOnly
                ? store.closedNamesBy(sql, owner, actor.userId(), maxOpenLoops)
                : store.closedNames(sql, owner, maxOpenLoops));
        return rank(names, typed);
    }

    /**
     * Finds a closed loop of a scope from what was typed, as {@link #resolve} does among open ones: its number, its
     * concept, or a fragment of exactly one concept.
     */
    public OpenLoop resolveClosed(LoopScope scope, Actor actor, String reference) {
        String owner = visibleOwner(scope, actor);
        String notFound = LoopErrors.noSuchClosedLoop(scope.kind());
        String text = UserText.singleLine(reference);
        OptionalLong number = loopNumber(text);
        boolean isId = number.isPresent();
        if (isId) {
            Optional<OpenLoop> byId = database.read(sql -> store.find(sql, owner, number.getAsLong()));
            if (byId.isPresent()) {
                return byId.get(); // an open one is refused by reopen, saying so
            }
        }
        String key = UserText.key(text);
        if (key.isEmpty()) {
            throw new InvalidInputException(notFound);
        }
        List<LoopName> closed = database.read(sql -> store.closedNames(sql, owner, maxOpenLoops));
        // As among open loops, a number is never a fragment of a concept.
        List<LoopName> fitting = named(closed, key, !isId);
        if (fitting.size() > 1) {
            throw new InvalidInputException(LoopErrors.ambiguousClosedLoop(text, fitting.stream()
                    .map(n -> new LoopErrors.Candidate(n.id(), n.concept())).toList()));
        }
        Optional<OpenLoop> found = fitting.stream().findFirst()
                .flatMap(name -> database.read(sql -> store.find(sql, owner, name.id())));
        if (found.isPresent() || isId) {
            return found.orElseThrow(() -> new InvalidInputException(
                    inOtherScope(scope, actor, number.getAsLong()).orElse(notFound)));
        }
        // Named as one open loop (its concept, or a fragment of it alone): returned, and reopen refuses it saying it
        // is open already, as for its number, rather than "no such closed loop".
        List<LoopName> open = named(database.read(sql -> store.openNames(sql, owner, maxOpenLoops)), key, true);
        if (open.size() != 1) {
            throw new InvalidInputException(notFound);
        }
        return database.read(sql -> store.find(sql, owner, open.get(0).id())).orElseThrow(
                () -> new InvalidInputException(notFound));
    }

    /**
     * Finds one of the person's loops, open or closed, from what they typed: its number, its concept, or a fragment of
     * exactly one concept, open loops first (for {@code /reflect} and {@code /reflections}, which take either).
     */
    public OpenLoop resolveAny(String ownerId, String reference) {
        return resolveAny(ownerId, reference, false);
    }

    /** The person's loops that hold reflections (most of them closed) whose concept fits what they typed. */
    public List<LoopName> suggestReflected(String ownerId, String typed) {
        return rank(database.read(sql -> store.reflectedNames(sql, ownerId, maxOpenLoops)), typed);
    }

    /**
     * {@link #resolveAny} for the reflections on a loop: a name is looked for first among the loops that hold
     * reflections, so "kalman" names the closed "Kalman filter" reflected on, not an open "Kalman smoother".
     */
    public OpenLoop resolveReflected(String ownerId, String reference) {
        return resolveAny(ownerId, reference, true);
    }

    private OpenLoop resolveAny(String ownerId, String reference, boolean reflectedFirst) {
        String text = UserText.singleLine(reference);
        OptionalLong number = loopNumber(text);
        if (number.isPresent()) {
            Optional<OpenLoop> byId = database.read(sql -> store.find(sql, ownerId, number.getAsLong()));
            if (byId.isPresent()) {
                return byId.get();
            }
        }
        String key = UserText.key(text);
        if (key.isEmpty()) {
            throw new InvalidInputException(LoopErrors.noSuchLoop());
        }
        List<Among> lists = new java.util.ArrayList<>();
        if (reflectedFirst && number.isEmpty()) {
            lists.add(new Among(sql -> store.reflectedNames(sql, ownerId, maxOpenLoops),
                    LoopErrors::ambiguousReflectedLoop));
        }
        lists.add(new Among(sql -> store.openNames(sql, ownerId, maxOpenLoops),
                (typed, candidates) -> LoopErrors.ambiguousLoop(typed, candidates, LoopScope.Kind.PERSONAL)));
        lists.add(new Among(sql -> store.closedNames(sql, ownerId, maxOpenLoops), LoopErrors::ambiguousClosedLoop));
        for (Among among : lists) {
            List<LoopName> fitting = named(database.read(among.names()), key, true);
            if (fitting.size() > 1) {
                throw new InvalidInputException(among.ambiguous().apply(text, fitting.stream()
                        .map(n -> new LoopErrors.Candidate(n.id(), n.concept())).toList()));
            }
            if (fitting.size() == 1) {
                return database.read(sql -> store.find(sql, ownerId, fitting.get(0).id())).orElseThrow();
            }
        }
        throw new InvalidInputException(LoopErrors.noSuchLoop());
    }

    /** Loops a typed name is looked for among, and what to say when it fits several of them. */
    private record Among(SqlFunction<List<LoopName>> names,
            java.util.function.BiFunction<String, List<LoopErrors.Candidate>, String> ambiguous) {
    }

    /**
     * The loop number typed ({@code 12} or {@code #12}); empty for anything else, a number too long to be one
     * included (it is then read as a concept).
     */
    private static OptionalLong loopNumber(String typed) {
        String text = UserText.narrow(typed); // ＃１２ from a Japanese input method is #12
        String digits = text.startsWith("#") ? text.substring(1) : text;
        return !digits.isEmpty() && digits.length() < 18 && digits.chars().allMatch(Character::isDigit)
                ? OptionalLong.of(Long.parseLong(digits)) : OptionalLong.empty();
    }

    /** Some of the scope's loops by id, for showing search results; ids not in the scope are left out. */
    public Map<Long, OpenLoop> byIds(LoopScope scope, Actor actor, java.util.Collection<Long> ids) {
        String owner = visibleOwner(scope, actor);
        return database.read(sql -> store.findAll(sql, owner, ids)).stream()
                .collect(Collectors.toMap(OpenLoop::id, loop -> loop));
    }

    /**
     * The ids of the scope's loops in the filter's stage and class: which loops a search lists, known before any is read
     * whole ({@link #byIds} then reads a page's).
     */
    public java.util.Set<Long> ids(LoopScope scope, Actor actor, LoopFilter filter) {
        String owner = visibleOwner(scope, actor);
        return database.read(sql -> store.ids(sql, owner, filter));
    }

    /**
     * Of {@code ids}, the scope's open loops snoozed right now and how, as {@link #list} shows them: for the loops a
     * search found.
     */
    public Map<Long, LoopPage.Snooze> snoozes(LoopScope scope, Actor actor, java.util.Collection<Long> ids) {
        String owner = visibleOwner(scope, actor);
        if (ids.isEmpty()) {
            return Map.of();
        }
        // Read before the transaction, as list does: the focus feature reads its own rows.
        Map<Long, String> focusItems = scope.isServer() ? Map.of() : activeFocus.apply(owner);
        return database.read(sql -> store.snoozes(sql, owner, ids, clock.instant(), focusItems));
    }

    /** How many reflections each of these loops of the person holds (none listed: none), for the loops a search found. */
    public Map<Long, Long> reflectionCounts(String ownerId, java.util.Collection<Long> ids) {
        return ids.isEmpty() ? Map.of() : database.read(sql -> store.reflectionCounts(sql, ownerId, ids));
    }

    /** The refusal for a loop that is no longer open, saying how it ended. */
    public static String notOpen(OpenLoop loop, LoopScope.Kind among) {
        return notOpen(loop, among, null);
    }

    /**
     * The same, said to {@code actor} (null: one who may reopen it): a server loop's member who neither parked it nor
     * manages the server is not sent to a /reopen that refuses them, but told who may run it.
     */
    public static String notOpen(OpenLoop loop, LoopScope.Kind among, Actor actor) {
        return LoopErrors.notOpen(loop.id(), loop.concept(), "was " + loop.ending(), among,
                loop.status() == LoopStatus.CLOSED && loop.outcome() != Outcome.MERGED,
                actor == null || mayChange(loop, actor));
    }

    /** The same among a person's own loops. */
    public static String notOpen(OpenLoop loop) {
        return notOpen(loop, LoopScope.Kind.PERSONAL);
    }

    /**
     * The loop that holds a loop's content now: the loop itself, or for one merged into another, that one (followed
     * through later merges); empty when the person has no such loop.
     */
    public Optional<OpenLoop> holder(String ownerId, long loopId) {
        return database.read(sql -> holder(sql, ownerId, store.find(sql, ownerId, loopId)));
    }

    private Optional<OpenLoop> holder(SqlSession sql, String ownerId, Optional<OpenLoop> start) throws SQLException {
        Optional<OpenLoop> loop = start;
        for (int hops = 0; hops < MAX_MERGE_HOPS && loop.isPresent() && loop.get().outcome() == Outcome.MERGED; hops++) {
            Optional<Long> into = store.mergedInto(sql, ownerId, loop.get().id());
            if (into.isEmpty()) {
                break; // closed as merged with /close: it went into no loop here
            }
            loop = store.find(sql, ownerId, into.get());
        }
        return loop;
    }

    /** Who may close (and later edit) a loop: a personal loop's owner; a server loop's author or a server manager. */
    private static boolean mayChange(OpenLoop loop, Actor actor) {
        if (!loop.scope().isServer()) {
            return loop.ownerId().equals(actor.userId());
        }
        return actor.isMemberOf(loop.scope()) && (loop.authorId().equals(actor.userId()) || actor.managesServer());
    }

    /**
     * The person's open loops that best match what they typed so far, best first: the loop whose number it is
     * ({@code 12} or {@code #12}, as {@code /loops} shows it), then by concept: prefix, then word start, then
     * substring, then the letters in order (fuzzy). An empty query lists the newest.
     */
    public List<LoopName> suggest(String ownerId, String typed) {
        return suggest(LoopScope.personal(ownerId), Actor.person(ownerId), typed);
    }

    /** The same over the open loops of a scope the actor may see (a server's, for its members). */
    public List<LoopName> suggest(LoopScope scope, Actor actor, String typed) {
        String owner = visibleOwner(scope, actor);
        List<LoopName> names = database.read(sql -> store.openNames(sql, owner, maxOpenLoops));
        return rank(names, typed);
    }

    /**
     * The same among the loops the actor may close or edit: in a server's lot, only those they parked, unless they
     * manage the server ({@link #mayChange}); the others would only be refused once picked.
     */
    public List<LoopName> suggestChangeable(LoopScope scope, Actor actor, String typed) {
        if (!scope.isServer() || actor.managesServer()) {
            return suggest(scope, actor, typed);
        }
        String owner = visibleOwner(scope, actor);
        return rank(database.read(sql -> store.openNamesBy(sql, owner, actor.userId(), maxOpenLoops)), typed);
    }

    private static List<LoopName> rank(List<LoopName> names, String typed) {
        String query = UserText.singleLine(typed).toLowerCase(Locale.ROOT);
        if (query.isEmpty()) {
            return names.stream().limit(SUGGESTIONS).collect(Collectors.toList());
        }
        // A number typed from /loops names that loop: offered first, as the command reads it when sent as typed.
        // Ranked by concept alone, "4" offered "IPv4 addressing" (or nothing); picking the first acted on another loop.
        OptionalLong number = loopNumber(query);
        return names.stream()
                // Composed as the typed text is: a concept stored before typed text was composed may be decomposed.
                .map(name -> new Ranked(name, number.isPresent() && name.id() == number.getAsLong() ? -1
                        : fuzzyRank(UserText.composed(name.concept()).toLowerCase(Locale.ROOT), query)))
                .filter(r -> r.rank < Integer.MAX_VALUE)
                .sorted(Comparator.comparingInt(Ranked::rank))
                .limit(SUGGESTIONS)
                .map(Ranked::name)
                .collect(Collectors.toList());
    }

    /** One of the person's own loops by id, whatever its status (a closed loop's reflections, say). */
    public Optional<OpenLoop> find(String ownerId, long loopId) {
        return database.read(sql -> store.find(sql, ownerId, loopId));
    }

    /**
     * Finds one of the person's open loops from what they typed: its number as {@code /loops} shows it ({@code 12}
     * or {@code #12}), its concept, or a fragment of exactly one concept ("kalman"), as autocomplete narrows it.
     * A fragment that fits several is refused with the candidates listed.
     */
    public OpenLoop resolve(String ownerId, String reference) {
        return resolve(LoopScope.personal(ownerId), Actor.person(ownerId), reference);
    }

    /** The same among the open loops of a scope the actor may see. */
    public OpenLoop resolve(LoopScope scope, Actor actor, String reference) {
        String owner = visibleOwner(scope, actor);
        String text = UserText.singleLine(reference);
        // A number names a loop by its id; one that is closed by now (a button under an old answer, a number typed
        // from an old list) is said to be closed rather than not found, unless an open concept reads as the number.
        OptionalLong number = loopNumber(text);
        boolean isId = number.isPresent();
        Optional<OpenLoop> byId = isId ? database.read(sql -> store.find(sql, owner, number.getAsLong()))
                : Optional.empty();
        if (byId.filter(OpenLoop::isOpen).isPresent()) {
            return byId.get();
        }
        // Read only on the way to a refusal: with no open loop at all, the way on is to park one.
        Supplier<String> notFound = () -> byId.map(loop -> database.read(sql -> notOpen(sql, owner, loop, scope.kind(),
                        actor)))
                .or(() -> isId ? inOtherScope(scope, actor, number.getAsLong()) : Optional.empty())
                .orElseGet(() -> database.read(sql -> store.countOpen(sql, owner)) == 0
                        ? LoopErrors.noOpenLoops(scope.kind()) : LoopErrors.noSuchOpenLoop(scope.kind()));
        String key = UserText.key(text);
        if (key.isEmpty()) {
            throw new InvalidInputException(notFound.get());
        }
        Optional<OpenLoop> byConcept = database.read(sql -> store.findOpenByKey(sql, owner, key));
        if (byConcept.isPresent()) {
            return byConcept.get();
        }
        if (isId) {
            // A number is a loop's number, never a fragment: "2" must not pick "HTTP/2 multiplexing" when #2 is closed.
            throw new InvalidInputException(notFound.get());
        }
        List<LoopName> fitting = database.read(sql -> store.openNames(sql, owner, maxOpenLoops)).stream()
                .filter(name -> UserText.key(name.concept()).contains(key))
                .collect(Collectors.toList());
        if (fitting.size() > 1) {
            throw new InvalidInputException(LoopErrors.ambiguousLoop(text, fitting.stream()
                    .map(n -> new LoopErrors.Candidate(n.id(), n.concept())).toList(), scope.kind()));
        }
        Optional<OpenLoop> found = fitting.stream().findFirst()
                .flatMap(name -> database.read(sql -> store.find(sql, owner, name.id())));
        if (found.isPresent()) {
            return found.get();
        }
        // Named as one of the closed loops (its concept, or a fragment of exactly one): said to be closed, as its
        // number would be, rather than not found.
        Optional<OpenLoop> closed = closedNamed(owner, key);
        throw new InvalidInputException(closed.map(loop -> notOpen(loop, scope.kind(), actor)).orElseGet(notFound));
    }

    /**
     * {@link #resolve} among the person's own open loops, for what only they do with one ({@code /open},
     * {@code /progress}: phases are personal; {@code /triage loop:}: a shared loop's class is the group's). A reference
     * that names none of theirs, open or closed, but one of the open shared loops of the server they act in (its number
     * from {@code /loops scope:server}, or its concept) is refused with {@code sharedRefusal} of that loop, saying whose
     * it is and what to do, where "You have no open loops" or "I can't find that" left them looking for a loop they had
     * just seen listed.
     */
    public OpenLoop resolveOwn(Actor actor, String reference, Function<OpenLoop, String> sharedRefusal) {
        try {
            return resolve(LoopScope.personal(actor.userId()), actor, reference);
        } catch (InvalidInputException notTheirs) {
            Optional<OpenLoop> shared = actor.guildId() == null ? Optional.empty() : sharedNamed(actor, reference);
            throw shared.map(loop -> new InvalidInputException(sharedRefusal.apply(loop))).orElse(notTheirs);
        }
    }

    /**
     * The shared loop of the server the actor acts in that the reference names: by its number, open or closed (a number
     * read from an older list); by its concept or a fragment of exactly one, an open one, when it names no loop of
     * theirs, open or closed (two of theirs that fit are theirs to hear about).
     */
    private Optional<OpenLoop> sharedNamed(Actor actor, String reference) {
        String text = UserText.singleLine(reference);
        String key = UserText.key(text);
        OptionalLong number = loopNumber(text);
        if (number.isPresent()) {
            // Closed by the group since, it is still the group's: "add scope:server" named an option these lack.
            return database.read(sql -> store.find(sql, LoopScope.server(actor.guildId()).ownerKey(),
                    number.getAsLong()));
        }
        boolean theirs = key.isEmpty() || database.read(sql -> store.openNames(sql, actor.userId(), maxOpenLoops)
                .stream().anyMatch(name -> UserText.key(name.concept()).contains(key))
                || !named(store.closedNames(sql, actor.userId(), maxOpenLoops), key, true).isEmpty());
        if (theirs) {
            return Optional.empty();
        }
        try {
            return Optional.of(resolve(LoopScope.server(actor.guildId()), actor, reference));
        } catch (InvalidInputException notShared) {
            return Optional.empty();
        }
    }

    /**
     * The refusal for a number that names no loop of {@code scope} but one of the other scope the actor sees where they
     * act: this server's lot for a personal scope (only when acting in a server), their own loops for the server's.
     */
    private Optional<String> inOtherScope(LoopScope scope, Actor actor, long id) {
        Optional<LoopScope> other = scope.isServer() ? Optional.of(LoopScope.personal(actor.userId()))
                : Optional.ofNullable(actor.guildId()).map(LoopScope::server);
        return other.flatMap(there -> database.read(sql -> store.find(sql, there.ownerKey(), id)))
                .map(loop -> LoopErrors.inOtherScope(loop.id(), loop.concept(), loop.scope().kind()));
    }

    /** The closed loop whose concept is {@code key}, or the one closed loop whose concept holds it. */
    private Optional<OpenLoop> closedNamed(String owner, String key) {
        List<LoopName> fitting = named(database.read(sql -> store.closedNames(sql, owner, maxOpenLoops)), key, true);
        return fitting.size() != 1 ? Optional.empty()
                : database.read(sql -> store.find(sql, owner, fitting.get(0).id()));
    }

    /**
     * Of {@code names}, the one whose concept is {@code key} (the first, when several are), else, with
     * {@code fragments}, every one whose concept holds it.
     */
    private static List<LoopName> named(List<LoopName> names, String key, boolean fragments) {
        List<LoopName> exact = names.stream().filter(n -> UserText.key(n.concept()).equals(key)).limit(1).toList();
        return !exact.isEmpty() || !fragments ? exact
                : names.stream().filter(n -> UserText.key(n.concept()).contains(key)).toList();
    }

    private static int fuzzyRank(String concept, String query) {
        if (concept.startsWith(query)) {
            return 0;
        }
        int at = concept.indexOf(query);
        if (at > 0 && !Character.isLetterOrDigit(concept.charAt(at - 1))) {
            return 1;
        }
        if (at > 0) {
            return 2;
        }
        int pos = 0;
        int gaps = 0;
        for (int i = 0; i < query.length(); i++) {
            char c = query.charAt(i);
            if (c == ' ') {
                continue;
            }
            int found = concept.indexOf(c, pos);
            if (found < 0) {
                return Integer.MAX_VALUE;
            }
            gaps += found - pos;
            pos = found + 1;
        }
        return 3 + gaps;
    }

    private record Ranked(LoopName name, int rank) {
    }

    private static String cleanConcept(String raw, String whenEmpty) {
        UserText.requireWellFormed(raw, "concept");
        String concept = UserText.singleLine(raw);
        if (concept.isEmpty()) {
            throw new InvalidInputException(whenEmpty);
        }
        if (UserText.length(concept) > LoopLimits.MAX_CONCEPT) {
            throw new InvalidInputException(LoopErrors.conceptTooLong(UserText.length(concept)));
        }
        return concept;
    }

    private static String cleanWhy(String raw) {
        UserText.requireWellFormed(raw, "why");
        String why = UserText.multiLine(raw);
        if (UserText.length(why) > LoopLimits.MAX_WHY) {
            throw new InvalidInputException(LoopErrors.whyTooLong(UserText.length(why)));
        }
        return why.isEmpty() ? null : why;
    }

    private static Origin cleanOrigin(Origin origin) {
        if (origin == null) {
            return Origin.none();
        }
        String excerpt = origin.excerpt() == null ? null
                : UserText.shorten(UserText.singleLine(origin.excerpt()), LoopLimits.MAX_EXCERPT);
        return new Origin(origin.guildId(), origin.channelId(), origin.messageUrl(),
                excerpt == null || excerpt.isEmpty() ? null : excerpt);
    }
}
