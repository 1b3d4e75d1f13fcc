package dev.loopkeeper.relevance;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.loopkeeper.support.SharedModel;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * The generality prior on the real model and map (concepts written for this test): a foundational concept gains for
 * any piece of work, a specialised one does not, a loop taken as the work gains nothing, and a loop turned down for
 * similar work loses it as it loses the map's support.
 */
class GeneralityTest {
    private final RelevanceScorer scorer = new RelevanceScorer(SharedModel.embedder(), SharedModel.map());

    private double generality(String concept) {
        return scorer.generality(scorer.vectorFor(concept));
    }

    @Test
    void foundationalConceptsSitNearAFieldAndSpecialisedOnesDoNot() {
        assertEquals(1.0, generality("linear algebra"), 1e-5, "a field is as general as it gets");
        assertTrue(generality("Bayes' theorem") > RelevanceScorer.GENERALITY_FLOOR);
        assertTrue(generality("Dijkstra's algorithm") > RelevanceScorer.GENERALITY_FLOOR);
        for (String specialised : new String[] {"Raft leader election", "sourdough starter", "Fenwick trees",
            "CUDA shared memory bank conflicts"}) {
            assertTrue(generality(specialised) < RelevanceScorer.GENERALITY_FLOOR, specialised);
        }
        assertEquals(0.0, RelevanceScorer.generalityBonus(RelevanceScorer.GENERALITY_FLOOR));
        assertEquals(RelevanceScorer.GENERALITY_WEIGHT * (1 - RelevanceScorer.GENERALITY_FLOOR),
                RelevanceScorer.generalityBonus(1), 1e-12);
    }

    @Test
    void theBonusCountsForAPieceOfWorkOnlyAndFeedbackDampsIt() {
        String work = "fitting a Gaussian mixture model with EM";
        RelevanceScorer.Loop loop = scorer.loop("Bayes' theorem", null);
        double bonus = RelevanceScorer.generalityBonus(scorer.generality(loop.conceptVector()));
        assertTrue(bonus > 0.01, "bonus " + bonus);

        double asWork = scorer.score(scorer.work(work), loop).score();
        double asLoop = scorer.score(scorer.loopAsWork(work, scorer.vectorFor(work)), loop).score();
        assertEquals(bonus, asWork - asLoop, 1e-9, "the same texts differ by the bonus alone");

        // "Not relevant" for this work leaves none of the map's support, and none of the bonus.
        FeedbackMemory.Adjustment turnedDown = new FeedbackMemory.Adjustment(0, 0, Optional.empty());
        double damped = scorer.score(scorer.work(work), loop, turnedDown).score();
        double dampedAsLoop = scorer.score(scorer.loopAsWork(work, scorer.vectorFor(work)), loop, turnedDown).score();
        assertEquals(0.0, damped - dampedAsLoop, 1e-9, "no bonus left once turned down");
    }
}
