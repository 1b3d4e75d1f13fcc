package dev.loopkeeper.nudge;

import dev.loopkeeper.loop.Outcome;
import dev.loopkeeper.loop.Triage;
import java.time.Instant;

/**
 * What a prompt may know about a loop that moved this week: how it moved and where it stands. A later field (a loop's
 * phase: abstraction, instantiation, re-abstraction) is one more component here and one more rule in
 * {@link ReabstractionPrompts}.
 */
public record LoopFacts(long loopId, String concept, Movement movement, Outcome outcome, Triage triage, Instant movedAt) {

    /** How a loop moved this week, most telling first. */
    public enum Movement {
        /** Closed as learned or applied: the moment re-abstraction is for. */
        CLOSED,
        /** Made active: the person started on it. */
        STARTED,
        /** Parked or triaged core this week. */
        PARKED
    }
}
