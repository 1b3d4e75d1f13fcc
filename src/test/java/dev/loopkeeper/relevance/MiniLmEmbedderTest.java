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
 * The bot's embedder (its own session of the shipped model, threads not spinning, one tokenizer pass for plain text)
 * and the bulk one (the concept map's vectors at build time) give the vectors langchain4j's own model gives, bit for
 * bit.
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
        // Longer than the tokenizer's 128 tokens, which cuts it (langchain4j's way, not the one-pass shortcut).
        texts.add("micrograd's backward walks the graph in topological order ".repeat(80));
        // Printable ASCII, which skips langchain4j's second and third tokenizer passes, at the edges of that shortcut.
        texts.addAll(List.of(
                "C++ and C# in 2024: what's new?",
                // Rebuilt by a decoder that tidies spaces, "do not" would come back as "don't": DJL joins tokens as
                // they are, which the shortcut relies on; a DJL that changed it would show here.
                "do not , can ' t , it ' s ; they are n't . x , y",
                "a ##b ###c #d## e#f",
                "[UNK] [MASK] [CLS] tokens [SEP] said [PAD] literally, and [unk] [Mask] not",
                "x".repeat(100) + " then " + "y".repeat(101) + " then z",
                "tabs\tand\nnew lines\r\nbetween words",
                "MiXeD CaSe ShOuTiNg ABOUT GPU KERNELS",
                "don't, won't; isn't... (really?)! e.g. 3.14159 x^2 + y_1 = z/2 \\ `code` ~a~ |b| {c} <d> @e $f %g &h *i",
                "supercalifragilisticexpialidocious antidisestablishmentarianism pneumonoultramicroscopic",
                "a delete\u007f character",
                "a ".repeat(125).strip(),
                "a ".repeat(126).strip(),
                "b ".repeat(200).strip()));
        java.util.Random random = new java.util.Random(20261201);
        String[] words = {"autodiff", "tensor", "##", "[UNK]", "x86", "co-routines", "foo_bar", "O(n log n)", "q&a",
            "e-mail", "1e-9", "ReLU", "state-of-the-art", "it's", "you're", "!!", "...", "'", "\"", "gpu"};
        for (int i = 0; i < 60; i++) {
            StringBuilder text = new StringBuilder();
            for (int w = random.nextInt(12) + 1; w > 0; w--) {
                if (random.nextInt(3) == 0) {
                    for (int c = random.nextInt(8) + 1; c > 0; c--) {
                        text.append((char) (0x20 + random.nextInt(0x5f))); // any printable ASCII
                    }
                } else {
                    text.append(words[random.nextInt(words.length)]);
                }
                text.append(random.nextInt(4) == 0 ? "" : " ");
            }
            texts.add(text.toString());
        }
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
