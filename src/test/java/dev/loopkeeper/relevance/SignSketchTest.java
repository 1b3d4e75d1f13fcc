package dev.loopkeeper.relevance;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.loopkeeper.support.SharedModel;
import org.junit.jupiter.api.Test;

/**
 * Sign sketches on the real model's vectors (the shipped concept map's names): the bound is never below the cosine it
 * bounds, it is exact for a vector with itself, and it is tight enough to rule out most unrelated pairs at the
 * reminder threshold, which is what makes it worth having.
 */
class SignSketchTest {
    @Test
    void boundsHoldForEveryPairOfRealTextsAndRuleOutMostUnrelatedOnes() {
        StructuralMap map = SharedModel.map();
        SignSketch sketch = map.sketch();
        int n = 900;
        SignSketch.Store store = sketch.new Store(16);
        float[][] vectors = new float[n][];
        for (int i = 0; i < n; i++) {
            vectors[i] = map.nameVector(i * 4); // spread over the map, one name in four
            store.add(vectors[i]);
        }
        float[] bounds = new float[n];
        long unrelated = 0;
        long ruledOut = 0;
        double loosest = 0;
        for (int i = 0; i < n; i++) {
            store.bounds(sketch.query(vectors[i]), n, bounds);
            for (int j = 0; j < n; j++) {
                double exact = store.dot(vectors[i], j);
                assertTrue(bounds[j] + BlockedVectors.SCAN_MARGIN >= exact,
                        "pair " + i + "," + j + ": bound " + bounds[j] + " below " + exact);
                loosest = Math.max(loosest, bounds[j] - exact);
                if (exact < 0.3) {
                    unrelated++;
                    ruledOut += bounds[j] < RelevanceScorer.DEFAULT_THRESHOLD ? 1 : 0;
                }
            }
            assertEquals(store.dot(vectors[i], i), bounds[i], 1e-4, "a vector with itself");
        }
        assertTrue(unrelated > n * (long) n / 2, "mostly unrelated names: " + unrelated);
        assertTrue(ruledOut > unrelated * 0.8, ruledOut + " of " + unrelated + " unrelated pairs ruled out");
        assertTrue(loosest < 0.6, "bounds that say something: loosest by " + loosest);
    }

    @Test
    void refusesAVectorOfAnotherDimension() {
        SignSketch sketch = SignSketch.fromOrigin(8);
        assertThrows(IllegalArgumentException.class, () -> sketch.query(new float[3]));
        assertThrows(IllegalArgumentException.class, () -> sketch.new Store(1).add(new float[9]));
    }
}
