package dev.loopkeeper.loop;

import java.util.List;
import java.util.Locale;

/** Where a loop is in its life. */
public enum LoopStatus {
    OPEN, ACTIVE, CLOSED, ARCHIVED;

    /** The statuses of a loop that is still open (parked or being worked on). */
    public static final List<LoopStatus> OPEN_STATUSES = List.of(OPEN, ACTIVE);

    public String db() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static LoopStatus fromDb(String value) {
        return valueOf(value.toUpperCase(Locale.ROOT));
    }
}
