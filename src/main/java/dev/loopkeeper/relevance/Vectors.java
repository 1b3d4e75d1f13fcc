package dev.loopkeeper.relevance;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/** Small helpers for embedding vectors: similarity, normalisation and a compact byte form for SQLite BLOBs. */
public final class Vectors {

    private Vectors() {
    }

    /** Dot product; for L2-normalised vectors this is their cosine. */
    public static double dot(float[] a, float[] b) {
        if (a.length != b.length) {
            throw new IllegalArgumentException("dimension mismatch: " + a.length + " vs " + b.length);
        }
        // Four independent sums let the CPU overlap the multiply-adds; this is the matcher's inner loop.
        double s0 = 0;
        double s1 = 0;
        double s2 = 0;
        double s3 = 0;
        int i = 0;
        for (; i + 3 < a.length; i += 4) {
            s0 += (double) a[i] * b[i];
            s1 += (double) a[i + 1] * b[i + 1];
            s2 += (double) a[i + 2] * b[i + 2];
            s3 += (double) a[i + 3] * b[i + 3];
        }
        for (; i < a.length; i++) {
            s0 += (double) a[i] * b[i];
        }
        return (s0 + s1) + (s2 + s3);
    }

    /** Cosine of two vectors of any length; 0 when either is all zeros (blank text embeds to zeros). */
    public static double cosine(float[] a, float[] b) {
        double na = Math.sqrt(dot(a, a));
        double nb = Math.sqrt(dot(b, b));
        if (na == 0 || nb == 0) {
            return 0;
        }
        return dot(a, b) / (na * nb);
    }

    /** Returns a unit-length copy of {@code v} (or an all-zero copy when {@code v} is all zeros). */
    public static float[] normalize(float[] v) {
        double n = Math.sqrt(dot(v, v));
        float[] out = new float[v.length];
        if (n == 0) {
            return out;
        }
        for (int i = 0; i < v.length; i++) {
            out[i] = (float) (v[i] / n);
        }
        return out;
    }

    /** Little-endian float32 bytes, 4 per component: the storage form for SQLite BLOB columns. */
    public static byte[] toBytes(float[] v) {
        ByteBuffer buf = ByteBuffer.allocate(v.length * Float.BYTES).order(ByteOrder.LITTLE_ENDIAN);
        buf.asFloatBuffer().put(v);
        return buf.array();
    }

    /** Inverse of {@link #toBytes(float[])}. */
    public static float[] fromBytes(byte[] bytes) {
        if (bytes.length % Float.BYTES != 0) {
            throw new IllegalArgumentException("length " + bytes.length + " is not a multiple of 4");
        }
        float[] v = new float[bytes.length / Float.BYTES];
        ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer().get(v);
        return v;
    }
}
