package dev.loopkeeper.relevance;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.junit.jupiter.api.Test;

class ByteCodesTest {

    private static float[] unit(Random random, int dim) {
        float[] v = new float[dim];
        for (int i = 0; i < dim; i++) {
            v[i] = (float) random.nextGaussian();
        }
        return Vectors.normalize(v);
    }

    @Test
    void theBoundIsNeverBelowTheProductAndStaysClose() {
        Random random = new Random(16);
        // 4,096 numbers: the query's integers must shrink to keep a whole sum inside an int; 3 and 385 numbers end
        // inside a word.
        for (int dim : new int[] {3, 384, 385, 4_096}) {
            int words = ByteCodes.words(dim);
            int[] codes = new int[words * 50];
            float[] steps = new float[50];
            float[][] vectors = new float[50][];
            for (int k = 0; k < 50; k++) {
                vectors[k] = unit(random, dim);
                if (k % 5 == 0) {
                    // One number carries nearly everything: the step is large, the others' codes small.
                    vectors[k][k % dim] = 40;
                    vectors[k] = Vectors.normalize(vectors[k]);
                }
                steps[k] = ByteCodes.encode(vectors[k], codes, k * words);
            }
            for (int j = 0; j < 50; j++) {
                float[] q = j < 50 - 1 ? unit(random, dim) : vectors[7];
                ByteCodes.Query query = ByteCodes.query(q);
                double magnitudes = 0;
                for (float x : q) {
                    magnitudes += Math.abs(x);
                }
                for (int k = 0; k < 50; k++) {
                    double exact = Vectors.dot(q, vectors[k]);
                    float upper = ByteCodes.upperDot(query, codes, k * words, steps[k]);
                    assertTrue(upper >= exact, dim + " numbers: bound " + upper + " below the product " + exact);
                    // Half a vector step per number, and the query's own rounding: well inside a whole step.
                    assertTrue(upper - exact <= steps[k] * magnitudes, dim + ": bound " + upper + " for " + exact);
                    if (k % 5 != 0 && dim == 384) {
                        assertTrue(upper - exact < 0.02, "bound " + upper + " far above " + exact);
                    }
                }
            }
        }
    }

    @Test
    void zerosBoundToZero() {
        int[] codes = new int[ByteCodes.words(384)];
        float step = ByteCodes.encode(new float[384], codes, 0);
        assertEquals(0, step);
        ByteCodes.Query zero = ByteCodes.query(new float[384]);
        assertEquals(0, ByteCodes.upperDot(zero, codes, 0, step));
        float[] v = unit(new Random(3), 384);
        float vStep = ByteCodes.encode(v, codes, 0);
        assertEquals(0, ByteCodes.upperDot(zero, codes, 0, vStep), 0.0, "a zero query has a zero product");
    }
}
