package dev.loopkeeper.storage;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One writer thread that commits writes arriving together in one transaction, so a burst of them shares one fsync
 * (SQLite's {@code synchronous=FULL} costs a few milliseconds a commit; PostgreSQL's a WAL flush). Each write runs in
 * its own savepoint, in the order submitted: one that throws is undone alone and fails alone, the others commit.
 * Every write's future completes only after the commit that holds it returned (or with the error that stopped it),
 * and after the connection went back to the pool, so whatever a caller does next (another write, say) never waits on
 * this batch.
 */
final class GroupCommit implements AutoCloseable {
    /** A batch takes at most this many writes: one transaction stays short even when the queue is long. */
    static final int MAX_BATCH = 256;
    private static final Logger log = LoggerFactory.getLogger(GroupCommit.class);

    /** Runs a batch in one transaction, a savepoint each: the results in order, a {@link Failed} for work that threw. */
    private final Function<List<SqlFunction<?>>, Object[]> inSavepoints;
    private final BlockingQueue<Pending<?>> queue = new LinkedBlockingQueue<>();
    private final Thread thread;
    private volatile boolean closed;

    GroupCommit(Function<List<SqlFunction<?>>, Object[]> inSavepoints) {
        this.inSavepoints = inSavepoints;
        this.thread = new Thread(this::run, "loopkeeper-writer");
        thread.setDaemon(true);
        thread.start();
    }

    <T> CompletableFuture<T> submit(SqlFunction<T> work) {
        Pending<T> pending = new Pending<>(work, new CompletableFuture<>());
        if (closed) {
            pending.future.completeExceptionally(new StorageException("The database is closed",
                    new IllegalStateException("closed")));
            return pending.future;
        }
        queue.add(pending);
        if (closed && queue.remove(pending)) {
            pending.future.completeExceptionally(new StorageException("The database is closed",
                    new IllegalStateException("closed")));
        }
        return pending.future;
    }

    private void run() {
        List<Pending<?>> batch = new ArrayList<>();
        while (!closed || !queue.isEmpty()) {
            try {
                Pending<?> first = queue.poll(100, TimeUnit.MILLISECONDS);
                if (first == null) {
                    continue;
                }
                batch.add(first);
                queue.drainTo(batch, MAX_BATCH - 1);
                commit(batch);
            } catch (InterruptedException e) {
                if (closed) {
                    break;
                }
            } catch (RuntimeException | Error e) {
                log.error("The group writer failed a batch of {} writes", batch.size(), e);
                for (Pending<?> pending : batch) {
                    pending.future.completeExceptionally(e);
                }
            } finally {
                batch.clear();
            }
        }
        for (Pending<?> left = queue.poll(); left != null; left = queue.poll()) {
            left.future.completeExceptionally(new StorageException("The database is closed",
                    new IllegalStateException("closed")));
        }
    }

    private void commit(List<Pending<?>> batch) {
        Object[] results;
        try {
            results = inSavepoints.apply(batch.stream().<SqlFunction<?>>map(p -> p.work).toList());
        } catch (RuntimeException e) {
            for (Pending<?> pending : batch) {
                pending.future.completeExceptionally(e);
            }
            return;
        }
        for (int i = 0; i < batch.size(); i++) {
            complete(batch.get(i), results[i]);
        }
    }

    @SuppressWarnings("unchecked")
    private static <T> void complete(Pending<T> pending, Object result) {
        if (result instanceof Failed failed) {
            pending.future.completeExceptionally(failed.error());
        } else {
            pending.future.complete((T) result);
        }
    }

    /** Commits what was already submitted, then stops. */
    @Override
    public void close() {
        closed = true;
        try {
            thread.join(TimeUnit.SECONDS.toMillis(10));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** What a batch's results hold for a piece of work that threw (undone alone, by its savepoint). */
    record Failed(RuntimeException error) {
    }

    private record Pending<T>(SqlFunction<T> work, CompletableFuture<T> future) {
    }
}
