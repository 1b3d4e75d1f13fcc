package dev.loopkeeper.loop;

/**
 * Told when a loop is parked, closed, edited or reopened, after its transaction committed, on the thread that made the
 * change (so a listener that does anything slow hands it to a thread of its own). Derived state that must follow every
 * change (the relevance index) reads the person's loop version instead ({@link LoopStore#version}), which also sees
 * other processes' changes.
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

    /**
     * A loop was closed with an outcome (after its transaction committed): by {@code /close}, a reminder's or triage's
     * Let it go, a merge into another loop, or a poll's verdict.
     */
    default void onClosed(OpenLoop closed) {
    }

    /** A loop's concept or why was corrected (after its transaction committed). */
    default void onEdited(Edited edited) {
    }

    /** A closed loop was brought back as open (after its transaction committed). */
    default void onReopened(OpenLoop reopened) {
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

            @Override
            public void onEdited(Edited edited) {
                first.onEdited(edited);
                second.onEdited(edited);
            }

            @Override
            public void onReopened(OpenLoop reopened) {
                first.onReopened(reopened);
                second.onReopened(reopened);
            }
        };
    }
}
