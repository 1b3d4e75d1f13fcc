package dev.loopkeeper.loop;

import java.util.Locale;

/** Where a loop is in its life. */
public enum LoopStatus {
    OPEN, ACTIVE, CLOSED, ARCHIVED;

    public String db() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static LoopStatus fromDb(String value) {
        return valueOf(value.toUpperCase(Locale.ROOT));
    }
}
