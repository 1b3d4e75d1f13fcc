package dev.loopkeeper.relevance;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.loopkeeper.common.DaemonThreads;
import dev.loopkeeper.common.UserText;
import dev.loopkeeper.loop.ConceptCheck;
import dev.loopkeeper.loop.LoopListener;
import dev.loopkeeper.loop.LoopStatus;
import dev.loopkeeper.loop.LoopStore;
import dev.loopkeeper.loop.OpenLoop;
import dev.loopkeeper.loop.StoredVectors;
import dev.loopkeeper.storage.Database;
import dev.loopkeeper.storage.SqlSession;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashSet;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.FutureTask;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Each person's open loops in memory, as vectors and word stems, and the two questions asked of them: which loop
 * is nearly the same as a new concept (at park time), and which loops match a piece of work (when focus changes).
 * A loop's vector is computed once when it is parked and stored with the model id; nothing else is recomputed.
 */
public final class RelevanceIndex implements LoopListener, ConceptCheck {
    /**
     * Framed-vector cosine from which two concepts may be "nearly the same" at park time; they also need the same words
     * in the same order, one text possibly adding some ({@link TextTerms#sameWordsInOrder}), see docs/RELEVANCE.md.
     */
    public static final double NEAR_DUPLICATE = 0.93;
    /**
     * From this many loops on, a decision ranks its loops in two halves side by side (docs/BENCHMARKS.md, issue 16):
     * below it, handing half to another thread costs more than it saves.
     */
    static final int SPLIT_FROM = 20_000;
    private volatile int splitFrom = SPLIT_FROM;
    /** Stale loops embedded per round; a round's vectors are saved in one commit. */
    private static final int REEMBED_BATCH = 128;
    /**
     * How long a process holds the stale loops of one round (a round embeds in a few seconds): another process takes
     * them over after this if the first died meanwhile. Running out early costs a second embedding, never wrong vectors.
     */
    public static final Duration REEMBED_LEASE = Duration.ofSeconds(60);
    /**
     * A search keeps loops scoring at least this. Meaning alone reaches it only above about the 99th percentile of
     * the framed cosine between unrelated concepts (docs/RELEVANCE.md); a loop holding every word of the query gains
     * {@value RelevanceScorer#LEXICAL_WEIGHT} and is always kept. On 43 hand-labelled query-loop pairs
     * (src/test/resources/relevance/search-queries.tsv): precision 0.95, recall 0.74; 0.40 lets in "layer
     * normalization" for "filter" and "gradient", 0.48 loses a wanted loop for nothing gained.
     */
    public static final double SEARCH_CUTOFF = 0.42;
    /**
     * How close a query must be to its nearest concept-map topic for the map to find loops for it: real queries of the
     * project's search set sit at 0.72 and above ("memory management", 0.72; "database", 0.82), gibberish and stop
     * words at 0.61 and below ("kkkk", 0.55; "the", 0.61); docs/RELEVANCE.md, "Search and related loops".
     */
    static final double SEARCH_TOPIC_LINE = 0.65;
    /**
     * {@code /related} keeps loops whose symmetric score reaches this (see {@link #related}). On 56 hand-labelled pairs
     * (src/test/resources/relevance/related-pairs.tsv) it keeps 29 of 32 related pairs and no unrelated pair but ten
     * that share a word in another sense ("garbage collection", "municipal waste collection"); 0.50 kept one more of
     * those, 0.48 one more related pair and the weak map links between unrelated concepts (0.45-0.49). Below the
     * reminder threshold, since a neighbour need not match any work. docs/RELEVANCE.md has the table.
     */
    public static final double RELATED_CUTOFF = 0.52;
    /**
     * The map's support a loop needs to be found by {@code /loops query:} through the map alone (its words and meaning
     * below {@link #SEARCH_CUTOFF}): a foundation of the query's topic close to it, not one it merely resembles.
     */
    static final double SEARCH_MAP_ONLY_SUPPORT = 0.3;

    /**
     * A loop closed as learned or applied teaches about the active work it matches best only when their score reaches
     * this, a little above where unrelated pairs end, so closing "Kalman filter" while the only focus is sourdough
     * teaches nothing about sourdough.
     */
    public static final double CLOSED_RELATED = 0.35;

    private final Database database;
    private final LoopStore loops;
    private final FeedbackStore feedback;
    private final RelevanceScorer scorer;
    private final String modelId;
    /** Per person: their open loops' vectors and stems, loaded once and reloaded when their loop version moves. */
    private final Cache<String, OwnerIndex> index;
    private final long indexBytes;
    /** Held by the one {@link #reembedStale} of this process running. */
    private final Object reembedding = new Object();
    private volatile boolean stopping;
    /** Reads the time of the re-embedding's leases. */
    private final Clock clock;
    /** Owners already warned about: one line each per process, not one per decision. */
    private final Set<String> oversized = java.util.concurrent.ConcurrentHashMap.newKeySet();
    private static final org.slf4j.Logger log = org.slf4j.LoggerFactory.getLogger(RelevanceIndex.class);
    /** A loop is embedded for the near-duplicate check and again when it is saved: once is enough. */
    private final Cache<String, RelevanceScorer.Loop> recentLoops = Caffeine.newBuilder().maximumSize(1_000).build();
    /** A focus is embedded when it is matched and again when feedback is given for it: once is enough. */
    private final Cache<String, float[]> workVectors = Caffeine.newBuilder().maximumSize(1_000).build();

    /**
     * The owner indexes are bounded by what they hold, in bytes (packed vectors and their codes, texts, foundations,
     * about 5 KB a loop when half the loops have a why): at the default some 16,000 loops (160 people of 100 loops) stay in
     * memory, sized with the JVM so the whole process stays under 400 MB; the least recently used are dropped first and
     * reloaded (one read of their rows) when they next change focus. A 100,000-loop shared lot needs about 510 MB
     * ({@code LOOPKEEPER_INDEX_MB}).
     */
    public static final long DEFAULT_INDEX_BYTES = 80L << 20;

    public RelevanceIndex(Database database, LoopStore loops, FeedbackStore feedback, RelevanceScorer scorer,
            String modelId, Clock clock) {
        this(database, loops, feedback, scorer, modelId, DEFAULT_INDEX_BYTES, clock);
    }

    public RelevanceIndex(Database database, LoopStore loops, FeedbackStore feedback, RelevanceScorer scorer,
            String modelId, long indexBytes, Clock clock) {
        this.clock = clock;
        this.indexBytes = indexBytes;
        this.index = Caffeine.newBuilder()
                .maximumWeight(Math.max(1, indexBytes >> 10))
                .<String, OwnerIndex>weigher((owner, held) -> (int) Math.min(Integer.MAX_VALUE,
                        Math.max(1, held.bytes() >> 10)))
                .build();
        this.database = database;
        this.loops = loops;
        this.feedback = feedback;
        this.scorer = scorer;
        this.modelId = modelId;
    }

    @Override
    public void onParked(OpenLoop loop, long versionBefore, long versionAfter) {
        OwnerIndex cached = index.getIfPresent(loop.ownerId());
        RelevanceScorer.Loop scored = recentLoops.getIfPresent(recentKey(loop.concept(), loop.why()));
        // Add in place only when nothing else changed in between (another process's park moves the version too).
        if (cached == null || scored == null || !cached.advance(versionBefore, versionAfter, loop.id(), scored)) {
            index.invalidate(loop.ownerId());
        } else {
            // The cache weighs an entry when it is stored: stored again, the loop just added counts against
            // LOOPKEEPER_INDEX_MB. Otherwise every park since the owner's last reload went unweighed, unbounded.
            index.asMap().replace(loop.ownerId(), cached, cached);
        }
    }

    /**
     * The closest open loop that is nearly the same concept: close in meaning (framed cosine at least
     * {@link #NEAR_DUPLICATE}) and worded alike (no word replaced or moved). The embedding alone calls
     * "vector-Jacobian product" and "Jacobian-vector product" the same (0.99), and "min-heap priority queue" and
     * "max-heap priority queue" (0.96); the word check keeps them apart.
     */
    @Override
    public ConceptCheck.Result check(String ownerId, String concept, String why, long exceptLoopId) {
        RelevanceScorer.Loop loop = recentLoops.get(recentKey(concept, why), key -> scorer.loop(concept, why));
        List<String> words = TextTerms.wordSequence(concept);
        Optional<Long> near = Optional.empty();
        double best = NEAR_DUPLICATE;
        OwnerIndex owner = indexFor(ownerId);
        synchronized (owner) {
            PackedLoops packed = owner.packed();
            int n = packed.size();
            float[] bounds = new float[n];
            if (n > 0) {
                packed.boundConcepts(packed.query(loop.conceptVector()), n, bounds); // refuses another model's vectors
            }
            for (int slot = 0; slot < n; slot++) {
                if (bounds[slot] + PackedLoops.SCAN_MARGIN < best || packed.id(slot) == exceptLoopId) {
                    continue; // its sketch says it cannot be nearly the same
                }
                double cosine = packed.conceptDot(loop.conceptVector(), slot);
                List<String> theirs = TextTerms.wordSequence(packed.concept(slot));
                // Texts without a word ("🧠🧠🧠") are worded alike with anything: never call them the same.
                if (cosine >= best && !words.isEmpty() && !theirs.isEmpty()
                        && TextTerms.sameWordsInOrder(words, theirs)) {
                    best = cosine;
                    near = Optional.of(packed.id(slot));
                }
            }
        }
        return new ConceptCheck.Result(near, stored(loop));
    }

    private StoredVectors stored(RelevanceScorer.Loop loop) {
        return new StoredVectors(Vectors.toBytes(loop.conceptVector()), modelId,
                loop.whyVector() == null ? null : Vectors.toBytes(loop.whyVector()), loop.foundations().toBytes(),
                foundationsVersion());
    }

    private String foundationsVersion() {
        return scorer.map().map(StructuralMap::version).orElse("none");
    }

    private static String recentKey(String concept, String why) {
        return concept + "\u0000" + (why == null ? "" : why);
    }

    /**
     * The person's open loops (outside {@code excluded}) that score at least {@code threshold} against the work,
     * best first, at most {@code limit}.
     */
    public List<Candidate> rank(String ownerId, String work, double threshold, Set<Long> excluded, int limit) {
        if (!hasContent(work) || limit <= 0) {
            return List.of(); // "x" or "..." says nothing about what the person works on
        }
        RelevanceScorer.Work scoredWork = scorer.work(work, workVector(work));
        OwnerIndex owner = indexFor(ownerId);
        List<Candidate> matches = new ArrayList<>();
        synchronized (owner) {
            FeedbackMemory.ForWork learned = owner.feedback().forWork(scoredWork.vector());
            PackedLoops packed = owner.packed();
            int n = packed.size();
            Ranking ranking = new Ranking(packed, scoredWork, learned, threshold, limit, excluded);
            List<Ranked> found;
            if (n >= splitFrom) {
                // Two halves side by side: one handed to a helper thread, and run here after this one if that thread
                // has not started it (FutureTask.run does nothing once it has), so a busy helper never holds us up.
                int half = n / 2;
                FutureTask<List<Ranked>> upper = new FutureTask<>(() -> ranking.slots(half, n));
                Splitter.POOL.execute(upper);
                try {
                    found = new ArrayList<>(ranking.slots(0, half));
                } finally {
                    upper.run();
                    Splitter.settle(upper); // the helper reads the loops: never leave the lock while it does
                }
                found.addAll(Splitter.result(upper));
            } else {
                found = ranking.slots(0, n);
            }
            // Best first; equal scores in the order the loops were parked, as before.
            found.sort(Comparator.comparingDouble(Ranked::score).reversed().thenComparingInt(Ranked::slot));
            for (Ranked r : found.subList(0, Math.min(limit, found.size()))) {
                long loopId = packed.id(r.slot());
                RelevanceScorer.Loop loop = packed.loop(r.slot());
                matches.add(new Candidate(loopId, loop.concept(),
                        scorer.score(scoredWork, loop, learned.adjust(loopId, loop.conceptVector()))));
            }
        }
        return List.copyOf(matches);
    }

    /** Splits decisions from {@code loops} loops on instead of {@link #SPLIT_FROM}: lets a test split small lots. */
    void splitFrom(int loops) {
        this.splitFrom = loops;
    }

    /**
     * Whether all these open loops of the person's have their vectors from this model: not yet for a moment after an import or a
     * burst of parks, nor after an update of the model until {@link #reembedStale} has reached it. Until then nothing
     * can be compared with it.
     */
    public boolean hasVectors(String ownerId, Collection<Long> loopIds) {
        // The person's index once (each look checks its version in the database), then every loop in it.
        OwnerIndex index = indexFor(ownerId);
        return loopIds.stream().allMatch(id -> index.get(id) != null);
    }

    /**
     * How one of the person's open loops scores against the pieces of work in {@code works}: the best of them, or empty
     * when none has content or the loop has no vector yet. No feedback is applied: this asks what the loop is about.
     */
    public Optional<Scored> bestWork(String ownerId, long loopId, List<String> works) {
        Indexed indexed = indexFor(ownerId).get(loopId);
        if (indexed == null || !indexed.hasContent()) {
            return Optional.empty();
        }
        Scored best = null;
        for (String work : works) {
            if (!hasContent(work)) {
                continue;
            }
            RelevanceScorer.Match match = scorer.score(scorer.work(work, workVector(work)), indexed.loop());
            if (best == null || match.score() > best.match().score()) {
                best = new Scored(work, match);
            }
        }
        return Optional.ofNullable(best);
    }

    /**
     * How one of the person's open loops scores against others of theirs, as {@link #related} scores a pair (the better
     * of both ways round, so a close sibling is near whichever of the two is asked about): the best, or empty when there
     * is none.
     */
    public Optional<Scored> bestLoop(String ownerId, long loopId, Collection<Long> otherIds) {
        OwnerIndex owner = indexFor(ownerId);
        Indexed indexed = owner.get(loopId);
        if (indexed == null || !indexed.hasContent()) {
            return Optional.empty();
        }
        StructuralMap.Topics scratch = scratchTopics();
        Scored best = null;
        for (long otherId : otherIds) {
            Indexed other = owner.get(otherId);
            if (otherId == loopId || other == null || !other.hasContent()) {
                continue;
            }
            RelevanceScorer.Match match = scorer.related(indexed.loop(), other.loop(), scratch);
            if (best == null || match.score() > best.match().score()) {
                best = new Scored(other.loop().concept(), match);
            }
        }
        return Optional.ofNullable(best);
    }

    /** A buffer for {@link RelevanceScorer#related}: the map's empty topics, or null without a map. */
    private StructuralMap.Topics scratchTopics() {
        return scorer.map().map(StructuralMap::emptyTopics).orElse(null);
    }

    /**
     * The person's loops that fit a search query, best first, all of them at or above {@link #SEARCH_CUTOFF}: the
     * framed cosine of the query with the loop (its concept, or its concept with its why, whichever is closer) plus
     * {@value RelevanceScorer#LEXICAL_WEIGHT} × the share of the query's content words (weighted as for reminders)
     * found in the loop's concept or why. Open loops come from this index, the one reminders use; other statuses from
     * their stored vectors. A query without a content word finds nothing.
     */
    public List<Found> search(String ownerId, String query, Collection<LoopStatus> statuses) {
        return search(ownerId, query, statuses, SEARCH_CUTOFF);
    }

    /** The same with another cut-off: how {@link #SEARCH_CUTOFF} was chosen (bench {@code RelatedCutoffs}). */
    public List<Found> search(String ownerId, String query, Collection<LoopStatus> statuses, double cutoff) {
        if (!hasContent(query)) {
            return isSymbol(query) ? naming(ownerId, query.strip(), statuses) : List.of();
        }
        TextTerms queryTerms = TextTerms.of(query);
        float[] vector = workVector(query);
        // Open and active loops come from the index reminders keep in memory; only a person's history (closed,
        // archived) is read from its stored vectors, so searching everything reads no open loop's row again.
        List<LoopStatus> history = statuses.stream().filter(s -> !LoopStatus.OPEN_STATUSES.contains(s)).toList();
        List<Indexed> pool = new ArrayList<>();
        if (history.size() < statuses.size()) {
            pool.addAll(indexFor(ownerId).loops());
        }
        if (!history.isEmpty()) {
            String mapVersion = foundationsVersion();
            database.read(sql -> loops.embeddings(sql, ownerId, history, modelId))
                    .forEach(v -> pool.add(new Indexed(v.id(), toLoop(v, mapVersion))));
        }
        double total = queryTerms.totalWeight();
        // The map's topics nearest the query: a loop close to what they rest on is found through them ("database"
        // finds "B-tree", which shares no word with it and whose cosine with it is 0.37). Only when the query is
        // about one of them: every text has some nearest topic, and gibberish would borrow its foundations.
        StructuralMap.Topics nearest = scorer.work(query, vector).topics();
        boolean mapSpeaks = nearest.topSims() != null && nearest.topSims().length > 0
                && nearest.topSims()[0] >= SEARCH_TOPIC_LINE;
        // And only topics that spell one of its words lend their foundations, when the map spells any: the embedding
        // puts "quorum" nearest "agile and Scrum", whose retrospectives it has nothing to do with.
        StructuralMap.Topics topics = mapSpeaks
                ? scorer.map().map(map -> map.anchored(nearest, queryTerms.stems())).orElse(nearest) : nearest;
        List<Found> found = new ArrayList<>();
        for (Indexed indexed : pool) {
            RelevanceScorer.Loop loop = indexed.loop();
            double cosine = Vectors.dot(vector, loop.conceptVector());
            if (loop.whyVector() != null) {
                cosine = Math.max(cosine, Vectors.dot(vector, loop.whyVector()));
            }
            Set<String> loopStems = new HashSet<>(loop.terms().stems());
            if (loop.why() != null) {
                loopStems.addAll(TextTerms.of(loop.why()).stems());
            }
            List<String> shared = new ArrayList<>();
            double sharedWeight = 0;
            for (String stem : queryTerms.stems()) {
                if (loopStems.contains(stem)) {
                    shared.add(queryTerms.wordFor(stem));
                    sharedWeight += TextTerms.weight(stem);
                }
            }
            Optional<StructuralMap.Support> support = mapSpeaks
                    ? scorer.map().flatMap(map -> map.support(topics, loop.foundations())) : Optional.empty();
            // As in a reminder: capped, and halved when a word is shared (the words counted the loop already).
            double structural = support.map(x -> Math.min(RelevanceScorer.STRUCTURAL_CAP, x.value())).orElse(0.0)
                    * (shared.isEmpty() ? 1 : RelevanceScorer.SHARED_WORD_SUPPORT);
            double score = cosine + RelevanceScorer.LEXICAL_WEIGHT * (total > 0 ? sharedWeight / total : 0)
                    + structural;
            // The map's weakest links join unrelated concepts at 0.45-0.49 (docs/RELEVANCE.md): a loop the map alone
            // lifts over the cut-off needs the related loops' line, and to sit close under the query's topic (a
            // foundation it merely resembles, "stochastic gradient descent" and "hidden Markov models", gives 0.2).
            boolean closeUnder = support.map(x -> x.value() >= SEARCH_MAP_ONLY_SUPPORT).orElse(false);
            if (score - structural >= cutoff || closeUnder && score >= Math.max(cutoff, RELATED_CUTOFF)) {
                found.add(new Found(indexed.loopId(), score, List.copyOf(shared),
                        shared.isEmpty() && structural >= RelevanceScorer.MEANINGFUL_SUPPORT
                                ? support.map(s -> searchReason(s, query, queryTerms)) : Optional.empty(),
                        cosine >= SEARCH_CUTOFF));
            }
        }
        found.addAll(holdingEveryWord(ownerId, statuses, queryTerms, found));
        found.sort(Comparator.comparingDouble(Found::score).reversed().thenComparing(Found::loopId,
                Comparator.reverseOrder()));
        return found;
    }

    /** Most of a query a search reason quotes ({@link #searchReason}). */
    static final int QUERY_QUOTED = 40;

    /**
     * Why the map found a loop for a query: the topic and its foundation when the topic's name uses one of the query's
     * own words ("database" and "writing a database from scratch rests on B-tree"), else the foundation under the
     * query's words ("work on “gradient” rests on backpropagation"). A query of a word or two is as near to
     * many topics (0.79-0.82 for "gradient"), so the topic's cosine cannot tell; one named without the person's word
     * read as a non sequitur ("saliency maps and attribution rest on backpropagation").
     */
    static String searchReason(StructuralMap.Support support, String query, TextTerms queryTerms) {
        Set<String> topicStems = TextTerms.of(support.topic()).stems();
        if (queryTerms.stems().stream().anyMatch(topicStems::contains)) {
            return support.topicWords();
        }
        return "work on \u201c" + UserText.shorten(UserText.singleLine(query), QUERY_QUOTED) + "\u201d rests on "
                + support.foundation();
    }

    /**
     * Whether a query with no word to search by (see {@link #hasContent}) names a symbol to find as it is written: one
     * token of at most {@value #SYMBOL_LENGTH} characters with a letter, and either a sign besides letters and digits
     * ("C++", "C#", "F#") or a single letter that is no common word ("R", not "a"). Search finds it literally; the
     * stems and vectors that decide relevance drop it, as they always have.
     */
    public static boolean isSymbol(String query) {
        String symbol = query == null ? "" : query.strip();
        if (symbol.isEmpty() || symbol.length() > SYMBOL_LENGTH || symbol.chars().anyMatch(Character::isWhitespace)
                || symbol.chars().noneMatch(Character::isLetter)) {
            return false;
        }
        boolean sign = symbol.chars().anyMatch(c -> !Character.isLetterOrDigit(c));
        return sign || symbol.length() == 1 && !TextTerms.isStopWord(symbol.toLowerCase(Locale.ROOT));
    }

    private static final int SYMBOL_LENGTH = 12;

    /**
     * The loops whose concept or why writes {@code symbol} as a word of its own, in any case: "C++" finds "C++
     * templates" and "templates in c++", "C" does not find "C++" nor "C#" (a letter, digit, + or # after it makes
     * another name), "R" finds "R's data frames" but not "regression". A loop named just that comes first, then those
     * whose concept writes it, then those whose why does; newest first within each.
     */
    private List<Found> naming(String ownerId, String symbol, Collection<LoopStatus> statuses) {
        Pattern written = Pattern.compile("(?<![\\p{L}\\p{N}])" + Pattern.quote(symbol) + "(?![\\p{L}\\p{N}+#])",
                Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE);
        List<Found> found = new ArrayList<>();
        for (LoopStore.LoopText loop : database.read(sql -> loops.texts(sql, ownerId, statuses))) {
            // Three steps: named so, written in the concept, written in the why.
            double score = loop.concept().strip().equalsIgnoreCase(symbol) ? 0.3
                    : written.matcher(loop.concept()).find() ? 0.2
                    : loop.why() != null && written.matcher(loop.why()).find() ? 0.1 : 0;
            if (score > 0) {
                found.add(new Found(loop.id(), score, List.of(symbol), Optional.empty(), false));
            }
        }
        found.sort(Comparator.comparingDouble(Found::score).reversed().thenComparing(Found::loopId,
                Comparator.reverseOrder()));
        return found;
    }

    /**
     * Loops without vectors yet (just imported, or parked in a burst) that hold every word of the query: a loop holding
     * all of them is always found, also in the seconds before its vectors are in. They rank by their words alone.
     */
    private List<Found> holdingEveryWord(String ownerId, Collection<LoopStatus> statuses, TextTerms queryTerms,
            List<Found> found) {
        if (queryTerms.stems().isEmpty()) {
            return List.of();
        }
        Set<Long> already = found.stream().map(Found::loopId).collect(Collectors.toSet());
        List<Found> words = new ArrayList<>();
        for (LoopStore.LoopText loop : database.read(sql -> loops.withoutEmbedding(sql, ownerId, statuses, modelId))) {
            if (already.contains(loop.id())) {
                continue;
            }
            Set<String> stems = new HashSet<>(TextTerms.of(loop.concept()).stems());
            if (loop.why() != null) {
                stems.addAll(TextTerms.of(loop.why()).stems());
            }
            if (stems.containsAll(queryTerms.stems())) {
                words.add(new Found(loop.id(), RelevanceScorer.LEXICAL_WEIGHT,
                        queryTerms.stems().stream().map(queryTerms::wordFor).toList(), Optional.empty(), false));
            }
        }
        return words;
    }

    /**
     * Whether {@code /related} lists a pair so scored: at least {@link #RELATED_CUTOFF}, and, when only the concept map
     * lifts it there (no shared word, a cosine under the cut-off), only from a foundation the loop sits close under,
     * as search asks ({@link #SEARCH_MAP_ONLY_SUPPORT}): "quorum intersection" and "B-tree" reached 0.58 through
     * "B-trees rest on node splitting and merging" (support 0.21), a reason that names neither.
     */
    public static boolean shownAsRelated(RelevanceScorer.Match match) {
        if (match.score() < RELATED_CUTOFF) {
            return false;
        }
        boolean mapOnly = match.sharedWords().isEmpty() && match.cosine() < RELATED_CUTOFF;
        return !mapOnly || match.restsOn().map(support -> support.value() >= SEARCH_MAP_ONLY_SUPPORT).orElse(true);
    }

    /**
     * The person's other open loops nearest to one of theirs, best first, at most {@code limit}, each scoring at least
     * {@link #RELATED_CUTOFF}. The score is symmetric ({@link RelevanceScorer#related}): the better of the reminders'
     * own score with this loop's concept taken as the work and with the other's: meaning, the words one finds in the
     * other, and the concept map's support when one is near a topic that rests on the other ("implementing Raft rests
     * on quorum intersection"), from the topics stored with each loop. So A lists B exactly when B lists A (given
     * room among the best). No feedback applies. Empty when the loop is not an open one of theirs or has no vector
     * yet.
     */
    public List<Near> related(String ownerId, long loopId, int limit) {
        OwnerIndex owner = indexFor(ownerId);
        Indexed center = owner.get(loopId);
        if (center == null || !center.hasContent()) {
            return List.of();
        }
        StructuralMap.Topics scratch = scratchTopics();
        List<Near> near = new ArrayList<>();
        for (Indexed other : owner.loops()) {
            if (other.loopId() == loopId || !other.hasContent()) {
                continue;
            }
            RelevanceScorer.Match match = scorer.related(center.loop(), other.loop(), scratch);
            if (shownAsRelated(match)) {
                near.add(new Near(other.loopId(), match.score(), match.sharedWords(),
                        match.restsOn().map(StructuralMap.Support::words),
                        match.cosine() >= RELATED_CUTOFF));
            }
        }
        near.sort(Comparator.comparingDouble(Near::score).reversed().thenComparing(Near::loopId,
                Comparator.reverseOrder()));
        return List.copyOf(near.subList(0, Math.min(limit, near.size())));
    }

    /**
     * The person's closed loops nearest to one of their open ones, scored as {@link #related} scores open ones (the
     * same cut-off, both ways round), best first, all of them but the merged ones: what they finished before that bears
     * on it (the caller keeps a few).
     * Read from the closed loops' stored vectors, the person's own only. Empty when the loop is not an open one of
     * theirs or has no vector yet.
     */
    public List<Near> relatedClosed(String ownerId, long loopId) {
        Indexed center = indexFor(ownerId).get(loopId);
        if (center == null || !center.hasContent()) {
            return List.of();
        }
        String mapVersion = foundationsVersion();
        StructuralMap.Topics scratch = scratchTopics();
        List<Near> near = new ArrayList<>();
        // The merged ones are left out as they are read: each lives on in the loop it joined (often this very one).
        for (LoopStore.Embedded stored : database.read(sql -> loops.closedEmbeddingsButMerged(sql, ownerId,
                modelId))) {
            RelevanceScorer.Match match = scorer.related(center.loop(), toLoop(stored, mapVersion), scratch);
            if (shownAsRelated(match)) {
                near.add(new Near(stored.id(), match.score(), match.sharedWords(),
                        match.restsOn().map(StructuralMap.Support::words), match.cosine() >= RELATED_CUTOFF));
            }
        }
        near.sort(Comparator.comparingDouble(Near::score).reversed().thenComparing(Near::loopId,
                Comparator.reverseOrder()));
        return List.copyOf(near);
    }

    /**
     * The owner's loops that the knowledge tree shows (open, active, and closed as learned or applied), from their
     * stored vectors, loaded once for several questions. Nothing is embedded.
     */
    public Neighbourhood neighbourhood(String ownerId) {
        String mapVersion = foundationsVersion();
        Map<Long, RelevanceScorer.Loop> stored = new HashMap<>();
        for (LoopStore.Embedded v : database.read(sql -> loops.treeEmbeddings(sql, ownerId, modelId))) {
            stored.put(v.id(), toLoop(v, mapVersion));
        }
        return new Neighbourhood(stored);
    }

    /** An owner's loops loaded by {@link #neighbourhood}, and which are close to which. Not thread-safe. */
    public final class Neighbourhood {
        private final Map<Long, RelevanceScorer.Loop> stored;
        private final StructuralMap.Topics scratch = scratchTopics();

        private Neighbourhood(Map<Long, RelevanceScorer.Loop> stored) {
            this.stored = stored;
        }

        /**
         * For each of {@code loopIds}, which of {@code holderIds} it is closest to, scored as {@link #bestLoop} scores
         * (as {@link #related}: the better of both ways round), when the best reaches {@code floor}. Loops with no
         * vector from this model are absent.
         */
        public Map<Long, Nearest> closest(Collection<Long> loopIds, Collection<Long> holderIds, double floor) {
            List<Long> ids = new ArrayList<>();
            List<RelevanceScorer.Loop> holders = new ArrayList<>();
            for (long holderId : holderIds) {
                RelevanceScorer.Loop holder = stored.get(holderId);
                if (holder != null && hasContent(holder.concept())) {
                    ids.add(holderId);
                    holders.add(holder);
                }
            }
            Map<Long, Nearest> closest = new HashMap<>();
            for (long loopId : loopIds) {
                RelevanceScorer.Loop loop = stored.get(loopId);
                if (loop == null || !hasContent(loop.concept())) {
                    continue;
                }
                Nearest best = null;
                double bestScore = floor;
                for (int i = 0; i < holders.size(); i++) {
                    if (ids.get(i) == loopId) {
                        continue;
                    }
                    // A pair that cannot beat the best so far is skipped by its bound, unscored.
                    double score = scorer.relatedScore(loop, holders.get(i), scratch, bestScore);
                    if (score >= bestScore) {
                        bestScore = score;
                        best = new Nearest(ids.get(i), score);
                    }
                }
                if (best != null) {
                    closest.put(loopId, best);
                }
            }
            return closest;
        }

        /** The cosine of two loops' concept vectors, or empty when either has none from this model. */
        public Optional<Double> cosine(long a, long b) {
            RelevanceScorer.Loop first = stored.get(a);
            RelevanceScorer.Loop second = stored.get(b);
            return first == null || second == null ? Optional.empty()
                    : Optional.of(Vectors.dot(first.conceptVector(), second.conceptVector()));
        }
    }

    /**
     * Computes and keeps what ranking {@code work} needs, its vector and its map topics, so a {@link #rank} of the same
     * text that follows finds them (or waits for this computation rather than repeating it: both caches compute a key
     * once).
     */
    public void prepare(String work) {
        if (hasContent(work)) {
            scorer.prepare(work, workVector(work));
        }
    }

    private float[] workVector(String work) {
        return workVectors.get(work, scorer::vectorFor);
    }

    /**
     * Remembers what the person did with their loop while {@code work} was in focus ({@code sign} +1 took it up, -1
     * turned it down; {@code source} says how, for the record). The next decision sees it: the insert moves the
     * person's loop version. Returns whether it was recorded (not for a loop that is not theirs or has no vector).
     */
    public boolean learn(String ownerId, long loopId, String work, int sign, String source, Instant now) {
        float[] vector = workVector(work);
        int recorded = database.inTransaction(sql -> feedback.insert(sql, ownerId, loopId, sign, source, work, vector,
                modelId, now));
        return recorded > 0;
    }

    /**
     * Inside the caller's transaction, forgets what {@link #learn} recorded for this loop, work (null: any) and source
     * (an answer the person took back); returns how many events went.
     */
    public int unlearn(SqlSession sql, String ownerId, long loopId, String work, String source) throws SQLException {
        return feedback.delete(sql, ownerId, loopId, source, work);
    }

    /** Whether the person's answers from {@code source} taught anything of this loop (what {@link #unlearn} forgets). */
    public boolean learned(SqlSession sql, String ownerId, long loopId, String source) throws SQLException {
        return feedback.has(sql, ownerId, loopId, source);
    }

    /**
     * A loop the person closed as learned or applied while {@code activeWorks} were in focus: it is remembered as
     * taken up for the one it matches best, when that one reaches {@link #CLOSED_RELATED}. Returns that work.
     */
    public Optional<String> learnFromClosing(String ownerId, long loopId, List<String> activeWorks, String source,
            Instant now) {
        Optional<LoopStore.Embedded> stored = database.read(sql -> loops.embedded(sql, ownerId, loopId, modelId));
        if (stored.isEmpty() || activeWorks.isEmpty()) {
            return Optional.empty();
        }
        RelevanceScorer.Loop loop = toLoop(stored.get(), foundationsVersion());
        String best = null;
        double bestScore = CLOSED_RELATED;
        for (String work : activeWorks) {
            double score = scorer.score(scorer.work(work, workVector(work)), loop).score();
            if (score >= bestScore) {
                bestScore = score;
                best = work;
            }
        }
        if (best == null) {
            return Optional.empty();
        }
        learn(ownerId, loopId, best, 1, source, now);
        return Optional.of(best);
    }

    /** What the people's indexes in memory weigh together, in bytes (the estimate the bound applies to). */
    public long heldBytes() {
        index.cleanUp(); // the cache weighs what was stored on its maintenance pass, which may still be pending
        return index.policy().eviction().map(e -> e.weightedSize().orElse(0L)).orElse(0L) << 10;
    }

    /** Embeds what the scorer embeds once per process (the generality prior's field names) now, not on a decision. */
    public void warmUp() {
        scorer.warmUp();
    }

    /**
     * Drops what memory holds of an owner, whose rows are gone (forgotten, or a server's lot deleted): their index,
     * and the texts kept to save a second embedding (concepts, whys, focus texts). Those caches are keyed by text, not
     * by owner, so they are emptied whole: everyone else's entries cost one embedding each to compute again, and
     * nothing a person asked to forget stays in this process's memory.
     */
    public void forget(String ownerId) {
        index.invalidate(ownerId);
        oversized.remove(ownerId);
        recentLoops.invalidateAll();
        workVectors.invalidateAll();
        scorer.forgetTexts();
    }

    /** Every text this process keeps in memory to save an embedding (concepts with their whys, focus texts). */
    Set<String> textsHeld() {
        Set<String> texts = new HashSet<>(scorer.textsHeld());
        recentLoops.asMap().keySet().forEach(key -> texts.addAll(List.of(key.split("\u0000", -1))));
        texts.addAll(workVectors.asMap().keySet());
        return texts;
    }

    /**
     * Embeds every open loop that has no vector from the current model (new database, imported loops, a model
     * change; closed and archived ones follow, a round at a time: {@link #reembedHistoryRound}), and computes again
     * the foundations and own topics of those stored under another concept-map version (from their stored vectors,
     * embedding nothing); returns how many it saved. A restart with the same model and map
     * recomputes nothing. Each batch is taken with a lease ({@link #REEMBED_LEASE}) first, so processes on one
     * database share the work; and a loop's vectors are saved only while its text is the one embedded, so an edit
     * committed meanwhile keeps the vectors it saved. Loops another process holds are left to it: see
     * {@link #staleLeasedUntil}.
     */
    public int reembedStale() {
        // Runs in this process take turns (the start-up job, an import's, the console's): a second one waits and then
        // finds the loops done, rather than leaving the first one's leased loops and returning before they have vectors.
        synchronized (reembedding) {
            return reembedRounds();
        }
    }

    /** The statuses whose loops are matched: they are embedded first, all at once. */
    private static final List<LoopStatus> MATCHED = LoopStatus.OPEN_STATUSES;
    /** The statuses of a person's history: searched and drawn in the tree from their vectors, embedded afterwards. */
    private static final List<LoopStatus> HISTORY = List.of(LoopStatus.CLOSED, LoopStatus.ARCHIVED);

    /**
     * One round (up to {@link #REEMBED_BATCH}) of closed and archived loops whose vectors are missing or out of date:
     * loops imported closed, and a history embedded under an older model or map. Run after the open loops, a round at
     * a time between other jobs: a long history re-embedded at once held up due mail after a model change. Returns how
     * many loops the round took (0: none left that nobody else holds).
     */
    public int reembedHistoryRound() {
        synchronized (reembedding) {
            if (stopping) {
                return 0;
            }
            Optional<Claimed> round = claimStale(REEMBED_BATCH, HISTORY);
            if (round.isEmpty()) {
                return 0;
            }
            List<LoopStore.StaleLoop> stale = round.get().loops();
            if (!stale.isEmpty()) {
                saveOrRelease(round.get());
            }
            // Another process took every loop read: still more to look at next round.
            return Math.max(1, stale.size());
        }
    }

    /**
     * Stops re-embedding after the batch under way (the process is closing): the loops left keep their lease's end and
     * are taken again by the next start, or by another process once the lease runs out.
     */
    public void stop() {
        stopping = true;
    }

    private int reembedRounds() {
        int total = 0;
        while (!stopping) {
            Optional<Claimed> round = claimStale(REEMBED_BATCH, MATCHED);
            if (round.isEmpty()) {
                return total;
            }
            // Empty when another process took every loop read: the next read skips those.
            if (!round.get().loops().isEmpty()) {
                total += saveOrRelease(round.get());
            }
        }
        return total;
    }

    /** Embeds a round's loops and saves their vectors; returns how many it saved. */
    private int saveOrRelease(Claimed round) {
        List<LoopStore.StaleLoop> stale = round.loops();
        try {
            return saveReembedded(stale, reembed(stale));
        } catch (RuntimeException stopped) {
            // Interrupted, or the embedder closed under it (the process is stopping): give the leases back so the next
            // start (a console started again at once) or another process embeds them now, not in 60 s.
            List<Long> ids = stale.stream().map(LoopStore.StaleLoop::id).toList();
            database.write(sql -> loops.releaseEmbedLeases(sql, ids, round.leaseUntil()));
            throw stopped;
        }
    }

    /**
     * How many open loops {@link #reembedStale} has to give vectors: some after an import, all of them after an update
     * of the model or the concept map.
     */
    public long staleCount() {
        return database.read(sql -> loops.countWithoutVector(sql, MATCHED, modelId, foundationsVersion()));
    }

    /**
     * When the first lease another process holds on a loop still to embed runs out, if any: that process may die
     * before it is done, and {@link #reembedStale} run again then takes the loop over.
     */
    public Optional<Instant> staleLeasedUntil() {
        return database.read(sql -> loops.staleLeasedUntil(sql, MATCHED, modelId, foundationsVersion(),
                clock.instant()));
    }

    /** Stale loops leased to this process, and when their leases run out. */
    record Claimed(List<LoopStore.StaleLoop> loops, Instant leaseUntil) {
    }

    /**
     * Up to {@code limit} stale loops nobody else is embedding, leased to this process: read without a lock (the scan
     * of the open loops keeps no writer waiting), then taken one conditional UPDATE each, in one short transaction.
     * Empty when no stale loop is free; no loops when another process took the ones read first.
     */
    Optional<Claimed> claimStale(int limit) {
        return claimStale(limit, MATCHED);
    }

    private Optional<Claimed> claimStale(int limit, List<LoopStatus> statuses) {
        String version = foundationsVersion();
        Instant seen = clock.instant();
        List<LoopStore.StaleLoop> candidates = database.read(sql -> loops.withoutVector(sql, statuses, modelId, version,
                seen, limit));
        if (candidates.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(database.inTransaction(sql -> {
            Instant now = clock.instant();
            Instant until = now.plus(REEMBED_LEASE);
            List<LoopStore.StaleLoop> claimed = new ArrayList<>();
            for (LoopStore.StaleLoop loop : candidates) {
                if (loops.leaseToEmbed(sql, loop.id(), modelId, version, now, until)) {
                    claimed.add(loop);
                }
            }
            return new Claimed(claimed, until);
        }));
    }

    /**
     * The vectors of stale loops, from the text they were read with: vectors from this model stay (a new concept-map
     * version needs only its foundations and topics again); the others are embedded, in one batch.
     */
    List<StoredVectors> reembed(List<LoopStore.StaleLoop> stale) {
        List<String> texts = new ArrayList<>();
        for (LoopStore.StaleLoop loop : stale) {
            if (!loop.vectorsCurrent()) {
                texts.add(loop.concept());
                if (loop.why() != null) {
                    texts.add(RelevanceScorer.withWhy(loop.concept(), loop.why()));
                }
            }
        }
        List<float[]> vectors = texts.isEmpty() ? List.of() : scorer.vectorsFor(texts);
        List<StoredVectors> computed = new ArrayList<>();
        int at = 0;
        for (LoopStore.StaleLoop loop : stale) {
            float[] concept;
            float[] why;
            if (loop.vectorsCurrent()) {
                concept = Vectors.fromBytes(loop.embedding());
                why = loop.why() != null ? Vectors.fromBytes(loop.whyEmbedding()) : null;
            } else {
                concept = vectors.get(at++);
                why = loop.why() != null ? vectors.get(at++) : null;
            }
            computed.add(stored(scorer.loop(loop.concept(), loop.why(), concept, why)));
        }
        return computed;
    }

    /** Saves the vectors of the loops whose text is still the one embedded; returns how many. */
    int saveReembedded(List<LoopStore.StaleLoop> stale, List<StoredVectors> computed) {
        return database.inTransaction(sql -> {
            int saved = 0;
            for (int i = 0; i < stale.size(); i++) {
                LoopStore.StaleLoop loop = stale.get(i);
                saved += loops.saveEmbeddedVectors(sql, loop.id(), loop.concept(), loop.why(), computed.get(i));
            }
            return saved;
        });
    }

    public String modelId() {
        return modelId;
    }

    /**
     * Whether a text has a content word: a word of two or more letters or digits that is not a function word. Such
     * a text can mean something to match; "x", "?" or "the" cannot, and never triggers or matches anything.
     */
    public static boolean hasContent(String text) {
        for (String token : TextTerms.tokens(text)) {
            if (token.length() >= 2 && !TextTerms.isStopWord(token)) {
                return true;
            }
        }
        return false;
    }

    /**
     * The person's index, checked against their loop version first (one primary-key read), so a loop parked or
     * closed by another process on the same database is seen by the very next decision.
     */
    private OwnerIndex indexFor(String ownerId) {
        long current = database.read(sql -> loops.version(sql, ownerId));
        OwnerIndex cached = index.getIfPresent(ownerId);
        if (cached != null && cached.version() == current) {
            return cached;
        }
        // The version is read before the loops: a change landing in between makes the index newer than its
        // version says, which costs one extra reload, never a stale answer.
        String mapVersion = foundationsVersion();
        OwnerIndex fresh = database.read(sql -> new OwnerIndex(scorer, loops.version(sql, ownerId),
                new FeedbackMemory(feedback.recent(sql, ownerId, modelId)),
                loops.openEmbeddings(sql, ownerId, modelId).stream()
                        .map(v -> new Indexed(v.id(), toLoop(v, mapVersion)))
                        .toList()));
        if (fresh.bytes() > indexBytes && oversized.add(ownerId)) {
            log.warn("The open loops of {} ({} of them) weigh {} MB in memory, more than LOOPKEEPER_INDEX_MB ({} MB): "
                    + "they are read from the database for every decision. Raise LOOPKEEPER_INDEX_MB (and -Xmx) above "
                    + "that.", ownerId, fresh.packed().size(), fresh.bytes() >> 20, indexBytes >> 20);
        }
        index.put(ownerId, fresh);
        return fresh;
    }

    private static RelevanceScorer.Loop toLoop(LoopStore.Embedded v, String mapVersion) {
        return new RelevanceScorer.Loop(v.concept(), v.why(), TextTerms.of(v.concept()), Vectors.fromBytes(v.embedding()),
                v.whyEmbedding() == null ? null : Vectors.fromBytes(v.whyEmbedding()),
                // Foundations of another map version name other foundations: until re-embedded, none.
                mapVersion.equals(v.foundationsVersion())
                        ? StructuralMap.Foundations.fromBytes(v.foundations())
                        : StructuralMap.Foundations.NONE);
    }

    /**
     * A loop a search found.
     *
     * @param sharedWords    the query's content words found in the loop's concept or why, as the query wrote them
     * @param closeInMeaning whether meaning alone reaches the cut-off
     */
    public record Found(long loopId, double score, List<String> sharedWords, Optional<String> restsOn,
            boolean closeInMeaning) {
    }

    /**
     * A loop near another one.
     *
     * @param sharedWords    this loop's content words the other concept holds too
     * @param restsOn        "topic rests on foundation", when the concept map brought them together
     * @param closeInMeaning whether meaning alone reaches the cut-off
     */
    public record Near(long loopId, double score, List<String> sharedWords, Optional<String> restsOn,
            boolean closeInMeaning) {
    }

    /** What a loop was scored against (a work, or another loop's concept) and the match. */
    public record Scored(String against, RelevanceScorer.Match match) {
    }

    /** The loop another is closest to, and the score. */
    public record Nearest(long loopId, double score) {
    }

    /** One matched loop and its score. */
    public record Candidate(long loopId, String concept, RelevanceScorer.Match match) {
    }

    private record Ranked(int slot, double score) {
    }

    private record Indexed(long loopId, RelevanceScorer.Loop loop, boolean hasContent) {
        Indexed(long loopId, RelevanceScorer.Loop loop) {
            this(loopId, loop, RelevanceIndex.hasContent(loop.concept()));
        }
    }

    /** The helper threads that rank the second half of a large lot (one fewer than the cores, at least one). */
    private static final class Splitter {
        // Daemons: idle between decisions, nothing to finish at exit.
        static final ExecutorService POOL = Executors.newFixedThreadPool(
                Math.max(1, Runtime.getRuntime().availableProcessors() - 1), DaemonThreads.named("loopkeeper-rank"));

        /** Waits, without giving up on an interrupt, until the half has finished one way or another. */
        static void settle(FutureTask<List<Ranked>> half) {
            boolean interrupted = false;
            while (!half.isDone()) {
                try {
                    half.get();
                } catch (InterruptedException e) {
                    interrupted = true;
                } catch (ExecutionException | java.util.concurrent.CancellationException e) {
                    break;
                }
            }
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }

        /** The finished half's result; its failure is rethrown as it was. */
        static List<Ranked> result(FutureTask<List<Ranked>> half) {
            try {
                return half.get();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while ranking", e);
            } catch (ExecutionException e) {
                if (e.getCause() instanceof RuntimeException runtime) {
                    throw runtime;
                }
                if (e.getCause() instanceof Error error) {
                    throw error;
                }
                throw new IllegalStateException(e.getCause());
            }
        }
    }

    /**
     * One decision over a person's loops: every loop's upper bound on its score, and the exact scores of the loops
     * whose bound could put them among the best {@code limit}. A range of slots is ranked by {@link #slots}; two ranges
     * may run side by side (they read the packed loops under the owner's lock, held by the caller throughout).
     */
    private final class Ranking {
        private final PackedLoops packed;
        private final RelevanceScorer.Work work;
        private final FeedbackMemory.ForWork learned;
        private final double threshold;
        private final int limit;
        private final SignSketch.Query query;
        private final float[] support;
        private final float[] coverage;
        private final boolean[] skipped;
        /** The work's vector taken for products with byte codes. */
        private final ByteCodes.Query codesQuery;
        /**
         * What the work's topics rest on as one vector (an expanded query, {@link RelevanceScorer#restsOn}), its
         * sketch; null without a map.
         */
        private final float[] restsOn;
        private final SignSketch.Query restsOnQuery;
        /** Per loop, bounds on its cosines with the work (each range fills its own part). */
        private final float[] conceptBound;
        private final float[] whyBound;
        /** Per loop, the most its words, the map and feedback can add to its cosine: kept for the tighter bounds. */
        private final float[] added;
        /** Per loop, the most what the work rests on can add, from the sketches (0 without a map). */
        private final float[] restsBound;
        /** Per loop, bounds on the cosines of what the work rests on with its concept and with its why (sketches). */
        private final float[] restsConceptBound;
        private final float[] restsWhyBound;
        /** The highest {@code limit}-th best exact score any range has found: no loop scoring below it can be kept. */
        private volatile double bar = Double.NEGATIVE_INFINITY;

        Ranking(PackedLoops packed, RelevanceScorer.Work work, FeedbackMemory.ForWork learned, double threshold,
                int limit, Set<Long> excluded) {
            this.packed = packed;
            this.work = work;
            this.learned = learned;
            this.threshold = threshold;
            this.limit = limit;
            int n = packed.size();
            this.query = n > 0 ? packed.query(work.vector()) : null;
            // The map's support for the work's topics and the share of each concept's words the work holds, from the
            // inverted lists (touching only the loops concerned).
            Scratch scratch = Scratch.MINE.get().ready(n);
            this.support = scratch.support;
            packed.structural(work.topics(), n, support);
            this.coverage = scratch.coverage;
            packed.coverage(work.terms().stems(), n, coverage);
            this.skipped = scratch.skipped;
            for (long loopId : excluded) {
                int slot = packed.slotOf(loopId);
                if (slot >= 0) {
                    skipped[slot] = true;
                }
            }
            this.codesQuery = n > 0 ? ByteCodes.query(work.vector()) : null;
            float[] expanded = work.restsOn();
            boolean expands = n > 0 && expanded != null && expanded.length == packed.dimension();
            this.restsOn = expands ? expanded : null;
            this.restsOnQuery = expands ? packed.query(expanded) : null;
            this.conceptBound = scratch.conceptBound;
            this.whyBound = scratch.whyBound;
            this.added = scratch.added;
            this.restsBound = scratch.restsBound;
            this.restsConceptBound = scratch.restsConceptBound;
            this.restsWhyBound = scratch.restsWhyBound;
        }

        /** Raises the bar to {@code score} if it is higher (read without a lock: a stale bar is only lower). */
        private synchronized void raiseBar(double score) {
            if (score > bar) {
                bar = score;
            }
        }

        /** The loops at {@code from} (inclusive) to {@code to} that may be among the best, scored as numbers. */
        List<Ranked> slots(int from, int to) {
            List<Ranked> found = new ArrayList<>();
            if (from >= to) {
                return found;
            }
            // Each loop's upper bound on its score: the most the larger cosine of the work with its concept or why
            // vector can be, from their sign sketches (the blended cosine cannot exceed it), the word bonus from the
            // share of its concept's words the work holds, the map's support, capped (and halved for a concept sharing
            // a word with the work, as scored; cut by feedback later, never raised), what the work rests on, and the
            // most feedback could add. Only loops whose bound reaches the threshold are scored.
            if (restsOn != null) {
                // What the work rests on is bounded in the same pass over the sketches.
                packed.boundCosines(query, restsOnQuery, from, to, conceptBound, whyBound, restsConceptBound,
                        restsWhyBound);
            } else {
                packed.boundCosines(query, from, to, conceptBound, whyBound);
            }
            double margin = threshold - PackedLoops.SCAN_MARGIN;
            BoundOrder order = new BoundOrder(to - from);
            for (int slot = from; slot < to; slot++) {
                if (!packed.hasContent(slot) || skipped[slot]) {
                    continue;
                }
                double covered = coverage[slot];
                added[slot] = (float) (RelevanceScorer.LEXICAL_WEIGHT * covered * covered * covered
                        // Named whole: the float share may fall short of 1 in its last bits, hence the margin.
                        + (covered >= 0.999 ? RelevanceScorer.specificName(packed.conceptWeight(slot)) : 0)
                        // A concept that shares a word with the work keeps part of the map's support (as scored).
                        + Math.min(RelevanceScorer.STRUCTURAL_CAP, support[slot])
                                * (covered > 0 ? RelevanceScorer.SHARED_WORD_SUPPORT : 1)
                        + RelevanceScorer.generalityBonus(packed.generality(slot))
                        + learned.mostAdded(packed.id(slot)));
                // The larger of the two cosines bounds their blend. (Written either way: the array is reused.)
                restsBound[slot] = restsOn == null ? 0 : (float) RelevanceScorer.restsOnBound(
                        Math.min(1, Math.max(restsConceptBound[slot], restsWhyBound[slot])));
                float bound = Math.max(conceptBound[slot], whyBound[slot]) + added[slot] + restsBound[slot];
                if (bound >= margin) {
                    order.add(slot, bound);
                }
            }
            // Only the best {@code limit} are wanted: take the candidates from the highest bound down and stop once
            // the limit-th best exact score is above every bound left (with the scan's margin), so no loop left
            // unscored could have been among them, nor tied with the last. Buckets, not a sort: most are never taken.
            order.arrange();
            double[] best = new double[limit];
            int held = 0;
            float[] vector = work.vector();
            for (int i = 0; i < order.size(); i++) {
                double kept = Math.max(held == limit ? best[limit - 1] : threshold, bar);
                if (kept > order.restAtMost(i) + PackedLoops.SCAN_MARGIN) {
                    break;
                }
                if (kept > order.bound(i) + PackedLoops.SCAN_MARGIN) {
                    continue;
                }
                int slot = order.slot(i);
                // What the loop's cosine with the work must reach: the floor less what the rest could add.
                double floor = kept - PackedLoops.SCAN_MARGIN - added[slot] - restsBound[slot];
                // Tighter bounds before the words, the map and feedback are looked at: from the loop's byte codes (a
                // quarter of its vectors' bytes, within about 0.01 of the cosine: the sketch's slack gone), then from
                // the exact products. Most candidates near the best few stop at the codes, many before their why's
                // (the blend grows with the why's cosine, so a bound of the why's bounds the blend).
                double concept = packed.conceptUpper(codesQuery, slot);
                boolean hasWhy = packed.hasWhy(slot);
                if (hasWhy) {
                    if (RelevanceScorer.blend(concept, whyBound[slot]) < floor
                            || RelevanceScorer.blend(concept, packed.whyUpper(codesQuery, slot)) < floor) {
                        continue;
                    }
                } else if (concept < floor) {
                    continue;
                }
                concept = packed.conceptDot(vector, slot);
                double why = hasWhy ? packed.whyDot(vector, slot) : Double.NaN;
                double cosine = hasWhy ? RelevanceScorer.blend(concept, why) : concept;
                if (cosine < floor) {
                    continue;
                }
                // What the work rests on, exactly as RelevanceScorer.restsOn computes it (the vectors are in the cache
                // now: bounding it from the byte codes first cost more than it saved).
                if (restsOn != null && cosine + RelevanceScorer.restsOnBound(hasWhy
                        ? RelevanceScorer.blend(packed.conceptDot(restsOn, slot), packed.whyDot(restsOn, slot))
                        : packed.conceptDot(restsOn, slot)) < floor + restsBound[slot]) {
                    continue;
                }
                long loopId = packed.id(slot);
                RelevanceScorer.Loop loop = packed.loop(slot);
                double score = scorer.scoreOnly(work, loop, learned.adjust(loopId, loop.conceptVector()), concept, why,
                        packed.generality(slot));
                if (score >= threshold) {
                    found.add(new Ranked(slot, score));
                    held = BoundOrder.keepBest(best, held, limit, score);
                    if (held == limit) {
                        raiseBar(best[limit - 1]);
                    }
                }
            }
            return found;
        }
    }

    /**
     * The arrays one decision fills, one per loop each, kept by the deciding thread for its next decision: a lot of
     * 100,000 loops allocated 4 MB a decision, and the young collections that followed were a share of rank's p99
     * (docs/BENCHMARKS.md). They grow to the largest lot the thread has ranked. The threads that rank beside it write
     * into the decider's arrays, each its own range of slots.
     */
    private static final class Scratch {
        static final ThreadLocal<Scratch> MINE = ThreadLocal.withInitial(Scratch::new);
        float[] support = new float[0];
        float[] coverage = new float[0];
        boolean[] skipped = new boolean[0];
        float[] conceptBound = new float[0];
        float[] whyBound = new float[0];
        float[] added = new float[0];
        float[] restsBound = new float[0];
        float[] restsConceptBound = new float[0];
        float[] restsWhyBound = new float[0];

        /**
         * Room for {@code n} loops, with the arrays that are added to or only partly written (support, coverage,
         * skipped) cleared for them; the others are written for every loop before they are read.
         */
        Scratch ready(int n) {
            if (support.length < n) {
                support = new float[n];
                coverage = new float[n];
                skipped = new boolean[n];
                conceptBound = new float[n];
                whyBound = new float[n];
                added = new float[n];
                restsBound = new float[n];
                restsConceptBound = new float[n];
                restsWhyBound = new float[n];
            } else {
                Arrays.fill(support, 0, n, 0f);
                Arrays.fill(coverage, 0, n, 0f);
                Arrays.fill(skipped, 0, n, false);
            }
            return this;
        }
    }

    /**
     * One person's open loops and feedback in memory at one loop version, packed for scanning; a new park is added in
     * place rather than reloading them all. Readers and the writer lock the owner index (a scan takes milliseconds).
     */
    private static final class OwnerIndex {
        private final PackedLoops packed;
        private final FeedbackMemory feedback;
        private long version;

        OwnerIndex(RelevanceScorer scorer, long version, FeedbackMemory feedback, List<Indexed> initial) {
            this.version = version;
            this.feedback = feedback;
            int dim = initial.isEmpty() ? 0 : initial.get(0).loop().conceptVector().length;
            this.packed = new PackedLoops(scorer.sketch(dim), initial.size(), scorer::generality);
            initial.forEach(loop -> packed.add(loop.loopId(), loop.loop(), loop.hasContent()));
        }

        FeedbackMemory feedback() {
            return feedback;
        }

        PackedLoops packed() {
            return packed;
        }

        synchronized long version() {
            return version;
        }

        /** Adds a loop parked in one transaction that moved the version from {@code before} to {@code after}. */
        synchronized boolean advance(long before, long after, long loopId, RelevanceScorer.Loop loop) {
            if (version != before || packed.slotOf(loopId) >= 0 || loop.conceptVector().length != packed.dimension()) {
                return false; // a reload sorts it out
            }
            packed.add(loopId, loop, RelevanceIndex.hasContent(loop.concept()));
            version = after;
            return true;
        }

        synchronized Indexed get(long loopId) {
            int slot = packed.slotOf(loopId);
            return slot < 0 ? null : new Indexed(loopId, packed.loop(slot), packed.hasContent(slot));
        }

        /** Every loop, copied out (for the rarer questions that go through each one with its vectors). */
        synchronized List<Indexed> loops() {
            RelevanceScorer.Loop[] all = packed.loops();
            List<Indexed> out = new ArrayList<>(all.length);
            for (int slot = 0; slot < all.length; slot++) {
                out.add(new Indexed(packed.id(slot), all[slot], packed.hasContent(slot)));
            }
            return out;
        }

        synchronized long bytes() {
            return packed.bytes() + 64L * feedback.size();
        }
    }
}
