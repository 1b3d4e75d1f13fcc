package dev.loopkeeper.relevance;

import java.util.Arrays;

/**
 * One bit per dimension for each vector: on which side of a centre its coordinate lies. The share of bits two sketches
 * differ in estimates the angle between the two vectors seen from the centre (the sign test behind SimHash), so a
 * cosine can be bounded from 48 bytes instead of read from 1,536: six XORs and six population counts instead of 384
 * multiply-adds, and a hundred thousand loops fit in the processor's cache.
 *
 * <p>The centre is the concept map's mean vector: the model's vectors all lean one way (their mean has length 0.42),
 * and measuring angles from their middle spreads them and tightens the bound. With {@code c} the centre,
 * {@code q·x = (q-c)·(x-c) + c·x + c·q - |c|²}; only the first term is unknown, and it is at most
 * {@code |q-c| |x-c| cos θ}, where θ is the smallest angle whose sign test would differ in the observed bits with more
 * than {@value #Z} standard deviations to spare. That is a bound with a tiny chance of failing, not a proof: it held
 * for every one of the 6.8 million pairs of the concept map's topic names and of the development sets' 4,902 cosines
 * ({@code SketchBoundCheck}, docs/BENCHMARKS.md). Callers use
 * bounds only to skip loops that cannot reach what they look for, and score the rest exactly; a failure
 * would skip a loop that should have been scored.
 */
final class SignSketch {
    /** Standard deviations of the sign test kept between the observed share of differing bits and the bound. */
    static final double Z = 5;

    private final int dim;
    private final int words;
    private final float[] centre;
    private final double centreSquared;
    /** Per number of differing bits: the most the centred cosine can be. */
    private final float[] upper;

    private SignSketch(float[] centre) {
        this.dim = centre.length;
        this.words = (dim + 63) >>> 6;
        this.centre = centre.clone();
        double squared = 0;
        for (float c : centre) {
            squared += (double) c * c;
        }
        this.centreSquared = squared;
        this.upper = new float[dim + 1];
        for (int h = 0; h <= dim; h++) {
            upper[h] = (float) Math.cos(Math.PI * smallestShare(h, dim));
        }
    }

    /** Sketches taken from {@code centre} (a vector of the model's dimension). */
    static SignSketch centredAt(float[] centre) {
        return new SignSketch(centre);
    }

    /** Sketches taken from the origin, for vectors of {@code dim} numbers (no concept map to centre on). */
    static SignSketch fromOrigin(int dim) {
        return new SignSketch(new float[dim]);
    }

    /** The mean of some vectors, to centre sketches on. */
    static float[] mean(Iterable<float[]> vectors, int dim) {
        double[] sum = new double[dim];
        int n = 0;
        for (float[] v : vectors) {
            for (int d = 0; d < dim; d++) {
                sum[d] += v[d];
            }
            n++;
        }
        float[] mean = new float[dim];
        for (int d = 0; n > 0 && d < dim; d++) {
            mean[d] = (float) (sum[d] / n);
        }
        return mean;
    }

    /**
     * The smallest share of differing bits p that could show {@code h} of {@code bits} with at most {@link #Z} standard
     * deviations of the sign test between them: {@code p + Z·sqrt(p(1-p)/bits) >= h/bits}.
     */
    private static double smallestShare(int h, int bits) {
        double observed = h / (double) bits;
        double low = 0;
        double high = observed;
        for (int i = 0; i < 60; i++) {
            double mid = (low + high) / 2;
            if (mid + Z * Math.sqrt(mid * (1 - mid) / bits) >= observed) {
                high = mid;
            } else {
                low = mid;
            }
        }
        return low;
    }

    int dimension() {
        return dim;
    }

    /** A vector to bound cosines with, sketched once. */
    Query query(float[] v) {
        check(v);
        long[] bits = new long[words];
        double[] parts = sketch(v, bits, 0);
        return new Query(bits, (float) parts[0], (float) (parts[1] - centreSquared));
    }

    private void check(float[] v) {
        if (v.length != dim) {
            throw new IllegalArgumentException("dimension mismatch: " + v.length + " vs " + dim);
        }
    }

    /** Writes {@code v}'s bits at {@code bits[at..]}; returns its distance from the centre and its product with it. */
    private double[] sketch(float[] v, long[] bits, int at) {
        double distance = 0;
        double towards = 0;
        for (int d = 0; d < dim; d++) {
            double off = v[d] - centre[d];
            distance += off * off;
            towards += (double) v[d] * centre[d];
            if (off >= 0) {
                bits[at + (d >>> 6)] |= 1L << (d & 63);
            }
        }
        return new double[] {Math.sqrt(distance), towards};
    }

    /** A sketched query: its bits, its distance from the centre, and its product with the centre less |c|². */
    record Query(long[] bits, float scale, float offset) {
    }

    /**
     * Many vectors of one dimension, each kept whole (for exact products) beside its sketch and its byte codes
     * ({@link ByteCodes}: a tight bound between the two). Appending is not safe alongside reading; callers lock.
     */
    final class Store {
        private float[][] vectors = new float[0][];
        private long[] bits = new long[0];
        private float[] scale = new float[0];
        private float[] shift = new float[0];
        private final ByteCodes.Many codes;
        private int size;

        Store(int capacity) {
            codes = new ByteCodes.Many(dim, Math.max(4, capacity));
            grow(Math.max(4, capacity));
        }

        int size() {
            return size;
        }

        /** Appends a vector (kept, not copied) and returns its position. */
        int add(float[] v) {
            check(v);
            if (size == vectors.length) {
                grow(size + size / 2 + 1);
            }
            double[] parts = sketch(v, bits, size * words);
            vectors[size] = v;
            scale[size] = (float) parts[0];
            shift[size] = (float) parts[1];
            codes.add(v);
            return size++;
        }

        private void grow(int capacity) {
            vectors = Arrays.copyOf(vectors, capacity);
            bits = Arrays.copyOf(bits, capacity * words);
            scale = Arrays.copyOf(scale, capacity);
            shift = Arrays.copyOf(shift, capacity);
        }

        /** The vector at {@code at}, as added (callers must not change it). */
        float[] get(int at) {
            return vectors[at];
        }

        /** {@code q}'s exact product with the vector at {@code at}, bit for bit {@link Vectors#dot}. */
        double dot(float[] q, int at) {
            return Vectors.dot(q, vectors[at]);
        }

        /**
         * The most {@code q}'s product with the vector at {@code at} can be, from its byte codes ({@link ByteCodes}).
         */
        float upperDot(ByteCodes.Query q, int at) {
            return codes.upperDot(q, at);
        }

        /** For each of the first {@code n} vectors, the most its product with the query can be, into {@code out}. */
        void bounds(Query q, int n, float[] out) {
            bounds(q, 0, n, out);
        }

        /** The same for the vectors at {@code from} (inclusive) to {@code to}, into the same places of {@code out}. */
        void bounds(Query q, int from, int to, float[] out) {
            long[] b = bits;
            long[] qb = q.bits();
            float qScale = q.scale();
            float qOffset = q.offset();
            int w = words;
            for (int i = from, at = from * w; i < to; i++, at += w) {
                int differ = 0;
                for (int k = 0; k < w; k++) {
                    differ += Long.bitCount(qb[k] ^ b[at + k]);
                }
                out[i] = qScale * scale[i] * upper[differ] + shift[i] + qOffset;
            }
        }

        /**
         * {@link #bounds} for two queries in one pass over the sketches (each read once): {@code a}'s into {@code outA}
         * and {@code b}'s into {@code outB}, the same floats as two passes give.
         */
        void bounds(Query a, Query b, int from, int to, float[] outA, float[] outB) {
            long[] bitsA = a.bits();
            long[] bitsB = b.bits();
            int w = words;
            for (int i = from, at = from * w; i < to; i++, at += w) {
                int differA = 0;
                int differB = 0;
                for (int k = 0; k < w; k++) {
                    long x = bits[at + k];
                    differA += Long.bitCount(bitsA[k] ^ x);
                    differB += Long.bitCount(bitsB[k] ^ x);
                }
                outA[i] = a.scale() * scale[i] * upper[differA] + shift[i] + a.offset();
                outB[i] = b.scale() * scale[i] * upper[differB] + shift[i] + b.offset();
            }
        }

        /** Bytes held beyond the vectors themselves: the sketches and byte codes, and two numbers each. */
        long sketchBytes() {
            return 8L * bits.length + 8L * scale.length + codes.bytes();
        }
    }
}
