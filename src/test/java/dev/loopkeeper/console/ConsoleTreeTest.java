package dev.loopkeeper.console;

import static dev.loopkeeper.support.ConsoleScript.assertShows;
import static dev.loopkeeper.support.ConsoleScript.run;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.loopkeeper.Loopkeeper;
import dev.loopkeeper.support.MutableClock;
import dev.loopkeeper.support.TestApp;
import dev.loopkeeper.tree.TreeFixtures;
import dev.loopkeeper.tree.TreeMessages;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code /tree} in the console: the PNG is written beside the database and its absolute path printed on its own line. */
class ConsoleTreeTest {
    @TempDir
    Path folder;

    @Test
    void treeWritesThePngBesideTheDatabaseAndPrintsItsAbsolutePathOnALineOfItsOwn() throws Exception {
        try (Loopkeeper app = TestApp.open(folder, MutableClock.at("2026-11-30T08:00:00Z"))) {
            TreeFixtures.plantPersonal(app, ConsoleFront.LOCAL_USER, TreeFixtures.PERSONAL);

            List<String> lines = run(app, "/tree\n/tree\n").lines().toList();

            Path expected = folder.resolve("trees").resolve("knowledge-tree.png").toAbsolutePath();
            assertEquals(2, lines.stream().filter(expected.toString()::equals).count(),
                    "each /tree prints the path alone on a line: " + lines);
            int at = lines.indexOf(expected.toString());
            assertEquals("Saved the picture to:", lines.get(at - 1));
            assertTrue(lines.get(at - 3).startsWith("Your knowledge tree: 25 loops: 3 core"), lines.toString());
            byte[] png = Files.readAllBytes(expected);
            assertArrayEquals(new byte[] {(byte) 0x89, 'P', 'N', 'G'}, Arrays.copyOf(png, 4));
            BufferedImage image = ImageIO.read(expected.toFile());
            assertEquals(1000, image.getWidth());
            try (var leftovers = Files.list(expected.getParent())) {
                assertEquals(List.of(expected), leftovers.toList(), "the second /tree replaced the first, no part files");
            }
        }
    }

    @Test
    void theServersTreeNeedsAServerAndNoLoopsMeansNoPicture() {
        try (Loopkeeper app = TestApp.open(folder, MutableClock.at("2026-11-30T08:00:00Z"))) {
            String out = run(app, "/tree scope:server\n/tree\n");

            assertShows(out,
                    TreeMessages.serverTreeNeedsServer(),
                    TreeMessages.empty(false));
            assertTrue(Files.notExists(folder.resolve("trees").resolve("knowledge-tree.png")));
        }
    }

    @Test
    void aFolderThatCannotBeWrittenIsReportedAndNothingIsLost() throws Exception {
        try (Loopkeeper app = TestApp.open(folder, MutableClock.at("2026-11-30T08:00:00Z"))) {
            TreeFixtures.plantPersonal(app, ConsoleFront.LOCAL_USER, List.of("core||Kalman filter"));
            Files.writeString(folder.resolve("trees"), "a file where the folder would be");

            String out = run(app, "/tree\n/loops\n");

            assertTrue(out.contains("Could not write the picture to " + folder.resolve("trees")
                    .resolve("knowledge-tree.png").toAbsolutePath()), out);
            assertTrue(out.contains("Kalman filter"), "the console goes on: " + out);
        }
    }

    @Test
    void aPictureThatCannotTakeItsPlaceLeavesNoPartFileBehind() throws Exception {
        try (Loopkeeper app = TestApp.open(folder, MutableClock.at("2026-11-30T08:00:00Z"))) {
            TreeFixtures.plantPersonal(app, ConsoleFront.LOCAL_USER, List.of("core||Kalman filter"));
            // A folder (not empty) where the picture goes: the picture is written, and then cannot be moved there.
            Path taken = Files.createDirectories(folder.resolve("trees").resolve("knowledge-tree.png"));
            Files.writeString(taken.resolve("notes.txt"), "keep me");

            String out = run(app, "/tree\n");

            assertTrue(out.contains("Could not write the picture to " + taken.toAbsolutePath()), out);
            try (var left = Files.list(taken.getParent())) {
                assertEquals(List.of(taken), left.toList(), "the written picture was deleted, not left as a .part");
            }
            assertEquals("keep me", Files.readString(taken.resolve("notes.txt")));
        }
    }
}
