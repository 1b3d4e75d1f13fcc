package dev.loopkeeper.loop;

import dev.loopkeeper.common.InvalidInputException;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/** Which loops {@code /loops} shows: by life stage, and optionally by triage class. */
public record LoopFilter(Stage stage, Optional<Triage> triage) {

    /** The stages a person can ask for; each maps to stored statuses. */
    public enum Stage {
        OPEN(List.of(LoopStatus.OPEN, LoopStatus.ACTIVE)),
        ACTIVE(List.of(LoopStatus.ACTIVE)),
        /**
         * Closed loops. No command archives a loop (the weekly nudge offers to let untouched peripheral loops go
         * instead), but the status is in the schema and an import restores what a file says: {@link #ALL} lists an
         * archived one. Not here: {@code status IN} two values would sort every page of a person's closed loops rather
         * than read them in the index's order.
         */
        CLOSED(List.of(LoopStatus.CLOSED)),
        ALL(List.of(LoopStatus.OPEN, LoopStatus.ACTIVE, LoopStatus.CLOSED, LoopStatus.ARCHIVED));

        private final List<LoopStatus> statuses;

        Stage(List<LoopStatus> statuses) {
            this.statuses = statuses;
        }

        public List<LoopStatus> statuses() {
            return statuses;
        }

        public String label() {
            return name().toLowerCase(Locale.ROOT);
        }

        public static Optional<Stage> parse(String text) {
            return Arrays.stream(values()).filter(s -> s.label().equals(text.strip().toLowerCase(Locale.ROOT)))
                    .findFirst();
        }
    }

    public static LoopFilter open() {
        return new LoopFilter(Stage.OPEN, Optional.empty());
    }

    /**
     * The filter of a search ({@code /loops query:}): as {@link #parse}, but with no status given it searches every
     * loop, open and closed alike. A search is how a person finds again what they parked or learned; what they closed
     * is as much theirs to find as what is open, and each result says which it is.
     */
    public static LoopFilter parseForSearch(String stage, String triage) {
        LoopFilter filter = parse(stage, triage);
        return stage == null ? new LoopFilter(Stage.ALL, filter.triage()) : filter;
    }

    /**
     * Reads the filter as a person gave it (either part may be null: open loops, any triage class); both fronts
     * use this, so a typo gets the same answer everywhere.
     */
    public static LoopFilter parse(String stage, String triage) {
        Stage parsedStage = stage == null ? Stage.OPEN : Stage.parse(stage)
                .orElseThrow(() -> new InvalidInputException(LoopErrors.unknownStatus(stage)));
        Optional<Triage> parsedTriage = Optional.empty();
        if (triage != null) {
            parsedTriage = Optional.of(Triage.parse(triage)
                    .orElseThrow(() -> new InvalidInputException(LoopErrors.unknownTriage(triage))));
        }
        return new LoopFilter(parsedStage, parsedTriage);
    }
}
