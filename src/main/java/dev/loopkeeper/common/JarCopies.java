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
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

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
    private static final Logger log = LoggerFactory.getLogger(JarCopies.class);

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
     * Points a native library's loader at the user's copy: sets {@code property} to the folder holding a copy of
     * {@code resources} (see {@link #copied}) and returns it. Does nothing when the property is set already (an
     * operator's choice wins), and leaves it unset when there is no copy to be had (no home folder, a folder that
     * cannot be written, resources not in a jar), so the loader does what it did before.
     */
    public static Optional<Path> pointAt(String property, String prefix, List<String> resources) {
        return base().flatMap(base -> pointAt(property, base, prefix, resources));
    }

    /** {@link #pointAt(String, String, List)} with the copies under {@code base}. */
    static Optional<Path> pointAt(String property, Path base, String prefix, List<String> resources) {
        if (System.getProperty(property) != null) {
            return Optional.empty();
        }
        Optional<Path> dir = orNothing(base, prefix, resources);
        dir.ifPresent(folder -> System.setProperty(property, folder.toString()));
        return dir;
    }

    /**
     * The user's copy of one resource, as a file; empty when there is no copy to be had, and the caller then reads the
     * jar as before.
     */
    public static Optional<Path> file(String prefix, String resource) {
        String name = resource.substring(resource.lastIndexOf('/') + 1);
        return base().flatMap(base -> orNothing(base, prefix, List.of(resource))).map(dir -> dir.resolve(name));
    }

    private static Optional<Path> orNothing(Path base, String prefix, List<String> resources) {
        try {
            return copied(base, prefix, resources);
        } catch (IOException | RuntimeException e) {
            log.debug("No copy of {} under {}: read from the jar instead", resources, base, e);
            return Optional.empty();
        }
    }

    /**
     * The folder under {@code base}, named {@code prefix} and the files' checksums, that holds a copy of each of
     * {@code resources} (class-path names, each copied under its own file name); empty when one of them is not in a
     * jar on the class path (nothing to name the folder by, or nothing to copy).
     */
    static Optional<Path> copied(Path base, String prefix, List<String> resources) throws IOException {
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
