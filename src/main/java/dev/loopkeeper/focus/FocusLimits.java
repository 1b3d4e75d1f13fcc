package dev.loopkeeper.focus;

import java.time.Duration;
import java.util.Collection;

/** The limits on focus items, in one place that the service, its wording and the command registry all read. */
public final class FocusLimits {
    /** Longest focus text, in characters as a person counts them. */
    public static final int MAX_TEXT = 1000;
    /** Most focus items one person has active at once. */
    public static final int MAX_ACTIVE = 25;
    /** Longest {@code for} a focus may be given. */
    public static final Duration MAX_DURATION = Duration.ofDays(365);
    /** Longest duration text accepted, such as {@code 1w2d12h30m}. */
    public static final int MAX_DURATION_TEXT = 20;

    /**
     * Whether a person may have items of these sources active at once: {@link #MAX_ACTIVE}, and one more of each
     * source never refused at the limit (a work-log note, a thread title), since each takes the place of one of its
     * own kind there ({@code FocusService#set}). What an import checks, so it brings in no more than setting them would.
     */
    public static boolean withinLimit(Collection<FocusSource> active) {
        long automatic = active.stream().filter(source -> source != FocusSource.COMMAND).distinct().count();
        return active.size() <= MAX_ACTIVE + automatic;
    }

    private FocusLimits() {
    }
}
