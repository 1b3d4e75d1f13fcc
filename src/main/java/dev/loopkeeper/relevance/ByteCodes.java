package dev.loopkeeper.relevance;

/**
 * A vector as one signed byte per number and one step: {@code v[i] ≈ step · code[i]}, with {@code step} the vector's
 * largest magnitude over 127, so every number is off by at most half a step. A query's product with a vector is then
 * bounded from a quarter of the bytes, exactly: {@code |q·v − step · Σ q[i]·code[i]| ≤ step/2 · Σ|q[i]|}, about 0.01
 * for this model's unit vectors, against the 0.1-0.2 a {@link SignSketch} leaves.
 *
 * <p>The codes are packed four to an {@code int} (number {@code 4w + k} in byte {@code k} of word {@code w}) and the
 * query is taken as integers, so a product is a sum of integer products over whole words. That is a loop Java 17's
 * compiler turns into vector instructions, where products of bytes with floats or ints, one number at a time, stay
 * scalar: a microbenchmark of 10,800 such products took 1.2-1.3 ms against 2.8 ms (bytes with ints) and 8.5 ms (bytes
 * with floats, the form before), with the codes in cache (docs/BENCHMARKS.md).
 */
final class ByteCodes {
    /** Half a step, and a thousandth more for the float arithmetic's rounding (a few 1e-6 of the bound here). */
    private static final float SLACK = 0.501f;

    private ByteCodes() {
    }

    /** How many {@code int}s the codes of a vector of {@code dim} numbers take. */
    static int words(int dim) {
        return (dim + 3) >>> 2;
    }

    /**
     * Writes {@code v}'s codes at {@code codes[at..]} ({@link #words} of them; numbers past the vector's end are 0) and
     * returns its step (0 for a vector of zeros).
     */
    static float encode(float[] v, int[] codes, int at) {
        double largest = 0;
        for (float x : v) {
            largest = Math.max(largest, Math.abs(x));
        }
        java.util.Arrays.fill(codes, at, at + words(v.length), 0);
        if (largest == 0) {
            return 0;
        }
        double step = largest / 127;
        for (int i = 0; i < v.length; i++) {
            int code = (int) Math.max(-127, Math.min(127, Math.round(v[i] / step)));
            codes[at + (i >>> 2)] |= (code & 0xFF) << ((i & 3) << 3);
        }
        return (float) step;
    }

    /**
     * A query taken once for many {@link #upperDot}s: its numbers as integers on one step of its own ({@code q[i] ≈
     * step · n[i]}, each off by at most half that step), dealt into four lanes by their place in a word ({@code lanes[k][w]
     * = n[4w + k]}); {@code slack} is everything both roundings can hide, in the vector's steps.
     */
    record Query(int[][] lanes, float step, float slack) {
    }

    /** {@code q} taken for {@link #upperDot}. */
    static Query query(float[] q) {
        double largest = 0;
        double magnitudes = 0;
        for (float x : q) {
            largest = Math.max(largest, Math.abs(x));
            magnitudes += Math.abs(x);
        }
        int[][] lanes = new int[4][words(q.length)];
        if (largest == 0) {
            return new Query(lanes, 0, 0);
        }
        // The largest integer that keeps every partial sum of products inside an int: |Σ n·c| ≤ top · 127 · length.
        int top = (int) Math.min(32_767, Integer.MAX_VALUE / (127L * q.length));
        double step = largest / top;
        for (int i = 0; i < q.length; i++) {
            lanes[i & 3][i >>> 2] = (int) Math.max(-top, Math.min(top, Math.round(q[i] / step)));
        }
        // q·v = vstep·Σ q[i]·c[i] + Σ q[i]·e[i], |e[i]| ≤ vstep/2; and Σ q[i]·c[i] = step·Σ n[i]·c[i] + Σ d[i]·c[i],
        // |d[i]| ≤ step/2, |c[i]| ≤ 127. SLACK's thousandth covers the float arithmetic.
        return new Query(lanes, (float) step, (float) (SLACK * magnitudes + SLACK * step * 127 * q.length));
    }

    /** The most the query's product with the vector coded at {@code codes[at..]} with {@code step} can be. */
    static float upperDot(Query q, int[] codes, int at, float step) {
        int[] q0 = q.lanes()[0];
        int[] q1 = q.lanes()[1];
        int[] q2 = q.lanes()[2];
        int[] q3 = q.lanes()[3];
        int words = q0.length;
        // One read in each 64-byte cache line of the codes before the products: the lines of a loop far away in
        // memory are then fetched side by side instead of one after another as the loop below reaches them (about a
        // sixth faster for scattered loops). The reads count for nothing in the sum.
        int touched = codes[at + words - 1];
        for (int line = at; line < at + words; line += 16) {
            touched += codes[line];
        }
        // Each byte sign-extended where it lies; one sum of integers, whose order changes nothing.
        int sum = 0;
        for (int w = 0; w < words; w++) {
            int c = codes[at + w];
            sum += q0[w] * ((c << 24) >> 24) + q1[w] * ((c << 16) >> 24) + q2[w] * ((c << 8) >> 24) + q3[w] * (c >> 24);
        }
        // "touched · 0f" keeps the reads (a float product with zero is not folded away; an int one would be).
        return step * (q.step() * sum + q.slack() + touched * 0f);
    }

    /**
     * The codes of many vectors of one dimension, one after another: a query's bound with one of them
     * ({@link #upperDot(Query, int)}) or with every one in a pass ({@link #upperDots}). Appending is not safe alongside
     * reading; callers lock.
     */
    static final class Many {
        private final int words;
        private int[] codes;
        private float[] steps;
        private int size;

        Many(int dim, int capacity) {
            this.words = words(dim);
            this.codes = new int[Math.max(1, capacity) * words];
            this.steps = new float[Math.max(1, capacity)];
        }

        int size() {
            return size;
        }

        /** Appends the codes of {@code v} and returns its position. */
        int add(float[] v) {
            if (size == steps.length) {
                int capacity = size + size / 2 + 1;
                codes = java.util.Arrays.copyOf(codes, capacity * words);
                steps = java.util.Arrays.copyOf(steps, capacity);
            }
            steps[size] = encode(v, codes, size * words);
            return size++;
        }

        /** The most the query's product with the vector at {@code at} can be. */
        float upperDot(Query q, int at) {
            return ByteCodes.upperDot(q, codes, at * words, steps[at]);
        }

        /** For each of the first {@code n} vectors, the most the query's product with it can be, into {@code out}. */
        void upperDots(Query q, int n, float[] out) {
            int[] q0 = q.lanes()[0];
            int[] q1 = q.lanes()[1];
            int[] q2 = q.lanes()[2];
            int[] q3 = q.lanes()[3];
            float qStep = q.step();
            float slack = q.slack();
            int[] c = codes;
            // The products of upperDot, written out here without its reads ahead: these codes are read in order.
            for (int v = 0, at = 0; v < n; v++, at += words) {
                int sum = 0;
                for (int w = 0; w < words; w++) {
                    int x = c[at + w];
                    sum += q0[w] * ((x << 24) >> 24) + q1[w] * ((x << 16) >> 24) + q2[w] * ((x << 8) >> 24)
                            + q3[w] * (x >> 24);
                }
                out[v] = steps[v] * (qStep * sum + slack);
            }
        }

        /** How far below its {@link #upperDot} the product with the vector at {@code at} can lie. */
        float width(Query q, int at) {
            return 2 * steps[at] * q.slack();
        }

        /** Bytes the codes hold. */
        long bytes() {
            return 4L * codes.length + 4L * steps.length;
        }
    }
}
