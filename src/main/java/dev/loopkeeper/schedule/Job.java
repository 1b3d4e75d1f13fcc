package dev.loopkeeper.schedule;

import java.time.Duration;

/** Work that runs again and again; what is due lives in the database, so a restart loses nothing. */
public interface Job {
    String name();

    Duration period();

    void run();
}
