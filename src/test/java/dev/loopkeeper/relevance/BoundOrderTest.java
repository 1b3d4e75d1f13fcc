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
    void theHeapGivesTheKeysInSortedOrder() {
        java.util.Random random = new java.util.Random(16);
        for (int n : new int[] {0, 1, 2, 3, 7, 64, 1_000}) {
            long[] keys = new long[n];
            for (int slot = 0; slot < n; slot++) {
                // Few distinct bounds, so equal bounds must come out lowest slot first.
                keys[slot] = BoundOrder.key((float) random.nextInt(20) / 10 - 1, slot);
            }
            long[] sorted = keys.clone();
            Arrays.sort(sorted);
            BoundOrder.heapify(keys, n);
            long[] popped = new long[n];
            for (int left = n; left > 0; left--) {
                popped[n - left] = BoundOrder.pop(keys, left);
            }
            assertArrayEquals(sorted, popped, "n = " + n);
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
