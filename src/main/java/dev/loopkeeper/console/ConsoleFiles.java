package dev.loopkeeper.console;

import dev.loopkeeper.common.InvalidInputException;
import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.function.BiFunction;

/** Files the console writes for the person (a tree picture, an export): whole or not at all. */
final class ConsoleFiles {
    private ConsoleFiles() {
    }

    /**
     * Writes {@code bytes} to {@code folder/name} (creating the folder) beside the target and moves it in, so a viewer
     * with the file open never sees half of it, and returns the absolute path. A folder it cannot write is the person's
     * to fix: {@code cannotSave} words the message from the path and the error.
     */
    static Path write(Path folder, String name, byte[] bytes, BiFunction<String, String, String> cannotSave) {
        Path file = folder.resolve(name).toAbsolutePath();
        try {
            Files.move(staged(folder, name, bytes), file, StandardCopyOption.REPLACE_EXISTING,
                    StandardCopyOption.ATOMIC_MOVE);
            return file;
        } catch (IOException e) {
            throw new InvalidInputException(cannotSave.apply(file.toString(), e.toString()));
        }
    }

    /**
     * Writes {@code bytes} to a new file in {@code folder}, never over another: {@code base.extension}, or when that
     * exists {@code base-2.extension} and so on (two exports in one second are two files), and returns its path.
     */
    static Path writeNew(Path folder, String base, String extension, byte[] bytes,
            BiFunction<String, String, String> cannotSave) {
        Path file = folder.resolve(base + "." + extension).toAbsolutePath();
        try {
            Path partial = staged(folder, base, bytes);
            for (int copy = 2; ; copy++) {
                try {
                    return Files.move(partial, file).toAbsolutePath(); // refuses to replace a file that exists
                } catch (FileAlreadyExistsException taken) {
                    file = folder.resolve(base + "-" + copy + "." + extension).toAbsolutePath();
                }
            }
        } catch (IOException e) {
            throw new InvalidInputException(cannotSave.apply(file.toString(), e.toString()));
        }
    }

    /** The bytes in a new {@code .part} file beside where they go (the folder made first), to be moved in whole. */
    private static Path staged(Path folder, String prefix, byte[] bytes) throws IOException {
        Files.createDirectories(folder);
        return Files.write(Files.createTempFile(folder, prefix, ".part"), bytes);
    }
}
