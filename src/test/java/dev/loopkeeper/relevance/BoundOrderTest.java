package dev.loopkeeper.relevance;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class BoundOrderTest {
    @Test
    void candidatesComeHighestBucketFirstAndNothingLaterExceedsTheRestBound() {
        java.util.Random random = new java.util.Random(16);
        for (int n : new int[] {0, 1, 2, 3, 7, 64, 1_000, 20_000}) {
            BoundOrder order = new BoundOrder(n);
            float[] bounds = new float[n];
            for (int slot = 0; slot < n; slot++) {
                // Many close bounds (several per bucket), a few equal ones and a far outlier.
                // Slot 7 spreads the bounds over more than 65,536 steps of 1/512: the buckets widen.
                bounds[slot] = slot == 5 ? 40f : slot == 7 ? 500f : 0.6f + random.nextInt(3_000) / 2_000f;
                order.add(slot, bounds[slot]);
            }
            order.arrange();
            assertEquals(n, order.size());
            boolean[] seen = new boolean[n];
            float top = Float.NEGATIVE_INFINITY;
            for (float b : bounds) {
                top = Math.max(top, b);
            }
            for (int i = 0; i < n; i++) {
                int slot = order.slot(i);
                assertEquals(bounds[slot], order.bound(i), 0f, "n = " + n);
                seen[slot] = true;
                if (i == 0) {
                    assertTrue(order.bound(0) >= top - BoundOrder.WIDTH, "the first comes from the highest bucket");
                }
                // Every later candidate's bound is within what restAtMost promises.
                for (int j = i + 1; j < Math.min(n, i + 50); j++) {
                    assertTrue(order.bound(j) <= order.restAtMost(i), "n = " + n + ", " + i + " then " + j);
                }
            }
            for (boolean s : seen) {
                assertTrue(s, "every candidate is given once");
            }
        }
    }

    @Test
    void restAtMostHoldsForEveryPairOnASmallSet() {
        float[] bounds = {0.61f, 1.4f, 0.61f, 0.6099f, 0.6105f, 1.3991f, 2.2f, 0.9f};
        BoundOrder order = new BoundOrder(bounds.length);
        for (int slot = 0; slot < bounds.length; slot++) {
            order.add(slot, bounds[slot]);
        }
        order.arrange();
        assertEquals(6, order.slot(0));
        for (int i = 0; i < bounds.length; i++) {
            for (int j = i + 1; j < bounds.length; j++) {
                assertTrue(order.bound(j) <= order.restAtMost(i), i + " then " + j);
            }
        }
        // Bounds more than two buckets apart come in order.
        assertTrue(order.restAtMost(bounds.length - 1) < 0.62);
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
