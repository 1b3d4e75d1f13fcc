package dev.loopkeeper.relevance;

import dev.loopkeeper.common.JarCopies;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Where ONNX Runtime's native libraries are loaded from: one copy per user ({@link JarCopies}), instead of ONNX
 * Runtime's own way, which copies them (16.6 MB on Linux x64) into a new temporary directory at every start and asks
 * the JVM to delete them at exit. That deletion never fully worked: the directory is registered after its files, so it
 * is deleted first, while it still holds them, and stays behind empty after every normal exit; after a process that
 * was killed (a crash, {@code docker kill}, the end-to-end tests' own kills) the libraries stay too. One machine here
 * had collected 1,243 such directories, 187 of them with both libraries, about 3 GB. With the libraries in place, ONNX
 * Runtime's temporary directory stays empty and goes at exit, and a start no longer inflates and writes them. An
 * operator's own {@code -Donnxruntime.native.path} wins, and without a copy ONNX Runtime is left to its own way.
 */
final class OnnxNatives {
    /** ONNX Runtime reads this before it loads its libraries (ai.onnxruntime.OnnxRuntime). */
    static final String NATIVE_PATH = "onnxruntime.native.path";

    private OnnxNatives() {
    }

    /** Points ONNX Runtime at the user's copy of this platform's libraries; call before it loads. */
    static void prepare() {
        platform().ifPresent(platform -> {
            String folder = "/ai/onnxruntime/native/" + platform + "/";
            JarCopies.pointAt(NATIVE_PATH, platform, List.of(folder + System.mapLibraryName("onnxruntime"),
                    folder + System.mapLibraryName("onnxruntime4j_jni")));
        });
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
