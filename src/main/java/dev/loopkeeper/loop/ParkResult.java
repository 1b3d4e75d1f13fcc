package dev.loopkeeper.loop;

import java.util.Optional;

/** The outcome of a park. Either way it is committed before the reply goes out; nothing waits on an answer. */
public sealed interface ParkResult {

    /**
     * A new loop was saved; {@code openCount} includes it. {@code closeTo} is an open loop that means nearly the
     * same (a near-duplicate), which the person may merge it into; both stay parked until they do.
     */
    record Parked(OpenLoop loop, long openCount, Optional<OpenLoop> closeTo) implements ParkResult {
    }

    /**
     * The person already has this concept open (the same words, ignoring case and spacing): no second loop. What the
     * park brought that the loop did not have yet (a why, a source) was added to it as {@code added}.
     */
    record AlreadyOpen(OpenLoop existing, Optional<LoopNote> added) implements ParkResult {
    }
}
