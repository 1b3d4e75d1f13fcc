package dev.loopkeeper.loop;

import java.util.Optional;

/**
 * Looks at a concept before it is parked: its embedding (stored with the loop in the same transaction, so a
 * park costs one commit) and whether the person already has an open loop that means nearly the same.
 */
@FunctionalInterface
public interface ConceptCheck {
    ConceptCheck NONE = (ownerId, concept) -> new Result(Optional.empty(), null, null);

    Result check(String ownerId, String concept);

    /** The closest near-duplicate's id, if any, and the concept's vector with the id of the model that made it. */
    record Result(Optional<Long> nearDuplicate, byte[] embedding, String embeddingModel) {
    }
}
