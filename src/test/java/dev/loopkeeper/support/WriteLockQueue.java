package dev.loopkeeper.support;

import dev.loopkeeper.storage.Database;
import java.util.Arrays;
import java.util.concurrent.TimeUnit;

/**
 * Puts changes in a chosen order between a read and a write of another change: a test holds the database's write lock
 * (a transaction of its own) while threads queue for it, in turn, waiting here until each has queued. The lock is fair
 * (SQLite) or PostgreSQL's advisory lock, whose waiters are served in order.
 */
public final class WriteLockQueue {

    private WriteLockQueue() {
    }

    /**
     * Waits until {@code count} threads (the calling one included) are in a write transaction or queued for one: waiting
     * for the process's write lock (SQLite) or for the database's advisory lock (PostgreSQL, the transaction's first
     * statement).
     */
    public static void awaitQueued(int count) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (1 + Thread.getAllStackTraces().entrySet().stream()
                .filter(e -> e.getKey() != Thread.currentThread() && queued(e.getValue())).count() < count) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("the threads never queued for the write lock");
            }
            Thread.onSpinWait();
        }
    }

    private static boolean queued(StackTraceElement[] stack) {
        boolean inTransaction = Arrays.stream(stack).anyMatch(f -> f.getClassName().equals(Database.class.getName())
                && f.getMethodName().equals("inTransaction"));
        boolean waiting = Arrays.stream(stack).anyMatch(f -> f.getClassName().startsWith("org.postgresql.")
                || f.getClassName().equals(java.util.concurrent.locks.ReentrantLock.class.getName()));
        return inTransaction && waiting;
    }
}
