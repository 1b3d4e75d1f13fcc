package dev.loopkeeper.nudge;

import dev.loopkeeper.loop.Outcome;
import dev.loopkeeper.loop.Phase;
import dev.loopkeeper.loop.Triage;
import java.time.Instant;

/**
 * What a prompt may know about a loop that moved this week: how it moved and where it stands, including an opened
 * loop's phase (abstraction, instantiation, re-abstraction; null for a loop never opened).
 */
public record LoopFacts(long loopId, String concept, Movement movement, Outcome outcome, Triage triage, Instant movedAt,
        Phase phase) {

    /** Loops in abstraction this long without building anything are asked to build the smallest thing. */
    public static final java.time.Duration STUCK_AFTER = java.time.Duration.ofDays(21);

    /** How a loop moved this week, most telling first. */
    public enum Movement {
        /** Closed as learned or applied: the moment re-abstraction is for. */
        CLOSED,
        /** Moved on this week: built something with it (instantiation) or stepped back (re-abstraction). */
        PROGRESSED,
        /** Made active: the person started on it. */
        STARTED,
        /** Active, and in abstraction for {@link #STUCK_AFTER} or more: time to build something with it. */
        STUCK,
        /** Parked or triaged core this week. */
        PARKED
    }
}
