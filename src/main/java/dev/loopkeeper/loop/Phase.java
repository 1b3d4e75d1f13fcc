package dev.loopkeeper.loop;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/**
 * Where an opened loop is in the way skill grows: abstraction (extract the rules of how the thing works),
 * instantiation (test them by building something), re-abstraction (step back and generalise what you built).
 */
public enum Phase {
    ABSTRACTION("abstraction"), INSTANTIATION("instantiation"), RE_ABSTRACTION("re-abstraction");

    private final String label;

    Phase(String label) {
        this.label = label;
    }

    /** As people read and type it, and as it is stored: "re-abstraction". */
    public String label() {
        return label;
    }

    public String db() {
        return label;
    }

    public static Phase fromDb(String value) {
        return parse(value).orElseThrow(() -> new IllegalArgumentException("Unknown phase: " + value));
    }

    /** A phase as typed, in any case, with a hyphen, an underscore, a space or nothing between the words. */
    public static Optional<Phase> parse(String text) {
        String wanted = text == null ? "" : text.strip().toLowerCase(Locale.ROOT).replaceAll("[\\s_-]+", "");
        return Arrays.stream(values()).filter(p -> p.label.replace("-", "").equals(wanted)).findFirst();
    }
}
