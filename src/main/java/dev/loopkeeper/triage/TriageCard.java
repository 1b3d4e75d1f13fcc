package dev.loopkeeper.triage;

import dev.loopkeeper.loop.OpenLoop;
import java.util.Optional;

/** The next loop of a person's triage queue, the class suggested for it (if any), and how many are left with it. */
public record TriageCard(OpenLoop loop, Optional<Suggestion> suggestion, long left) {
}
