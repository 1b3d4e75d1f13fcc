package dev.loopkeeper.nudge;

import java.time.Instant;

/**
 * An answer a person wrote to a re-abstraction question, saved on the loop it was about. {@code mergedFrom}, when the
 * answer was just saved, names the loop it was asked about if that one had been merged into this one meanwhile (the
 * answer goes where the loop's content lives now); null otherwise.
 */
public record Reflection(long id, long loopId, String concept, String prompt, String answer, Instant createdAt,
        String mergedFrom) {

    public Reflection(long id, long loopId, String concept, String prompt, String answer, Instant createdAt) {
        this(id, loopId, concept, prompt, answer, createdAt, null);
    }
}
