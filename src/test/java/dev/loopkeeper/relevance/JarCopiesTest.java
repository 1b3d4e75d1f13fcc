package dev.loopkeeper.relevance;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import dev.loopkeeper.common.JarCopies;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The jar's large files copied once per user: ONNX Runtime's libraries and the model, extracted once, repaired when
 * damaged, and the ones the model loads.
 */
class JarCopiesTest {
    @TempDir
    Path base;

    @Test
    void theLibrariesAreExtractedOnceWholeAndRepairedWhenTheirSizeIsWrong() throws Exception {
        Path dir = OnnxNatives.extractTo(base).orElseThrow();
        Path runtime = dir.resolve(System.mapLibraryName("onnxruntime"));
        Path jni = dir.resolve(System.mapLibraryName("onnxruntime4j_jni"));
        assertArrayEquals(resource(runtime), Files.readAllBytes(runtime));
        assertArrayEquals(resource(jni), Files.readAllBytes(jni));

        // A second start finds them in place and writes nothing.
        FileTime old = FileTime.fromMillis(0);
        Files.setLastModifiedTime(runtime, old);
        assertEquals(dir, OnnxNatives.extractTo(base).orElseThrow());
        assertEquals(old, Files.getLastModifiedTime(runtime));

        // A file cut short (a full disk, a kill mid-copy by an older build) is written again.
        byte[] whole = Files.readAllBytes(runtime);
        Files.write(runtime, java.util.Arrays.copyOf(whole, 1000));
        OnnxNatives.extractTo(base).orElseThrow();
        assertArrayEquals(whole, Files.readAllBytes(runtime));
        assertNotEquals(old, Files.getLastModifiedTime(runtime));
        try (Stream<Path> files = Files.list(dir)) {
            assertEquals(List.of(jni.getFileName(), runtime.getFileName()).stream().map(Path::toString).sorted().toList(),
                    files.map(p -> p.getFileName().toString()).sorted().toList(), "no half-written file is left");
        }
    }

    @Test
    void theModelLoadsOnnxRuntimeFromTheUsersCopy() throws Exception {
        // Loading the class points ONNX Runtime at the copy before it loads, unless the operator chose a path.
        try (MiniLmEmbedder embedder = MiniLmEmbedder.forBulk()) {
            assertEquals(MiniLmEmbedder.DIMENSION, embedder.embed("reverse-mode autodiff").length);
        }
        Path dir = Path.of(System.getProperty(OnnxNatives.NATIVE_PATH));
        Path expectedBase = System.getProperty(JarCopies.DIR_PROPERTY) != null
                ? Path.of(System.getProperty(JarCopies.DIR_PROPERTY))
                : Path.of(System.getProperty("user.home"), ".cache", "loopkeeper");
        assertEquals(expectedBase, dir.getParent());
        Path runtime = dir.resolve(System.mapLibraryName("onnxruntime"));
        assertArrayEquals(resource(runtime), Files.readAllBytes(runtime));
        // The model is read from its copy beside them, the jar's bytes exactly.
        Path model;
        try (Stream<Path> folders = Files.list(expectedBase)) {
            model = folders.filter(f -> f.getFileName().toString().startsWith("model-")).findFirst().orElseThrow()
                    .resolve("all-minilm-l6-v2-q.onnx");
        }
        try (InputStream in = JarCopies.class.getResourceAsStream("/all-minilm-l6-v2-q.onnx")) {
            assertArrayEquals(in.readAllBytes(), Files.readAllBytes(model));
        }
    }

    @Test
    void anAccountWithoutAHomeFolderGetsNoCopiesRatherThanOnesInTheWorkingFolder() {
        String home = System.getProperty("user.home");
        String chosen = System.clearProperty(JarCopies.DIR_PROPERTY);
        try {
            System.setProperty("user.home", "?");
            assertEquals(java.util.Optional.empty(), JarCopies.base());
            System.setProperty("user.home", "/home/ada");
            assertEquals(java.util.Optional.of(Path.of("/home/ada/.cache/loopkeeper")), JarCopies.base());
        } finally {
            System.setProperty("user.home", home);
            if (chosen != null) {
                System.setProperty(JarCopies.DIR_PROPERTY, chosen);
            }
        }
    }

    private static byte[] resource(Path extracted) throws Exception {
        String platform = extracted.getParent().getFileName().toString().split("-")[0] + "-"
                + extracted.getParent().getFileName().toString().split("-")[1];
        try (InputStream in = OnnxNatives.class.getResourceAsStream(
                "/ai/onnxruntime/native/" + platform + "/" + extracted.getFileName())) {
            return in.readAllBytes();
        }
    }
}
