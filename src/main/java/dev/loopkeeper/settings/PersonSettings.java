package dev.loopkeeper.settings;

import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Optional;

/**
 * One person's preferences: quiet hours and time zone, whether their work-log messages count as focus, and how
 * much their "not relevant" answers have raised their reminder threshold.
 */
public record PersonSettings(String ownerId, Optional<QuietHours> quietHours, ZoneId zone, boolean followWorklog,
        double thresholdOffset) {

    public static PersonSettings defaults(String ownerId) {
        return new PersonSettings(ownerId, Optional.empty(), ZoneOffset.UTC, false, 0);
    }
}
