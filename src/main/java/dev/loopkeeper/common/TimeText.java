package dev.loopkeeper.common;

import java.time.Instant;

/**
 * How a front shows a moment: Discord renders its own timestamps, the console spells them out. Both fronts give
 * dates too; a front (or a test) that knows only relative times falls back to them.
 */
@FunctionalInterface
public interface TimeText {
    /** "3 days ago" or "in 2 hours", in the front's own way. */
    String relative(Instant moment);

    /** The day and the time of day, such as "Tue 3 Mar 10:00 UTC". */
    default String dateTime(Instant moment) {
        return relative(moment);
    }

    /** The day alone, such as "3 Mar 2026". */
    default String date(Instant moment) {
        return relative(moment);
    }

    /** A moment ahead as people say it: the day and time, then how far away ("Tue 3 Mar 10:00 UTC, in 2 days"). */
    default String dateAndDistance(Instant moment) {
        return dateTime(moment) + ", " + relative(moment);
    }
}
