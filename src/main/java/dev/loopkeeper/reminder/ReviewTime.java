package dev.loopkeeper.reminder;

import java.time.Instant;
import java.util.Optional;

/**
 * When a person's weekly review is, if they chose one (their weekly nudge): "snooze until the weekly review" ends
 * there. The composition root connects it to the nudges, which reminders know nothing of.
 */
@FunctionalInterface
public interface ReviewTime {
    ReviewTime NONE = ownerId -> Optional.empty();

    Optional<Instant> next(String ownerId);
}
