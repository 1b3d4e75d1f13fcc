package dev.loopkeeper.loop;

/** Told when a person's set of open loops changes, so derived state (such as the relevance index) can follow. */
public interface LoopListener {
    LoopListener NONE = new LoopListener() {
    };

    /** A loop was saved (after its transaction committed). */
    default void onParked(OpenLoop loop) {
    }

    /** Something else about this person's loops changed: closed, merged, snoozed, activated. */
    default void onChanged(String ownerId) {
    }
}
