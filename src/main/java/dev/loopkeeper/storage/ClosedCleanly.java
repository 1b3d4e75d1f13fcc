package dev.loopkeeper.storage;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A note beside a SQLite database ({@code loopkeeper.db-closed}) that Loopkeeper writes when it closes the file cleanly,
 * the last process to have it open: the file's size, last change and identity then. A file that still matches its note
 * is the file as Loopkeeper left it, so the start-up check need not read it whole: {@code PRAGMA quick_check} reads every
 * page: 2.9 s for a million loops from the page cache, about three minutes from a cold disk. Opening the file deletes the
 * note before anything is written, so after a crash, a copy, a restore or any change by another program the next start
 * checks the file again.
 */
final class ClosedCleanly {
    private static final Logger log = LoggerFactory.getLogger(ClosedCleanly.class);

    private ClosedCleanly() {
    }

    /** SQLite's log beside {@code db}: there while any connection has the file open, and after an unclean stop. */
    static Path wal(Path db) {
        return db.resolveSibling(db.getFileName() + "-wal");
    }

    /**
     * Whether SQLite's log beside {@code db} may hold changes: it is there and not empty. An empty one holds none: a
     * reader that wrote nothing leaves it so (the {@code sqlite3} shell, even {@code -readonly}, leaves an empty log and
     * its index behind), and a writer that emptied it into the file changed the file, which its note then no longer
     * matches. Taken as a change, one look at the file with the shell made the next start read it whole: 83 s for a
     * million loops with its pages cold.
     */
    static boolean logHoldsAnything(Path db) {
        try {
            return Files.size(wal(db)) > 0;
        } catch (NoSuchFileException e) {
            return false;
        } catch (IOException e) {
            return true; // unreadable: as if it held changes, so the file is checked, which is always safe
        }
    }

    /** The note beside {@code db}. */
    static Path note(Path db) {
        return db.resolveSibling(db.getFileName() + "-closed");
    }

    /** Whether {@code db} is, by its size, last change and identity, the file Loopkeeper last closed cleanly. */
    static boolean matches(Path db) {
        if (logHoldsAnything(db)) {
            return false; // someone has it open, or a process that wrote it stopped uncleanly: its log holds changes
        }
        try {
            String written = Files.readString(note(db), StandardCharsets.US_ASCII);
            return stamp(db).map(written::equals).orElse(false);
        } catch (NoSuchFileException e) {
            return false;
        } catch (IOException | RuntimeException e) {
            return false; // unreadable or odd: the file is checked, which is always safe
        }
    }

    /** Deletes the note: the file is about to be written, and a crash from here on must be followed by a check. */
    static void opening(Path db) {
        try {
            Files.deleteIfExists(note(db));
        } catch (IOException e) {
            throw new DatabaseFileException(db, "Loopkeeper cannot delete " + note(db) + " (" + e.getMessage()
                    + "), its note that it closed " + db + " cleanly. Make the folder writable for the user running "
                    + "Loopkeeper.", e);
        }
    }

    /**
     * Writes the note after the last connection of this process closed. Not when another process still has the file
     * open (its log is there): it may go on writing, and its own clean stop writes the note.
     */
    static void closed(Path db) {
        if (Files.exists(wal(db))) {
            return;
        }
        Path note = note(db);
        Path written = note.resolveSibling(note.getFileName() + ".tmp");
        try {
            Optional<String> stamp = stamp(db);
            if (stamp.isEmpty()) {
                return;
            }
            Files.writeString(written, stamp.get(), StandardCharsets.US_ASCII);
            try {
                Files.move(written, note, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(written, note, StandardCopyOption.REPLACE_EXISTING);
            }
            if (Files.exists(wal(db))) {
                // Another process opened it meanwhile: its own clean stop writes the note.
                Files.deleteIfExists(note);
            }
        } catch (IOException e) {
            // Only costs the next start a full check.
            log.debug("Could not write {}: {}", note, e.toString());
        }
    }

    /**
     * The file's size, last change (to the nanosecond where the file system keeps it), identity (device and inode where
     * there are such) and SQLite's change counter: what a copy, a restore or a write by anyone changes.
     */
    private static Optional<String> stamp(Path db) throws IOException {
        BasicFileAttributes file = Files.readAttributes(db, BasicFileAttributes.class);
        if (!file.isRegularFile()) {
            return Optional.empty();
        }
        byte[] header = new byte[28];
        try (var in = Files.newInputStream(db)) {
            if (in.readNBytes(header, 0, header.length) < header.length) {
                return Optional.empty();
            }
        }
        long counter = (header[24] & 0xffL) << 24 | (header[25] & 0xff) << 16 | (header[26] & 0xff) << 8
                | header[27] & 0xff;
        return Optional.of("size " + file.size() + "\nmodified " + file.lastModifiedTime().to(TimeUnit.NANOSECONDS)
                + "\nfile " + file.fileKey() + "\nchange counter " + counter + "\n");
    }
}
