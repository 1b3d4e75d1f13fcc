package dev.loopkeeper.storage;

import java.nio.file.Path;

/**
 * A database (file) Loopkeeper cannot or must not use: missing folder, read-only, not a database, damaged, another
 * application's. The message is one line for the person running Loopkeeper: the absolute path and what to do.
 */
public final class DatabaseFileException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final transient Path path;

    public DatabaseFileException(Path path, String message) {
        this(path, message, null);
    }

    public DatabaseFileException(Path path, String message, Throwable cause) {
        super(message, cause);
        this.path = path;
    }

    /** A PostgreSQL database Loopkeeper cannot reach or bring up to date: there is no file, {@link #path()} is null. */
    public DatabaseFileException(String message, Throwable cause) {
        this(null, message, cause);
    }

    /** The absolute path of the file the message is about; null for PostgreSQL. */
    public Path path() {
        return path;
    }
}
