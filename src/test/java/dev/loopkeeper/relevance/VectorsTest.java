package dev.loopkeeper.relevance;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class VectorsTest {

    @Test
    void bytesRoundTripExactly() {
        float[] v = {0.5f, -1.25f, Float.MIN_VALUE, 3.4028235e38f, 0f, -0f, 1e-7f};
        byte[] bytes = Vectors.toBytes(v);
        assertEquals(v.length * 4, bytes.length);
        assertArrayEquals(v, Vectors.fromBytes(bytes));
    }

    @Test
    void bytesAreLittleEndianFloat32() {
        // 1.0f is 0x3F800000: little-endian puts the low byte first.
        assertArrayEquals(new byte[] {0, 0, (byte) 0x80, 0x3F}, Vectors.toBytes(new float[] {1.0f}));
    }

    @Test
    void fromBytesRejectsTruncatedBlob() {
        assertThrows(IllegalArgumentException.class, () -> Vectors.fromBytes(new byte[] {1, 2, 3}));
    }

    @Test
    void cosineAndDot() {
        float[] a = Vectors.normalize(new float[] {3, 4});
        assertEquals(1.0, Vectors.dot(a, a), 1e-6);
        assertEquals(0.6, Vectors.cosine(new float[] {1, 0}, new float[] {3, 4}), 1e-9);
        assertEquals(0.0, Vectors.cosine(new float[] {0, 0}, new float[] {3, 4}));
        assertThrows(IllegalArgumentException.class, () -> Vectors.dot(new float[2], new float[3]));
    }
}
