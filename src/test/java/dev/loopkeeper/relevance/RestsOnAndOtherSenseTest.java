package dev.loopkeeper.relevance;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.loopkeeper.support.SharedModel;
import org.junit.jupiter.api.Test;

/**
 * The two parts of a reminder's score that read the concept map as a whole, on the real model and the shipped map
 * (pairs written for this test): a loop among what the work's topics rest on gains from the expanded query
 * ({@link StructuralMap#restsOn}), and a word shared in another sense costs ({@link RelevanceScorer#otherSense}).
 */
class RestsOnAndOtherSenseTest {
    private final RelevanceScorer scorer = new RelevanceScorer(SharedModel.embedder(), SharedModel.map());

    private double restsOn(String work, String concept) {
        return RelevanceScorer.restsOn(scorer.work(work), scorer.loop(concept, null));
    }

    @Test
    void whatTheWorkRestsOnLiftsItsFoundationsAndNothingFarAway() {
        assertTrue(restsOn("writing a tiny autograd engine in Python", "chain rule") > 0.1);
        assertTrue(restsOn("implementing Raft in Go", "quorum intersection") > 0.05);
        assertTrue(restsOn("writing a DDIM sampler for our diffusion model", "noise schedule") > 0.1);
        assertEquals(0.0, restsOn("writing a tiny autograd engine in Python", "sourdough starter"));
        assertEquals(0.0, restsOn("implementing Raft in Go", "watercolor glazing"));
        // Bounded as rank's bound assumes: never more than the weight times what lies above the floor.
        assertTrue(RelevanceScorer.restsOnBound(1) <= RelevanceScorer.RESTS_ON_WEIGHT * (1 - RelevanceScorer.RESTS_ON_FLOOR));
    }

    @Test
    void theExpandedQueryIsAUnitVectorAndAbsentWithoutTopics() {
        StructuralMap map = SharedModel.map();
        float[] q = map.restsOn(map.nearest(scorer.vectorFor("implementing Raft in Go")));
        assertNotNull(q);
        assertEquals(1.0, Vectors.dot(q, q), 1e-5);
        assertNull(map.restsOn(new StructuralMap.Nearest(new int[0], new double[0])));
        // Without a map, or for a loop taken as the work by /related, nothing is added.
        RelevanceScorer plain = new RelevanceScorer(SharedModel.embedder());
        assertNull(plain.work("implementing Raft in Go").restsOn());
    }

    @Test
    void aWordSharedInAnotherSenseCostsAndANamedConceptDoesNot() {
        String work = "tuning the learning rate schedule for my GPT";
        // "learning" is shared, but the why places the loop among education topics, far from the work's.
        RelevanceScorer.Loop otherField = scorer.loop("learning styles", "education psychology seminar");
        RelevanceScorer.Work w = scorer.work(work);
        double cost = scorer.otherSense(w, otherField);
        assertTrue(cost > 0.05, "cost " + cost);
        RelevanceScorer.Match match = scorer.score(w, otherField);
        assertTrue(match.score() < match.cosine(), match.reason());
        // No shared word: nothing to take back.
        assertEquals(0.0, scorer.otherSense(scorer.work("implementing Raft in Go"),
                scorer.loop("quorum intersection", null)));
        // Named outright: the exact-mention rule stands.
        assertEquals(0.0, scorer.otherSense(scorer.work("tracking a drone with a Kalman filter"),
                scorer.loop("Kalman filter", null)));
        assertTrue(scorer.score(scorer.work("tracking a drone with a Kalman filter"), scorer.loop("Kalman filter", null))
                .isRelevant());
    }
}
