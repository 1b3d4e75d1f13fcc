package dev.loopkeeper.loop;

import dev.loopkeeper.common.Paged;
import java.util.List;
import java.util.Map;

/**
 * One page of a scope's loops (a person's, or a server's shared lot); {@code page} counts from zero. {@code notes}
 * holds the whys and sources each shown loop gathered after it was parked, oldest first; {@code interest} how many
 * people each shown server loop matters to (empty for personal loops); {@code inStage} how many loops the filter's
 * stage holds whatever their class (so an empty "core" list can tell "none is core" from "there are none").
 */
public record LoopPage(LoopFilter filter, List<OpenLoop> loops, Map<Long, List<LoopNote>> notes, int page,
        int pageSize, long total, LoopScope scope, Map<Long, Long> interest, Map<Long, Snooze> snoozes, long inStage)
        implements Paged {

    /** A page with no loop snoozed, its stage holding no loops beyond those the filter counts. */
    public LoopPage(LoopFilter filter, List<OpenLoop> loops, Map<Long, List<LoopNote>> notes, int page, int pageSize,
            long total, LoopScope scope, Map<Long, Long> interest) {
        this(filter, loops, notes, page, pageSize, total, scope, interest, Map.of(), total);
    }

    /**
     * Why a shown open loop stays out of reminders for now: snoozed until a moment ({@code until}), or while the focus
     * it was snoozed for stays active ({@code until} null, {@code focus} that focus's text).
     */
    public record Snooze(java.time.Instant until, String focus) {
        public static Snooze until(java.time.Instant moment) {
            return new Snooze(moment, null);
        }

        public static Snooze whileFocus(String focus) {
            return new Snooze(null, focus);
        }

        public boolean whileFocus() {
            return until == null;
        }
    }

    /** How a shown loop is snoozed right now, if it is. */
    public java.util.Optional<Snooze> snoozeOf(long loopId) {
        return java.util.Optional.ofNullable(snoozes.get(loopId));
    }

    public List<LoopNote> notesOf(long loopId) {
        return notes.getOrDefault(loopId, List.of());
    }

    /** How many people a shown loop matters to (the "me too" count); 0 for a personal loop. */
    public long interestOf(long loopId) {
        return interest.getOrDefault(loopId, 0L);
    }
}
