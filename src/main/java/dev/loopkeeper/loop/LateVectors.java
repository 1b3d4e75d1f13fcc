package dev.loopkeeper.loop;

import dev.loopkeeper.storage.Database;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.BlockingDeque;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.LinkedBlockingDeque;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;
import java.util.concurrent.locks.LockSupport;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The vectors of loops committed without them ({@link LoopService#parkAsync}), computed on one thread in the order the
 * parks committed: embed, check for a near-duplicate among the owner's loops that have vectors, save the vectors
 * (grouped with other writes), then tell the park. A batch holds at most one loop per owner, so a person's next park
 * is checked only after their previous one's vectors are committed, and two parks in a row can still find each
 * other. A loop whose vectors are lost here (a failure, a crash, a shutdown) keeps none; {@code reembedStale} gives it
 * them at the next start.
 */
final class LateVectors implements AutoCloseable {
    /** Loops taken per round; their vectors are saved in one commit. */
    private static final int BATCH = 64;
    /** The longest one loop's vectors wait for a burst of parks to pass. */
    private static final Duration MOST_YIELD = Duration.ofMillis(500);
    private static final Logger log = LoggerFactory.getLogger(LateVectors.class);

    private final Database database;
    private final LoopStore store;
    private final Supplier<ConceptCheck> check;
    private final Supplier<LoopListener> listener;
    /** True while parks are arriving or waiting for their commit: their answers go first. */
    private final BooleanSupplier parksArriving;
    private final BlockingDeque<Job> queue = new LinkedBlockingDeque<>();
    /** Parks queued or being worked on. */
    private final AtomicInteger pending = new AtomicInteger();
    private Thread thread;
    private volatile boolean closed;

    LateVectors(Database database, LoopStore store, Supplier<ConceptCheck> check, Supplier<LoopListener> listener,
            BooleanSupplier parksArriving) {
        this.parksArriving = parksArriving;
        this.database = database;
        this.store = store;
        this.check = check;
        this.listener = listener;
    }

    PendingPark enqueue(ParkResult.Parked parked) {
        Job job = new Job(parked.loop(), new CompletableFuture<>());
        synchronized (this) {
            if (closed) {
                job.closeTo.complete(Optional.empty());
                return new PendingPark(parked, job.closeTo);
            }
            if (thread == null) {
                thread = new Thread(this::run, "loopkeeper-vectors");
                thread.setDaemon(true);
                thread.start();
            }
            pending.incrementAndGet();
            queue.add(job);
        }
        return new PendingPark(parked, job.closeTo);
    }

    /** Whether no loop is waiting for its vectors here. */
    boolean idle() {
        return pending.get() == 0;
    }

    private void run() {
        while (!closed) {
            List<Job> taken = new ArrayList<>();
            try {
                Job first = queue.poll(100, TimeUnit.MILLISECONDS);
                if (first == null) {
                    continue;
                }
                taken.add(first);
                queue.drainTo(taken, BATCH - 1);
                // One loop per owner in a round; the others go back to the front, in their order.
                List<Job> round = new ArrayList<>();
                List<Job> later = new ArrayList<>();
                Set<String> owners = new HashSet<>();
                for (Job job : taken) {
                    (owners.add(job.loop.ownerId()) ? round : later).add(job);
                }
                for (int i = later.size() - 1; i >= 0; i--) {
                    queue.addFirst(later.get(i));
                }
                taken = round;
                process(round);
            } catch (InterruptedException e) {
                // closing
            } catch (RuntimeException | Error e) {
                log.error("Computing the vectors of {} parked loops failed; the next start computes them",
                        taken.size(), e);
                taken.forEach(this::done);
            }
        }
        for (Job left = queue.poll(); left != null; left = queue.poll()) {
            done(left);
        }
    }

    private void process(List<Job> round) {
        List<CompletableFuture<Saved>> saves = new ArrayList<>();
        List<Job> saving = new ArrayList<>();
        for (Job job : round) {
            OpenLoop loop = job.loop;
            yieldToParks();
            ConceptCheck.Result checked;
            try {
                checked = check.get().check(loop.ownerId(), loop.concept(), loop.why(), loop.id());
            } catch (RuntimeException e) {
                log.error("Embedding loop {} failed; the next start embeds it", loop.id(), e);
                done(job);
                continue;
            }
            if (checked.vectors() == null) {
                done(job);
                continue;
            }
            saving.add(job);
            saves.add(database.writeGrouped(sql -> {
                long before = store.version(sql, loop.ownerId());
                boolean saved = store.saveMissingVectors(sql, loop.id(), loop.concept(), loop.why(),
                        checked.vectors()) > 0;
                long after = store.version(sql, loop.ownerId());
                // Closed or merged since it was parked, the loop keeps its vectors (search finds closed loops) but is
                // no longer one the open loops' index holds.
                boolean stillOpen = saved && store.find(sql, loop.ownerId(), loop.id()).filter(OpenLoop::isOpen)
                        .isPresent();
                Optional<OpenLoop> closeTo = checked.nearDuplicate().isEmpty() ? Optional.empty()
                        : store.find(sql, loop.ownerId(), checked.nearDuplicate().get()).filter(OpenLoop::isOpen);
                return new Saved(stillOpen, before, after, closeTo);
            }));
        }
        for (int i = 0; i < saving.size(); i++) {
            Job job = saving.get(i);
            try {
                Saved saved = saves.get(i).join();
                if (saved.stillOpen()) {
                    listener.get().onParked(job.loop, saved.versionBefore(), saved.versionAfter());
                }
                // Otherwise the save moved the owner's version past what any index of theirs holds: their next
                // decision or search reads their open loops again, without this one.
                finish(job, saved.closeTo());
            } catch (CompletionException | CancellationException e) {
                log.error("Saving the vectors of loop {} failed; the next start computes them", job.loop.id(),
                        e.getCause() == null ? e : e.getCause());
                done(job);
            }
        }
    }

    /**
     * Waits while parks are arriving (at most {@link #MOST_YIELD} a loop): an embedding takes the CPU the parks' commits
     * and answers need on a small machine, and those answers are what people wait for; the notices can come later.
     */
    private void yieldToParks() {
        long until = System.nanoTime() + MOST_YIELD.toNanos();
        while (!closed && parksArriving.getAsBoolean() && System.nanoTime() < until) {
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(2));
        }
    }

    /** A job ended without a near-duplicate to name (nothing to add to its answer). */
    private void done(Job job) {
        finish(job, Optional.empty());
    }

    private void finish(Job job, Optional<OpenLoop> closeTo) {
        if (job.closeTo.complete(closeTo)) {
            pending.decrementAndGet();
        }
    }

    @Override
    public void close() {
        close(java.time.Duration.ofSeconds(10));
    }

    /** Lets the round under way finish, waiting at most {@code limit}; what is left is embedded at the next start. */
    void close(java.time.Duration limit) {
        Thread running;
        synchronized (this) {
            closed = true;
            running = thread;
        }
        if (running != null) {
            // The round under way finishes (its writes need the database, closed after this).
            try {
                running.join(Math.max(1, limit.toMillis()));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        for (Job left = queue.poll(); left != null; left = queue.poll()) {
            done(left);
        }
    }

    private record Job(OpenLoop loop, CompletableFuture<Optional<OpenLoop>> closeTo) {
    }

    /** {@code stillOpen}: the vectors were saved and the loop is still one the open loops' index holds. */
    private record Saved(boolean stillOpen, long versionBefore, long versionAfter, Optional<OpenLoop> closeTo) {
    }
}
