package dev.loopkeeper.loop;

import java.util.Optional;

/**
 * Looks at a concept before it is parked: its vectors (stored with the loop in the same transaction, so a park
 * costs one commit) and whether the person already has an open loop that means nearly the same.
 */
@FunctionalInterface
public interface ConceptCheck {
    ConceptCheck NONE = (ownerId, concept, why, exceptLoopId) -> new Result(Optional.empty(), null);

    /** {@code why} is null when the person gave none. */
    default Result check(String ownerId, String concept, String why) {
        return check(ownerId, concept, why, -1);
    }

    /**
     * The same for a loop already saved without its vectors ({@code exceptLoopId}), which is never its own
     * near-duplicate; -1 for a concept not saved yet.
     */
    Result check(String ownerId, String concept, String why, long exceptLoopId);

    /** The closest near-duplicate's id, if any, and what relevance keeps with the loop (null: nothing yet). */
    record Result(Optional<Long> nearDuplicate, StoredVectors vectors) {
    }
}
