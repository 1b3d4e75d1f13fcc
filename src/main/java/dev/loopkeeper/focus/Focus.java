package dev.loopkeeper.focus;

import java.time.Instant;

/** One piece of work a person has active, and where it came from; {@code expiresAt} null means until cleared. */
public record Focus(long id, String ownerId, String text, FocusSource source, String guildId, String channelId,
        Instant startedAt, Instant expiresAt) {
}
