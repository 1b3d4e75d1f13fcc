package dev.loopkeeper.loop;

import java.time.Instant;

/**
 * One step of a loop's life through the phases, kept with its date: the phase it entered and, for instantiation,
 * what the person built (null when they did not say).
 */
public record PhaseChange(long loopId, Phase phase, String note, Instant at) {
}
