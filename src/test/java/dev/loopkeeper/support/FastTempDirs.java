package dev.loopkeeper.support;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.extension.AnnotatedElementContext;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.io.TempDirFactory;

/**
 * Where tests keep their files ({@code @TempDir}, by {@code junit-platform.properties}, and the end-to-end bot's
 * folder): in memory ({@code /dev/shm}) when the machine has one with room, else in the usual temporary folder. The
 * SQLite files are as real either way; in memory, the {@code fsync} of each commit ({@code synchronous=FULL}) returns at
 * once instead of waiting on a disk other builds share. The embedded PostgreSQL already runs with {@code fsync} off.
 * What a kill must not lose is tested by {@code CrashSafetyTest} with SIGKILL, which an {@code fsync} does not change.
 * {@code -Dloopkeeper.test.tmpfs=false} keeps everything on disk.
 */
public final class FastTempDirs implements TempDirFactory {
    /** Less room than this (a container's default 64 MB {@code /dev/shm}, say) and the disk is used instead. */
    private static final long ROOM = 1L << 30;
    private static final Path ROOT = root();

    private static Path root() {
        if (!Boolean.parseBoolean(System.getProperty("loopkeeper.test.tmpfs", "true"))) {
            return null;
        }
        Path shm = Path.of("/dev/shm");
        try {
            if (Files.isDirectory(shm) && Files.isWritable(shm) && Files.getFileStore(shm).getUsableSpace() > ROOM) {
                return shm;
            }
        } catch (IOException | SecurityException e) {
            // No usable /dev/shm: the disk it is.
        }
        return null;
    }

    /** A new empty folder; the caller deletes it when done. */
    public static Path newFolder(String prefix) throws IOException {
        return ROOT == null ? Files.createTempDirectory(prefix) : Files.createTempDirectory(ROOT, prefix);
    }

    @Override
    public Path createTempDirectory(AnnotatedElementContext elementContext, ExtensionContext extensionContext)
            throws IOException {
        return newFolder("junit-");
    }
}
