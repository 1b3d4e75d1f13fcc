package dev.loopkeeper.relevance;

/**
 * Candidates for {@link RelevanceIndex#rank} as primitive {@code long}s that sort highest bound first and, among equal
 * bounds, lowest slot first: the float's bits made to order like the float, inverted, in the high half; the slot in
 * the low half. Ordering a {@code long[]} needs no object per candidate.
 *
 * <p>{@link RelevanceIndex#rank} usually stops after a small share of its candidates, so it takes them from a binary
 * heap ({@link #heapify}, {@link #pop}: linear to build, logarithmic per candidate taken) instead of sorting them all.
 */
final class BoundOrder {
    private BoundOrder() {
    }

    static long key(float bound, int slot) {
        return ((long) ~ordered(bound) << 32) | (slot & 0xFFFFFFFFL);
    }

    static float bound(long key) {
        return fromOrdered(~(int) (key >> 32));
    }

    static int slot(long key) {
        return (int) key;
    }

    /** Arranges the first {@code n} keys as a heap whose root, {@code keys[0]}, is the smallest key: the highest bound. */
    static void heapify(long[] keys, int n) {
        for (int at = n / 2 - 1; at >= 0; at--) {
            siftDown(keys, n, at, keys[at]);
        }
    }

    /**
     * Takes the root of a heap of {@code n} keys ({@link #heapify}) and returns it; the heap is then the first
     * {@code n - 1} keys.
     */
    static long pop(long[] keys, int n) {
        long top = keys[0];
        if (n > 1) {
            siftDown(keys, n - 1, 0, keys[n - 1]);
        }
        return top;
    }

    /** Places {@code key} at {@code at} or below it in a heap of {@code n} keys, moving smaller children up. */
    private static void siftDown(long[] keys, int n, int at, long key) {
        int half = n >>> 1;
        while (at < half) {
            int child = 2 * at + 1;
            int right = child + 1;
            if (right < n && keys[right] < keys[child]) {
                child = right;
            }
            if (key <= keys[child]) {
                break;
            }
            keys[at] = keys[child];
            at = child;
        }
        keys[at] = key;
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

    /** The float's bits as an int that orders as the float does (negative floats have their magnitude bits flipped). */
    private static int ordered(float value) {
        int bits = Float.floatToIntBits(value);
        return bits ^ ((bits >> 31) & 0x7FFFFFFF);
    }

    private static float fromOrdered(int ordered) {
        return Float.intBitsToFloat(ordered ^ ((ordered >> 31) & 0x7FFFFFFF));
    }
}
