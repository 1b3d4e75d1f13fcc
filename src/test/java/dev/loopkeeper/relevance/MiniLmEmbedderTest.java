package dev.loopkeeper.relevance;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.langchain4j.model.embedding.onnx.allminilml6v2q.AllMiniLmL6V2QuantizedEmbeddingModel;
import dev.loopkeeper.support.SharedModel;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

/**
 * The bot's embedder (its own session of the shipped model, threads not spinning) and the bulk one (the concept map's
 * vectors at build time) give the vectors langchain4j's own model gives, bit for bit.
 */
class MiniLmEmbedderTest {

    @Test
    void bothEmbeddersGiveLangchainsVectorsBitForBit() {
        List<String> texts = new ArrayList<>(List.of(
                "The concept of reverse-mode autodiff.",
                "writing a tiny autograd engine in Python",
                "Raft leader election",
                "quorum intersection",
                "fp16 with loss scaling",
                "Kalman filter tuning in Rust",
                "   ",
                "über-naïve café: ünïcödé and emoji 🙂"));
        // Longer than the model's 510 tokens, which langchain4j embeds in parts and averages.
        texts.add("micrograd's backward walks the graph in topological order ".repeat(80));
        AllMiniLmL6V2QuantizedEmbeddingModel langchain = new AllMiniLmL6V2QuantizedEmbeddingModel();
        MiniLmEmbedder shared = SharedModel.embedder();
        List<float[]> expected = new ArrayList<>();
        for (String text : texts) {
            float[] own = shared.embed(text);
            expected.add(own);
            if (!text.isBlank()) { // langchain4j refuses blank text; ours gives it the zero vector
                assertArrayEquals(Vectors.normalize(langchain.embed(text).content().vector()), own,
                        "langchain4j's model on text: " + text.strip());
            }
        }
        try (MiniLmEmbedder bulk = MiniLmEmbedder.forBulk()) {
            assertEquals(shared.modelId(), bulk.modelId());
            List<float[]> actual = bulk.embedAll(texts);
            assertEquals(texts.size(), actual.size());
            for (int i = 0; i < texts.size(); i++) {
                assertArrayEquals(expected.get(i), actual.get(i), "text " + i + ": " + texts.get(i).strip());
                assertArrayEquals(expected.get(i), bulk.embed(texts.get(i)), "one text " + i);
            }
        }
    }

    @Test
    void closingWaitsForTheRunsUnderWayAndRefusesLaterOnes() throws Exception {
        List<String> texts = importedLoops("topological sort");
        MiniLmEmbedder embedder = MiniLmEmbedder.forBulk();
        CompletableFuture<List<float[]>> run = CompletableFuture.supplyAsync(() -> embedder.embedAll(texts));
        while (!run.isDone() && embedder.runsUnderWay() == 0) {
            Thread.onSpinWait(); // until the run holds the model
        }

        embedder.close(); // as a console quitting while an import's loops are embedded: no crash

        assertEquals(64, run.get().size(), "the run under way finished");
        assertEquals(384, run.get().get(63).length);
        IllegalStateException refused = assertThrows(IllegalStateException.class, () -> embedder.embed("later"));
        assertTrue(refused.getMessage().contains("closed"), refused.getMessage());
    }

    @Test
    void aCallerInterruptedWhileItsTextsRunLeavesNothingForCloseToCrashOn() throws Exception {
        List<String> texts = importedLoops("quorum intersection");
        MiniLmEmbedder embedder = MiniLmEmbedder.forBulk();
        CompletableFuture<Throwable> ended = new CompletableFuture<>();
        Thread caller = new Thread(() -> {
            try {
                embedder.embedAll(texts);
                ended.complete(null);
            } catch (RuntimeException e) {
                ended.complete(e);
            }
        });
        caller.start();
        while (embedder.runsUnderWay() == 0 && !ended.isDone()) {
            Thread.onSpinWait();
        }
        caller.interrupt(); // as a job stopped at shutdown: the caller gives up, its texts' runs go on in the pool
        Throwable gaveUp = ended.get();
        assertTrue(gaveUp != null && gaveUp.getCause() instanceof InterruptedException, String.valueOf(gaveUp));

        // Closing the session under the runs still going can crash the JVM (SIGSEGV in ONNX Runtime): close waits.
        embedder.close();

        assertThrows(IllegalStateException.class, () -> embedder.embed("later"));
    }

    /** 64 short texts, enough that a run is still under way when the test acts on it. */
    private static List<String> importedLoops(String about) {
        List<String> texts = new ArrayList<>();
        for (int i = 0; i < 64; i++) {
            texts.add("imported loop number " + i + " about " + about);
        }
        return texts;
    }
}
