package dev.loopkeeper.loop;

import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * A park as {@link LoopService#parkAsync} answers it: its result, already committed, and the near-duplicate check.
 * {@code closeTo} is complete when the check was made before the commit (a quiet bot; the result then names the close
 * loop too) or when the park made no new loop. Otherwise it completes once the new loop's vectors are committed, so
 * anything that reads them (matching the loop against the person's focus) sees them, with the open loop it looks
 * close to, if any: a front answers with the result at once and adds the notice when it comes.
 */
public record PendingPark(ParkResult result, CompletableFuture<Optional<OpenLoop>> closeTo) {
}
