package dev.loopkeeper.common;

import java.util.concurrent.Executor;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Daemon threads for Loopkeeper's own pools and background steps: none of them may keep the JVM (console or bot)
 * alive after {@code close}, nor after a start-up that failed half way.
 */
public final class DaemonThreads {
    private DaemonThreads() {
    }

    /** Daemon threads named {@code prefix} and a number: {@code loopkeeper-worker-1}, {@code loopkeeper-worker-2}. */
    public static ThreadFactory numbered(String prefix) {
        AtomicInteger count = new AtomicInteger();
        return runnable -> daemon(runnable, prefix + count.incrementAndGet());
    }

    /** Daemon threads that all take {@code name}: for a pool of one thread. */
    public static ThreadFactory named(String name) {
        return runnable -> daemon(runnable, name);
    }

    /** Runs each task on a new daemon thread of its own, named {@code name}: for a step done once in the background. */
    public static Executor oneEach(String name) {
        ThreadFactory threads = named(name);
        return task -> threads.newThread(task).start();
    }

    private static Thread daemon(Runnable runnable, String name) {
        Thread thread = new Thread(runnable, name);
        thread.setDaemon(true);
        return thread;
    }
}
