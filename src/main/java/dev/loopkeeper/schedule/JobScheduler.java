package dev.loopkeeper.schedule;

import dev.loopkeeper.common.DaemonThreads;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Runs jobs on one named daemon thread; a failing run is logged and the schedule goes on. */
public final class JobScheduler implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(JobScheduler.class);

    private final ScheduledExecutorService executor;

    /** The bot's job thread, {@code loopkeeper-jobs}: mail, nudges, digests, polls, re-embedding. */
    public JobScheduler() {
        this("loopkeeper-jobs");
    }

    /** Jobs on a thread of their own, named {@code thread}, which no job of another scheduler can hold up. */
    public JobScheduler(String thread) {
        this.executor = Executors.newSingleThreadScheduledExecutor(DaemonThreads.named(thread));
    }

    private volatile boolean closing;

    public void start(List<Job> jobs) {
        for (Job job : jobs) {
            executor.scheduleWithFixedDelay(() -> runSafely(job), 0, job.period().toMillis(), TimeUnit.MILLISECONDS);
        }
    }

    /** Runs a job once, soon, on the scheduler's thread. */
    public void once(Job job) {
        executor.execute(() -> runSafely(job));
    }

    /** Runs a job once, after {@code delay}, on the scheduler's thread. */
    public void later(Job job, java.time.Duration delay) {
        executor.schedule(() -> runSafely(job), Math.max(0, delay.toMillis()), TimeUnit.MILLISECONDS);
    }

    private void runSafely(Job job) {
        try {
            job.run();
        } catch (RuntimeException | Error e) {
            // An Error too (out of memory, a class or native library that failed to load): one escaping here would
            // cancel every later run of the job, silently, and due mail would stop going out until a restart.
            if (closing) {
                // Shutting down interrupts a running job (an embedding, a send): expected, and it runs again next start.
                log.info("Job {} stopped by the shutdown", job.name());
            } else {
                log.error("Job {} failed; it runs again in {}", job.name(), job.period(), e);
            }
        }
    }

    @Override
    public void close() {
        close(java.time.Duration.ofSeconds(5));
    }

    /** Interrupts the running job and waits at most {@code limit} for it to end. */
    public void close(java.time.Duration limit) {
        closing = true;
        executor.shutdownNow();
        try {
            executor.awaitTermination(limit.toNanos(), TimeUnit.NANOSECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
