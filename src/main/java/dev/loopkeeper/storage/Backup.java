package dev.loopkeeper.storage;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import org.sqlite.SQLiteConfig;

/**
 * A consistent copy of the database, taken with SQLite's {@code VACUUM INTO} while the bot may be writing to it: the
 * copy is one read transaction's snapshot, and writers go on meanwhile. It never migrates or changes the source.
 */
public final class Backup {
    private static final int BUSY_TIMEOUT_MS = 10_000;

    private Backup() {
    }

    /**
     * Copies the database into {@code target}, which must not exist yet (its folder is created), checks the copy
     * with {@code PRAGMA quick_check} and returns its size in bytes.
     */
    public static long write(Path database, Path target) {
        Path source = database.toAbsolutePath().normalize();
        Path copy = target.toAbsolutePath().normalize();
        if (!Files.isRegularFile(source) || size(source) == 0) {
            throw new DatabaseFileException(source, "There is no database at " + source + " to back up. Set "
                    + "LOOPKEEPER_DB as for the bot (a relative path is relative to the folder you start it in).");
        }
        DatabaseFile.checkContent(source);
        if (Files.exists(copy, LinkOption.NOFOLLOW_LINKS)) {
            throw new DatabaseFileException(copy, copy + " already exists, and a backup never overwrites a file. "
                    + "Choose a new file name.");
        }
        DatabaseFile.createFolder(copy, "or choose a file in a folder you can write");

        SQLiteConfig config = new SQLiteConfig();
        config.setBusyTimeout(BUSY_TIMEOUT_MS);
        // A read-write connection (no pragma that writes) cleans up the -wal and -shm files it may create; a
        // read-only file can still be copied, read-only.
        config.setReadOnly(!DatabaseFile.writable(source) || !DatabaseFile.writable(source.getParent()));
        try (Connection connection = config.createConnection("jdbc:sqlite:" + source);
                PreparedStatement vacuum = connection.prepareStatement("VACUUM INTO ?")) {
            vacuum.setString(1, copy.toString());
            vacuum.execute();
        } catch (SQLException e) {
            deleteIfExists(copy);
            throw new DatabaseFileException(copy, "Backing up " + source + " to " + copy + " failed ("
                    + DatabaseFile.oneLine(e.getMessage()) + "). Check the free space and the target folder, then "
                    + "try again.", e);
        }
        try {
            DatabaseFile.checkContent(copy);
        } catch (DatabaseFileException e) {
            deleteIfExists(copy);
            throw new DatabaseFileException(copy, "The copy of " + source + " did not pass SQLite's check, so it was "
                    + "deleted: " + e.getMessage(), e);
        }
        return size(copy);
    }

    private static long size(Path file) {
        try {
            return Files.size(file);
        } catch (IOException e) {
            throw new DatabaseFileException(file, file + " cannot be read (" + DatabaseFile.oneLine(e.getMessage())
                    + "). Check the file and its permissions.", e);
        }
    }

    private static void deleteIfExists(Path file) {
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            // The error about the failed copy says more than this one would.
        }
    }
}
