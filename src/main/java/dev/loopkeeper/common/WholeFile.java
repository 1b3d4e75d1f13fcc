package dev.loopkeeper.common;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.CopyOption;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NotDirectoryException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;

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
            // On the disk before it takes the target's name: a power cut after the rename must not leave it empty.
            try (FileChannel out = FileChannel.open(part, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING)) {
                ByteBuffer left = ByteBuffer.wrap(bytes);
                while (left.hasRemaining()) {
                    out.write(left);
                }
                out.force(true);
            }
            if (replace) {
                moveInPlace(part, target, StandardCopyOption.REPLACE_EXISTING);
            } else {
                takeNewName(part, target);
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

    /**
     * Gives {@code part} the name {@code target} only if no file has it: a hard link refuses an existing name in the
     * same step (a rename would replace a file another process wrote meanwhile). Where links are not supported, a check
     * and a plain move, which refuses an existing name too, though not in one step.
     */
    private static void takeNewName(Path part, Path target) throws IOException {
        try {
            Files.createLink(target, part);
        } catch (FileAlreadyExistsException taken) {
            throw taken;
        } catch (UnsupportedOperationException | FileSystemException noLinks) {
            if (Files.exists(target, LinkOption.NOFOLLOW_LINKS)) {
                throw new FileAlreadyExistsException(target.toString());
            }
            moveInPlace(part, target);
            return;
        }
        Files.delete(part);
    }

    private static void moveInPlace(Path part, Path target, CopyOption... replacing) throws IOException {
        try {
            Files.move(part, target, StandardCopyOption.ATOMIC_MOVE);
        } catch (AtomicMoveNotSupportedException e) {
            // A file system that cannot rename in one step: a plain move, which refuses a file that exists unless
            // replacing was asked for.
            Files.move(part, target, replacing);
        }
    }
}
