package dev.loopkeeper.storage;

/** A database operation failed for a reason the caller cannot fix; the cause says why. */
public class StorageException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public StorageException(String message, Throwable cause) {
        super(message, cause);
    }
}
