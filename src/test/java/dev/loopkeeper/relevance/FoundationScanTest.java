package dev.loopkeeper.relevance;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.loopkeeper.support.SharedModel;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A loop's nearest foundations, found by one packed float scan per vector and exact cosines for the few that can be
 * chosen, are those an exact cosine with every foundation chooses, with the same cosines in the same order: concepts
 * near and far from the map, alone and with a why (two vectors merged), and one that keeps fewer than the cap.
 */
class FoundationScanTest {
    @Test
    void theScanKeepsWhatExactCosinesKeep() {
        StructuralMap map = SharedModel.map();
        RelevanceScorer scorer = new RelevanceScorer(SharedModel.embedder(), map);
        List<String> concepts = List.of("quorum intersection", "Kalman filter", "reverse-mode autodiff",
                "sourdough starter", "B-tree page splits", "x", "the history of Rome", "fp16 loss scaling",
                "warp divergence on GPUs", "consistent hashing");
        int kept = 0;
        boolean fewerThanCap = false;
        for (String concept : concepts) {
            float[] alone = scorer.vectorFor(concept);
            float[] withWhy = scorer.vectorFor(RelevanceScorer.withWhy(concept, "it keeps coming up at work"));
            for (List<float[]> vectors : List.of(List.of(alone), List.of(alone, withWhy))) {
                StructuralMap.Foundations scanned = map.foundationsOf(vectors);
                StructuralMap.Foundations exact = map.foundationsByEveryFoundation(vectors);
                assertArrayEquals(exact.ids(), scanned.ids(), concept);
                assertArrayEquals(exact.cosines(), scanned.cosines(), 0f, concept);
                kept += exact.ids().length;
                fewerThanCap |= exact.ids().length < StructuralMap.FOUNDATIONS_PER_CONCEPT;
            }
        }
        assertTrue(kept > concepts.size() * 20, "foundations kept: " + kept);
        assertTrue(fewerThanCap, "some concept keeps fewer foundations than the cap (the floor decides)");
    }
}
