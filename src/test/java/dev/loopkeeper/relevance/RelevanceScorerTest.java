package dev.loopkeeper.relevance;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Runs the real quantised model (loaded once for the class) on pairs written for these tests. */
class RelevanceScorerTest {

    private static final String DRONE = "Implementing a Kalman filter for drone position tracking";
    private static final String SAMPLER =
            "Writing a DDIM sampler for our diffusion model: implement the reverse denoising loop";

    private static MiniLmEmbedder embedder;
    private static RelevanceScorer scorer;

    @BeforeAll
    static void loadModel() {
        embedder = new MiniLmEmbedder();
        scorer = new RelevanceScorer(embedder);
    }

    @AfterAll
    static void closeModel() {
        embedder.close();
    }

    @Test
    void embeddingsAreNormalisedAndBatchMatchesSingle() {
        float[] one = embedder.embed("sourdough bread");
        assertEquals(MiniLmEmbedder.DIMENSION, one.length);
        assertEquals(1.0, Vectors.dot(one, one), 1e-5);
        List<float[]> many = embedder.embedAll(List.of("rose pruning", "sourdough bread", " "));
        assertArrayEquals(one, many.get(1), 1e-6f);
        assertEquals(0.0, Vectors.dot(many.get(2), many.get(2)), "blank text embeds to zeros");
        assertEquals("all-minilm-l6-v2-q", embedder.modelId());
    }

    @Test
    void namedConceptIsAStrongMatch() {
        RelevanceScorer.Match m = scorer.score(DRONE, "Kalman filters");
        assertTrue(m.score() > RelevanceScorer.DEFAULT_THRESHOLD + 0.2, m.toString());
        assertTrue(m.isRelevant());
        assertEquals(List.of("kalman", "filters"), m.sharedWords());
        // Named whole: the full word weight, and for its second word the more specific name's share.
        assertEquals(m.cosine() + RelevanceScorer.LEXICAL_WEIGHT + RelevanceScorer.SPECIFIC_NAME_WEIGHT, m.score(), 1e-9,
                "full coverage adds the full weight");
        assertTrue(m.reason().startsWith("shared words: kalman, filters (score "), m.reason());
    }

    @Test
    void theLongerOfTwoNamesFoundWholeIsTheMoreSpecificMention() {
        String work = "posterior marginals in a hidden Markov model with the forward-backward algorithm";
        RelevanceScorer.Match hmm = scorer.score(work, "hidden Markov models");
        RelevanceScorer.Match markov = scorer.score(work, "Markov models");
        RelevanceScorer.Match one = scorer.score(work, "posterior");
        // Each is named whole; "models" is a generic word (0.3): 2.3, 1.3 and 1 in all.
        assertEquals(hmm.cosine() + RelevanceScorer.LEXICAL_WEIGHT + 1.3 * RelevanceScorer.SPECIFIC_NAME_WEIGHT,
                hmm.score(), 1e-9);
        assertEquals(markov.cosine() + RelevanceScorer.LEXICAL_WEIGHT + 0.3 * RelevanceScorer.SPECIFIC_NAME_WEIGHT,
                markov.score(), 1e-9);
        assertEquals(one.cosine() + RelevanceScorer.LEXICAL_WEIGHT, one.score(), 1e-9, "a one-word name gains nothing");
        // Named in part, nothing either.
        RelevanceScorer.Match part = scorer.score(work, "hidden Markov model training with Baum-Welch");
        assertTrue(part.score() < part.cosine() + RelevanceScorer.LEXICAL_WEIGHT, part.toString());
    }

    @Test
    void unrelatedConceptStaysBelowThreshold() {
        RelevanceScorer.Match m = scorer.score(DRONE, "medieval castle architecture");
        assertTrue(m.score() < RelevanceScorer.DEFAULT_THRESHOLD - 0.2, m.toString());
        assertTrue(m.sharedWords().isEmpty());
        assertTrue(m.reason().startsWith("close in meaning (score "), m.reason());
    }

    @Test
    void oneSharedWordDoesNotCarryAnUnrelatedConcept() {
        RelevanceScorer.Match mri = scorer.score(SAMPLER, "diffusion MRI");
        RelevanceScorer.Match ddpm = scorer.score(SAMPLER, "denoising diffusion models");
        assertEquals(List.of("diffusion"), mri.sharedWords());
        assertTrue(mri.score() < RelevanceScorer.DEFAULT_THRESHOLD, mri.toString());
        assertTrue(ddpm.score() > RelevanceScorer.DEFAULT_THRESHOLD, ddpm.toString());
        // Half the words shared earns an eighth of the lexical weight, not half of it.
        assertEquals(RelevanceScorer.LEXICAL_WEIGHT / 8, mri.score() - mri.cosine(), 1e-9);

        RelevanceScorer.Match coffee = scorer.score(DRONE, "coffee filter brewing");
        assertTrue(coffee.score() < RelevanceScorer.DEFAULT_THRESHOLD - 0.2, coffee.toString());
    }

    @Test
    void meaningRanksRelatedAboveUnrelatedWithoutSharedWords() {
        String garden = "Planning a vegetable garden for the spring";
        double related = scorer.score(garden, "crop rotation").score();
        double unrelated = scorer.score(garden, "database replication").score();
        assertTrue(related > unrelated + 0.2, related + " vs " + unrelated);
    }

    @Test
    void vectorFormEqualsTextForm() {
        String concept = "hash join algorithms";
        String work = "Tuning the PostgreSQL query planner: slow joins on the orders table";
        List<float[]> vs = scorer.vectorsFor(List.of(work, concept));
        RelevanceScorer.Match fromVectors = scorer.score(work, vs.get(0), concept, vs.get(1));
        RelevanceScorer.Match fromText = scorer.score(work, concept);
        assertEquals(fromText.score(), fromVectors.score(), 1e-6);
        assertEquals("The concept of hash join algorithms.", RelevanceScorer.embeddingText(" hash join algorithms "));
        assertEquals("The concept of Is it done?", RelevanceScorer.embeddingText("Is it done?"));
    }

    @Test
    void theScoreAloneIsTheExplainedScoreBitForBitAndKeptTopicsAreFreshOnes() {
        // With the shipped map, so the map's support (halved when a word is shared) and the why's blend take part.
        RelevanceScorer mapped = new RelevanceScorer(dev.loopkeeper.support.SharedModel.embedder(),
                dev.loopkeeper.support.SharedModel.map());
        String[][] loops = {{"Kalman filter", "for the drone project"}, {"quorum intersection", null},
            {"reverse-mode autodiff", "micrograd walks the graph backwards"}, {"sourdough starter", null},
            {"Raft leader election", "heard it on a podcast"}};
        int supported = 0;
        for (String work : List.of(DRONE, SAMPLER, "implementing Raft in Go", "writing a tiny autograd engine")) {
            RelevanceScorer.Work scored = mapped.work(work);
            // The second time the topics come from what was kept: the same weights as a fresh lookup.
            StructuralMap.Topics fresh = mapped.map().orElseThrow().topicsFor(scored.vector());
            assertArrayEquals(fresh.weight(), mapped.work(work, scored.vector()).topics().weight(), 0.0, work);
            for (String[] loop : loops) {
                RelevanceScorer.Loop l = mapped.loop(loop[0], loop[1]);
                RelevanceScorer.Match match = mapped.score(scored, l);
                assertEquals(match.score(), mapped.scoreOnly(scored, l, FeedbackMemory.Adjustment.NONE), 0.0,
                        work + " / " + loop[0]);
                supported += match.restsOn().isPresent() ? 1 : 0;
            }
        }
        assertTrue(supported > 0, "the map took part in some pair");
    }
}
