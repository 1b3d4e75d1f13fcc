package dev.loopkeeper.relevance;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.loopkeeper.support.SharedModel;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The concept map's topic lookup by one packed float scan chooses the same topics, with the same weights, as an exact
 * cosine with every name (the shipped map, the real model, works near and far from its topics).
 */
class TopicScanTest {
    @Test
    void theScanChoosesWhatExactCosinesChoose() {
        StructuralMap map = SharedModel.map();
        RelevanceScorer scorer = new RelevanceScorer(SharedModel.embedder(), map);
        List<String> works = List.of("implementing Raft in Go", "writing a tiny autograd engine in Python",
                "tracking a drone with a Kalman filter", "profiling CUDA kernels", "baking sourdough bread",
                "building a B-tree index for my database", "x", "reading about the history of Rome",
                "training a small GPT with fp16 and loss scaling", "Raft", "quorum intersection");
        int weighted = 0;
        for (String work : works) {
            float[] vector = scorer.vectorFor(work);
            StructuralMap.Topics scanned = map.topicsFor(vector);
            StructuralMap.Topics exact = map.topicsForByEveryName(vector);
            assertArrayEquals(exact.weight(), scanned.weight(), 0.0, work);
            assertArrayEquals(exact.topicOf(), scanned.topicOf(), work);
            weighted += (int) Arrays.stream(exact.weight()).filter(w -> w > 0).count();
        }
        assertTrue(weighted > works.size() * 5, "works lent foundations: " + weighted);
    }

    @Test
    void keptRowsOfTopicCosinesGiveTheClosenessTheProductsGive() {
        StructuralMap map = SharedModel.map();
        java.util.Random random = new java.util.Random(12);
        int n = map.topicCount();
        java.util.Set<Integer> rows = new java.util.HashSet<>();
        for (int round = 0; round < 300; round++) {
            int[] a = random.ints(5, 0, n).toArray();
            Arrays.stream(a).forEach(rows::add);
            // Sometimes a topic in both (closeness 1), sometimes an index of another map version (skipped).
            int[] b = random.ints(5, round % 7 == 0 ? -1 : 0, round % 5 == 0 ? n + 3 : n).toArray();
            if (round % 3 == 0) {
                b[0] = a[2];
            }
            double expected = map.topicClosenessByProducts(a, b);
            assertEquals(expected, map.topicCloseness(a, b), 0.0, Arrays.toString(a) + " " + Arrays.toString(b));
            assertEquals(expected, map.topicCloseness(a, b), 0.0, "again, from the kept rows");
        }
        assertEquals(Double.NaN, map.topicCloseness(new int[0], new int[] {1}));
        // More topics were asked about than rows are kept: rows were dropped and computed again on the way.
        assertTrue(rows.size() > StructuralMap.NAME_COSINE_ROWS, rows.size() + " topics");
    }
}
