package dev.loopkeeper.common;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Copies of a jar's files, made once per user and repaired when damaged, and a loader pointed at them or not. */
class JarCopiesTest {
    /** A file every build has in a jar on the class path (sqlite-jdbc's), small and on every platform. */
    private static final String IN_A_JAR = "/org/sqlite/SQLiteConfig.class";
    private static final String PROPERTY = "loopkeeper.test.copies";

    @TempDir
    Path base;

    @Test
    void aFileIsCopiedOnceWholeAndCopiedAgainWhenItsSizeIsWrong() throws Exception {
        Path dir = JarCopies.copied(base, "test", List.of(IN_A_JAR)).orElseThrow();
        Path copy = dir.resolve("SQLiteConfig.class");
        assertArrayEquals(jarBytes(), Files.readAllBytes(copy));

        // A second start finds it in place and writes nothing.
        FileTime old = FileTime.fromMillis(0);
        Files.setLastModifiedTime(copy, old);
        assertEquals(dir, JarCopies.copied(base, "test", List.of(IN_A_JAR)).orElseThrow());
        assertEquals(old, Files.getLastModifiedTime(copy));

        // A file cut short (a full disk, a kill mid-copy by an older build) is written again.
        Files.write(copy, new byte[10]);
        JarCopies.copied(base, "test", List.of(IN_A_JAR)).orElseThrow();
        assertArrayEquals(jarBytes(), Files.readAllBytes(copy));
        assertNotEquals(old, Files.getLastModifiedTime(copy));
        try (Stream<Path> files = Files.list(dir)) {
            assertEquals(List.of(copy), files.toList(), "no half-written file is left");
        }
    }

    @Test
    void aLoaderIsPointedAtTheCopyUnlessTheOperatorChoseAPathOrThereIsNoCopy() throws Exception {
        try {
            Path dir = JarCopies.pointAt(PROPERTY, base, "test", List.of(IN_A_JAR)).orElseThrow();
            assertEquals(dir.toString(), System.getProperty(PROPERTY));

            // The operator's own setting wins.
            System.setProperty(PROPERTY, "/opt/chosen");
            assertEquals(Optional.empty(), JarCopies.pointAt(PROPERTY, base.resolve("other"), "test", List.of(IN_A_JAR)));
            assertEquals("/opt/chosen", System.getProperty(PROPERTY));

            // No copy to be had (a folder that cannot be made; a resource in no jar): the loader keeps its own way.
            System.clearProperty(PROPERTY);
            Path file = Files.writeString(base.resolve("a-file"), "not a folder");
            assertEquals(Optional.empty(), JarCopies.pointAt(PROPERTY, file.resolve("cache"), "test", List.of(IN_A_JAR)));
            assertEquals(Optional.empty(), JarCopies.pointAt(PROPERTY, base, "test", List.of("/no/such/file")));
            assertEquals(null, System.getProperty(PROPERTY));
        } finally {
            System.clearProperty(PROPERTY);
        }
    }

    @Test
    void anAccountWithoutAHomeFolderGetsNoCopiesRatherThanOnesInTheWorkingFolder() {
        String home = System.getProperty("user.home");
        String chosen = System.clearProperty(JarCopies.DIR_PROPERTY);
        try {
            System.setProperty("user.home", "?");
            assertEquals(Optional.empty(), JarCopies.base());
            assertEquals(Optional.empty(), JarCopies.file("test", IN_A_JAR));
            System.setProperty("user.home", "/home/ada");
            assertEquals(Optional.of(Path.of("/home/ada/.cache/loopkeeper")), JarCopies.base());
        } finally {
            System.setProperty("user.home", home);
            if (chosen != null) {
                System.setProperty(JarCopies.DIR_PROPERTY, chosen);
            }
        }
    }

    private static byte[] jarBytes() throws Exception {
        try (InputStream in = JarCopies.class.getResourceAsStream(IN_A_JAR)) {
            return in.readAllBytes();
        }
    }
}
