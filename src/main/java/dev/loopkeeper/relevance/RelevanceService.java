package dev.loopkeeper.relevance;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.loopkeeper.common.UserText;
import dev.loopkeeper.focus.Focus;
import dev.loopkeeper.focus.FocusService;
import dev.loopkeeper.loop.LoopListener;
import dev.loopkeeper.loop.ConceptCheck;
import dev.loopkeeper.loop.OpenLoop;
import dev.loopkeeper.settings.PersonSettings;
import dev.loopkeeper.settings.SettingsService;
import dev.loopkeeper.storage.Database;
import java.time.Clock;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Brings parked loops back when they match active work. Each loop's vector is computed once when it is parked and
 * stored with the model id; a per-person index of vectors and word stems lives in memory. When a focus changes,
 * every open loop is scored, the policy decides, and at most one reminder is made.
 */
public final class RelevanceService implements LoopListener, ConceptCheck {
    /** Framed-vector cosine above which two concepts are "nearly the same" at park time. */
    public static final double NEAR_DUPLICATE = 0.93;
    private static final Logger log = LoggerFactory.getLogger(RelevanceService.class);
    private static final int REEMBED_BATCH = 256;

    private final Database database;
    private final ReminderStore store;
    private final RelevanceScorer scorer;
    private final String modelId;
    private final FocusService focus;
    private final SettingsService settings;
    private final ReminderService reminders;
    private final ReminderPolicy policy;
    private final Clock clock;
    /** Per person: their open loops' vectors and stems, loaded once and dropped when their loops change. */
    private final Cache<String, OwnerIndex> index = Caffeine.newBuilder()
            .maximumWeight(2_000_000)
            .<String, OwnerIndex>weigher((owner, loops) -> Math.max(1, loops.size()))
            .build();
    /** A concept is embedded for the near-duplicate check and again when it is saved: once is enough. */
    private final Cache<String, float[]> recentVectors = Caffeine.newBuilder().maximumSize(1_000).build();

    public RelevanceService(Database database, ReminderStore store, RelevanceScorer scorer, String modelId,
            FocusService focus, SettingsService settings, ReminderService reminders,
            ReminderPolicy policy, Clock clock) {
        this.database = database;
        this.store = store;
        this.scorer = scorer;
        this.modelId = modelId;
        this.focus = focus;
        this.settings = settings;
        this.reminders = reminders;
        this.policy = policy;
        this.clock = clock;
    }

    @Override
    public void onParked(OpenLoop loop) {
        OwnerIndex cached = index.getIfPresent(loop.ownerId());
        float[] vector = recentVectors.getIfPresent(loop.concept());
        if (cached != null && vector != null) {
            cached.put(new Indexed(loop.id(), loop.concept(), TextTerms.of(loop.concept()), vector));
        } else {
            index.invalidate(loop.ownerId());
        }
    }

    @Override
    public void onChanged(String ownerId) {
        index.invalidate(ownerId);
    }

    @Override
    public ConceptCheck.Result check(String ownerId, String concept) {
        float[] vector = vector(concept);
        Optional<Long> near = Optional.empty();
        double best = NEAR_DUPLICATE;
        for (Indexed loop : indexFor(ownerId).loops()) {
            double cosine = Vectors.dot(vector, loop.vector());
            if (cosine >= best) {
                best = cosine;
                near = Optional.of(loop.loopId());
            }
        }
        return new ConceptCheck.Result(near, Vectors.toBytes(vector), modelId);
    }

    /** Scores the person's open loops against a focus that just changed, applies the policy, and reminds at most once. */
    public Decision onFocus(Focus changed) {
        String owner = changed.ownerId();
        Instant now = clock.instant();
        PersonSettings person = settings.person(owner);
        double threshold = policy.threshold() + person.thresholdOffset();
        float[] workVector = scorer.vectorFor(changed.text());
        TextTerms workTerms = TextTerms.of(changed.text());
        Set<Long> activeFocus = focus.active(owner).stream().map(Focus::id).collect(Collectors.toSet());
        Set<Long> excluded = database.read(sql -> store.excluded(sql, owner, now.minus(policy.cooldown()), now,
                focusKey(changed.text()), activeFocus));

        List<Decision.Candidate> matches = new ArrayList<>();
        for (Indexed loop : indexFor(owner).loops()) {
            if (excluded.contains(loop.loopId())) {
                continue;
            }
            // Below the threshold only the word bonus can lift a loop, and only if it shares a stem with the work.
            double cosine = Vectors.dot(workVector, loop.vector());
            if (cosine < threshold && (cosine + RelevanceScorer.LEXICAL_WEIGHT < threshold
                    || !sharesAStem(loop.terms(), workTerms))) {
                continue;
            }
            RelevanceScorer.Match match = scorer.score(workTerms, workVector, loop.terms(), loop.vector());
            if (match.score() >= threshold) {
                matches.add(new Decision.Candidate(loop.loopId(), loop.concept(), match));
            }
        }
        matches.sort(Comparator.comparingDouble((Decision.Candidate c) -> c.match().score()).reversed());
        List<Decision.Candidate> best = List.copyOf(matches.subList(0, Math.min(policy.maxItems(), matches.size())));
        if (best.isEmpty()) {
            return new Decision(Decision.Kind.NO_MATCH, best, Optional.empty());
        }
        Instant dayStart = ZonedDateTime.ofInstant(now, person.zone()).toLocalDate().atStartOfDay(person.zone()).toInstant();
        Instant deliverAfter = person.quietHours().filter(q -> q.contains(now)).map(q -> q.endAfter(now)).orElse(now);
        Optional<Long> reminderId = database.inTransaction(sql -> {
            if (store.countSince(sql, owner, dayStart) >= policy.dailyCap()) {
                return Optional.<Long>empty();
            }
            long id = store.insert(sql, owner, changed.id(), changed.text(), deliverAfter, now);
            for (int i = 0; i < best.size(); i++) {
                Decision.Candidate c = best.get(i);
                store.insertItem(sql, id, c.loopId(), i, c.match().score(), c.match().reason());
            }
            return Optional.of(id);
        });
        if (reminderId.isEmpty()) {
            log.debug("Daily reminder cap reached for {}", owner);
            return new Decision(Decision.Kind.DAILY_CAP, best, Optional.empty());
        }
        if (!deliverAfter.isAfter(now)) {
            reminders.deliver(reminderId.get());
        }
        return new Decision(Decision.Kind.REMINDED, best, reminderId);
    }

    /**
     * Embeds every open loop that has no vector from the current model (new database, or a model change) and
     * returns how many; a restart with the same model recomputes nothing.
     */
    public int reembedStale() {
        int total = 0;
        while (true) {
            List<ReminderStore.StoredVector> stale = database.read(sql -> store.stale(sql, modelId, REEMBED_BATCH));
            if (stale.isEmpty()) {
                return total;
            }
            List<float[]> vectors = scorer.vectorsFor(stale.stream().map(ReminderStore.StoredVector::concept).toList());
            database.write(sql -> {
                for (int i = 0; i < stale.size(); i++) {
                    store.saveVector(sql, stale.get(i).loopId(), vectors.get(i), modelId);
                }
            });
            stale.stream().map(ReminderStore.StoredVector::ownerId).distinct().forEach(index::invalidate);
            total += stale.size();
        }
    }

    private static boolean sharesAStem(TextTerms concept, TextTerms work) {
        for (String stem : concept.stems()) {
            if (work.stems().contains(stem)) {
                return true;
            }
        }
        return false;
    }

    /** The key that ties "not relevant" to a focus: its text, ignoring case and spacing. */
    public static String focusKey(String focusText) {
        return UserText.key(focusText);
    }

    private float[] vector(String text) {
        return recentVectors.get(text, scorer::vectorFor);
    }

    private OwnerIndex indexFor(String ownerId) {
        return index.get(ownerId, owner -> new OwnerIndex(database.read(sql -> store.openVectors(sql, owner, modelId))
                .stream()
                .map(v -> new Indexed(v.loopId(), v.concept(), TextTerms.of(v.concept()), v.vector()))
                .toList()));
    }

    private record Indexed(long loopId, String concept, TextTerms terms, float[] vector) {
    }

    /** One person's open loops in memory; a new park is added in place rather than reloading them all. */
    private static final class OwnerIndex {
        private final Map<Long, Indexed> loops = new ConcurrentHashMap<>();

        OwnerIndex(List<Indexed> initial) {
            initial.forEach(this::put);
        }

        void put(Indexed loop) {
            loops.put(loop.loopId(), loop);
        }

        Collection<Indexed> loops() {
            return loops.values();
        }

        int size() {
            return loops.size();
        }
    }
}
