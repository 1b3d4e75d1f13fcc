package dev.loopkeeper.relevance;

import java.io.IOException;
import java.io.InputStream;
import java.net.JarURLConnection;
import java.net.URL;
import java.net.URLConnection;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.jar.JarEntry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Where ONNX Runtime's native libraries are loaded from: one copy per user, extracted from the jar once, instead of
 * ONNX Runtime's own way, which copies them (16.6 MB on Linux x64) into a new temporary directory at every start and
 * asks the JVM to delete them at exit. That deletion never fully worked: the directory is registered after its files,
 * so it is deleted first, while it still holds them, and stays behind empty after every normal exit; after a process
 * that was killed (a crash, {@code docker kill}, the end-to-end tests' own kills) the libraries stay too. One machine
 * here had collected 1,243 such directories, 187 of them with both libraries, about 3 GB. With the libraries in place,
 * ONNX Runtime's temporary directory stays empty and goes at exit, and a start no longer inflates and writes them.
 *
 * <p>The copy lives in {@code ~/.cache/loopkeeper/native} (or {@code -Dloopkeeper.native.dir=DIR}), in a folder named
 * by the platform and the libraries' checksums in the jar, so another ONNX Runtime version gets its own folder. A file is
 * written under a temporary name and moved into place, so two processes starting at once never load a half-written
 * library. A home folder is the user's own, unlike a fixed path under {@code /tmp}, where another account could leave a
 * library to be loaded. An operator's own {@code -Donnxruntime.native.path} wins, and when anything here fails ONNX
 * Runtime is left to its own way.
 */
final class OnnxNatives {
    /** ONNX Runtime reads this before it loads its libraries (ai.onnxruntime.OnnxRuntime). */
    static final String NATIVE_PATH = "onnxruntime.native.path";
    /** Where the per-user copy goes, when set; otherwise {@code ~/.cache/loopkeeper/native}. */
    static final String DIR_PROPERTY = "loopkeeper.native.dir";
    private static final Logger log = LoggerFactory.getLogger(OnnxNatives.class);

    private OnnxNatives() {
    }

    /** Points ONNX Runtime at the per-user copy, extracting it first when it is missing; call before it loads. */
    static void prepare() {
        if (System.getProperty(NATIVE_PATH) != null) {
            return;
        }
        Path base = Optional.ofNullable(System.getProperty(DIR_PROPERTY)).map(Path::of)
                .orElseGet(() -> Path.of(System.getProperty("user.home"), ".cache", "loopkeeper", "native"));
        try {
            extractTo(base).ifPresent(dir -> System.setProperty(NATIVE_PATH, dir.toString()));
        } catch (IOException | RuntimeException e) {
            log.debug("ONNX Runtime's libraries stay with its own loader: {} could not hold them", base, e);
        }
    }

    /**
     * The folder under {@code base} that holds both of this platform's libraries, extracted when missing or of another
     * size; empty when the jar has none for this platform (ONNX Runtime then says so itself).
     */
    static Optional<Path> extractTo(Path base) throws IOException {
        Optional<String> platform = platform();
        if (platform.isEmpty()) {
            return Optional.empty();
        }
        List<String> names = List.of(System.mapLibraryName("onnxruntime"), System.mapLibraryName("onnxruntime4j_jni"));
        StringBuilder key = new StringBuilder(platform.get());
        long[] sizes = new long[names.size()];
        URL[] urls = new URL[names.size()];
        for (int i = 0; i < names.size(); i++) {
            urls[i] = OnnxNatives.class.getResource("/ai/onnxruntime/native/" + platform.get() + "/" + names.get(i));
            if (urls[i] == null) {
                return Optional.empty();
            }
            URLConnection connection = urls[i].openConnection();
            if (!(connection instanceof JarURLConnection jar)) {
                return Optional.empty(); // not from a jar: no checksum to name the folder by
            }
            JarEntry entry = jar.getJarEntry();
            sizes[i] = entry.getSize();
            key.append('-').append(Long.toHexString(entry.getCrc()));
        }
        Path dir = base.resolve(key.toString());
        Files.createDirectories(dir);
        for (int i = 0; i < names.size(); i++) {
            Path target = dir.resolve(names.get(i));
            if (Files.isRegularFile(target) && Files.size(target) == sizes[i]) {
                continue;
            }
            Path part = Files.createTempFile(dir, names.get(i), ".part");
            try (InputStream in = urls[i].openStream()) {
                Files.copy(in, part, StandardCopyOption.REPLACE_EXISTING);
                Files.move(part, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            } finally {
                Files.deleteIfExists(part);
            }
        }
        return Optional.of(dir);
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
