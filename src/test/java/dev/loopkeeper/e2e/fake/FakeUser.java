package dev.loopkeeper.e2e.fake;

import java.util.concurrent.atomic.AtomicLong;

/** A Discord user as the fake knows it: a snowflake id and a username. */
public record FakeUser(String id, String username) {
    private static final AtomicLong NEXT = new AtomicLong(2_000_000_000_000_000_000L);

    /** A user no earlier test in this JVM has seen, so tests that share a bot or a database never share a person. */
    public static FakeUser fresh() {
        long id = NEXT.incrementAndGet();
        return new FakeUser(Long.toString(id), "user" + (id % 100_000));
    }
}
