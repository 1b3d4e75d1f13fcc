package dev.loopkeeper.nudge;

import java.time.Instant;

/** An answer a person wrote to a re-abstraction question, saved on the loop it was about. */
public record Reflection(long id, long loopId, String concept, String prompt, String answer, Instant createdAt) {
}
