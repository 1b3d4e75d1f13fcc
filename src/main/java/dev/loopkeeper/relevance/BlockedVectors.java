package dev.loopkeeper.relevance;

import java.util.Arrays;

/**
 * Many vectors of one dimension in one float array, in blocks of {@value #BLOCK} vectors stored dimension by
 * dimension, so one vector's dot product with all of them is a run of multiply-adds over consecutive floats (no
 * reduction inside the inner loop): the concept map's topic lookup and its foundations at park time.
 * {@link #dot} gives a single exact product, bit for bit {@link Vectors#dot}. Appending is not safe alongside reading;
 * callers lock.
 */
final class BlockedVectors {
    /** Vectors per block: 64 floats of one dimension, eight AVX2 registers. */
    static final int BLOCK = 64;
    /**
     * The float scan may differ from the exact (double) product by a few 1e-6 for unit vectors of 384 floats; callers
     * decide with this much to spare and then compute exactly.
     */
    static final double SCAN_MARGIN = 1e-3;

    private final int dim;
    private float[] data;
    private int size;

    BlockedVectors(int dim, int capacity) {
        this.dim = dim;
        this.data = new float[Math.max(BLOCK, roundUp(capacity)) * dim];
    }

    int dimension() {
        return dim;
    }

    int size() {
        return size;
    }

    /** Appends a vector and returns its position. */
    int add(float[] v) {
        if (v.length != dim) {
            throw new IllegalArgumentException("dimension mismatch: " + v.length + " vs " + dim);
        }
        int at = size;
        if ((at + 1) * dim > data.length) {
            data = Arrays.copyOf(data, roundUp(at + at / 2 + 1) * dim);
        }
        int base = (at / BLOCK) * BLOCK * dim + at % BLOCK;
        for (int d = 0; d < dim; d++) {
            data[base + d * BLOCK] = v[d];
        }
        size = at + 1;
        return at;
    }

    /** A copy of the vector at {@code at}. */
    float[] get(int at) {
        float[] v = new float[dim];
        int base = (at / BLOCK) * BLOCK * dim + at % BLOCK;
        for (int d = 0; d < dim; d++) {
            v[d] = data[base + d * BLOCK];
        }
        return v;
    }

    /** Adds {@code weight} times the vector at {@code at} to {@code sum}, as a loop over a copy of it would. */
    void addTo(int at, double weight, double[] sum) {
        int base = (at / BLOCK) * BLOCK * dim + at % BLOCK;
        for (int d = 0; d < dim; d++) {
            sum[d] += weight * data[base + d * BLOCK];
        }
    }

    /**
     * {@code q}'s dot product with the first {@code n} vectors, in float, into {@code out} (at least
     * {@code roundUp(n)} long).
     */
    void scan(float[] q, int n, float[] out) {
        if (n == 0) {
            return;
        }
        if (q.length != dim) {
            throw new IllegalArgumentException("dimension mismatch: " + q.length + " vs " + dim);
        }
        float[] acc = new float[BLOCK];
        int blocks = (n + BLOCK - 1) / BLOCK;
        for (int b = 0; b < blocks; b++) {
            Arrays.fill(acc, 0f);
            int base = b * BLOCK * dim;
            // Four dimensions per pass over the accumulators: one load and store of each accumulator per four
            // multiply-adds instead of per one (about 1.3x faster on the development machine).
            int d = 0;
            for (; d + 3 < dim; d += 4) {
                float q0 = q[d];
                float q1 = q[d + 1];
                float q2 = q[d + 2];
                float q3 = q[d + 3];
                int o0 = base + d * BLOCK;
                int o1 = o0 + BLOCK;
                int o2 = o1 + BLOCK;
                int o3 = o2 + BLOCK;
                for (int k = 0; k < BLOCK; k++) {
                    acc[k] += q0 * data[o0 + k] + q1 * data[o1 + k] + q2 * data[o2 + k] + q3 * data[o3 + k];
                }
            }
            for (; d < dim; d++) {
                float qd = q[d];
                int off = base + d * BLOCK;
                for (int k = 0; k < BLOCK; k++) {
                    acc[k] += qd * data[off + k];
                }
            }
            System.arraycopy(acc, 0, out, b * BLOCK, BLOCK);
        }
    }

    /**
     * {@code q}'s exact dot product with the vector at {@code at}: the same sums in the same order as
     * {@link Vectors#dot}, so the same double.
     */
    double dot(float[] q, int at) {
        if (q.length != dim) {
            throw new IllegalArgumentException("dimension mismatch: " + q.length + " vs " + dim);
        }
        int base = (at / BLOCK) * BLOCK * dim + at % BLOCK;
        double s0 = 0;
        double s1 = 0;
        double s2 = 0;
        double s3 = 0;
        int d = 0;
        for (; d + 3 < dim; d += 4) {
            s0 += (double) q[d] * data[base + d * BLOCK];
            s1 += (double) q[d + 1] * data[base + (d + 1) * BLOCK];
            s2 += (double) q[d + 2] * data[base + (d + 2) * BLOCK];
            s3 += (double) q[d + 3] * data[base + (d + 3) * BLOCK];
        }
        for (; d < dim; d++) {
            s0 += (double) q[d] * data[base + d * BLOCK];
        }
        return (s0 + s1) + (s2 + s3);
    }

    static int roundUp(int n) {
        return (n + BLOCK - 1) / BLOCK * BLOCK;
    }
}
