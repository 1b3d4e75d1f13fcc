package dev.loopkeeper.reminder;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/** What a person can do with a reminded loop. */
public enum ReminderAction {
    OPEN, SNOOZE_WEEK, SNOOZE_FOCUS, SNOOZE_REVIEW, NOT_RELEVANT, LET_GO;

    /** Short form for component ids and the database. */
    public String code() {
        return name().toLowerCase(Locale.ROOT).replace("_", "");
    }

    public static Optional<ReminderAction> fromCode(String code) {
        return Arrays.stream(values()).filter(a -> a.code().equals(code)).findFirst();
    }
}
