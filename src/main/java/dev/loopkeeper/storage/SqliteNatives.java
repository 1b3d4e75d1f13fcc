package dev.loopkeeper.storage;

import dev.loopkeeper.common.JarCopies;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.sqlite.util.LibraryLoaderUtil;

/**
 * Where SQLite's native library is loaded from: the user's copy ({@link JarCopies}), not a new copy in {@code /tmp}
 * at every start. sqlite-jdbc names each of its copies uniquely and deletes it at a normal exit, but a killed process
 * leaves it (1.1 MB) with its lock file, and the next start only cleans up copies whose lock file is gone: 79 such
 * pairs had gathered here, all from processes killed on purpose by tests and benchmarks. An operator's own
 * {@code -Dorg.sqlite.lib.path} wins, and when the copy cannot be made sqlite-jdbc is left to its own way.
 */
final class SqliteNatives {
    static final String LIB_PATH = "org.sqlite.lib.path";
    static final String LIB_NAME = "org.sqlite.lib.name";
    private static final Logger log = LoggerFactory.getLogger(SqliteNatives.class);

    private SqliteNatives() {
    }

    /** Points sqlite-jdbc at the user's copy of its library, copying it first when missing; call before it loads. */
    static synchronized void prepare() {
        if (System.getProperty(LIB_PATH) != null) {
            return;
        }
        Optional<Path> base = JarCopies.base();
        try {
            if (base.isPresent()) {
                copyTo(base.get()).ifPresent(dir -> {
                    System.setProperty(LIB_NAME, LibraryLoaderUtil.getNativeLibName());
                    System.setProperty(LIB_PATH, dir.toString());
                });
            }
        } catch (IOException | RuntimeException e) {
            log.debug("SQLite's library stays with sqlite-jdbc's own loader: {} could not hold it", base.get(), e);
        }
    }

    /** The folder under {@code base} holding this platform's library; empty when the jar has none for it. */
    static Optional<Path> copyTo(Path base) throws IOException {
        String folder = LibraryLoaderUtil.getNativeLibResourcePath();
        String name = LibraryLoaderUtil.getNativeLibName();
        return JarCopies.copied(base, "sqlite" + folder.replace("/org/sqlite/native", "").replace('/', '-'),
                List.of(folder + "/" + name));
    }
}
