package dev.loopkeeper.focus;

import java.util.Locale;

/** How Loopkeeper learned about a focus. */
public enum FocusSource {
    COMMAND, WORK_LOG, THREAD;

    public String db() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static FocusSource fromDb(String value) {
        return valueOf(value.toUpperCase(Locale.ROOT));
    }
}
