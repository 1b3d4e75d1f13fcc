package dev.loopkeeper.storage;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.loopkeeper.common.JarCopies;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sqlite.util.LibraryLoaderUtil;

/** Opening a database points sqlite-jdbc at the user's copy of its library, the jar's bytes exactly. */
class SqliteNativesTest {
    @TempDir
    Path folder;

    @Test
    void openingADatabasePointsSqliteJdbcAtTheUsersCopy() throws Exception {
        try (Database database = Database.open(folder.resolve("loops.db"))) {
            long one = database.read(sql -> sql.queryLong("SELECT 1"));
            assertEquals(1L, one);
        }
        Path copies = Path.of(System.getProperty(SqliteNatives.LIB_PATH));
        assertEquals(JarCopies.base().orElseThrow(), copies.getParent());
        try (InputStream in = SqliteNatives.class.getResourceAsStream(LibraryLoaderUtil.getNativeLibResourcePath() + "/"
                + LibraryLoaderUtil.getNativeLibName())) {
            assertArrayEquals(in.readAllBytes(),
                    Files.readAllBytes(copies.resolve(LibraryLoaderUtil.getNativeLibName())));
        }
    }
}
