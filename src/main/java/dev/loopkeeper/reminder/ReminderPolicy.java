package dev.loopkeeper.reminder;

import dev.loopkeeper.relevance.RelevanceScorer;
import java.time.Duration;

/**
 * When a match becomes a reminder: the score to reach, how long a loop rests after firing, how many reminders a
 * day, how many loops one reminder lists, and how much each "not relevant" raises a person's threshold.
 */
public record ReminderPolicy(double threshold, Duration cooldown, int dailyCap, int maxItems, double adaptStep,
        double maxOffset) {

    public static ReminderPolicy defaults() {
        return new ReminderPolicy(RelevanceScorer.DEFAULT_THRESHOLD, Duration.ofDays(7), 3, 3, 0.02, 0.2);
    }
}
