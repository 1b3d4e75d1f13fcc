package dev.loopkeeper.poll;

import dev.loopkeeper.loop.Triage;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/** The four answers of a triage poll, in the order the poll shows them. */
public enum PollAnswer {
    CORE("Core", Triage.CORE),
    ADJACENT("Adjacent", Triage.ADJACENT),
    PERIPHERAL("Peripheral", Triage.PERIPHERAL),
    LET_GO("Let it go", null);

    public static final List<PollAnswer> ALL = List.of(values());

    private final String label;
    private final Triage triage;

    PollAnswer(String label, Triage triage) {
        this.label = label;
        this.triage = triage;
    }

    /** The answer's text in the poll (well under Discord's 55 characters). */
    public String label() {
        return label;
    }

    /** The class this answer writes back; empty for "Let it go", which closes the loop instead. */
    public Optional<Triage> triage() {
        return Optional.ofNullable(triage);
    }

    /** The answer whose text this is (as Discord returns it, or as a person types it: "let go", "core"). */
    public static Optional<PollAnswer> parse(String text) {
        String wanted = loose(text);
        return Arrays.stream(values())
                .filter(a -> loose(a.label).equals(wanted) || loose(a.name()).equals(wanted)
                        || a == LET_GO && wanted.equals("letgo"))
                .findFirst();
    }

    private static String loose(String text) {
        return text == null ? "" : text.toLowerCase(Locale.ROOT).replaceAll("[\\s_-]+", "");
    }
}
