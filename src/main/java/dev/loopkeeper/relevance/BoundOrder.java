package dev.loopkeeper.relevance;

/**
 * Candidates for {@link RelevanceIndex#rank} as primitive {@code long}s that sort highest bound first and, among equal
 * bounds, lowest slot first: the float's bits made to order like the float, inverted, in the high half; the slot in
 * the low half. Sorting a {@code long[]} needs no object per candidate.
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
