package dev.loopkeeper.settings;

import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;

/**
 * A daily window, in a person's own time zone, when reminders wait; it may wrap past midnight (22:00-08:00). Its
 * ends differ: the same time for both is refused when set.
 */
public record QuietHours(LocalTime from, LocalTime to, ZoneId zone) {

    public boolean contains(Instant moment) {
        LocalTime local = moment.atZone(zone).toLocalTime();
        if (from.equals(to)) {
            return false; // never stored (the service refuses it), but a window of no length holds no moment
        }
        return from.isBefore(to)
                ? !local.isBefore(from) && local.isBefore(to)
                : !local.isBefore(from) || local.isBefore(to);
    }

    /** When the window that contains {@code moment} ends; DST gaps resolve to the next valid instant. */
    public Instant endAfter(Instant moment) {
        ZonedDateTime here = moment.atZone(zone);
        ZonedDateTime end = here.toLocalDate().atTime(to).atZone(zone);
        if (!end.isAfter(here)) {
            end = here.toLocalDate().plusDays(1).atTime(to).atZone(zone);
        }
        return end.toInstant();
    }
}
