package dev.loopkeeper.relevance;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

/**
 * Stored vectors are marked with {@link MiniLmEmbedder#MODEL_ID} alone, and the concept map's shipped vectors with a
 * version made from it: a loop's vector counts as current while the id is the same. So the id must change whenever
 * what a text's vector is made from changes (the model file, its tokenizer, the frame every text is embedded in, the
 * way a why joins its concept); else old and new vectors would be compared without a word. This pins all of it.
 */
class EmbeddingIdentityTest {
    /** Update with {@link MiniLmEmbedder#MODEL_ID} (a new id makes every database embed its loops again). */
    private static final String PINNED = "all-minilm-l6-v2-q f544d98c147b871d";

    @Test
    void theModelIdChangesWithAnythingAVectorIsMadeFrom() throws Exception {
        MessageDigest digest = MessageDigest.getInstance("SHA-256");
        for (String resource : new String[] {"all-minilm-l6-v2-q.onnx", "all-minilm-l6-v2-q-tokenizer.json"}) {
            digestResource(digest, resource);
        }
        for (String text : new String[] {Framing.frame("x"), Framing.frame("x."), RelevanceScorer.withWhy(" a ", " b ")}) {
            digest.update(text.getBytes(StandardCharsets.UTF_8));
            digest.update((byte) 0);
        }
        String identity = MiniLmEmbedder.MODEL_ID + " " + HexFormat.of().formatHex(digest.digest()).substring(0, 16);

        assertEquals(PINNED, identity, "what vectors are made from changed: give MiniLmEmbedder.MODEL_ID a new value "
                + "(stored vectors are then embedded again) and pin the new identity here");
    }

    private static void digestResource(MessageDigest digest, String name) throws IOException {
        try (InputStream in = MiniLmEmbedder.class.getClassLoader().getResourceAsStream(name)) {
            assertNotNull(in, name);
            byte[] buffer = new byte[1 << 16];
            for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
                digest.update(buffer, 0, n);
            }
        }
    }
}
