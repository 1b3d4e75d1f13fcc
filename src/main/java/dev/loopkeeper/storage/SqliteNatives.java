package dev.loopkeeper.storage;

import dev.loopkeeper.common.JarCopies;
import java.util.List;
import org.sqlite.util.LibraryLoaderUtil;

/**
 * Where SQLite's native library is loaded from: the user's copy ({@link JarCopies}), not a new copy in {@code /tmp}
 * at every start. sqlite-jdbc names each of its copies uniquely and deletes it at a normal exit, but a killed process
 * leaves it (1.1 MB) with its lock file, and the next start only cleans up copies whose lock file is gone: 79 such
 * pairs had gathered here, all from processes killed on purpose by tests and benchmarks. sqlite-jdbc looks in
 * {@code org.sqlite.lib.path} first, for its library under its usual name; an operator's own setting wins, and without
 * a copy sqlite-jdbc is left to its own way.
 */
final class SqliteNatives {
    static final String LIB_PATH = "org.sqlite.lib.path";

    private SqliteNatives() {
    }

    /** Points sqlite-jdbc at the user's copy of its library; call before it loads. */
    static synchronized void prepare() {
        String folder = LibraryLoaderUtil.getNativeLibResourcePath();
        JarCopies.pointAt(LIB_PATH, "sqlite" + folder.replace("/org/sqlite/native", "").replace('/', '-'),
                List.of(folder + "/" + LibraryLoaderUtil.getNativeLibName()));
    }
}
