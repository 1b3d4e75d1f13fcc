package dev.loopkeeper.storage;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermission;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.sqlite.SQLiteConfig;
import org.sqlite.SQLiteErrorCode;
import org.sqlite.SQLiteException;

/**
 * Checks a database file before SQLite may write to it. A file Loopkeeper must not use (not a database, another
 * application's, damaged, read-only) is refused with one line saying what to do, and is left byte for byte as it was:
 * only read-only connections look inside it, and they create no files beside it.
 */
final class DatabaseFile {
    private static final org.slf4j.Logger log = org.slf4j.LoggerFactory.getLogger(DatabaseFile.class);
    /** Flyway's history table: its presence marks a file Loopkeeper created. */
    static final String HISTORY_TABLE = "flyway_schema_history";
    private static final byte[] MAGIC = "SQLite format 3\0".getBytes(StandardCharsets.US_ASCII);

    static {
        // Every SQLite file Loopkeeper opens is checked here first (the bot, the console, a backup), so this is where
        // sqlite-jdbc is pointed at the user's copy of its library, before it loads it.
        SqliteNatives.prepare();
    }
    private static final int HEADER_SIZE = 100;
    /** Header bytes 18 and 19 (write and read version) are 2 in WAL mode, 1 in rollback-journal mode. */
    private static final int WAL_VERSION = 2;
    private static final int BUSY_TIMEOUT_MS = 10_000;
    private static final Pattern SQLITE_JDBC_MESSAGE = Pattern.compile("\\[SQLITE_\\w+\\] .*? \\((.+)\\)");
    private static final Set<PosixFilePermission> WRITE_BITS = EnumSet.of(PosixFilePermission.OWNER_WRITE,
            PosixFilePermission.GROUP_WRITE, PosixFilePermission.OTHERS_WRITE);

    private DatabaseFile() {
    }

    /**
     * Creates the file's folder if needed and refuses a folder given as the file. Returns the absolute path, which
     * {@link #checkWritable} checks next.
     */
    static Path folderReady(Path file) {
        Path path = file.toAbsolutePath().normalize();
        createFolder(path, "or set LOOPKEEPER_DB to a file in a folder you can write");
        if (Files.isDirectory(path)) {
            throw new DatabaseFileException(path, path + " is a folder, not a database file. Set LOOPKEEPER_DB to a "
                    + "file path, such as " + path.resolve("loopkeeper.db") + ".");
        }
        return path;
    }

    /**
     * Refuses a file (an absolute path, its folder ready: {@link #folderReady}) Loopkeeper must not write to. A missing
     * or empty file passes: SQLite starts a new database in it. {@code mayReadWhole} false when a live Loopkeeper
     * process checked the file at its start ({@link LiveOpeners}): it is then not read whole again.
     */
    static void checkWritable(Path path, boolean mayReadWhole) {
        Path folder = path.getParent();
        if (Files.exists(path)) {
            checkContent(path, mayReadWhole);
            if (!writable(path)) {
                throw new DatabaseFileException(path, path + " is read-only, and Loopkeeper writes every change to "
                        + "it. Make it writable for the user running Loopkeeper (chmod u+w), or set LOOPKEEPER_DB to "
                        + "another file.");
            }
        }
        if (!writable(folder)) {
            throw new DatabaseFileException(path, "The folder " + folder + " is read-only, and SQLite keeps its "
                    + "journal files beside the database " + path + ". Make the folder writable for the user running "
                    + "Loopkeeper, or set LOOPKEEPER_DB to a file in another folder.");
        }
    }

    /**
     * Refuses an existing file that is not a readable, undamaged Loopkeeper database (or an empty SQLite database)
     * without changing it. An empty file passes.
     */
    static void checkContent(Path path) {
        checkContent(path, true);
    }

    /**
     * {@link #checkContent(Path)}; {@code mayReadWhole} false when a live Loopkeeper process checked the file at its
     * start ({@link LiveOpeners}): the file is then not read whole whatever {@link ClosedCleanly} says.
     */
    private static void checkContent(Path path, boolean mayReadWhole) {
        if (!Files.isReadable(path)) {
            throw new DatabaseFileException(path, path + " cannot be read (permission denied). Give the user running "
                    + "Loopkeeper read and write access to it.");
        }
        byte[] header = readHeader(path);
        if (header.length == 0) {
            return;
        }
        if (header.length < MAGIC.length || !Arrays.equals(header, 0, MAGIC.length, MAGIC, 0, MAGIC.length)) {
            throw new DatabaseFileException(path, path + " is not a SQLite database (it does not start with SQLite's "
                    + "header), so Loopkeeper left it untouched. Move it away, or set LOOPKEEPER_DB to another file.");
        }
        if (header.length < HEADER_SIZE) {
            throw damaged(path, "it is shorter than SQLite's header", null);
        }
        probe(path, header[18] == WAL_VERSION && header[19] == WAL_VERSION,
                mayReadWhole && !ClosedCleanly.matches(path));
    }

    /**
     * Reads the schema and, with {@code whole}, runs {@code PRAGMA quick_check} on a read-only connection: it reads
     * every page, so it is left out for the file as Loopkeeper last closed it cleanly ({@link ClosedCleanly}).
     */
    private static void probe(Path path, boolean walMode, boolean whole) {
        SQLiteConfig config = new SQLiteConfig();
        config.setReadOnly(true);
        config.setBusyTimeout(BUSY_TIMEOUT_MS);
        // Even read-only, SQLite creates -wal and -shm files beside a WAL database. With no -wal file nobody has the
        // database open (SQLite deletes it when the last connection closes), so read it as immutable: no locks, no
        // new files. Otherwise someone may be writing, and only the locking mode reads a consistent snapshot.
        boolean inUse = Files.exists(ClosedCleanly.wal(path));
        String url = "jdbc:sqlite:" + path.toUri() + (walMode && !inUse ? "?immutable=1" : "?mode=ro");
        try (Connection connection = config.createConnection(url); Statement statement = connection.createStatement()) {
            List<String> tables = new ArrayList<>();
            try (ResultSet rows = statement.executeQuery(
                    "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite\\_%' ESCAPE '\\' "
                            + "ORDER BY name")) {
                while (rows.next()) {
                    tables.add(rows.getString(1));
                }
            }
            if (!tables.isEmpty() && !tables.contains(HISTORY_TABLE)) {
                throw new DatabaseFileException(path, path + " is another application's SQLite database (tables: "
                        + summary(tables) + "), so Loopkeeper left it untouched. Set LOOPKEEPER_DB to a new file.");
            }
            if (!whole) {
                return;
            }
            log.info("Checking {} page by page (quick_check): Loopkeeper did not close it cleanly last time, or it "
                    + "changed since. On a large file this takes a while.", path);
            try (ResultSet rows = statement.executeQuery("PRAGMA quick_check")) {
                String first = rows.next() ? rows.getString(1) : "no answer";
                if (!"ok".equals(first)) {
                    throw damaged(path, "quick_check: " + oneLine(first), null);
                }
            }
        } catch (SQLException e) {
            throw unreadable(path, e);
        }
    }

    /** Turns SQLite's refusal to read a file that passed the header check into one line. */
    static DatabaseFileException unreadable(Path path, SQLException e) {
        int code = e instanceof SQLiteException sqlite ? sqlite.getResultCode().code & 0xff : e.getErrorCode() & 0xff;
        if (code == SQLiteErrorCode.SQLITE_CORRUPT.code || code == SQLiteErrorCode.SQLITE_NOTADB.code) {
            return damaged(path, "SQLite: " + sqliteWords(e), e);
        }
        if (code == SQLiteErrorCode.SQLITE_BUSY.code || code == SQLiteErrorCode.SQLITE_LOCKED.code) {
            return new DatabaseFileException(path, path + " stayed locked by another program for "
                    + BUSY_TIMEOUT_MS / 1000 + " s. Stop the other program, then start Loopkeeper again.", e);
        }
        return new DatabaseFileException(path, "SQLite cannot open " + path + " (" + sqliteWords(e)
                + "). Check the file and its folder, or set LOOPKEEPER_DB to another file.", e);
    }

    private static DatabaseFileException damaged(Path path, String detail, Throwable cause) {
        return new DatabaseFileException(path, path + " is damaged (" + detail + "), so Loopkeeper left it untouched. "
                + "Restore your latest backup (README: Back up and upgrade), or move it away to start afresh.", cause);
    }

    /** Creates the folder of {@code path} (an absolute file path) if needed; {@code alternative} ends the advice. */
    static void createFolder(Path path, String alternative) {
        Path folder = path.getParent();
        if (Files.isDirectory(folder)) {
            return;
        }
        try {
            Files.createDirectories(folder);
        } catch (IOException e) {
            throw new DatabaseFileException(path, "Cannot create the folder " + folder + " for " + path + " ("
                    + whyNoFolder(folder, e) + "). Create it yourself, " + alternative + ".", e);
        }
    }

    private static String whyNoFolder(Path folder, IOException e) {
        for (Path p = folder; p != null; p = p.getParent()) {
            if (Files.exists(p) && !Files.isDirectory(p)) {
                return p + " is a file, not a folder";
            }
        }
        if (e instanceof AccessDeniedException) {
            return "permission denied";
        }
        return oneLine(e.getClass().getSimpleName() + ": " + e.getMessage());
    }

    /**
     * Whether Loopkeeper may write here. Beyond the operating system's answer, a file or folder with no write
     * permission bit at all counts as read-only on purpose, also for root (who may write anything).
     */
    static boolean writable(Path path) {
        if (!Files.isWritable(path)) {
            return false;
        }
        PosixFileAttributeView posix = Files.getFileAttributeView(path, PosixFileAttributeView.class);
        if (posix == null) {
            return true;
        }
        try {
            Set<PosixFilePermission> permissions = posix.readAttributes().permissions();
            return permissions.stream().anyMatch(WRITE_BITS::contains);
        } catch (IOException e) {
            return true;
        }
    }

    /** Up to the first 100 bytes: SQLite's header. */
    private static byte[] readHeader(Path path) {
        try (InputStream in = Files.newInputStream(path)) {
            return in.readNBytes(HEADER_SIZE);
        } catch (IOException e) {
            throw new DatabaseFileException(path, path + " cannot be read (" + oneLine(e.getMessage()) + "). Check "
                    + "the file and its permissions, or set LOOPKEEPER_DB to another file.", e);
        }
    }

    private static String summary(List<String> tables) {
        int shown = Math.min(tables.size(), 5);
        String names = String.join(", ", tables.subList(0, shown));
        return tables.size() > shown ? names + " and " + (tables.size() - shown) + " more" : names;
    }

    /** SQLite's own words from sqlite-jdbc's "[SQLITE_CORRUPT] The database disk image ... (database disk ...)". */
    private static String sqliteWords(SQLException e) {
        Matcher message = SQLITE_JDBC_MESSAGE.matcher(oneLine(e.getMessage()));
        return message.matches() ? message.group(1) : oneLine(e.getMessage());
    }

    static String oneLine(String text) {
        return text == null ? "" : text.replaceAll("\\s+", " ").strip();
    }
}
