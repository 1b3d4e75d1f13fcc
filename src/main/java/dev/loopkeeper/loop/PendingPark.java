package dev.loopkeeper.loop;

import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * A park committed before its vectors exist ({@link LoopService#parkAsync}): its result, already durable, and the
 * near-duplicate check that follows. {@code closeTo} completes once the new loop's vectors are committed (so anything
 * that reads them, such as matching it against the person's focus, sees them), with the open loop it looks close to,
 * if any; it is complete and empty for a park that made no new loop. {@code behindOthers} says whether other parks'
 * vectors were still being computed when this one was queued: the check will then take a while, and a front should
 * answer without it and add the notice when it comes.
 */
public record PendingPark(ParkResult result, CompletableFuture<Optional<OpenLoop>> closeTo, boolean behindOthers) {
}
