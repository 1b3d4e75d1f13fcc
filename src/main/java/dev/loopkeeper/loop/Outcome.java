package dev.loopkeeper.loop;

import dev.loopkeeper.common.InvalidInputException;
import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/** How a loop ended. */
public enum Outcome {
    LEARNED("learned"), APPLIED("applied"), MERGED("merged"), LET_GO("let go");

    private final String label;

    Outcome(String label) {
        this.label = label;
    }

    public String label() {
        return label;
    }

    public String db() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Outcome fromDb(String value) {
        return valueOf(value.toUpperCase(Locale.ROOT));
    }

    /** The outcome a person typed, or a message saying which ones there are. */
    public static Outcome require(String text) {
        return parse(text).orElseThrow(() -> new InvalidInputException(LoopErrors.unknownOutcome(text)));
    }

    /** Accepts the label ("let go"), the stored form ("let_go") or the enum name, in any case. */
    public static Optional<Outcome> parse(String text) {
        String wanted = text.strip().toLowerCase(Locale.ROOT).replace('-', ' ').replace('_', ' ')
                .replaceAll("\\s+", " ");
        return Arrays.stream(values()).filter(o -> o.label.equals(wanted)).findFirst();
    }
}
