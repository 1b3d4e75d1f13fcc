package dev.loopkeeper.common;

import java.io.IOException;
import java.io.InputStream;
import java.net.JarURLConnection;
import java.net.URL;
import java.net.URLConnection;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Optional;
import java.util.jar.JarEntry;

/**
 * Large files the jar carries, copied out of it once per user and used from there: the embedding model, ONNX Runtime's
 * native libraries and SQLite's. Reading them from the jar means inflating them at every start (the model is 23 MB,
 * ONNX Runtime 16.6 MB on Linux), and the libraries' own loaders copy them into {@code /tmp} at every start and leave
 * them there after a killed process (ONNX Runtime leaves its folder after every start).
 *
 * <p>The copies live in {@code ~/.cache/loopkeeper} (or {@code -Dloopkeeper.cache.dir=DIR}), a folder of the
 * user's own, unlike a fixed path under {@code /tmp}, where another account could leave a file to be loaded. Each set
 * of files goes in a folder named by its checksums in the jar, so another version gets its own folder; a file whose
 * size is not the jar's is copied again; and each is written under a temporary name and moved into place, so two
 * processes starting at once never use a half-written file.
 */
public final class JarCopies {
    /** Where the per-user copies go, when set; otherwise {@code ~/.cache/loopkeeper}. */
    public static final String DIR_PROPERTY = "loopkeeper.cache.dir";

    private JarCopies() {
    }

    /**
     * The folder copies go under: {@value #DIR_PROPERTY}, or {@code ~/.cache/loopkeeper}; empty for an account
     * without a home folder (the JVM then says its home is "?", which would put the copies in the working folder).
     */
    public static Optional<Path> base() {
        String chosen = System.getProperty(DIR_PROPERTY);
        if (chosen != null) {
            return Optional.of(Path.of(chosen));
        }
        Path home = Path.of(System.getProperty("user.home", "?"));
        return home.isAbsolute() ? Optional.of(home.resolve(Path.of(".cache", "loopkeeper")))
                : Optional.empty();
    }

    /**
     * The folder under {@code base}, named {@code prefix} and the files' checksums, that holds a copy of each of
     * {@code resources} (class-path names, each copied under its own file name); empty when one of them is not in a
     * jar on the class path (nothing to name the folder by, or nothing to copy).
     */
    public static Optional<Path> copied(Path base, String prefix, List<String> resources) throws IOException {
        StringBuilder key = new StringBuilder(prefix);
        long[] sizes = new long[resources.size()];
        URL[] urls = new URL[resources.size()];
        for (int i = 0; i < resources.size(); i++) {
            urls[i] = JarCopies.class.getResource(resources.get(i));
            if (urls[i] == null) {
                return Optional.empty();
            }
            URLConnection connection = urls[i].openConnection();
            if (!(connection instanceof JarURLConnection jar)) {
                return Optional.empty();
            }
            JarEntry entry = jar.getJarEntry();
            sizes[i] = entry.getSize();
            key.append('-').append(Long.toHexString(entry.getCrc()));
        }
        Path dir = base.resolve(key.toString());
        Files.createDirectories(dir);
        for (int i = 0; i < resources.size(); i++) {
            String name = resources.get(i).substring(resources.get(i).lastIndexOf('/') + 1);
            Path target = dir.resolve(name);
            if (Files.isRegularFile(target) && Files.size(target) == sizes[i]) {
                continue;
            }
            Path part = Files.createTempFile(dir, name, ".part");
            try (InputStream in = urls[i].openStream()) {
                Files.copy(in, part, StandardCopyOption.REPLACE_EXISTING);
                Files.move(part, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            } finally {
                Files.deleteIfExists(part);
            }
        }
        return Optional.of(dir);
    }
}
