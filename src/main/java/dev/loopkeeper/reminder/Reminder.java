package dev.loopkeeper.reminder;

import java.time.Instant;
import java.util.List;

/**
 * One reminder: the focus that triggered it and up to three parked loops that match it, each with why.
 * {@code status} is scheduled (waiting for its time), sending (one attempt under way), delivered, or held (to be
 * shown at the next command).
 */
public record Reminder(long id, String ownerId, long focusId, String focusText, String status, Instant deliverAfter,
        int attempts, Instant createdAt, List<Item> items) {

    public static final String SCHEDULED = "scheduled";
    public static final String DELIVERED = "delivered";
    public static final String HELD = "held";

    /**
     * A matched loop as the reminder shows it; {@code whys} holds its why and those it gathered later (parked again,
     * or a loop merged into it), oldest first.
     */
    public record Item(long loopId, String concept, double score, String reason, Instant parkedAt, String guildId,
            String messageUrl, List<String> whys) {
    }

    /** The same reminder with only some of its items, for a server channel that may show only its own loops. */
    public Reminder only(List<Item> subset) {
        return new Reminder(id, ownerId, focusId, focusText, status, deliverAfter, attempts, createdAt, List.copyOf(subset));
    }
}
