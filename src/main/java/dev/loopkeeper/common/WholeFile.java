package dev.loopkeeper.common;

import java.io.IOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NotDirectoryException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * Files a person is handed (an export, a tree picture), written whole or not at all: the bytes go to a {@code .part}
 * file beside the target, which is moved into place in one step, so a process killed or a disk filled mid-write never
 * leaves a file under the target's name that looks complete and is not. A failed write deletes its {@code .part}.
 */
public final class WholeFile {
    private WholeFile() {
    }

    /**
     * Writes {@code bytes} to {@code target}, which must not exist ({@link FileAlreadyExistsException} when it does, and
     * nothing is written). Its folder is created.
     */
    public static void writeNew(Path target, byte[] bytes) throws IOException {
        if (Files.exists(target, LinkOption.NOFOLLOW_LINKS)) {
            throw new FileAlreadyExistsException(target.toString());
        }
        write(target, bytes, false);
    }

    /** Writes {@code bytes} to {@code target}, replacing a file there. Its folder is created. */
    public static void replace(Path target, byte[] bytes) throws IOException {
        write(target, bytes, true);
    }

    private static void write(Path target, byte[] bytes, boolean replace) throws IOException {
        Path folder = target.toAbsolutePath().getParent();
        try {
            Files.createDirectories(folder);
        } catch (FileAlreadyExistsException e) {
            // A file where the folder goes: not the target taken, which writeNew's callers may answer with another name.
            throw new NotDirectoryException(folder.toString());
        }
        Path part = Files.createTempFile(folder, target.getFileName().toString(), ".part");
        try {
            Files.write(part, bytes);
            if (!replace && Files.exists(target, LinkOption.NOFOLLOW_LINKS)) {
                throw new FileAlreadyExistsException(target.toString()); // came while the bytes were written
            }
            try {
                Files.move(part, target, StandardCopyOption.ATOMIC_MOVE);
            } catch (AtomicMoveNotSupportedException e) {
                // A file system that cannot rename in one step: a plain move, which refuses a file that exists
                // unless replacing was asked for.
                if (replace) {
                    Files.move(part, target, StandardCopyOption.REPLACE_EXISTING);
                } else {
                    Files.move(part, target);
                }
            }
        } catch (IOException | RuntimeException e) {
            try {
                Files.deleteIfExists(part);
            } catch (IOException left) {
                e.addSuppressed(left);
            }
            throw e;
        }
    }
}
