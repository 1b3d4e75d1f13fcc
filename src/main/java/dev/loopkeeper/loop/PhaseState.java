package dev.loopkeeper.loop;

import java.time.Instant;
import java.util.List;

/**
 * An opened loop with the phase it is in, since when, and every phase change it went through, oldest first: what
 * the weekly nudge asks about (a loop in instantiation gets the re-abstraction questions; one in abstraction for
 * weeks, "build the smallest thing that uses it") and what an export of the loop carries.
 */
public record PhaseState(OpenLoop loop, Phase phase, Instant since, List<PhaseChange> history) {

    public PhaseState {
        history = List.copyOf(history);
    }
}
