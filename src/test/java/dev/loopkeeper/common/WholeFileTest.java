package dev.loopkeeper.common;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NotDirectoryException;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class WholeFileTest {
    @TempDir
    Path folder;

    @Test
    void aNewFileIsWrittenWholeInAFolderMadeForItAndNeverOverAnother() throws IOException {
        Path target = folder.resolve("exports/ada.json");
        WholeFile.writeNew(target, "{\"loops\":[]}".getBytes(StandardCharsets.UTF_8));
        assertEquals("{\"loops\":[]}", Files.readString(target));

        assertThrows(FileAlreadyExistsException.class,
                () -> WholeFile.writeNew(target, "other".getBytes(StandardCharsets.UTF_8)));
        assertEquals("{\"loops\":[]}", Files.readString(target), "the file there is kept");
        assertEquals(List.of("ada.json"), names(target.getParent()), "no .part left");

        // A file where the folder goes is not "the target is taken": the console tries another name only for that.
        Files.writeString(folder.resolve("trees"), "a file");
        assertThrows(NotDirectoryException.class, () -> WholeFile.writeNew(folder.resolve("trees/t.png"), new byte[1]));
    }

    @Test
    void aReplacementTakesTheOldFilesPlaceAndOneThatFailsLeavesNoPart() throws IOException {
        Path target = folder.resolve("tree.png");
        WholeFile.replace(target, new byte[] {1});
        WholeFile.replace(target, new byte[] {2, 2});
        assertEquals(2, Files.size(target));

        Path taken = Files.createDirectories(folder.resolve("taken.png"));
        Files.writeString(taken.resolve("inside.txt"), "keep me");
        assertThrows(IOException.class, () -> WholeFile.replace(taken, new byte[] {3}));
        assertEquals(List.of("taken.png", "tree.png"), names(folder), "the written bytes were deleted");
    }

    private static List<String> names(Path dir) throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            return files.map(f -> f.getFileName().toString()).sorted().toList();
        }
    }
}
