package dev.loopkeeper.relevance;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The packed layout against the plain arithmetic it replaces, on random unit vectors and after growing: the exact dot
 * is bit for bit {@link Vectors#dot}, the sketches' bounds are never below the cosine they bound, and the inverted
 * lists give the map's support and the word coverage of exactly the loops concerned.
 */
class PackedLoopsTest {
    private static final int DIM = 384;
    private final Random random = new Random(16);

    private float[] unit() {
        float[] v = new float[DIM];
        for (int i = 0; i < DIM; i++) {
            v[i] = (float) random.nextGaussian();
        }
        return Vectors.normalize(v);
    }

    private StructuralMap.Foundations foundations() {
        int n = random.nextInt(8);
        int[] ids = new int[n];
        float[] cosines = new float[n];
        for (int i = 0; i < n; i++) {
            ids[i] = random.nextInt(50);
            cosines[i] = 0.3f + random.nextFloat() * 0.6f;
        }
        return new StructuralMap.Foundations(ids, cosines);
    }

    private List<RelevanceScorer.Loop> loops(int n) {
        String[] words = {"kalman", "raft", "btree", "cuda", "bloom", "fourier"};
        List<RelevanceScorer.Loop> loops = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            String concept = words[i % words.length] + " filter " + i;
            boolean why = i % 3 == 0;
            loops.add(new RelevanceScorer.Loop(concept, why ? "because " + i : null, TextTerms.of(concept), unit(),
                    why ? unit() : null, foundations()));
        }
        return loops;
    }

    @Test
    void boundsHoldAndExactDotsAgreeWithThePlainArithmetic() {
        List<RelevanceScorer.Loop> loops = loops(211);
        PackedLoops packed = new PackedLoops(SignSketch.fromOrigin(DIM), 10, v -> 0); // grows several times
        for (int i = 0; i < loops.size(); i++) {
            packed.add(1000 + i, loops.get(i), true);
        }
        assertEquals(211, packed.size());
        // The work close to one loop's concept and to another's why: their bounds must be high, the rest low.
        float[] work = loops.get(7).conceptVector();
        float[] conceptsOnly = new float[packed.size()];
        float[] whyBounds = new float[packed.size()];
        packed.boundCosines(packed.query(work), 0, packed.size(), conceptsOnly, whyBounds);
        float[] alone = new float[packed.size()];
        packed.boundConcepts(packed.query(work), packed.size(), alone);
        assertArrayEquals(conceptsOnly, alone, "the concepts' bounds, with or without the whys'");
        // Two ranges side by side give the same bounds as one (a decision over many loops splits them so).
        float[] conceptsSplit = new float[packed.size()];
        float[] whysSplit = new float[packed.size()];
        packed.boundCosines(packed.query(work), 0, 100, conceptsSplit, whysSplit);
        packed.boundCosines(packed.query(work), 100, packed.size(), conceptsSplit, whysSplit);
        assertArrayEquals(conceptsOnly, conceptsSplit);
        assertArrayEquals(whyBounds, whysSplit);
        // Two queries in one pass (the work and what it rests on) give each query's own bounds, over a range too.
        float[] second = loops.get(9).whyVector();
        float[] secondConcepts = new float[packed.size()];
        float[] secondWhys = new float[packed.size()];
        packed.boundCosines(packed.query(second), 0, packed.size(), secondConcepts, secondWhys);
        float[][] paired = new float[4][packed.size()];
        packed.boundCosines(packed.query(work), packed.query(second), 0, 100, paired[0], paired[1], paired[2], paired[3]);
        packed.boundCosines(packed.query(work), packed.query(second), 100, packed.size(), paired[0], paired[1],
                paired[2], paired[3]);
        assertArrayEquals(conceptsOnly, paired[0]);
        assertArrayEquals(whyBounds, paired[1]);
        assertArrayEquals(secondConcepts, paired[2]);
        assertArrayEquals(secondWhys, paired[3]);
        assertEquals(1.0, paired[3][9], 1e-3, "the why the second query is: its bound is its cosine");
        int pruned = 0;
        for (int slot = 0; slot < loops.size(); slot++) {
            RelevanceScorer.Loop loop = loops.get(slot);
            double concept = Vectors.dot(work, loop.conceptVector());
            assertEquals(concept, packed.conceptDot(work, slot), 0.0, "exact dot, slot " + slot);
            // The byte codes bound the product exactly, and closely (half a step per number).
            ByteCodes.Query codes = ByteCodes.query(work);
            float upper = packed.conceptUpper(codes, slot);
            assertTrue(upper >= concept && upper - concept < 0.05, "codes' bound " + upper + " for " + concept);
            assertTrue(conceptsOnly[slot] + PackedLoops.SCAN_MARGIN >= concept, "concept bound, slot " + slot);
            assertEquals(loop.whyVector() != null, packed.hasWhy(slot));
            float bound = conceptsOnly[slot];
            if (loop.whyVector() == null) {
                assertEquals(Float.NEGATIVE_INFINITY, whyBounds[slot], "no why, no bound: slot " + slot);
            } else {
                double why = Vectors.dot(work, loop.whyVector());
                assertEquals(why, packed.whyDot(work, slot), 0.0, "exact why dot, slot " + slot);
                float whyUpper = packed.whyUpper(codes, slot);
                assertTrue(whyUpper >= why && whyUpper - why < 0.05, "codes' bound " + whyUpper + " for " + why);
                assertTrue(whyBounds[slot] + PackedLoops.SCAN_MARGIN >= why, "why bound, slot " + slot);
                bound = Math.max(bound, whyBounds[slot]);
            }
            pruned += bound < 0.6 ? 1 : 0;
            RelevanceScorer.Loop back = packed.loop(slot);
            assertArrayEquals(loop.conceptVector(), back.conceptVector());
            assertArrayEquals(loop.whyVector(), back.whyVector());
            assertEquals(loop.concept(), back.concept());
            assertEquals(1000 + slot, packed.id(slot));
            assertEquals(slot, packed.slotOf(1000 + slot));
        }
        assertEquals(1.0, conceptsOnly[7], 1e-3, "the loop the work is: its bound is its cosine");
        // Unrelated random unit vectors have cosines near 0; their bounds (about 0.4) still rule them out at 0.6.
        assertTrue(pruned > 200, "bounds that prune: " + pruned + " of 211 below 0.6");
        assertEquals(-1, packed.slotOf(5));
        RelevanceScorer.Loop[] all = packed.loops();
        assertEquals(loops.size(), all.length);
        for (int slot = 0; slot < all.length; slot++) {
            assertArrayEquals(loops.get(slot).conceptVector(), all[slot].conceptVector(), "slot " + slot);
            assertArrayEquals(loops.get(slot).whyVector(), all[slot].whyVector(), "slot " + slot);
            assertEquals(loops.get(slot).why(), all[slot].why());
        }
    }

    @Test
    void invertedListsGiveTheSupportAndWordCoverageOfEachLoop() {
        List<RelevanceScorer.Loop> loops = loops(150);
        PackedLoops packed = new PackedLoops(SignSketch.fromOrigin(DIM), loops.size(), v -> 0);
        for (int i = 0; i < loops.size(); i++) {
            packed.add(i, loops.get(i), true);
        }
        double[] weight = new double[50];
        for (int f = 0; f < weight.length; f += 7) {
            weight[f] = 0.2 + random.nextDouble() * 0.6;
        }
        StructuralMap.Topics topics = new StructuralMap.Topics(weight, new int[50]);
        float[] support = new float[loops.size()];
        packed.structural(topics, loops.size(), support);
        TextTerms work = TextTerms.of("tuning a kalman filter gain");
        float[] coverage = new float[loops.size()];
        packed.coverage(work.stems(), loops.size(), coverage);
        int supported = 0;
        for (int slot = 0; slot < loops.size(); slot++) {
            StructuralMap.Foundations f = loops.get(slot).foundations();
            double expected = 0;
            for (int i = 0; i < f.ids().length; i++) {
                double w = weight[f.ids()[i]];
                if (w > 0) {
                    expected = Math.max(expected, w * (f.cosines()[i] - StructuralMap.FOUNDATION_FLOOR)
                            / (1 - StructuralMap.FOUNDATION_FLOOR));
                }
            }
            supported += expected > 0 ? 1 : 0;
            assertEquals(expected, support[slot], 1e-6, "support, slot " + slot);
            TextTerms concept = loops.get(slot).terms();
            double sharedWeight = 0;
            for (String stem : concept.stems()) {
                sharedWeight += work.stems().contains(stem) ? TextTerms.weight(stem) : 0;
            }
            assertEquals(sharedWeight / concept.totalWeight(), coverage[slot], 1e-6, "word coverage, slot " + slot);
            assertEquals(loops.get(slot).concept().startsWith("kalman"), coverage[slot] > 0.5, "kalman, slot " + slot);
        }
        assertTrue(supported > 10 && supported < loops.size(), "a test that can fail: " + supported + " supported");
    }

    @Test
    void refusesAVectorOfAnotherModelAndALoopTwice() {
        PackedLoops packed = new PackedLoops(SignSketch.fromOrigin(DIM), 1, v -> 0);
        RelevanceScorer.Loop loop = loops(1).get(0);
        packed.add(1, loop, true);
        assertThrows(IllegalStateException.class, () -> packed.add(1, loop, true));
        RelevanceScorer.Loop shorter = new RelevanceScorer.Loop("x", null, TextTerms.of("x"), new float[3], null,
                StructuralMap.Foundations.NONE);
        assertThrows(IllegalArgumentException.class, () -> packed.add(2, shorter, true));
    }
}
