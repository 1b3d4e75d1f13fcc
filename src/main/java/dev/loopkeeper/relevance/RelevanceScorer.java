package dev.loopkeeper.relevance;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.loopkeeper.common.UserText;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Scores how relevant a parked concept is to a piece of active work: the cosine of the two texts' embeddings, each
 * embedded inside the frame {@value #FRAME_START}…{@value #FRAME_END}, plus {@value #LEXICAL_WEIGHT} × c³, where
 * c is the share of the concept's content words (stemmed, stop words dropped, generic words such as "method"
 * weighted {@value TextTerms#GENERIC_WEIGHT}) that also occur in the work. A concept named outright gains the full
 * {@value #LEXICAL_WEIGHT}; one shared word out of two gains only an eighth of it, so a single shared word cannot
 * carry an otherwise unrelated concept ("diffusion MRI" against a diffusion-model sampler). Scores are not
 * probabilities and may exceed 1; remind when {@code score >= }{@link #DEFAULT_THRESHOLD}. See docs/RELEVANCE.md.
 */
public final class RelevanceScorer {

    /**
     * Remind at or above this score. On the development set it reminds about 58 % of works with a top-1 precision of
     * 0.84 (docs/RELEVANCE.md); raise it towards 0.8 for fewer, surer reminders.
     */
    public static final double DEFAULT_THRESHOLD = 0.60;

    /** Weight of the cubed word coverage added to the cosine. */
    public static final double LEXICAL_WEIGHT = 0.4;

    /**
     * What a concept named whole in the work gains for each word of it beyond the first (weighted as for the coverage),
     * up to {@value #SPECIFIC_NAME_WORDS}: a longer name found whole is the more specific mention, so "hidden Markov
     * models" ranks above "Markov models" for work on a hidden Markov model, where both are named whole.
     */
    public static final double SPECIFIC_NAME_WEIGHT = 0.05;
    static final double SPECIFIC_NAME_WORDS = 2;

    /** Start of the frame every text is embedded in; see {@link #embeddingText(String)}. */
    public static final String FRAME_START = Framing.START;

    /** End of the frame every text is embedded in. */
    public static final String FRAME_END = Framing.END;

    /** Most the concept map can add: below an exact mention, so a concept named outright still ranks first. */
    public static final double STRUCTURAL_CAP = 0.4;

    /** Share of the map's support kept for a concept that already shares a word with the work (counted above). */
    public static final double SHARED_WORD_SUPPORT = 0.5;

    /**
     * Weight of a loop's cosine with what the work's topics rest on as a whole ({@link StructuralMap#restsOn}), above
     * {@link #RESTS_ON_FLOOR}: {@code 0.7 · max(0, cos − 0.4)}. Chosen on the development sets (docs/RELEVANCE.md).
     */
    public static final double RESTS_ON_WEIGHT = 0.7;

    /**
     * Below this cosine with what the work rests on, a loop gains nothing from it: about where loops of the work's broad
     * field but not needed now sit, so it lifts the loops among the foundations and leaves the threshold's meaning.
     */
    public static final double RESTS_ON_FLOOR = 0.4;

    /**
     * Most a shared word in another sense costs: a loop that shares a word with the work, whose own nearest map topics
     * are far from the work's ("diffusion MRI" under medical imaging, the work under generative models), loses
     * {@code 0.3 · (1 − closeness of the topics)}, less as the map supports it and as the work names it outright.
     */
    public static final double OTHER_SENSE_WEIGHT = 0.3;

    /**
     * Fields many works rest on, named by the team from general knowledge (no evaluation data was looked at when the
     * list was written): how close a loop's concept is to the nearest of them is how foundational it is
     * ({@link #generality}). "Linear algebra" or "conditional probability" is a prerequisite of far more work than
     * "Raft leader election".
     */
    public static final List<String> FOUNDATIONAL_FIELDS = List.of("linear algebra", "probability theory",
            "statistics", "calculus", "optimization", "discrete mathematics", "graph theory", "algorithms",
            "data structures", "programming", "information theory", "mathematical logic", "numerical methods",
            "differential equations", "computer architecture");
    /**
     * What a foundational loop gains, for any work: {@code GENERALITY_WEIGHT · max(0, generality − GENERALITY_FLOOR)},
     * 0.18 at most (a loop that is one of the fields), 0.02 for one a little above the floor; kept only in the
     * share of the map's support that the person's feedback leaves (a loop turned down for similar work loses it).
     */
    public static final double GENERALITY_WEIGHT = 0.4;
    public static final double GENERALITY_FLOOR = 0.55;

    /** Shown after "you parked it for": enough of the why to recognise it. */
    private static final int WHY_SHOWN = 60;

    /** Work texts whose nearest map topics are kept ({@link #work(String, float[])}). */
    private static final int NEAREST_KEPT = 4_096;

    private final Embedder embedder;
    private final StructuralMap map;
    private final Cache<TopicsKey, StructuralMap.Nearest> nearestTopics = Caffeine.newBuilder()
            .maximumSize(NEAREST_KEPT).build();
    /** {@link #FOUNDATIONAL_FIELDS} embedded, on first use (a few dozen milliseconds, once per process). */
    private volatile float[][] fields;

    /** A scorer that embeds texts with {@code embedder} and knows no concept map (pairs by their words only). */
    public RelevanceScorer(Embedder embedder) {
        this(embedder, null);
    }

    /** A scorer that also finds what a work rests on through the shipped concept map. */
    public RelevanceScorer(Embedder embedder, StructuralMap map) {
        this.embedder = embedder;
        this.map = map;
    }

    /**
     * The text to embed for {@code text}, work or concept alike. A bare noun phrase ("rejection sampling") embeds
     * poorly on its own; putting both sides in the same short sentence frame raised ranking quality on every frame
     * tried (docs/RELEVANCE.md), and doing it for both sides keeps them comparable.
     */
    public static String embeddingText(String text) {
        return Framing.frame(text);
    }

    /** The text a loop with a why is embedded as, beside its bare concept: the concept, then what the person typed. */
    public static String withWhy(String concept, String why) {
        return concept.strip() + ": " + why.strip();
    }

    /** Embeds one work or concept text in the form {@link #score} expects. */
    public float[] vectorFor(String text) {
        return embedder.embed(embeddingText(text));
    }

    /** Embeds many texts at once, in order, in the form {@link #score} expects. */
    public List<float[]> vectorsFor(List<String> texts) {
        List<String> framed = new ArrayList<>(texts.size());
        for (String t : texts) {
            framed.add(embeddingText(t));
        }
        return embedder.embedAll(framed);
    }

    /**
     * How foundational a concept is: its vector's largest cosine with one of {@link #FOUNDATIONAL_FIELDS} (the loop's
     * concept alone, not its why: the why says why the person parked it, not what it is); 0 for a vector of another
     * dimension than the model's.
     */
    public double generality(float[] conceptVector) {
        double best = 0;
        for (float[] field : fields()) {
            if (field.length == conceptVector.length) {
                best = Math.max(best, Vectors.dot(field, conceptVector));
            }
        }
        return best;
    }

    /** Embeds {@link #FOUNDATIONAL_FIELDS} now (the bot does at start-up, in the background), if not done yet. */
    public void warmUp() {
        fields();
    }

    private float[][] fields() {
        float[][] anchors = fields;
        if (anchors == null) {
            synchronized (this) {
                if (fields == null) {
                    fields = vectorsFor(FOUNDATIONAL_FIELDS).toArray(new float[0][]);
                }
                anchors = fields;
            }
        }
        return anchors;
    }

    /** What a loop of {@link #generality} {@code generality} gains for any work, before feedback. */
    static double generalityBonus(double generality) {
        return GENERALITY_WEIGHT * Math.max(0, generality - GENERALITY_FLOOR);
    }

    /**
     * Sign sketches for vectors of {@code dim} numbers ({@link SignSketch}): centred on the concept map's mean when the
     * map's vectors have that dimension, else on the origin.
     */
    SignSketch sketch(int dim) {
        return map != null && map.sketch().dimension() == dim ? map.sketch() : SignSketch.fromOrigin(dim);
    }

    /** Forgets the work texts whose map topics it kept (a person asked to be forgotten; the texts are not by owner). */
    public void forgetTexts() {
        nearestTopics.invalidateAll();
    }

    /** The work texts whose map topics it keeps now. */
    java.util.Set<String> textsHeld() {
        java.util.Set<String> texts = new java.util.HashSet<>();
        nearestTopics.asMap().keySet().forEach(key -> texts.add(key.text()));
        return texts;
    }

    public Optional<StructuralMap> map() {
        return Optional.ofNullable(map);
    }

    /** A piece of work ready to be matched against many loops: its words, its vector, the topics it is about. */
    public Work work(String text) {
        return work(text, vectorFor(text));
    }

    /**
     * The same from the text's vector. Which map topics a text is near is kept for the last {@value #NEAREST_KEPT}
     * texts (a few hundred bytes each): a focus, or a core loop the tree groups under, is asked about again and again,
     * and finding its topics scans every topic name.
     */
    public Work work(String text, float[] vector) {
        return work(text, vector, true);
    }

    /**
     * Another loop's concept taken as the work, from its text and vector alone: as {@link #work(String, float[])}, but
     * how foundational the scored loop is does not count, for it says nothing about how close two loops are. (Loops
     * compared with loops, as {@code /related}, triage and the tree do, use {@link #related}, from the topics stored
     * with each.)
     */
    public Work loopAsWork(String concept, float[] conceptVector) {
        return work(concept, conceptVector, false);
    }

    private Work work(String text, float[] vector, boolean countsGenerality) {
        if (map == null) {
            return new Work(text, TextTerms.of(text), vector, StructuralMap.Topics.NONE, null, countsGenerality);
        }
        StructuralMap.Nearest near = nearest(text, vector);
        return new Work(text, TextTerms.of(text), vector, map.weigh(near), map.restsOn(near), countsGenerality);
    }

    /**
     * Finds and keeps the map's topics nearest a text (the scan of every topic name), so that {@link #work} of the
     * same text and vector that follows reads them, or waits for this scan rather than repeating it.
     */
    public void prepare(String text, float[] vector) {
        if (map != null) {
            nearest(text, vector);
        }
    }

    private StructuralMap.Nearest nearest(String text, float[] vector) {
        return nearestTopics.get(new TopicsKey(text, Arrays.hashCode(vector)), key -> map.nearest(vector));
    }


    /** A work text and its vector's hash: the same text embedded by another model is another key. */
    private record TopicsKey(String text, int vectorHash) {
    }

    /**
     * A loop as matching needs it, from its vectors: the concept's own, and (when it has a why) the vector of the
     * concept with its why; and its nearest foundations in the map.
     */
    public Loop loop(String concept, String why, float[] conceptVector, float[] whyVector) {
        StructuralMap.Foundations foundations = map == null ? StructuralMap.Foundations.NONE
                : map.foundationsOf(whyVector == null ? List.of(conceptVector) : List.of(conceptVector, whyVector));
        return new Loop(concept, why, TextTerms.of(concept), conceptVector, whyVector, foundations);
    }

    /** The same, embedding the texts. */
    public Loop loop(String concept, String why) {
        boolean hasWhy = why != null && !why.isBlank();
        return loop(concept, why, vectorFor(concept), hasWhy ? vectorFor(withWhy(concept, why)) : null);
    }

    /**
     * Scores a loop against a work: the cosine of the work with the loop (with its why when it has one), the word
     * bonus for naming the concept, and the concept map's support when the loop is close to a foundation of the
     * work's topics ({@link #STRUCTURAL_CAP} at most, {@link #SHARED_WORD_SUPPORT} of it when a word is shared).
     */
    public Match score(Work work, Loop loop) {
        return score(work, loop, FeedbackMemory.Adjustment.NONE);
    }

    /**
     * The same, with what the person's feedback says about this loop for work like this: its delta is added, and the
     * map's support is kept only in its {@code structuralShare} (a loop turned down for similar work loses it).
     */
    public Match score(Work work, Loop loop, FeedbackMemory.Adjustment feedback) {
        return score(work, loop, feedback, true);
    }

    /**
     * The score alone, the same double {@link #score(Work, Loop, FeedbackMemory.Adjustment)} gives, bit for bit (one
     * computation serves both), without the words and reasons that explain it: what ranking many loops needs before
     * the few it keeps are explained.
     */
    double scoreOnly(Work work, Loop loop, FeedbackMemory.Adjustment feedback) {
        return score(work, loop, feedback, false).score();
    }

    /**
     * The same from the work's products with the loop's concept vector and its why vector ({@code NaN} when it has
     * none), already computed as {@link Vectors#dot} computes them, and the loop's {@link #generality} when known
     * ({@code NaN} to compute it): ranking needs them for its bounds first.
     */
    double scoreOnly(Work work, Loop loop, FeedbackMemory.Adjustment feedback, double conceptDot, double whyDot,
            double generality) {
        return score(work, loop, feedback, false, conceptDot, whyDot, generality).score();
    }

    /** A loop's cosine with a work from its concept's and its concept-with-why's: see {@link #score}. */
    static double blend(double concept, double withWhy) {
        return Math.max(withWhy, (concept + withWhy) / 2);
    }

    private Match score(Work work, Loop loop, FeedbackMemory.Adjustment feedback, boolean explain) {
        return score(work, loop, feedback, explain, Vectors.dot(work.vector(), loop.conceptVector()),
                loop.whyVector() == null ? Double.NaN : Vectors.dot(work.vector(), loop.whyVector()), Double.NaN);
    }

    private Match score(Work work, Loop loop, FeedbackMemory.Adjustment feedback, boolean explain, double conceptDot,
            double whyDot, double knownGenerality) {
        // The why can only help: an off-topic one ("heard it on a podcast") leaves the concept's own cosine.
        Plain plain = wordsAndMeaning(work.terms(), conceptDot, loop.terms(), explain);
        double score = plain.score();
        double cosine = plain.cosine();
        boolean whyHelped = false;
        if (loop.whyVector() != null) {
            // Two vectors, the concept's and the concept's with its why. The closer one decides when it is the why's;
            // a why further from the work ("heard it on a podcast") pulls only halfway, so it cannot erase the
            // concept's own match (docs/RELEVANCE.md).
            double concept = cosine;
            double withWhy = whyDot;
            whyHelped = withWhy > concept;
            cosine = blend(concept, withWhy);
            score = score - concept + cosine;
        }
        Optional<StructuralMap.Support> support = map == null ? Optional.empty()
                : map.support(work.topics(), loop.foundations());
        double supportValue = support.map(StructuralMap.Support::value).orElse(0.0);
        double structural = Math.min(STRUCTURAL_CAP, supportValue);
        if (plain.sharesWords()) {
            structural *= SHARED_WORD_SUPPORT;
        }
        structural *= feedback.structuralShare();
        // How foundational the loop is counts for a piece of work, not for a loop taken as the work; feedback damps
        // it as it damps the map's support.
        double general = !work.countsGenerality() ? 0 : generalityBonus(
                Double.isNaN(knownGenerality) ? generality(loop.conceptVector()) : knownGenerality)
                * feedback.structuralShare();
        score = score + structural + general + feedback.delta() + restsOn(work, loop)
                - otherSense(work, loop, plain, supportValue);
        if (!explain) {
            return new Match(score, cosine, List.of(), Optional.empty(), Optional.empty(), Optional.empty(), false);
        }
        return new Match(score, cosine, plain.sharedWords(),
                structural >= MEANINGFUL_SUPPORT ? support : Optional.empty(),
                whyHelped ? Optional.of(UserText.shorten(UserText.singleLine(loop.why()), WHY_SHOWN)) : Optional.empty(),
                feedback.why().map(FeedbackMemory.Adjustment.Why::text), general >= MEANINGFUL_SUPPORT);
    }

    /**
     * How related two loops are, the same whichever of the two is asked about: the better of {@link #directed} both
     * ways (the map links a topic to what it rests on, one way; "Raft consensus" rests on "quorum intersection", so
     * either lists the other). {@code scratch} is a buffer of {@link StructuralMap#emptyTopics} (null without a map),
     * reused across calls. See docs/RELEVANCE.md, "Search and related loops".
     */
    public Match related(Loop a, Loop b, StructuralMap.Topics scratch) {
        Match ab = directed(a, b, scratch);
        Match ba = directed(b, a, scratch);
        return ba.score() > ab.score() ? ba : ab;
    }

    /**
     * The score alone, the same double {@link #related} gives, without the words and reasons that explain it, when it
     * can reach {@code floor}; {@link Double#NEGATIVE_INFINITY} when the pair's vectors and words alone show it cannot
     * (the closest of their vectors as either direction compares them, plus the most the concept map can add, plus the
     * word bonus when they share a word), and then nothing more is computed. What finding the nearest of many loops
     * needs (the knowledge tree): each vector product is taken once, and serves the bound and the score.
     */
    double relatedScore(Loop a, Loop b, StructuralMap.Topics scratch, double floor) {
        float[] fromA = fullest(a);
        float[] fromB = fullest(b);
        double abConcept = Vectors.dot(fromA, b.conceptVector());
        double abWhy = b.whyVector() == null ? Double.NaN : Vectors.dot(fromA, b.whyVector());
        // With no why on either side both directions compare the two concept vectors: the same product.
        double baConcept = a.whyVector() == null && b.whyVector() == null ? abConcept
                : Vectors.dot(fromB, a.conceptVector());
        double baWhy = a.whyVector() == null ? Double.NaN : Vectors.dot(fromB, a.whyVector());
        double cosine = Math.max(Math.max(abConcept, baConcept), Math.max(orLowest(abWhy), orLowest(baWhy)));
        if (cosine + STRUCTURAL_CAP + (sharesWords(a.terms(), b.terms()) ? LEXICAL_WEIGHT + specificName(
                Math.max(a.terms().totalWeight(), b.terms().totalWeight())) : 0) < floor) {
            return Double.NEGATIVE_INFINITY;
        }
        return Math.max(directed(a, b, scratch, false, abConcept, abWhy).score(),
                directed(b, a, scratch, false, baConcept, baWhy).score());
    }

    private static double orLowest(double product) {
        return Double.isNaN(product) ? Double.NEGATIVE_INFINITY : product;
    }

    private static boolean sharesWords(TextTerms a, TextTerms b) {
        for (String stem : a.stems()) {
            if (b.stems().contains(stem)) {
                return true;
            }
        }
        return false;
    }

    /** A loop's vector when it is taken as the work: with its why, when it has one. */
    private static float[] fullest(Loop loop) {
        return loop.whyVector() != null ? loop.whyVector() : loop.conceptVector();
    }

    /**
     * {@code loop} scored as a reminder scores it with {@code work}'s concept as the work: its fullest vector (with its
     * why, when it has one), its words, and its own topics as stored with it. No feedback applies.
     */
    public Match directed(Loop work, Loop loop, StructuralMap.Topics scratch) {
        float[] vector = fullest(work);
        return directed(work, loop, scratch, true, Vectors.dot(vector, loop.conceptVector()),
                loop.whyVector() == null ? Double.NaN : Vectors.dot(vector, loop.whyVector()));
    }

    /** The same from the work's products with the loop's concept vector and its why vector (NaN when it has none). */
    private Match directed(Loop work, Loop loop, StructuralMap.Topics scratch, boolean explain, double conceptDot,
            double whyDot) {
        boolean spread = map != null && scratch != null;
        StructuralMap.Topics topics = spread ? map.spread(work.foundations(), scratch) : StructuralMap.Topics.NONE;
        try {
            Match match = score(new Work(work.concept(), work.terms(), fullest(work), topics), loop,
                    FeedbackMemory.Adjustment.NONE, explain, conceptDot, whyDot, Double.NaN);
            float[] nearest = work.foundations().topicSims();
            if (match.restsOn().isEmpty() || nearest.length == 0) {
                return match;
            }
            // The spread topics do not say which was the work's nearest; its own stored topics do (the reason names a
            // topic only when it is, or is as near).
            return new Match(match.score(), match.cosine(), match.sharedWords(),
                    match.restsOn().map(support -> support.withNearestTopicCosine(nearest[0])), match.parkedFor(),
                    match.learned(), match.foundational());
        } finally {
            if (spread) {
                map.clear(work.foundations(), scratch);
            }
        }
    }

    /**
     * What a loop gains from lying among what the work's topics rest on as a whole: {@link #RESTS_ON_WEIGHT} of its
     * cosine with {@link Work#restsOn} (its concept's and its concept-with-why's blended as for the work) above
     * {@link #RESTS_ON_FLOOR}. Never more than {@link #restsOnBound} of the larger of the two cosines.
     */
    static double restsOn(Work work, Loop loop) {
        float[] restsOn = work.restsOn();
        if (restsOn == null || restsOn.length != loop.conceptVector().length) {
            return 0;
        }
        double cosine = Vectors.dot(restsOn, loop.conceptVector());
        if (loop.whyVector() != null) {
            cosine = blend(cosine, Vectors.dot(restsOn, loop.whyVector()));
        }
        return restsOnBound(cosine);
    }

    /** {@link #restsOn} for a loop whose blended cosine with the work's {@link Work#restsOn} is {@code cosine}. */
    static double restsOnBound(double cosine) {
        return RESTS_ON_WEIGHT * Math.max(0, cosine - RESTS_ON_FLOOR);
    }

    /**
     * What a shared word in another sense costs (never negative, so it only lowers a score): when the loop shares a
     * word with the work but its own nearest map topics are far from the work's, the word is likely another sense
     * ("diffusion MRI" and a diffusion-model sampler), and the cosine the word brought is taken back in part:
     * {@link #OTHER_SENSE_WEIGHT} × (1 − closeness of the two sets of topics), scaled down by the map's support for
     * the loop (the map vouches for it) and by the share of the loop's words the work names (named outright, nothing).
     */
    private double otherSense(Work work, Loop loop, Plain plain, double support) {
        if (!plain.sharesWords() || map == null) {
            return 0;
        }
        double closeness = map.topicCloseness(work.topics().top(), loop.foundations().topics());
        if (Double.isNaN(closeness)) {
            return 0; // no topics on one side (no map for the work, or a loop stored before its topics were)
        }
        double c = plain.coverage();
        return OTHER_SENSE_WEIGHT * Math.max(0, 1 - closeness) * (1 - Math.min(1, support / STRUCTURAL_CAP))
                * (1 - c * c * c);
    }

    /** What a shared word in another sense costs this loop for this work (what {@link #score} subtracts). */
    double otherSense(Work work, Loop loop) {
        Plain plain = wordsAndMeaning(work.terms(), Vectors.dot(work.vector(), loop.conceptVector()), loop.terms(), false);
        double support = map == null ? 0
                : map.support(work.topics(), loop.foundations()).map(StructuralMap.Support::value).orElse(0.0);
        return otherSense(work, loop, plain, support);
    }

    /** Below this, the map's support is too small to name in an explanation. */
    static final double MEANINGFUL_SUPPORT = 0.05;

    /** Scores a pair, embedding both texts; prefer the vector form when vectors are stored. */
    public Match score(String work, String concept) {
        return score(work, vectorFor(work), concept, vectorFor(concept));
    }

    /**
     * Scores a pair from its texts and their vectors, which must come from {@link #vectorFor} or
     * {@link #vectorsFor} (the framed text, L2-normalised) with this scorer's model.
     */
    public Match score(String work, float[] workVec, String concept, float[] conceptVec) {
        return score(TextTerms.of(work), workVec, TextTerms.of(concept), conceptVec);
    }

    /** The word-and-meaning score from terms computed once (no concept map, no why). */
    public Match score(TextTerms workTerms, float[] workVec, TextTerms conceptTerms, float[] conceptVec) {
        Plain plain = wordsAndMeaning(workTerms, Vectors.dot(workVec, conceptVec), conceptTerms, true);
        return new Match(plain.score(), plain.cosine(), plain.sharedWords(), Optional.empty(), Optional.empty(),
                Optional.empty(), false);
    }

    /** The cosine (the framed vectors' product) plus the word bonus. */
    private static Plain wordsAndMeaning(TextTerms workTerms, double cosine, TextTerms conceptTerms, boolean explain) {
        List<String> shared = explain ? new ArrayList<>() : null;
        boolean sharesWords = false;
        double sharedWeight = 0;
        for (String stem : conceptTerms.stems()) {
            if (workTerms.stems().contains(stem)) {
                if (explain) {
                    shared.add(conceptTerms.wordFor(stem));
                }
                sharesWords = true;
                sharedWeight += TextTerms.weight(stem);
            }
        }
        double total = conceptTerms.totalWeight();
        double coverage = total > 0 ? sharedWeight / total : 0;
        // Cubed: a concept named outright gains the full weight, half its words only an eighth of it, so one shared
        // word adds little to a concept whose other words are unrelated to the work.
        double score = cosine + LEXICAL_WEIGHT * coverage * coverage * coverage
                + (total > 0 && sharedWeight == total ? specificName(total) : 0);
        return new Plain(score, cosine, explain ? List.copyOf(shared) : List.of(), sharesWords, coverage);
    }

    /** What a concept of these words' weight gains when the work names it whole ({@link #SPECIFIC_NAME_WEIGHT}). */
    static double specificName(double conceptWeight) {
        return SPECIFIC_NAME_WEIGHT * Math.min(SPECIFIC_NAME_WORDS, Math.max(0, conceptWeight - 1));
    }

    /** The word-and-meaning part of a score; {@code sharedWords} is listed only when explaining. */
    private record Plain(double score, double cosine, List<String> sharedWords, boolean sharesWords, double coverage) {
    }

    /**
     * A work ready to be matched: text, terms, framed vector, the map's topics for it, and what those topics rest on as
     * one unit vector ({@link StructuralMap#restsOn}; null without a map, and for a loop taken as the work by
     * {@code /related}).
     */
    public record Work(String text, TextTerms terms, float[] vector, StructuralMap.Topics topics, float[] restsOn,
            boolean countsGenerality) {
        /** A loop taken as the work ({@code /related}): no expanded query, and generality does not count. */
        public Work(String text, TextTerms terms, float[] vector, StructuralMap.Topics topics) {
            this(text, terms, vector, topics, null, false);
        }
    }

    /** A loop ready to be matched. {@code whyVector} is null when the loop has no why. */
    public record Loop(String concept, String why, TextTerms terms, float[] conceptVector, float[] whyVector,
            StructuralMap.Foundations foundations) {
    }

    /**
     * One scored pair.
     *
     * @param score       cosine plus the word bonus plus the map's support; compare with {@link #DEFAULT_THRESHOLD}
     * @param cosine      cosine of the framed texts' embeddings
     * @param sharedWords the concept's content words that also occur in the work, as written in the concept
     * @param restsOn     the work's topic and the foundation the loop is close to, when the map added to the score
     * @param parkedFor   the start of the loop's why, when the why brought it closer to the work
     * @param learned     what the person's own feedback said, when it raised the loop ("you opened it for similar
     *                    work before")
     */
    public record Match(double score, double cosine, List<String> sharedWords, Optional<StructuralMap.Support> restsOn,
            Optional<String> parkedFor, Optional<String> learned, boolean foundational) {

        /** Whether this pair reaches {@link #DEFAULT_THRESHOLD}. */
        public boolean isRelevant() {
            return score >= DEFAULT_THRESHOLD;
        }

        /**
         * Why it matched, in parts: the shared words, the foundation the work rests on (only when no word is shared:
         * named outright, the words say it all, and the map explains what the work does not name), what the person
         * parked it for, what their feedback taught. The score is not part of it.
         */
        public MatchReason explanation() {
            return new MatchReason(sharedWords, sharedWords.isEmpty() ? restsOn : Optional.empty(), parkedFor, learned,
                    sharedWords.isEmpty() && foundational);
        }

        /**
         * Why it matched, then the score, for logs and the {@code score} command: for example {@code Raft rests on
         * quorum intersection (score 0.81)}. People see {@link MatchReason#words()} alone.
         */
        public String reason() {
            return explanation().words() + String.format(Locale.ROOT, " (score %.2f)", score);
        }
    }
}
