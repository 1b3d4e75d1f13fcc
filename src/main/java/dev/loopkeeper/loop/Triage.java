package dev.loopkeeper.loop;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/** How close a loop sits to the person's core work. */
public enum Triage {
    UNTRIAGED, CORE, ADJACENT, PERIPHERAL;

    /** The classes a person picks (every one but {@link #UNTRIAGED}). */
    public static final List<Triage> CLASSES = List.of(CORE, ADJACENT, PERIPHERAL);

    public String db() {
        return name().toLowerCase(Locale.ROOT);
    }

    public String label() {
        return db();
    }

    /** A class as a person typed it, in any case. */
    public static Optional<Triage> parse(String text) {
        return Arrays.stream(values()).filter(t -> t.db().equalsIgnoreCase(text.strip())).findFirst();
    }

    public static Triage fromDb(String value) {
        return valueOf(value.toUpperCase(Locale.ROOT));
    }
}
