package dev.loopkeeper.settings;

import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.zone.ZoneOffsetTransition;

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

    /**
     * When the window that contains {@code moment} ends: the first moment after it that the person's clock reads
     * {@code to}. In the hour a change of summer time repeats, that is the second reading when the first has passed
     * (it had been taken for tomorrow's, a day late); an end the clocks jump over is the moment they jump.
     */
    public Instant endAfter(Instant moment) {
        ZonedDateTime here = moment.atZone(zone);
        for (LocalDate day = here.toLocalDate(); ; day = day.plusDays(1)) {
            ZonedDateTime end = endOn(day);
            if (end.isAfter(here)) {
                return end.toInstant();
            }
            ZonedDateTime repeated = end.withLaterOffsetAtOverlap();
            if (repeated.isAfter(here)) {
                return repeated.toInstant();
            }
        }
    }

    private ZonedDateTime endOn(LocalDate day) {
        LocalDateTime local = day.atTime(to);
        ZoneOffsetTransition transition = zone.getRules().getTransition(local);
        return transition != null && transition.isGap() ? transition.getInstant().atZone(zone) : local.atZone(zone);
    }
}
