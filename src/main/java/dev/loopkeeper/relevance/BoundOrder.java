package dev.loopkeeper.relevance;

/**
 * The candidates of one {@link RelevanceIndex#rank} range, to be taken highest bound first. {@code rank} usually stops
 * after a small share of them, so they are not sorted: they are put in buckets of bounds at most {@link #width} apart
 * (a counting sort, linear in the candidates) and taken bucket by bucket from the highest, in any order within a
 * bucket. That is enough for stopping early: every candidate after the one at {@code i} has a bound of at most
 * {@link #restAtMost}{@code (i)}, the candidate's own bound and one bucket's width more.
 */
final class BoundOrder {
    /** Bounds that share a bucket are less than this apart, unless the bounds spread over more than {@link #MOST_BUCKETS}. */
    static final float WIDTH = 1f / 512;
    private static final int MOST_BUCKETS = 1 << 16;
    private final int[] slots;
    private final float[] bounds;
    private int size;
    private int[] order = new int[0];
    private float width = WIDTH;

    /** Room for {@code capacity} candidates. */
    BoundOrder(int capacity) {
        slots = new int[capacity];
        bounds = new float[capacity];
    }

    void add(int slot, float bound) {
        slots[size] = slot;
        bounds[size] = bound;
        size++;
    }

    int size() {
        return size;
    }

    /** Puts the candidates added so far in bucket order, highest bucket first; call once, after every add. */
    void arrange() {
        if (size == 0) {
            return;
        }
        float top = Float.NEGATIVE_INFINITY;
        float low = Float.POSITIVE_INFINITY;
        for (int i = 0; i < size; i++) {
            top = Math.max(top, bounds[i]);
            low = Math.min(low, bounds[i]);
        }
        width = Math.max(WIDTH, (top - low) / (MOST_BUCKETS - 1));
        int buckets = (int) ((top - low) / width) + 2;
        int[] bucket = new int[size];
        int[] start = new int[buckets + 1];
        for (int i = 0; i < size; i++) {
            int b = Math.min(buckets - 1, (int) ((top - bounds[i]) / width));
            bucket[i] = b;
            start[b + 1]++;
        }
        for (int b = 0; b < buckets; b++) {
            start[b + 1] += start[b];
        }
        order = new int[size];
        for (int i = 0; i < size; i++) {
            order[start[bucket[i]]++] = i;
        }
    }

    /** The slot of the {@code i}-th candidate in bucket order. */
    int slot(int i) {
        return slots[order[i]];
    }

    /** The bound of the {@code i}-th candidate in bucket order. */
    float bound(int i) {
        return bounds[order[i]];
    }

    /**
     * The most the bound of any candidate from the {@code i}-th on in bucket order can be: its own and a bucket's width
     * (twice, for the rounding of the bucket's arithmetic).
     */
    double restAtMost(int i) {
        return bound(i) + 2.0 * width;
    }

    /**
     * Adds {@code score} to {@code best}, which holds the {@code held} highest scores so far in descending order, at
     * most {@code limit}; returns how many it holds now.
     */
    static int keepBest(double[] best, int held, int limit, double score) {
        int at = held < limit ? held : limit - 1;
        if (held == limit && score <= best[at]) {
            return held;
        }
        while (at > 0 && best[at - 1] < score) {
            best[at] = best[at - 1];
            at--;
        }
        best[at] = score;
        return Math.min(limit, held + 1);
    }
}
