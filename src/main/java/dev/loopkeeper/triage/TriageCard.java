package dev.loopkeeper.triage;

import dev.loopkeeper.loop.OpenLoop;
import java.util.Optional;

/**
 * The next loop of a person's triage queue, the class suggested for it (if any), and how many are left with it.
 * {@code notReady}: there is no suggestion only because the vectors of this loop or of a core loop it would be compared
 * with are still being computed (after an import or an update of the model), not because there is nothing to compare.
 */
public record TriageCard(OpenLoop loop, Optional<Suggestion> suggestion, long left, boolean notReady) {
    public TriageCard(OpenLoop loop, Optional<Suggestion> suggestion, long left) {
        this(loop, suggestion, left, false);
    }
}
