package dev.loopkeeper.loop;

import java.time.Instant;

/**
 * A parked concept: what it is, why it matters, where it came from, and how its life has gone so far. {@code ownerId}
 * is its scope's owner key ({@link LoopScope#ownerKey()}); {@code authorId} is the person who parked it, the same as
 * the owner for a personal loop.
 */
public record OpenLoop(
        long id,
        String ownerId,
        LoopScope scope,
        String authorId,
        String concept,
        String why,
        Origin origin,
        Triage triage,
        LoopStatus status,
        Outcome outcome,
        String takeaway,
        Instant createdAt,
        Instant updatedAt,
        Instant closedAt) {

    /** A personal loop, parked by its owner. */
    public OpenLoop(long id, String ownerId, String concept, String why, Origin origin, Triage triage,
            LoopStatus status, Outcome outcome, String takeaway, Instant createdAt, Instant updatedAt,
            Instant closedAt) {
        this(id, ownerId, LoopScope.personal(ownerId), ownerId, concept, why, origin, triage, status, outcome,
                takeaway, createdAt, updatedAt, closedAt);
    }

    public boolean isOpen() {
        return status == LoopStatus.OPEN || status == LoopStatus.ACTIVE;
    }
}
