package dev.loopkeeper.nudge;

/** A re-abstraction question asked about one loop: {@code key} names its template, so it is not asked twice running. */
public record Prompt(String key, long loopId, String concept, String text) {
}
