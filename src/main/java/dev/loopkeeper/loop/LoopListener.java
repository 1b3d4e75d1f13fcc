package dev.loopkeeper.loop;

/** Told when a person's set of open loops changes, so derived state (such as the relevance index) can follow. */
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

    /** Something else about this person's loops changed: closed, merged, snoozed, activated. */
    default void onChanged(String ownerId) {
    }

    /** A loop was closed with an outcome (after its transaction committed, and after {@link #onChanged}). */
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
            public void onChanged(String ownerId) {
                first.onChanged(ownerId);
                second.onChanged(ownerId);
            }

            @Override
            public void onClosed(OpenLoop closed) {
                first.onClosed(closed);
                second.onClosed(closed);
            }
        };
    }
}
