package dev.loopkeeper.e2e.fake;

/**
 * One INTERACTION_CREATE the fake dispatched: its id and token, what it was (for messages) and when it was sent
 * ({@link System#nanoTime()}), so tests can measure dispatch-to-callback latency.
 */
public record InteractionHandle(String id, String token, String description, long dispatchedAtNanos) {
}
