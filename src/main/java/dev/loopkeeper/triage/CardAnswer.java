package dev.loopkeeper.triage;

import dev.loopkeeper.loop.Triage;
import java.util.Arrays;
import java.util.Optional;

/**
 * What a person answers to a triage card: a class, let it go, or skip. {@link #id()} is the word a Discord button
 * carries and the console reads (typed words are loosened to it first).
 */
public enum CardAnswer {
    CORE("core"), ADJACENT("adjacent"), PERIPHERAL("peripheral"), LET_GO("letgo"), SKIP("skip");

    private final String id;

    CardAnswer(String id) {
        this.id = id;
    }

    public String id() {
        return id;
    }

    /** The class this answer sets, for the three that set one. */
    public Optional<Triage> triage() {
        return switch (this) {
            case CORE -> Optional.of(Triage.CORE);
            case ADJACENT -> Optional.of(Triage.ADJACENT);
            case PERIPHERAL -> Optional.of(Triage.PERIPHERAL);
            default -> Optional.empty();
        };
    }

    /** The answer a button's or a loosened word's {@link #id()} names; empty for anything else. */
    public static Optional<CardAnswer> of(String id) {
        return Arrays.stream(values()).filter(a -> a.id.equals(id)).findFirst();
    }
}
