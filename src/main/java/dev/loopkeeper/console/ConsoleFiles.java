package dev.loopkeeper.console;

import dev.loopkeeper.common.InvalidInputException;
import dev.loopkeeper.common.WholeFile;
import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Path;
import java.util.function.BiFunction;

/** Files the console writes for the person (a tree picture, an export): whole or not at all ({@link WholeFile}). */
final class ConsoleFiles {
    private ConsoleFiles() {
    }

    /**
     * Writes {@code bytes} to {@code folder/name} (creating the folder), replacing the file there, so a viewer with the
     * file open never sees half of it, and returns the absolute path. A folder it cannot write is the person's to fix:
     * {@code cannotSave} words the message from the path and the error.
     */
    static Path write(Path folder, String name, byte[] bytes, BiFunction<String, String, String> cannotSave) {
        Path file = folder.resolve(name).toAbsolutePath();
        try {
            WholeFile.replace(file, bytes);
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
            for (int copy = 2; ; copy++) {
                try {
                    WholeFile.writeNew(file, bytes);
                    return file;
                } catch (FileAlreadyExistsException taken) {
                    file = folder.resolve(base + "-" + copy + "." + extension).toAbsolutePath();
                }
            }
        } catch (IOException e) {
            throw new InvalidInputException(cannotSave.apply(file.toString(), e.toString()));
        }
    }
}
