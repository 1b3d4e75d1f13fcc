package dev.loopkeeper.schedule;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** A periodic job goes on after a failed run, whatever it threw, and behind no other scheduler's job. */
class JobSchedulerTest {

    private static Job job(String name, Duration period, Runnable work) {
        return Job.of(name, period, work);
    }

    @Test
    void aJobOnAThreadOfItsOwnRunsWhileTheJobThreadIsHeld() throws InterruptedException {
        // As the bot's shard claims are renewed while the job thread re-embeds a whole history after a model change.
        CountDownLatch held = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        CountDownLatch renewals = new CountDownLatch(3);
        java.util.List<String> threads = new java.util.concurrent.CopyOnWriteArrayList<>();
        try (JobScheduler jobs = new JobScheduler(); JobScheduler claims = new JobScheduler("loopkeeper-shard-claims")) {
            jobs.once(job("re-embed a history", Duration.ZERO, () -> {
                held.countDown();
                try {
                    release.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }));
            assertTrue(held.await(10, TimeUnit.SECONDS), "the job thread is held");
            claims.start(java.util.List.of(job("renew claims", Duration.ofMillis(10), () -> {
                threads.add(Thread.currentThread().getName());
                renewals.countDown();
            })));

            assertTrue(renewals.await(10, TimeUnit.SECONDS), "renewed while the job thread was held");
            assertEquals("loopkeeper-shard-claims", threads.get(0));
            release.countDown();
        }
    }

    @Test
    void aRunThatThrowsAnErrorDoesNotEndTheSchedule() throws InterruptedException {
        AtomicInteger runs = new AtomicInteger();
        CountDownLatch again = new CountDownLatch(1);
        try (JobScheduler jobs = new JobScheduler()) {
            jobs.start(java.util.List.of(new Job() {
                @Override
                public String name() {
                    return "send due mail";
                }

                @Override
                public Duration period() {
                    return Duration.ofMillis(10);
                }

                @Override
                public void run() {
                    if (runs.incrementAndGet() == 1) {
                        // As a class or native library that failed to load, or memory running out, would.
                        throw new NoClassDefFoundError("a class that could not be loaded");
                    }
                    again.countDown();
                }
            }));

            assertTrue(again.await(10, TimeUnit.SECONDS), "the job ran again after the Error: " + runs.get() + " run(s)");
        }
    }
}
