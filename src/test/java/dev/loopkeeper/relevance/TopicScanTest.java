package dev.loopkeeper.relevance;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
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
}
