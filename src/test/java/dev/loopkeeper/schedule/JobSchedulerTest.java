package dev.loopkeeper.schedule;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** A periodic job goes on after a failed run, whatever it threw. */
class JobSchedulerTest {

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
