package dev.loopkeeper.loop;

/**
 * What relevance keeps with a loop, as stored bytes: the concept's vector and the model that made it, the vector of
 * the concept with its why (null without a why), and the loop's nearest concept-map foundations with the map
 * version they belong to. Only the relevance package reads the bytes.
 */
public record StoredVectors(byte[] embedding, String model, byte[] whyEmbedding, byte[] foundations,
        String foundationsVersion) {
}
