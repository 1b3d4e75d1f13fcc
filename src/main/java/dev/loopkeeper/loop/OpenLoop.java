package dev.loopkeeper.loop;

import java.time.Instant;

/**
 * A parked concept: what it is, why it matters, where it came from, and how its life has gone so far. {@code ownerId}
 * is its scope's owner key ({@link LoopScope#ownerKey()}); {@code authorId} is the person who parked it, the same as
 * the owner for a personal loop. {@code phase} and {@code phaseSince} are set once the loop was opened (null before):
 * where it is between abstraction, instantiation and re-abstraction, and since when; a closed loop keeps the last one.
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
        Instant closedAt,
        Phase phase,
        Instant phaseSince) {

    /** A loop never opened, so with no phase. */
    public OpenLoop(long id, String ownerId, LoopScope scope, String authorId, String concept, String why,
            Origin origin, Triage triage, LoopStatus status, Outcome outcome, String takeaway, Instant createdAt,
            Instant updatedAt, Instant closedAt) {
        this(id, ownerId, scope, authorId, concept, why, origin, triage, status, outcome, takeaway, createdAt,
                updatedAt, closedAt, null, null);
    }

    /** A personal loop, parked by its owner. */
    public OpenLoop(long id, String ownerId, String concept, String why, Origin origin, Triage triage,
            LoopStatus status, Outcome outcome, String takeaway, Instant createdAt, Instant updatedAt,
            Instant closedAt) {
        this(id, ownerId, LoopScope.personal(ownerId), ownerId, concept, why, origin, triage, status, outcome,
                takeaway, createdAt, updatedAt, closedAt, null, null);
    }

    /** Still open: parked, or opened and being worked on. */
    public boolean isOpen() {
        return status == LoopStatus.OPEN || status == LoopStatus.ACTIVE;
    }

    /** Parked, waiting to come back: open and not opened (what reminders bring back). */
    public boolean isParked() {
        return status == LoopStatus.OPEN;
    }

    /** Opened and moving through its phases: {@code /open} finds it already active, and says where it stands. */
    public boolean isUnderWay() {
        return status == LoopStatus.ACTIVE && phase != null;
    }

    /** How a loop no longer open ended, in words: "archived", "closed as learned", or "closed". */
    public String ending() {
        return status == LoopStatus.ARCHIVED ? "archived" : outcome == null ? "closed" : "closed as " + outcome.label();
    }
}
