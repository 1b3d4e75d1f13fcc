package dev.loopkeeper.loop;

/**
 * Told when a loop is parked or closed, after its transaction committed. Derived state that must follow every change
 * (the relevance index) reads the person's loop version instead ({@link LoopStore#version}), which also sees other
 * processes' changes.
 */
public interface LoopListener {
    LoopListener NONE = new LoopListener() {
    };

    /**
     * A loop was saved (after its transaction committed). The person's loop version (see
     * {@link LoopStore#version}) moved from {@code versionBefore} to {@code versionAfter} in that transaction, so
     * state derived at {@code versionBefore} that adds this loop is exactly at {@code versionAfter}.
     */
    default void onParked(OpenLoop loop, long versionBefore, long versionAfter) {
    }

    /** A loop was closed with an outcome (after its transaction committed). */
    default void onClosed(OpenLoop closed) {
    }

    /** Tells {@code first}, then {@code second}. */
    static LoopListener both(LoopListener first, LoopListener second) {
        return new LoopListener() {
            @Override
            public void onParked(OpenLoop loop, long versionBefore, long versionAfter) {
                first.onParked(loop, versionBefore, versionAfter);
                second.onParked(loop, versionBefore, versionAfter);
            }

            @Override
            public void onClosed(OpenLoop closed) {
                first.onClosed(closed);
                second.onClosed(closed);
            }
        };
    }
}
