package dev.loopkeeper.loop;

import java.util.Optional;

/** The outcome of a park. Either way it is committed before the reply goes out; nothing waits on an answer. */
public sealed interface ParkResult {

    /**
     * A new loop was saved; {@code openCount} (the open loops of its scope) includes it. {@code closeTo} is an open
     * loop of the same scope that means nearly the same (a near-duplicate), which the person may merge it into; both
     * stay parked until they do.
     */
    record Parked(OpenLoop loop, long openCount, Optional<OpenLoop> closeTo) implements ParkResult {
    }

    /**
     * The concept is already open in the scope (the same words, ignoring case and spacing): no second loop. What the
     * park brought that the loop did not have yet (a why, a source) was added to it as {@code added}. For a server
     * loop the parker counts as a "me too", and {@code interest} is how many people it matters to now; it is 0 for a
     * personal loop.
     */
    record AlreadyOpen(OpenLoop existing, Optional<LoopNote> added, long interest, boolean meTooAdded)
            implements ParkResult {

        /** A personal loop the person already had open. */
        public AlreadyOpen(OpenLoop existing, Optional<LoopNote> added) {
            this(existing, added, 0, false);
        }
    }
}
