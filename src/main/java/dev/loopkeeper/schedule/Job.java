package dev.loopkeeper.schedule;

import java.time.Duration;

/** Work that runs again and again; what is due lives in the database, so a restart loses nothing. */
public interface Job {
    String name();

    Duration period();

    void run();

    /** A job named {@code name} that runs {@code work} every {@code period} (or once, when scheduled so). */
    static Job of(String name, Duration period, Runnable work) {
        return new Job() {
            @Override
            public String name() {
                return name;
            }

            @Override
            public Duration period() {
                return period;
            }

            @Override
            public void run() {
                work.run();
            }
        };
    }
}
