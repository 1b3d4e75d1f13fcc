package dev.loopkeeper.e2e.fake;

/** A Discord user as the fake knows it: a snowflake id and a username. */
public record FakeUser(String id, String username) {
}
