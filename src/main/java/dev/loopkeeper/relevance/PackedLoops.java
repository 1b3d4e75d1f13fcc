package dev.loopkeeper.relevance;

import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;

/**
 * One person's open loops laid out for deciding: every concept vector and every why vector with its sign sketch
 * ({@link SignSketch}), so "which loops could match the work" is answered from 48 bytes a vector held in a few
 * consecutive arrays, then from its byte codes ({@link ByteCodes}, 384 bytes, a tight and exact bound), and only the
 * loops that still could are scored from their whole vectors. Beside it, inverted lists from
 * a concept-map foundation and from a word stem to the loops that have it, so the map's support and the share of a
 * concept's words the work holds are found for the few loops concerned instead of asked of every loop.
 *
 * <p>{@link RelevanceIndex#rank} uses the sketches' bounds only to skip loops that cannot reach the threshold (with
 * {@link #SCAN_MARGIN} to spare for the bounds' float arithmetic) and scores the rest exactly as before. Not
 * thread-safe: the owner index locks around every use.
 */
final class PackedLoops {
    /** A loop is scored exactly when its bound comes within this of the threshold. */
    static final double SCAN_MARGIN = BlockedVectors.SCAN_MARGIN;

    private final int dim;
    private final SignSketch sketch;
    private final SignSketch.Store concepts;
    private final SignSketch.Store whys;
    private long[] ids = new long[0];
    private int[] whySlot = new int[0];
    private String[] conceptTexts = new String[0];
    private String[] whyTexts = new String[0];
    private TextTerms[] terms = new TextTerms[0];
    private StructuralMap.Foundations[] foundations = new StructuralMap.Foundations[0];
    private long bytes;
    private boolean[] hasContent = new boolean[0];
    /** Per loop, the summed weight of its concept's stems (the word bonus's denominator). */
    private double[] stemWeight = new double[0];
    private int size;
    /** Per foundation id: the slots of the loops that have it, and their cosine with it. */
    private final Map<Integer, Postings> byFoundation = new HashMap<>();
    /** Per word stem of a concept: the slots of the loops whose concept has it. */
    private final Map<String, Postings> byStem = new HashMap<>();
    private final Map<Long, Integer> slotOf = new HashMap<>();
    private final java.util.function.ToDoubleFunction<float[]> generality;
    /** Per loop, its {@link RelevanceScorer#generality}, taken once when it is added. */
    private double[] generalityOf = new double[0];

    /**
     * Loops whose vectors are sketched by {@code sketch} (and have its dimension); {@code generality} tells how
     * foundational a concept vector is ({@link RelevanceScorer#generality}), taken once per loop.
     */
    PackedLoops(SignSketch sketch, int capacity, java.util.function.ToDoubleFunction<float[]> generality) {
        this.sketch = sketch;
        this.generality = generality;
        this.dim = sketch.dimension();
        int cap = Math.max(4, capacity);
        concepts = sketch.new Store(cap);
        whys = sketch.new Store(4);
        grow(cap);
    }

    int dimension() {
        return dim;
    }

    int size() {
        return size;
    }

    long id(int slot) {
        return ids[slot];
    }

    /** The loop in a slot as the scorer takes it (its vectors shared, not copied: nobody changes them). */
    RelevanceScorer.Loop loop(int slot) {
        float[] why = whySlot[slot] >= 0 ? whys.get(whySlot[slot]) : null;
        return new RelevanceScorer.Loop(conceptTexts[slot], whyTexts[slot], terms[slot], concepts.get(slot), why,
                foundations[slot]);
    }

    /** Every loop as the scorer takes it, in slot order. */
    RelevanceScorer.Loop[] loops() {
        RelevanceScorer.Loop[] out = new RelevanceScorer.Loop[size];
        for (int slot = 0; slot < size; slot++) {
            out[slot] = loop(slot);
        }
        return out;
    }

    String concept(int slot) {
        return conceptTexts[slot];
    }

    /** The work's cosine with one loop's concept vector, exactly as {@link Vectors#dot} computes it. */
    double conceptDot(float[] work, int slot) {
        return concepts.dot(work, slot);
    }


    /** The most the work's cosine with one loop's concept vector can be, from its byte codes ({@link ByteCodes}). */
    float conceptUpper(ByteCodes.Query work, int slot) {
        return concepts.upperDot(work, slot);
    }

    /** The same for its why vector (the loop must have one). */
    float whyUpper(ByteCodes.Query work, int slot) {
        return whys.upperDot(work, whySlot[slot]);
    }

    /** Whether a loop has a why vector. */
    boolean hasWhy(int slot) {
        return whySlot[slot] >= 0;
    }

    /** The work's cosine with one loop's why vector (the loop must have one), exactly as {@link Vectors#dot}. */
    double whyDot(float[] work, int slot) {
        return whys.dot(work, whySlot[slot]);
    }

    /** A loop's {@link RelevanceScorer#generality}, as the scorer computes it. */
    double generality(int slot) {
        return generalityOf[slot];
    }

    boolean hasContent(int slot) {
        return hasContent[slot];
    }

    /** The slot of a loop, or -1. */
    int slotOf(long loopId) {
        Integer slot = slotOf.get(loopId);
        return slot == null ? -1 : slot;
    }

    /** Bytes this holds, roughly: what the owner cache weighs (a vector's floats and array header, its sketch). */
    long bytes() {
        return (4L * dim + 16) * (concepts.size() + whys.size()) + concepts.sketchBytes() + whys.sketchBytes() + bytes;
    }

    /** Adds a loop; its vectors must have this index's dimension (one model). */
    void add(long loopId, RelevanceScorer.Loop loop, boolean content) {
        float[] concept = loop.conceptVector();
        float[] why = loop.whyVector();
        if (concept.length != dim || why != null && why.length != dim) {
            throw new IllegalArgumentException("dimension mismatch: " + concept.length + " vs " + dim);
        }
        Integer existing = slotOf.get(loopId);
        if (existing != null) {
            throw new IllegalStateException("loop " + loopId + " is already indexed");
        }
        int slot = size;
        if (slot == ids.length) {
            grow(slot + slot / 2 + 1);
        }
        concepts.add(concept);
        if (why != null) {
            whySlot[slot] = whys.add(why);
        } else {
            whySlot[slot] = -1;
        }
        ids[slot] = loopId;
        conceptTexts[slot] = loop.concept();
        whyTexts[slot] = loop.why();
        terms[slot] = loop.terms();
        foundations[slot] = loop.foundations();
        hasContent[slot] = content;
        stemWeight[slot] = loop.terms().totalWeight();
        // The same double the scorer would compute, so rank's bound and the score add the same bonus.
        generalityOf[slot] = generality.applyAsDouble(concept);
        // Strings, terms, the foundation list and its postings, the loop's own topics (two small arrays), the maps'
        // entries (a boxed key and value each): an estimate, for the cache's weight, calibrated against the heap a
        // million-loop run actually kept (docs/BENCHMARKS.md, "Memory"), which the first estimate understated by a third.
        bytes += 408 + 4L * (loop.concept().length() + (loop.why() == null ? 0 : loop.why().length()))
                + 16L * loop.foundations().ids().length + 32 + 8L * loop.foundations().topics().length
                + 96L * loop.terms().stems().size();
        slotOf.put(loopId, slot);
        int[] fIds = loop.foundations().ids();
        float[] fCos = loop.foundations().cosines();
        for (int i = 0; i < fIds.length; i++) {
            byFoundation.computeIfAbsent(fIds[i], f -> new Postings()).add(slot, fCos[i]);
        }
        for (String stem : loop.terms().stems()) {
            byStem.computeIfAbsent(stem, s -> new Postings()).add(slot, 0);
        }
        size = slot + 1;
    }

    private void grow(int cap) {
        ids = Arrays.copyOf(ids, cap);
        whySlot = Arrays.copyOf(whySlot, cap);
        conceptTexts = Arrays.copyOf(conceptTexts, cap);
        whyTexts = Arrays.copyOf(whyTexts, cap);
        terms = Arrays.copyOf(terms, cap);
        foundations = Arrays.copyOf(foundations, cap);
        hasContent = Arrays.copyOf(hasContent, cap);
        stemWeight = Arrays.copyOf(stemWeight, cap);
        generalityOf = Arrays.copyOf(generalityOf, cap);
    }

    /** The work sketched to be compared with the loops. */
    SignSketch.Query query(float[] work) {
        return sketch.query(work);
    }

    /**
     * For the loops at {@code from} (inclusive) to {@code to}, the most the work's cosine with each one's concept vector
     * can be into {@code concept}, and with its why vector into {@code why} (negative infinity for a loop without one)
     * ({@link SignSketch}), at the loops' own places.
     */
    void boundCosines(SignSketch.Query work, int from, int to, float[] concept, float[] why) {
        concepts.bounds(work, from, to, concept);
        int[] range = whyRange(from, to);
        float[] whyBound = new float[range[1]];
        if (range[1] > range[0]) {
            whys.bounds(work, range[0], range[1], whyBound);
        }
        spreadWhys(whyBound, from, to, why);
    }

    /**
     * {@link #boundCosines} for two queries in one pass over the sketches: the work's into {@code concept} and
     * {@code why}, the second query's into {@code secondConcept} and {@code secondWhy}, the same floats as two calls
     * give.
     */
    void boundCosines(SignSketch.Query work, SignSketch.Query second, int from, int to, float[] concept, float[] why,
            float[] secondConcept, float[] secondWhy) {
        concepts.bounds(work, second, from, to, concept, secondConcept);
        int[] range = whyRange(from, to);
        float[] whyBound = new float[range[1]];
        float[] secondWhyBound = new float[range[1]];
        if (range[1] > range[0]) {
            whys.bounds(work, second, range[0], range[1], whyBound, secondWhyBound);
        }
        spreadWhys(whyBound, from, to, why);
        spreadWhys(secondWhyBound, from, to, secondWhy);
    }

    /**
     * The why vectors of the loops at {@code from} to {@code to}: first and one past the last. Why vectors are appended
     * in the order of their loops, so a range of loops has a range of whys; {0, 0} when none has one.
     */
    private int[] whyRange(int from, int to) {
        int first = Integer.MAX_VALUE;
        int last = -1;
        for (int i = from; i < to; i++) {
            if (whySlot[i] >= 0) {
                first = Math.min(first, whySlot[i]);
                last = Math.max(last, whySlot[i]);
            }
        }
        return last < 0 ? new int[] {0, 0} : new int[] {first, last + 1};
    }

    /** Each loop's why bound from {@code byWhy} (indexed by why vector) at the loop's place in {@code out}. */
    private void spreadWhys(float[] byWhy, int from, int to, float[] out) {
        for (int i = from; i < to; i++) {
            int at = whySlot[i];
            out[i] = at >= 0 ? byWhy[at] : Float.NEGATIVE_INFINITY;
        }
    }

    /** The most the work's cosine with every loop's concept vector (no why) can be ({@link SignSketch}). */
    void boundConcepts(SignSketch.Query work, int n, float[] out) {
        concepts.bounds(work, n, out);
    }

    /**
     * For every loop, the most the concept map can support it for the work's topics (as
     * {@link StructuralMap#support} computes it, before the cap), from the inverted lists of the work's weighted
     * foundations only; 0 for loops near none of them.
     */
    void structural(StructuralMap.Topics topics, int n, float[] out) {
        double[] weights = topics.weight();
        for (int f = 0; f < weights.length; f++) {
            double weight = weights[f];
            if (weight <= 0) {
                continue;
            }
            Postings postings = byFoundation.get(f);
            if (postings == null) {
                continue;
            }
            int[] slots = postings.slots;
            float[] cos = postings.values;
            int count = postings.size;
            for (int i = 0; i < count; i++) {
                int slot = slots[i];
                if (slot >= n) {
                    continue;
                }
                float value = (float) (weight * (cos[i] - StructuralMap.FOUNDATION_FLOOR)
                        / (1 - StructuralMap.FOUNDATION_FLOOR));
                if (value > out[slot]) {
                    out[slot] = value;
                }
            }
        }
    }

    /** The weight of a loop's concept's words ({@link TextTerms#totalWeight}). */
    double conceptWeight(int slot) {
        return stemWeight[slot];
    }

    /**
     * For every loop whose concept shares a stem with {@code stems}, the share of its concept's stem weight they
     * cover (what the word bonus is cubed from), into {@code out}; 0 for the rest. Summed in another order than the
     * scorer sums, so it may differ from the scorer's share in the last bits: callers keep a margin.
     */
    void coverage(Set<String> stems, int n, float[] out) {
        for (String stem : stems) {
            Postings postings = byStem.get(stem);
            if (postings == null) {
                continue;
            }
            double weight = TextTerms.weight(stem);
            for (int i = 0; i < postings.size; i++) {
                int slot = postings.slots[i];
                if (slot < n) {
                    out[slot] += (float) weight;
                }
            }
        }
        for (int slot = 0; slot < n; slot++) {
            if (out[slot] > 0) {
                out[slot] = (float) Math.min(1.0, out[slot] / stemWeight[slot]);
            }
        }
    }

    /** A growable list of (slot, value). */
    private static final class Postings {
        int[] slots = new int[4];
        float[] values = new float[4];
        int size;

        void add(int slot, float value) {
            if (size == slots.length) {
                slots = Arrays.copyOf(slots, size * 2);
                values = Arrays.copyOf(values, size * 2);
            }
            slots[size] = slot;
            values[size] = value;
            size++;
        }
    }
}
