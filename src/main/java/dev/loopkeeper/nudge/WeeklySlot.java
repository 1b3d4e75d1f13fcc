package dev.loopkeeper.nudge;

import dev.loopkeeper.settings.PersonSettings;
import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.temporal.TemporalAdjusters;
import java.time.zone.ZoneOffsetTransition;

/**
 * A weekly wall-clock time in a zone, such as Sunday 18:00 in Europe/Berlin. Slots are local date-times; each is
 * resolved to an instant on its own, so 18:00 stays 18:00 local across daylight-saving changes. A slot that falls in
 * a gap (the clocks jump over it) runs at the first valid minute after the gap; one that falls in an overlap (the
 * clocks repeat it) runs once, at its first occurrence.
 */
public record WeeklySlot(DayOfWeek day, LocalTime time, ZoneId zone) {

    /**
     * The most a daylight-saving change moves a slot against the one a week before: 18:00 in Europe/Berlin is 169 hours
     * after the last across the autumn change, 167 across the spring one (an hour almost everywhere, half an hour on
     * Lord Howe Island, two at Antarctica/Troll).
     */
    public static final java.time.Duration CLOCK_CHANGE = java.time.Duration.ofHours(2);

    public WeeklySlot {
        time = time.withSecond(0).withNano(0);
    }

    /**
     * A slot as stored: the ISO weekday (1 Monday .. 7 Sunday), {@code HH:MM} and an IANA zone. Throws a
     * {@link java.time.DateTimeException} for any this version cannot read (a zone a newer JVM wrote, an import's
     * typo), which the store and the import each answer in their own way.
     */
    public static WeeklySlot stored(int weekday, String time, String zone) {
        return new WeeklySlot(DayOfWeek.of(weekday), LocalTime.parse(time),
                PersonSettings.zone(zone));
    }

    /** The instant a local slot stands for. */
    public Instant resolve(LocalDateTime slot) {
        ZoneOffsetTransition gap = zone.getRules().getTransition(slot);
        if (gap != null && gap.isGap()) {
            // java.time would shift by the gap's length (02:30 -> 03:30); the first valid minute is the transition.
            return gap.getInstant();
        }
        // Overlap: ofLocal with no preference takes the earlier offset, and one slot is one instant, so it runs once.
        return ZonedDateTime.ofLocal(slot, zone, null).toInstant();
    }

    /** The first slot whose instant is strictly after {@code now}. */
    public LocalDateTime firstSlotAfter(Instant now) {
        LocalDateTime slot = now.atZone(zone).toLocalDate().with(TemporalAdjusters.nextOrSame(day)).atTime(time);
        // Going back a week first covers a slot earlier this week whose instant is still ahead (a gap, or a zone whose
        // local date is behind): the loop below then finds the earliest one after now.
        slot = slot.minusWeeks(1);
        while (!resolve(slot).isAfter(now)) {
            slot = slot.plusWeeks(1);
        }
        return slot;
    }

    /**
     * The slot after {@code slot} that is still ahead of {@code now}: a week later on the wall clock, and further
     * weeks when the bot was down longer than that. Computed from the slot, never from now, so it never drifts.
     */
    public LocalDateTime nextAfter(LocalDateTime slot, Instant now) {
        LocalDateTime next = slot.plusWeeks(1);
        while (!resolve(next).isAfter(now)) {
            next = next.plusWeeks(1);
        }
        return next;
    }

    /** The slot as the person sees it: the zoned date-time it runs at. */
    public ZonedDateTime zoned(LocalDateTime slot) {
        return resolve(slot).atZone(zone);
    }
}
