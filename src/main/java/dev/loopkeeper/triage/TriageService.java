package dev.loopkeeper.triage;

import dev.loopkeeper.common.InvalidInputException;
import dev.loopkeeper.focus.Focus;
import dev.loopkeeper.focus.FocusService;
import dev.loopkeeper.loop.LoopErrors;
import dev.loopkeeper.loop.LoopService;
import dev.loopkeeper.loop.LoopStatus;
import dev.loopkeeper.loop.LoopStore;
import dev.loopkeeper.loop.OpenLoop;
import dev.loopkeeper.loop.Outcome;
import dev.loopkeeper.loop.Triage;
import dev.loopkeeper.relevance.RelevanceIndex;
import dev.loopkeeper.storage.Database;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * Personal triage: the person's untriaged open loops one at a time, a suggested class for each, and the class set.
 *
 * <p>The suggestion compares the loop with what the person works on now (their active focus) and with the loops they
 * marked core, using the relevance scorer. A loop that scores at or above the reminder threshold against either is a
 * candidate for core; one at or above {@link #ADJACENT} is adjacent; anything lower is peripheral. With no active focus
 * and no core loop there is nothing to compare with, so there is no suggestion rather than a guess. A loop the person
 * has opened is suggested core on its card, whatever the comparison says: they chose to work on it.
 */
public final class TriageService {
    /**
     * From this score a loop is suggested adjacent: a little above where unrelated pairs end (about 0.35, see
     * docs/RELEVANCE.md), so a concept that shares the field but not the work lands here. Chosen on the examples in
     * the test resource triage-examples.tsv (docs/TRIAGE.md).
     */
    public static final double ADJACENT = 0.42;

    /**
     * What an opened loop's card suggests: core. The person chose to start on it, so it is not far from their work
     * even when it is far from their focus text, which the comparison alone would call peripheral. Nothing is compared,
     * so its score is simply the highest.
     */
    private static final Suggestion OPENED = new Suggestion(Triage.CORE, Suggestion.Basis.OPENED, null, 1);

    private final Database database;
    private final LoopStore loopStore;
    private final LoopService loops;
    private final FocusService focus;
    private final RelevanceIndex relevance;
    private final Clock clock;
    private final double coreThreshold;

    public TriageService(Database database, LoopStore loopStore, LoopService loops,
            FocusService focus, RelevanceIndex relevance, Clock clock, double coreThreshold) {
        this.database = database;
        this.loopStore = loopStore;
        this.loops = loops;
        this.focus = focus;
        this.relevance = relevance;
        this.clock = clock;
        this.coreThreshold = coreThreshold;
    }

    /** The moment a pass through the queue starts; loops skipped from then on are left out of that pass. */
    public Instant startPass() {
        return clock.instant();
    }

    /** The next card of the person's queue in a pass that started at {@code since}; empty when the pass is done. */
    public Optional<TriageCard> next(String ownerId, Instant since) {
        Optional<Card> found = database.read(sql -> {
            Optional<Long> id = loopStore.nextUntriaged(sql, ownerId, since);
            if (id.isEmpty()) {
                return Optional.empty();
            }
            return Optional.of(new Card(loopStore.find(sql, ownerId, id.get()).orElseThrow(),
                    loopStore.untriagedLeft(sql, ownerId, since)));
        });
        return found.map(card -> {
            Suggested suggested = suggested(ownerId, card.loop());
            return new TriageCard(card.loop(), suggested.suggestion(), card.left(), suggested.notReady());
        });
    }

    /** A suggestion, or none; {@code notReady} when none only because some vectors are still being computed. */
    private record Suggested(Optional<Suggestion> suggestion, boolean notReady) {
        static final Suggested NONE = new Suggested(Optional.empty(), false);
    }

    private record Card(OpenLoop loop, long left) {
    }

    /**
     * How many of the person's open loops have no class, skipped or not: at the end of a pass, those skipped in it
     * (here, or on another device meanwhile), which its summary must not call classified.
     */
    public long untriaged(String ownerId) {
        // No skip is stamped after the end of time: every untriaged open loop counts.
        return database.read(sql -> loopStore.untriagedLeft(sql, ownerId, Instant.ofEpochMilli(Long.MAX_VALUE)));
    }

    /** Sets the class of one of the person's open loops. */
    public OpenLoop classify(String ownerId, long loopId, Triage triage) {
        if (triage == Triage.UNTRIAGED) {
            throw new IllegalArgumentException("A class is core, adjacent or peripheral");
        }
        Optional<OpenLoop> classified = database.inTransaction(sql -> loopStore.setTriage(sql, ownerId, loopId, triage,
                clock.instant()) == 0 ? Optional.<OpenLoop>empty() : loopStore.find(sql, ownerId, loopId));
        return classified.orElseThrow(() -> notClassifiable(ownerId, loopId));
    }

    /**
     * Why a loop could not be given a class: gone, or closed; one merged into another (the park's Core button a week
     * later) names the loop that holds it now, whose class the person can set instead.
     */
    private InvalidInputException notClassifiable(String ownerId, long loopId) {
        Elsewhere now = elsewhere(ownerId, loopId);
        if (now.into().isPresent()) {
            OpenLoop into = now.into().get();
            return new InvalidInputException(LoopErrors.mergedInto(loopId, now.now().orElseThrow().concept(), into.id(),
                    into.concept(), into.isOpen()));
        }
        return missing(now.now(), loopId);
    }

    /** Puts a loop at the back of the queue: it comes back after the others, in a later pass. */
    public void skip(String ownerId, long loopId) {
        database.write(sql -> {
            if (loopStore.skipTriage(sql, ownerId, loopId, clock.instant()) == 0) {
                Optional<OpenLoop> loop = loopStore.find(sql, ownerId, loopId);
                if (loop.isEmpty() || !loop.get().isOpen()) {
                    throw missing(loop, loopId);
                }
                // Classified meanwhile (another client): nothing to skip.
            }
        });
    }

    /**
     * Whether a loop still waits in the person's queue (open and untriaged). A card clicked twice, or from a second
     * client after the loop was decided, must not count again.
     */
    public boolean isQueued(String ownerId, long loopId) {
        return database.read(sql -> loopStore.find(sql, ownerId, loopId))
                .filter(loop -> loop.isOpen() && loop.triage() == Triage.UNTRIAGED).isPresent();
    }

    /** "Let it go": the loop closes with that outcome, as /close would. */
    public OpenLoop letGo(String ownerId, long loopId) {
        return loops.close(ownerId, loopId, Outcome.LET_GO, null);
    }

    /**
     * A card's answer, applied when its loop still waits in the queue: the pass's tally with it counted. Empty when the
     * loop was closed or classified elsewhere since the card was shown (another process on the same database, another
     * client, {@code /triage loop:}); nothing is changed then, and the pass goes on with the next card. A loop closed
     * between the check and the change counts as closed elsewhere too. A loop already as this answer leaves it (the
     * same class, or let go) counts as this card's answer: a second click of the button, sent before the first one's
     * new card reached the screen, is told nothing happened elsewhere and the pass counts it once.
     */
    public Optional<Tally> answer(String ownerId, long loopId, CardAnswer answer, Tally tally) {
        if (!isQueued(ownerId, loopId)) {
            return alreadyAnswered(ownerId, loopId, answer, tally);
        }
        try {
            return Optional.of(switch (answer) {
                case LET_GO -> {
                    letGo(ownerId, loopId);
                    yield tally.plusLetGo();
                }
                case SKIP -> {
                    skip(ownerId, loopId);
                    yield tally.plusSkipped();
                }
                default -> {
                    Triage chosen = answer.triage().orElseThrow();
                    classify(ownerId, loopId, chosen);
                    yield tally.plus(chosen);
                }
            });
        } catch (InvalidInputException e) {
            if (isQueued(ownerId, loopId)) {
                throw e;
            }
            return alreadyAnswered(ownerId, loopId, answer, tally);
        }
    }

    /** The tally with this answer counted when the loop is already as the answer leaves it; empty otherwise. */
    private Optional<Tally> alreadyAnswered(String ownerId, long loopId, CardAnswer answer, Tally tally) {
        Optional<OpenLoop> loop = loops.find(ownerId, loopId);
        if (loop.isEmpty()) {
            return Optional.empty();
        }
        OpenLoop now = loop.get();
        return switch (answer) {
            case LET_GO -> now.isOpen() || now.outcome() != Outcome.LET_GO ? Optional.empty()
                    : Optional.of(tally.plusLetGo());
            case SKIP -> Optional.empty();
            case CORE, ADJACENT, PERIPHERAL -> now.isOpen() && answer.triage().filter(now.triage()::equals).isPresent()
                    ? Optional.of(tally.plus(now.triage())) : Optional.empty();
        };
    }

    /**
     * What became of a card's loop decided elsewhere ({@link #answer} gave nothing): the loop as it is now (empty: gone)
     * and, when it was merged, the loop that holds it now.
     */
    public Elsewhere elsewhere(String ownerId, long loopId) {
        Optional<OpenLoop> now = loops.find(ownerId, loopId);
        Optional<OpenLoop> into = now.filter(loop -> loop.outcome() == Outcome.MERGED)
                .flatMap(loop -> loops.holder(ownerId, loopId)).filter(holder -> holder.id() != loopId);
        return new Elsewhere(loopId, now, into);
    }

    /** A card's loop as it is now, and the loop it was merged into, if it was. */
    public record Elsewhere(long loopId, Optional<OpenLoop> now, Optional<OpenLoop> into) {
    }

    private static InvalidInputException missing(Optional<OpenLoop> loop, long loopId) {
        return new InvalidInputException(loop.map(LoopService::notOpen).orElseGet(LoopErrors::noSuchOpenLoop));
    }

    /**
     * The class suggested for one of the person's open loops: core when they have opened it, otherwise from their
     * active focus and their core loops; empty when they have neither, or the loop has no vector yet.
     */
    public Optional<Suggestion> suggest(String ownerId, long loopId) {
        return database.read(sql -> loopStore.find(sql, ownerId, loopId))
                .flatMap(loop -> suggested(ownerId, loop).suggestion());
    }

    private Suggested suggested(String ownerId, OpenLoop loop) {
        if (loop.status() == LoopStatus.ACTIVE) {
            return new Suggested(Optional.of(OPENED), false);
        }
        long loopId = loop.id();
        List<String> works = focus.active(ownerId).stream().map(Focus::text).collect(Collectors.toList());
        List<Long> core = database.read(sql -> loopStore.coreIds(sql, ownerId)).stream()
                .filter(id -> id != loopId).collect(Collectors.toList());
        if (works.isEmpty() && core.isEmpty()) {
            return Suggested.NONE;
        }
        Optional<RelevanceIndex.Scored> byFocus = works.isEmpty() ? Optional.empty()
                : relevance.bestWork(ownerId, loopId, works);
        Optional<RelevanceIndex.Scored> byCore = core.isEmpty() ? Optional.empty()
                : relevance.bestLoop(ownerId, loopId, core);
        if (byFocus.isEmpty() && byCore.isEmpty()) {
            // There is a focus or a core loop, but this loop (or the core loops) has no vectors yet: the card must not
            // say there is nothing to compare with, nor ask for a focus the person has.
            List<Long> compared = new ArrayList<>(core);
            compared.add(loopId);
            boolean notReady = RelevanceIndex.hasContent(loop.concept()) && !relevance.hasVectors(ownerId, compared);
            return new Suggested(Optional.empty(), notReady);
        }
        // The focus is asked first: what the person works on now is the clearest sign of what is core.
        if (byFocus.isPresent() && score(byFocus) >= coreThreshold) {
            return found(suggestion(Triage.CORE, Suggestion.Basis.FOCUS, byFocus.get()));
        }
        if (byCore.isPresent() && score(byCore) >= coreThreshold) {
            return found(suggestion(Triage.CORE, Suggestion.Basis.CORE_LOOP, byCore.get()));
        }
        boolean focusBest = score(byFocus) >= score(byCore);
        RelevanceIndex.Scored best = focusBest ? byFocus.get() : byCore.get();
        if (best.match().score() >= ADJACENT) {
            return found(suggestion(Triage.ADJACENT,
                    focusBest ? Suggestion.Basis.FOCUS : Suggestion.Basis.CORE_LOOP, best));
        }
        Suggestion.Basis far = byCore.isEmpty() ? Suggestion.Basis.FAR_FROM_FOCUS
                : byFocus.isEmpty() ? Suggestion.Basis.FAR_FROM_CORE : Suggestion.Basis.FAR;
        return found(new Suggestion(Triage.PERIPHERAL, far, null, best.match().score()));
    }

    private static Suggested found(Suggestion suggestion) {
        return new Suggested(Optional.of(suggestion), false);
    }

    private static double score(Optional<RelevanceIndex.Scored> scored) {
        return scored.map(s -> s.match().score()).orElse(Double.NEGATIVE_INFINITY);
    }

    private static Suggestion suggestion(Triage triage, Suggestion.Basis basis, RelevanceIndex.Scored scored) {
        return new Suggestion(triage, basis, scored.against(), scored.match().score());
    }

    /**
     * The active work a just-parked loop already matches (its score at or above the reminder threshold), if any: the
     * park's answer then offers to mark it core. Loops of a server's lot are never offered this.
     */
    public Optional<String> matchingFocus(OpenLoop loop) {
        if (loop.scope().isServer()) {
            return Optional.empty();
        }
        List<String> works = focus.active(loop.ownerId()).stream().map(Focus::text).collect(Collectors.toList());
        if (works.isEmpty()) {
            return Optional.empty();
        }
        return relevance.bestWork(loop.ownerId(), loop.id(), works)
                .filter(s -> s.match().score() >= coreThreshold).map(RelevanceIndex.Scored::against);
    }
}
