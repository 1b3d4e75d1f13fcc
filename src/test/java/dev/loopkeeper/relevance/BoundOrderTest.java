package dev.loopkeeper.relevance;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Arrays;
import org.junit.jupiter.api.Test;

class BoundOrderTest {
    @Test
    void keysSortHighestBoundFirstThenLowestSlot() {
        float[] bounds = {0.61f, -0.2f, 1.4f, 0.61f, 0f, -1.5f, 0.6099f};
        long[] keys = new long[bounds.length];
        for (int slot = 0; slot < bounds.length; slot++) {
            keys[slot] = BoundOrder.key(bounds[slot], slot);
        }
        Arrays.sort(keys);
        int[] slots = Arrays.stream(keys).mapToInt(BoundOrder::slot).toArray();
        assertArrayEquals(new int[] {2, 0, 3, 6, 4, 1, 5}, slots);
        for (long key : keys) {
            assertEquals(bounds[BoundOrder.slot(key)], BoundOrder.bound(key), 0f);
        }
    }

    @Test
    void keepBestHoldsTheHighestScoresInOrder() {
        double[] best = new double[3];
        int held = 0;
        for (double score : new double[] {0.7, 0.9, 0.65, 0.95, 0.66, 0.8}) {
            held = BoundOrder.keepBest(best, held, 3, score);
        }
        assertEquals(3, held);
        assertArrayEquals(new double[] {0.95, 0.9, 0.8}, best, 0.0);
        double[] one = new double[1];
        assertEquals(1, BoundOrder.keepBest(one, 0, 1, 0.7));
        assertEquals(1, BoundOrder.keepBest(one, 1, 1, 0.6));
        assertEquals(0.7, one[0], 0.0);
    }
}
