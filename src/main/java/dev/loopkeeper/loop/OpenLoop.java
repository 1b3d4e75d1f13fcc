package dev.loopkeeper.loop;

import java.time.Instant;

/** A parked concept: what it is, why it matters, where it came from, and how its life has gone so far. */
public record OpenLoop(
        long id,
        String ownerId,
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

    public boolean isOpen() {
        return status == LoopStatus.OPEN || status == LoopStatus.ACTIVE;
    }
}
