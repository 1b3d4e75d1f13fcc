package dev.loopkeeper.nudge;

import dev.loopkeeper.delivery.Mail;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/** A server's weekly digest, posted in the channel the server chose; it is for the group, so it names nobody. */
public record ServerDigest(long id, String guildId, Instant weekFrom, Instant weekTo, List<DigestSource.Section> sections)
        implements Mail {

    /** The outbox's name for digests. */
    public static final String KIND = "digest";

    public ServerDigest {
        sections = List.copyOf(sections);
    }

    @Override
    public String recipientId() {
        return null;
    }

    @Override
    public ServerParts serverParts() {
        return new ServerParts(Map.of(guildId, this), true);
    }
}
