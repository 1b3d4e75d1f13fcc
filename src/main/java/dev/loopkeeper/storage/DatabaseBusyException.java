package dev.loopkeeper.storage;

import java.time.Duration;
import java.util.Optional;

/**
 * A write that waited its whole busy timeout for the SQLite file's write lock, which another program kept (a second
 * console on the file, the bot beside the console, a large import or {@code /forget-me} in one of them): nothing of it
 * was saved, and the same command a moment later works. The fronts say so instead of apologising for a fault.
 */
public final class DatabaseBusyException extends StorageException {
    private static final long serialVersionUID = 1L;
    private final Duration waited;

    public DatabaseBusyException(Duration waited, Throwable cause) {
        super("The database file stayed locked by another program for " + waited.toMillis() + " ms", cause);
        this.waited = waited;
    }

    /** The busy write behind {@code failure}, if that is what it is, wrapped or not (a group commit's, a future's). */
    public static Optional<DatabaseBusyException> in(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof DatabaseBusyException busy) {
                return Optional.of(busy);
            }
        }
        return Optional.empty();
    }

    /** How long the write waited for the lock before it gave up. */
    public Duration waited() {
        return waited;
    }
}
