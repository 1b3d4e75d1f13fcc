package dev.loopkeeper.storage;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Each file Loopkeeper must not use is refused by {@link Database#open} with one line naming its absolute path and
 * saying what to do, and is left byte for byte as it was, with no new files beside it.
 *
 * <p>The tests run as root on the build machine, and root may write a file whatever its permission bits say. A file
 * or folder with no write bit at all is therefore read-only on purpose for Loopkeeper, also for root, which makes
 * the read-only tests hold for any user. A folder that cannot be created is one whose parent is a regular file.
 */
class StartupFailureTest {
    @TempDir
    Path folder;

    @Test
    void aFolderThatCannotBeCreatedIsNamed() throws IOException {
        Path blocker = Files.writeString(folder.resolve("notes.txt"), "a file where a folder should be\n");
        Path db = blocker.resolve("data").resolve("loopkeeper.db");

        String message = refused(db);

        assertTrue(message.startsWith("Cannot create the folder " + blocker.resolve("data")), message);
        assertTrue(message.contains(" for " + db + " (" + blocker + " is a file, not a folder)"), message);
        assertEquals("a file where a folder should be\n", Files.readString(blocker));
    }

    @Test
    void randomBytesAreNotADatabaseAndStayUntouched() throws IOException {
        byte[] noise = new byte[8192];
        new Random(11).nextBytes(noise);
        Path db = Files.write(folder.resolve("loopkeeper.db"), noise);

        String message = refusedUntouched(db);

        assertTrue(message.contains("is not a SQLite database"), message);
        assertTrue(message.contains("LOOPKEEPER_DB"), message);
    }

    @Test
    void aShortTextFileIsNotADatabase() throws IOException {
        Path db = Files.writeString(folder.resolve("loopkeeper.db"), "SQLite notes\n");

        assertTrue(refusedUntouched(db).contains("is not a SQLite database"));
    }

    @Test
    void aTruncatedDatabaseIsDamagedAndStaysUntouched() throws IOException {
        Path db = loopkeeperDatabase("loopkeeper.db", 2_000);
        try (RandomAccessFile file = new RandomAccessFile(db.toFile(), "rw")) {
            file.setLength(file.length() / 2);
        }

        String message = refusedUntouched(db);

        assertTrue(message.contains(" is damaged (SQLite: database disk image is malformed), so Loopkeeper left it "
                + "untouched. Restore your latest backup"), message);
    }

    @Test
    void garbageInTheMiddleIsFoundByTheQuickCheck() throws IOException {
        Path db = loopkeeperDatabase("loopkeeper.db", 2_000);
        try (RandomAccessFile file = new RandomAccessFile(db.toFile(), "rw")) {
            byte[] garbage = new byte[4096];
            Arrays.fill(garbage, (byte) 0xAB);
            long pages = file.length() / 4096;
            file.seek(4096 * (pages / 2));
            file.write(garbage);
        }

        String message = refusedUntouched(db);

        assertTrue(message.contains("is damaged"), message);
    }

    @Test
    void anotherApplicationsDatabaseIsRefusedNotMigrated() throws Exception {
        Path db = folder.resolve("shop.db");
        sqlite(db, "CREATE TABLE customers (id INTEGER PRIMARY KEY, name TEXT)",
                "CREATE TABLE orders (id INTEGER PRIMARY KEY, customer INTEGER)",
                "INSERT INTO customers (name) VALUES ('Ada')");

        String message = refusedUntouched(db);

        assertTrue(message.contains("another application's SQLite database (tables: customers, orders)"), message);
    }

    @Test
    void anotherApplicationsDatabaseInWalModeGetsNoFilesBesideIt() throws Exception {
        Path db = folder.resolve("shop.db");
        sqlite(db, "PRAGMA journal_mode=WAL", "CREATE TABLE customers (id INTEGER PRIMARY KEY, name TEXT)");

        assertTrue(refusedUntouched(db).contains("tables: customers"));
    }

    @Test
    void aReadOnlyDatabaseFileIsRefused() throws IOException {
        Path db = loopkeeperDatabase("loopkeeper.db", 10);
        Files.setPosixFilePermissions(db, PosixFilePermissions.fromString("r--r--r--"));

        String message = refusedUntouched(db);

        assertTrue(message.contains(db + " is read-only"), message);
    }

    @Test
    void aReadOnlyFolderIsRefused() throws IOException {
        Path data = Files.createDirectory(folder.resolve("data"));
        Path db = Files.move(loopkeeperDatabase("loopkeeper.db", 10), data.resolve("loopkeeper.db"));
        Files.setPosixFilePermissions(data, PosixFilePermissions.fromString("r-xr-xr-x"));
        try {
            String message = refusedUntouched(db);

            assertTrue(message.contains("The folder " + data + " is read-only"), message);
        } finally {
            Files.setPosixFilePermissions(data, PosixFilePermissions.fromString("rwxr-xr-x"));
        }
    }

    @Test
    void aNewDatabaseCannotBeCreatedInAReadOnlyFolder() throws IOException {
        Path data = Files.createDirectory(folder.resolve("data"));
        Files.setPosixFilePermissions(data, PosixFilePermissions.fromString("r-xr-xr-x"));
        try {
            assertTrue(refused(data.resolve("loopkeeper.db")).contains("is read-only"));
            assertEquals(List.of(), names(data));
        } finally {
            Files.setPosixFilePermissions(data, PosixFilePermissions.fromString("rwxr-xr-x"));
        }
    }

    @Test
    void anEmptyFileAndAnEmptySqliteDatabaseBecomeLoopkeeperDatabases() throws Exception {
        Path empty = Files.createFile(folder.resolve("empty.db"));
        Path blank = folder.resolve("blank.db");
        sqlite(blank, "PRAGMA user_version = 0", "VACUUM");
        assertTrue(Files.size(blank) > 0, "SQLite wrote a header");

        for (Path db : List.of(empty, blank)) {
            try (Database database = Database.open(db)) {
                long loops = database.read(sql -> sql.queryLong("SELECT COUNT(*) FROM open_loop"));
                assertEquals(0, loops);
            }
        }
    }

    @Test
    void aLoopkeeperDatabaseOpensAgainWithItsRows() throws IOException {
        Path db = loopkeeperDatabase("loopkeeper.db", 25);

        try (Database database = Database.open(db)) {
            long loops = database.read(sql -> sql.queryLong("SELECT COUNT(*) FROM open_loop"));
            assertEquals(25, loops);
        }
    }

    @Test
    void aPathWithSpacesAndSymbolsIsProbedAndOpened() {
        Path db = folder.resolve("my data #1 (100%)").resolve("loopkeeper.db");
        try (Database database = Database.open(db)) {
            database.write(sql -> sql.update("INSERT INTO open_loop (owner_id, concept, concept_key, created_at, "
                    + "updated_at) VALUES ('ada', 'a', 'a', 0, 0)"));
        }

        try (Database reopened = Database.open(db)) {
            long loops = reopened.read(sql -> sql.queryLong("SELECT COUNT(*) FROM open_loop"));
            assertEquals(1, loops);
        }
    }

    // ---- helpers ----

    /** Opens through Database.open, which must refuse; returns the one-line message. */
    private static String refused(Path db) {
        DatabaseFileException e = assertThrows(DatabaseFileException.class, () -> Database.open(db).close());
        String message = e.getMessage();
        assertEquals(1, message.lines().count(), message);
        assertTrue(message.contains(db.toAbsolutePath().toString()), message);
        assertEquals(db.toAbsolutePath(), e.path());
        return message;
    }

    /** As {@link #refused}, and the file and its folder are exactly as before. */
    private String refusedUntouched(Path db) throws IOException {
        Path dir = db.getParent();
        byte[] before = sha256(db);
        List<String> filesBefore = names(dir);

        String message = refused(db);

        assertArrayEquals(before, sha256(db), "the file was changed");
        assertEquals(filesBefore, names(dir), "files appeared or vanished beside the database");
        return message;
    }

    /** A closed Loopkeeper database with {@code loops} rows, each long enough that the file spans many pages. */
    private Path loopkeeperDatabase(String name, int loops) {
        Path db = folder.resolve(name);
        try (Database database = Database.open(db)) {
            database.write(sql -> {
                for (int i = 0; i < loops; i++) {
                    sql.update("INSERT INTO open_loop (owner_id, concept, concept_key, why, created_at, updated_at) "
                            + "VALUES ('ada', ?, ?, ?, 0, 0)", "concept " + i, "concept " + i, "why ".repeat(50) + i);
                }
            });
        }
        assertFalse(Files.exists(Path.of(db + "-wal")), "closing checkpoints the WAL into the file");
        return db;
    }

    private static void sqlite(Path db, String... statements) throws SQLException {
        try (Connection connection = DriverManager.getConnection("jdbc:sqlite:" + db);
                Statement statement = connection.createStatement()) {
            for (String sql : statements) {
                statement.execute(sql);
            }
        }
    }

    private static List<String> names(Path dir) throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            return files.map(p -> p.getFileName().toString()).sorted().collect(Collectors.toList());
        }
    }

    private static byte[] sha256(Path file) throws IOException {
        try {
            return MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(file));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
