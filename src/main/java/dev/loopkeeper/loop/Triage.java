package dev.loopkeeper.loop;

import java.util.Locale;

/** How close a loop sits to the person's core work. */
public enum Triage {
    UNTRIAGED, CORE, ADJACENT, PERIPHERAL;

    public String db() {
        return name().toLowerCase(Locale.ROOT);
    }

    public String label() {
        return db();
    }

    public static Triage fromDb(String value) {
        return valueOf(value.toUpperCase(Locale.ROOT));
    }
}
