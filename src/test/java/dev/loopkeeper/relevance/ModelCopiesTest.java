package dev.loopkeeper.relevance;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.loopkeeper.common.JarCopies;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** The model and ONNX Runtime's libraries come from the user's copies, the jar's bytes exactly. */
class ModelCopiesTest {

    @Test
    void theModelAndOnnxRuntimeLoadFromTheUsersCopies() throws Exception {
        // Loading the class points ONNX Runtime at the copy before it loads, unless the operator chose a path.
        try (MiniLmEmbedder embedder = MiniLmEmbedder.forBulk()) {
            assertEquals(MiniLmEmbedder.DIMENSION, embedder.embed("reverse-mode autodiff").length);
        }
        Path base = JarCopies.base().orElseThrow();
        Path natives = Path.of(System.getProperty(OnnxNatives.NATIVE_PATH));
        assertEquals(base, natives.getParent());
        String platform = natives.getFileName().toString().split("-")[0] + "-"
                + natives.getFileName().toString().split("-")[1];
        for (String library : new String[] {System.mapLibraryName("onnxruntime"),
            System.mapLibraryName("onnxruntime4j_jni")}) {
            assertArrayEquals(jarBytes("/ai/onnxruntime/native/" + platform + "/" + library),
                    Files.readAllBytes(natives.resolve(library)));
        }
        Path model;
        try (Stream<Path> folders = Files.list(base)) {
            model = folders.filter(f -> f.getFileName().toString().startsWith("model-")).findFirst().orElseThrow()
                    .resolve("all-minilm-l6-v2-q.onnx");
        }
        assertArrayEquals(jarBytes("/all-minilm-l6-v2-q.onnx"), Files.readAllBytes(model));
    }

    private static byte[] jarBytes(String resource) throws Exception {
        try (InputStream in = ModelCopiesTest.class.getResourceAsStream(resource)) {
            return in.readAllBytes();
        }
    }
}
