package dev.loopkeeper.reminder;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/** What a person can do with a reminded loop. */
public enum ReminderAction {
    OPEN, SNOOZE_WEEK, SNOOZE_FOCUS, SNOOZE_REVIEW, NOT_RELEVANT, LET_GO;

    /**
     * Whether it keeps a parked loop out of reminders (a snooze, or "not relevant"), which has no meaning for a loop
     * the person has opened since.
     */
    public boolean keepsOut() {
        return this == SNOOZE_WEEK || this == SNOOZE_FOCUS || this == SNOOZE_REVIEW || this == NOT_RELEVANT;
    }

    /** Short form for component ids and the database. */
    public String code() {
        return name().toLowerCase(Locale.ROOT).replace("_", "");
    }

    public static Optional<ReminderAction> fromCode(String code) {
        return Arrays.stream(values()).filter(a -> a.code().equals(code)).findFirst();
    }
}
