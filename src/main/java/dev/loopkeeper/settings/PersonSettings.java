package dev.loopkeeper.settings;

import java.time.ZoneId;
import java.util.Optional;

/**
 * One person's preferences: quiet hours and the time zone they gave (none until they give one: {@link #zone} is UTC
 * then, and nothing saves that UTC as theirs), whether their work-log messages count as focus, and how much their
 * "not relevant" answers have raised their reminder threshold.
 */
public record PersonSettings(String ownerId, Optional<QuietHours> quietHours, Optional<ZoneId> givenZone,
        boolean followWorklog, double thresholdOffset) {
    /** The zone of someone who gave none: UTC by its name, which reads better than the offset's "Z" in every answer. */
    public static final ZoneId UTC = ZoneId.of("UTC");

    /** A stored or typed zone id, with UTC by its name however it was written ("Z", "UTC", "+00:00"). */
    public static ZoneId zone(String id) {
        ZoneId zone = ZoneId.of(id);
        return zone.normalized().equals(java.time.ZoneOffset.UTC) && !id.contains("/") ? UTC : zone;
    }

    public static PersonSettings defaults(String ownerId) {
        return new PersonSettings(ownerId, Optional.empty(), Optional.empty(), false, 0);
    }

    /** The zone the person's times are read in: the one they gave, else UTC. */
    public ZoneId zone() {
        return givenZone.orElse(UTC);
    }
}
