package dev.loopkeeper.relevance;

import java.util.List;

/**
 * Turns text into L2-normalised embedding vectors, so that the dot product of two vectors is their cosine.
 * Implementations must be thread-safe.
 */
public interface Embedder {

    /** A stable id of the model, stored next to every persisted vector so that vectors of different models never mix. */
    String modelId();

    /** Embeds one text; the result has length 1 (or is all zeros for blank text). */
    float[] embed(String text);

    /** Embeds many texts, in input order; implementations batch or parallelise for throughput. */
    List<float[]> embedAll(List<String> texts);
}
