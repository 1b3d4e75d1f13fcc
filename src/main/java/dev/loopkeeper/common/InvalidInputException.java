package dev.loopkeeper.common;

/**
 * The person asked for something we cannot do as asked; the message tells them what to change and is
 * shown to them as it is. Nothing was stored.
 */
public final class InvalidInputException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public InvalidInputException(String message) {
        super(message, null, false, false);
    }
}
