package dev.loopkeeper.loop;

import java.time.Instant;

/**
 * A why or source a loop gathered after it was parked: from parking the same concept again, or from a loop merged
 * into it ({@code mergedFrom}, whose concept is {@code concept}). Nothing a person typed is dropped to keep one why
 * short. A reopened loop's earlier ending is a note too ({@code ending}): how it was closed before, kept as history.
 */
public record LoopNote(long id, long loopId, String concept, String why, Origin origin, Long mergedFrom,
        Instant createdAt, Ending ending) {

    /** How a loop ended before it was reopened: its outcome, takeaway (may be null) and close date. */
    public record Ending(Outcome outcome, String takeaway, Instant closedAt) {
    }

    /** A note that is not an earlier ending. */
    public LoopNote(long id, long loopId, String concept, String why, Origin origin, Long mergedFrom,
            Instant createdAt) {
        this(id, loopId, concept, why, origin, mergedFrom, createdAt, null);
    }
}
