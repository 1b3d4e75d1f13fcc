package dev.loopkeeper.relevance;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.loopkeeper.Loopkeeper;
import dev.loopkeeper.loop.Origin;
import dev.loopkeeper.loop.ParkRequest;
import dev.loopkeeper.loop.ParkResult;
import dev.loopkeeper.support.MutableClock;
import dev.loopkeeper.support.TestApp;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The packed, bounded ranking a focus change runs gives the same loops with the same scores as scoring every loop
 * one by one with {@link RelevanceScorer} (real model, real concept map, loops with and without a why), at the
 * reminder threshold and at lower ones where many more loops come close.
 */
class RankMatchesPlainScoringTest {
    @TempDir
    Path folder;

    @Test
    void rankingFindsExactlyTheLoopsPlainScoringFinds() {
        String[][] parked = {
            {"Kalman filter", "for the drone project"}, {"extended Kalman filter", null}, {"quorum intersection", null},
            {"Raft leader election", "the consensus reading group"}, {"B-tree node splits", null},
            {"write-ahead logging", "crash safety of my database"}, {"reverse-mode autodiff", null},
            {"vector-Jacobian product", null}, {"mixed precision training", "fp16 with loss scaling"},
            {"CUDA shared memory bank conflicts", null}, {"warp divergence", null}, {"sourdough starter", null},
            {"Bloom filter false positive rate", null}, {"Fourier transform", "signal processing course"},
            {"TCP congestion control", null}, {"copy-on-write B-trees", null}, {"LSM tree compaction", null},
            {"softmax numerical stability", null}, {"layer normalization", "transformer internals"},
            {"Dijkstra's algorithm", null}, {"Voronoi diagrams", null}, {"garbage collection pauses", null},
            {"Markov models", null}, {"hidden Markov models", null}};
        String[] works = {"tracking a drone with a Kalman filter", "implementing Raft in Go",
            "building a B-tree index for my database", "writing a tiny autograd engine in Python",
            "profiling CUDA kernels", "training a small GPT with fp16 and loss scaling", "baking bread",
            // Both named whole: the longer name, the more specific mention, ranks first, which its bound must allow.
            "posterior marginals in a hidden Markov model", "smoothing GPS tracks with an extended Kalman filter"};
        try (Loopkeeper app = TestApp.open(folder, MutableClock.at("2026-03-01T10:00:00Z"))) {
            List<Long> ids = new ArrayList<>();
            for (String[] loop : parked) {
                ParkResult result = app.loops().park(new ParkRequest("ada", loop[0], loop[1], Origin.none()));
                ids.add(((ParkResult.Parked) result).loop().id());
            }
            RelevanceIndex index = app.relevance();
            int compared = 0;
            for (String work : works) {
                for (double threshold : new double[] {0.3, 0.45, RelevanceScorer.DEFAULT_THRESHOLD}) {
                    List<double[]> expected = new ArrayList<>();
                    for (long id : ids) {
                        double score = index.bestWork("ada", id, List.of(work)).orElseThrow().match().score();
                        if (score >= threshold) {
                            expected.add(new double[] {id, score});
                        }
                    }
                    expected.sort(Comparator.comparingDouble((double[] e) -> e[1]).reversed());
                    // The whole list, and the best one or three only (what a reminder asks for: the ranking stops
                    // early once nothing left unscored can enter them); in one pass and in two halves side by side,
                    // as a large lot is ranked.
                    for (int splitFrom : new int[] {RelevanceIndex.SPLIT_FROM, 2}) {
                        index.splitFrom(splitFrom);
                        for (int limit : new int[] {100, 3, 1}) {
                            List<RelevanceIndex.Candidate> ranked = index.rank("ada", work, threshold, Set.of(), limit);
                            String what = work + " at " + threshold + ", limit " + limit + ", split from " + splitFrom;
                            assertEquals(Math.min(limit, expected.size()), ranked.size(), what);
                            for (int i = 0; i < ranked.size(); i++) {
                                assertEquals(expected.get(i)[1], ranked.get(i).match().score(), 0.0, what + " #" + i);
                                assertEquals((long) expected.get(i)[0], ranked.get(i).loopId(), what + " #" + i);
                            }
                        }
                    }
                    index.splitFrom(RelevanceIndex.SPLIT_FROM);
                    List<RelevanceIndex.Candidate> ranked = index.rank("ada", work, threshold, Set.of(), 100);
                    compared += ranked.size();
                }
            }
            assertTrue(compared > 20, "the comparison covered only " + compared + " matches");
            // Excluded loops stay out, as before.
            long kalman = ids.get(0);
            assertTrue(index.rank("ada", works[0], 0.3, Set.of(kalman), 100).stream()
                    .noneMatch(c -> c.loopId() == kalman));
            // And only from the decision that excludes them: the next one, on the same arrays, finds it again.
            assertTrue(index.rank("ada", works[0], 0.3, Set.of(), 100).stream()
                    .anyMatch(c -> c.loopId() == kalman));
        }
    }
}
