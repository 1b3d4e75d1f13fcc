package dev.loopkeeper.storage;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sqlite.util.LibraryLoaderUtil;

/** SQLite's native library from the user's copy: the jar's bytes, and what opening a database points sqlite-jdbc at. */
class SqliteNativesTest {
    @TempDir
    Path folder;

    @Test
    void theLibraryIsCopiedWholeOnceAndOpeningADatabasePointsSqliteJdbcAtTheCopy() throws Exception {
        Path dir = SqliteNatives.copyTo(folder.resolve("cache")).orElseThrow();
        Path library = dir.resolve(LibraryLoaderUtil.getNativeLibName());
        assertArrayEquals(jarBytes(), Files.readAllBytes(library));
        assertEquals(dir, SqliteNatives.copyTo(folder.resolve("cache")).orElseThrow());

        try (Database database = Database.open(folder.resolve("loops.db"))) {
            long one = database.read(sql -> sql.queryLong("SELECT 1"));
            assertEquals(1L, one);
        }
        Path used = Path.of(System.getProperty(SqliteNatives.LIB_PATH), System.getProperty(SqliteNatives.LIB_NAME));
        assertArrayEquals(jarBytes(), Files.readAllBytes(used));
    }

    private static byte[] jarBytes() throws Exception {
        try (InputStream in = SqliteNatives.class.getResourceAsStream(LibraryLoaderUtil.getNativeLibResourcePath() + "/"
                + LibraryLoaderUtil.getNativeLibName())) {
            return in.readAllBytes();
        }
    }
}
