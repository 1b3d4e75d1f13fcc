package dev.loopkeeper.loop;

import java.time.Instant;

/**
 * A why or source a loop gathered after it was parked: from parking the same concept again, or from a loop merged
 * into it ({@code mergedFrom}, whose concept is {@code concept}). Nothing a person typed is dropped to keep one why
 * short.
 */
public record LoopNote(long id, long loopId, String concept, String why, Origin origin, Long mergedFrom,
        Instant createdAt) {
}
