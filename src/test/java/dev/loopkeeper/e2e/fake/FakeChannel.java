package dev.loopkeeper.e2e.fake;

/** A guild text channel (Discord channel type 0). */
public record FakeChannel(String id, String name) {
}
