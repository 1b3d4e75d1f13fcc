package dev.loopkeeper.loop;

import java.util.Locale;

/** Where a loop is in its life; {@code DRAFT} holds a park waiting for "keep both or cancel". */
public enum LoopStatus {
    DRAFT, OPEN, ACTIVE, CLOSED, ARCHIVED;

    public String db() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static LoopStatus fromDb(String value) {
        return valueOf(value.toUpperCase(Locale.ROOT));
    }
}
