package dev.loopkeeper.settings;

import java.util.Optional;

/**
 * A server's poll settings: the role whose members may start triage polls besides those with Manage Server (none:
 * Manage Server only), and the fewest votes a poll's result needs.
 */
public record PollSettings(Optional<String> roleId, int quorum) {
    /** The fewest votes a result needs unless the server sets its own. */
    public static final int DEFAULT_QUORUM = 3;

    public static PollSettings defaults() {
        return new PollSettings(Optional.empty(), DEFAULT_QUORUM);
    }
}
