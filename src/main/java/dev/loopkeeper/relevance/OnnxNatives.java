package dev.loopkeeper.relevance;

import dev.loopkeeper.common.JarCopies;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Where ONNX Runtime's native libraries are loaded from: one copy per user ({@link JarCopies}), instead of ONNX
 * Runtime's own way, which copies them (16.6 MB on Linux x64) into a new temporary directory at every start and asks
 * the JVM to delete them at exit. That deletion never fully worked: the directory is registered after its files, so it
 * is deleted first, while it still holds them, and stays behind empty after every normal exit; after a process that
 * was killed (a crash, {@code docker kill}, the end-to-end tests' own kills) the libraries stay too. One machine here
 * had collected 1,243 such directories, 187 of them with both libraries, about 3 GB. With the libraries in place, ONNX
 * Runtime's temporary directory stays empty and goes at exit, and a start no longer inflates and writes them. An
 * operator's own {@code -Donnxruntime.native.path} wins, and when anything here fails ONNX Runtime is left to its own
 * way.
 */
final class OnnxNatives {
    /** ONNX Runtime reads this before it loads its libraries (ai.onnxruntime.OnnxRuntime). */
    static final String NATIVE_PATH = "onnxruntime.native.path";
    private static final Logger log = LoggerFactory.getLogger(OnnxNatives.class);

    private OnnxNatives() {
    }

    /** Points ONNX Runtime at the per-user copy, copying it first when it is missing; call before it loads. */
    static void prepare() {
        if (System.getProperty(NATIVE_PATH) != null) {
            return;
        }
        Optional<Path> base = JarCopies.base();
        try {
            if (base.isPresent()) {
                extractTo(base.get()).ifPresent(dir -> System.setProperty(NATIVE_PATH, dir.toString()));
            }
        } catch (IOException | RuntimeException e) {
            log.debug("ONNX Runtime's libraries stay with its own loader: {} could not hold them", base.get(), e);
        }
    }

    /**
     * The folder under {@code base} that holds both of this platform's libraries; empty when the jar has none for this
     * platform (ONNX Runtime then says so itself).
     */
    static Optional<Path> extractTo(Path base) throws IOException {
        Optional<String> platform = platform();
        if (platform.isEmpty()) {
            return Optional.empty();
        }
        String folder = "/ai/onnxruntime/native/" + platform.get() + "/";
        return JarCopies.copied(base, platform.get(), List.of(folder + System.mapLibraryName("onnxruntime"),
                folder + System.mapLibraryName("onnxruntime4j_jni")));
    }

    /** The jar's folder name for this system, as ONNX Runtime's loader spells it ("linux-x64", "osx-aarch64"). */
    private static Optional<String> platform() {
        String os = System.getProperty("os.name", "").toLowerCase(Locale.ROOT);
        String arch = System.getProperty("os.arch", "").toLowerCase(Locale.ROOT);
        String system = os.contains("mac") || os.contains("darwin") ? "osx" : os.contains("win") ? "win"
                : os.contains("nux") ? "linux" : null;
        String machine = arch.equals("amd64") || arch.equals("x86_64") ? "x64" : arch.equals("aarch64") ? "aarch64"
                : null;
        return system == null || machine == null ? Optional.empty() : Optional.of(system + "-" + machine);
    }
}
