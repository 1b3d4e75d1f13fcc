package dev.loopkeeper.relevance;

/**
 * A vector as one signed byte per number and one step: {@code v[i] ≈ step · code[i]}, with {@code step} the vector's
 * largest magnitude over 127, so every number is off by at most half a step. A query's product with a vector is then
 * bounded from a quarter of the bytes, exactly: {@code |q·v − step · Σ q[i]·code[i]| ≤ step/2 · Σ|q[i]|}, about 0.01
 * for this model's unit vectors, against the 0.1-0.2 a {@link SignSketch} leaves. Reading 384 bytes instead of 1,536
 * is what makes it cheaper: the products {@link RelevanceIndex#rank} checks are of loops scattered in memory, and
 * fetching them costs more than multiplying.
 */
final class ByteCodes {
    /** Half a step, and a thousandth more for the float sum's rounding (at most a few 1e-6 of the bound here). */
    private static final float SLACK = 0.501f;

    private ByteCodes() {
    }

    /** Writes {@code v}'s codes at {@code codes[at..]} and returns its step (0 for a vector of zeros). */
    static float encode(float[] v, byte[] codes, int at) {
        double largest = 0;
        for (float x : v) {
            largest = Math.max(largest, Math.abs(x));
        }
        if (largest == 0) {
            return 0;
        }
        double step = largest / 127;
        for (int i = 0; i < v.length; i++) {
            codes[at + i] = (byte) Math.max(-127, Math.min(127, Math.round(v[i] / step)));
        }
        return (float) step;
    }

    /** The sum of {@code q}'s magnitudes, the query's part of {@link #upperDot}'s error; taken once per query. */
    static float magnitudes(float[] q) {
        double sum = 0;
        for (float x : q) {
            sum += Math.abs(x);
        }
        return (float) sum;
    }

    /**
     * The most {@code q}'s product with the vector coded at {@code codes[at..]} with {@code step} can be;
     * {@code magnitudes} is {@link #magnitudes}{@code (q)}.
     */
    static float upperDot(float[] q, float magnitudes, byte[] codes, int at, float step) {
        int dim = q.length;
        // One read in each 64-byte cache line of the codes before the products: the lines of a loop far away in
        // memory are then fetched side by side instead of one after another as the loop below reaches them (about a
        // sixth faster for scattered loops). The reads count for nothing in the sum.
        int touched = codes[at + dim - 1];
        for (int line = at; line < at + dim; line += 64) {
            touched += codes[line];
        }
        // Eight independent sums let the CPU overlap the multiply-adds.
        float s0 = 0;
        float s1 = 0;
        float s2 = 0;
        float s3 = 0;
        float s4 = 0;
        float s5 = 0;
        float s6 = 0;
        float s7 = 0;
        int i = 0;
        for (; i + 7 < dim; i += 8) {
            int c = at + i;
            s0 += q[i] * codes[c];
            s1 += q[i + 1] * codes[c + 1];
            s2 += q[i + 2] * codes[c + 2];
            s3 += q[i + 3] * codes[c + 3];
            s4 += q[i + 4] * codes[c + 4];
            s5 += q[i + 5] * codes[c + 5];
            s6 += q[i + 6] * codes[c + 6];
            s7 += q[i + 7] * codes[c + 7];
        }
        for (; i < dim; i++) {
            s0 += q[i] * codes[at + i];
        }
        float sum = ((s0 + s1) + (s2 + s3)) + ((s4 + s5) + (s6 + s7)) + touched * 0f;
        return step * (sum + SLACK * magnitudes);
    }
}
