package dev.loopkeeper.relevance;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.loopkeeper.support.SharedModel;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * Structural relevance with the real model and the shipped concept map: work brings back what it rests on, not only
 * what it names, and says why.
 */
class StructuralRelevanceTest {
    private final RelevanceScorer withMap = new RelevanceScorer(SharedModel.embedder(), SharedModel.map());
    private final RelevanceScorer withoutMap = new RelevanceScorer(SharedModel.embedder());

    private RelevanceScorer.Match score(RelevanceScorer scorer, String work, String concept, String why) {
        return scorer.score(scorer.work(work), scorer.loop(concept, why));
    }

    /** A loop scored for a work without the concept map and with it. */
    private record Lift(RelevanceScorer.Match before, RelevanceScorer.Match after) {
        @Override
        public String toString() {
            return before.score() + " -> " + after.score() + " (" + after.reason() + ")";
        }
    }

    private Lift lift(String work, String concept) {
        return new Lift(score(withoutMap, work, concept, null), score(withMap, work, concept, null));
    }

    @Test
    void workBringsBackWhatItRestsOnThatItDoesNotName() {
        String[][] pairs = {
                {"writing a tiny autograd engine in Python", "reverse-mode autodiff"},
                {"implementing Raft in Go", "Raft leader election"},
                {"implementing Raft in Go", "quorum intersection"}};
        for (String[] pair : pairs) {
            Lift lift = lift(pair[0], pair[1]);
            assertTrue(!lift.before().isRelevant() && lift.after().isRelevant(), pair[1] + " for " + pair[0] + ": " + lift);
            assertTrue(lift.after().restsOn().isPresent(), lift.after().reason());
            // The explanation names the foundation when the work does not name the concept.
            assertEquals(lift.after().sharedWords().isEmpty(), lift.after().reason().matches("(?s).* rests? on .*"),
                    lift.after().reason());
        }
    }

    @Test
    void aProblemStatedAsItsSymptomBringsBackWhatDiagnosingItRestsOn() {
        String[][] pairs = {
                {"VPN connects but no traffic gets through", "MTU"},
                {"my C program crashes with a segmentation fault", "use-after-free"},
                {"training results differ every run, can't reproduce them", "nondeterministic GPU kernels"}};
        for (String[] pair : pairs) {
            Lift lift = lift(pair[0], pair[1]);
            // Nothing in the words or the bare meaning links them; the problem's topic lifts the concept near the line.
            assertTrue(lift.before().score() < 0.2 && lift.after().score() > lift.before().score() + 0.4,
                    pair[1] + " for " + pair[0] + ": " + lift);
        }
        assertTrue(lift(pairs[0][0], pairs[0][1]).after().isRelevant(), "MTU comes back for a VPN passing no traffic");
        assertTrue(!score(withMap, "VPN connects but no traffic gets through", "sourdough starter", null).isRelevant());
    }

    @Test
    void unrelatedLoopsStayBelowTheLine() {
        assertTrue(!score(withMap, "writing a tiny autograd engine in Python", "sourdough starter", null).isRelevant());
        assertTrue(!score(withMap, "training a small GPT with fp16 and loss scaling", "B-tree indexes", null).isRelevant());
        assertTrue(!score(withMap, "implementing Raft in Go", "Kalman filter", null).isRelevant());
    }

    @Test
    void aWorkThatNamesATopicOutrightBorrowsNothingFromTheNoiseTopicsAfterIt() {
        // "implementing Raft" is a topic's own name (1.0); its next nearest include "SLAM" (0.46), whose odometry and
        // Kalman filter lent the robotics loops 0.67-0.73.
        for (String robotics : List.of("visual odometry", "Kalman filter")) {
            RelevanceScorer.Match match = score(withMap, "implementing Raft", robotics, null);
            assertTrue(!match.isRelevant(), match.reason());
        }
        RelevanceScorer.Match quorum = score(withMap, "implementing Raft", "quorum intersection", null);
        assertTrue(quorum.isRelevant(), quorum.reason());
        assertTrue(quorum.reason().startsWith("implementing Raft rests on quorum intersection"), quorum.reason());
    }

    @Test
    void theWhyAPersonTypedCountsAndIsNamed() {
        String work = "training a small GPT with fp16 and loss scaling";
        RelevanceScorer.Match bare = score(withMap, work, "mixed precision training", null);
        RelevanceScorer.Match withWhy = score(withMap, work, "mixed precision training", "fp16 with loss scaling");
        assertTrue(withWhy.score() > bare.score() + 0.1, bare.score() + " -> " + withWhy.score());
        assertEquals(Optional.of("fp16 with loss scaling"), withWhy.parkedFor());
        assertTrue(withWhy.reason().contains(MatchReason.PARKED_FOR), withWhy.reason());
    }

    @Test
    void anOffTopicWhyNeitherHelpsNorIsNamed() {
        String work = "implementing Raft in Go";
        RelevanceScorer.Match bare = score(withMap, work, "quorum intersection", null);
        RelevanceScorer.Match offTopic = score(withMap, work, "quorum intersection", "heard it on a cooking podcast");
        assertTrue(offTopic.parkedFor().isEmpty(), offTopic.reason());
        assertTrue(offTopic.score() > bare.score() - 0.1, "it pulls at most halfway: " + offTopic.reason());
        assertTrue(Math.abs(offTopic.score() - bare.score()) < 0.25, bare.score() + " vs " + offTopic.score());
    }

    @Test
    void aConceptNamedOutrightStillOutranksAnythingTheMapAdds() {
        String work = "implementing Raft in Go";
        RelevanceScorer.Match named = score(withMap, work, "Raft", null);
        RelevanceScorer.Match structural = score(withMap, work, "quorum intersection", null);
        assertTrue(named.score() > structural.score(), named.reason() + " vs " + structural.reason());
    }

    @Test
    void theMapsVectorsComeFromTheBuildAndCoverEveryTopicAndFoundation() {
        StructuralMap map = SharedModel.map();
        assertEquals(MiniLmEmbedder.MODEL_ID, map.version().split("/")[0]);
        assertEquals(StructuralMap.texts(map.conceptMap()).size(),
                StructuralMap.readVectors(MiniLmEmbedder.MODEL_ID, StructuralMap.fingerprint(map.conceptMap())).size(),
                "the build wrote a vector for every text of the shipped map");
        assertTrue(map.foundationCount() > 3_000, "distinct foundations: " + map.foundationCount());
    }
}
