package dev.loopkeeper.nudge;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

/**
 * Weekly slots in wall-clock time: the same local time across both daylight-saving changes in three zones (one in
 * the southern hemisphere, whose clocks move the other way), a local time the clocks skip, and one they repeat.
 */
class WeeklySlotTest {

    /**
     * A year of weekly slots from the first after {@code start}: every one at the same local time and weekday, exactly
     * 52 of them, one week apart on the wall clock, and the UTC offset changing exactly twice (both DST changes).
     */
    @ParameterizedTest
    @CsvSource({
            "Europe/Berlin, SUNDAY, 18:00, 2026-01-01T00:00:00Z",
            "America/New_York, MONDAY, 09:30, 2026-01-01T00:00:00Z",
            "Australia/Sydney, SUNDAY, 18:00, 2026-01-01T00:00:00Z",
            "America/Santiago, FRIDAY, 07:15, 2026-01-01T00:00:00Z"})
    void theLocalTimeHoldsAcrossBothDaylightSavingChanges(String zone, DayOfWeek day, String time, String start) {
        WeeklySlot slot = new WeeklySlot(day, LocalTime.parse(time), ZoneId.of(zone));
        Instant now = Instant.parse(start);
        LocalDateTime next = slot.firstSlotAfter(now);
        Set<Integer> offsets = new HashSet<>();
        int offsetChanges = 0;
        Integer previous = null;
        for (int week = 0; week < 52; week++) {
            ZonedDateTime at = slot.zoned(next);
            assertEquals(LocalTime.parse(time), at.toLocalTime(), "week " + week + ": " + at);
            assertEquals(day, at.getDayOfWeek(), "week " + week + ": " + at);
            int offset = at.getOffset().getTotalSeconds();
            offsets.add(offset);
            if (previous != null && previous != offset) {
                offsetChanges++;
            }
            previous = offset;
            Instant sent = slot.resolve(next);
            // The job runs a little after the slot; the next slot is computed from the slot, not from that moment.
            next = slot.nextAfter(next, sent.plusSeconds(90));
        }
        assertEquals(2, offsets.size(), "standard and summer time: " + offsets);
        assertEquals(2, offsetChanges, zone);
    }

    @Test
    void aLocalTimeTheClocksSkipRunsAtTheFirstValidMinuteAfterTheGap() {
        // Berlin, Sunday 29 March 2026: 02:00 CET jumps to 03:00 CEST, so 02:30 does not exist that day.
        WeeklySlot slot = new WeeklySlot(DayOfWeek.SUNDAY, LocalTime.of(2, 30), ZoneId.of("Europe/Berlin"));
        LocalDateTime gapDay = slot.firstSlotAfter(Instant.parse("2026-03-28T12:00:00Z"));
        assertEquals(LocalDateTime.parse("2026-03-29T02:30"), gapDay);
        assertEquals(Instant.parse("2026-03-29T01:00:00Z"), slot.resolve(gapDay), "03:00 CEST, the first valid minute");
        assertEquals("2026-03-29T03:00+02:00[Europe/Berlin]", slot.zoned(gapDay).toString());
        // The week after, 02:30 exists again and the slot is back at 02:30 local.
        LocalDateTime after = slot.nextAfter(gapDay, slot.resolve(gapDay));
        assertEquals("2026-04-05T02:30+02:00[Europe/Berlin]", slot.zoned(after).toString());
        // Sydney springs forward on Sunday 4 October 2026 at 02:00 to 03:00.
        WeeklySlot sydney = new WeeklySlot(DayOfWeek.SUNDAY, LocalTime.of(2, 15), ZoneId.of("Australia/Sydney"));
        LocalDateTime spring = sydney.firstSlotAfter(Instant.parse("2026-10-02T00:00:00Z"));
        assertEquals("2026-10-04T03:00+11:00[Australia/Sydney]", sydney.zoned(spring).toString());
    }

    @Test
    void aLocalTimeTheClocksRepeatRunsOnce() {
        // Berlin, Sunday 25 October 2026: 03:00 CEST falls back to 02:00 CET, so 02:30 happens twice.
        WeeklySlot slot = new WeeklySlot(DayOfWeek.SUNDAY, LocalTime.of(2, 30), ZoneId.of("Europe/Berlin"));
        LocalDateTime twice = slot.firstSlotAfter(Instant.parse("2026-10-24T12:00:00Z"));
        Instant first = slot.resolve(twice);
        assertEquals(Instant.parse("2026-10-25T00:30:00Z"), first, "the first 02:30 (CEST)");
        // Asked again between the two occurrences, and right after the second one, the next slot is next week.
        Instant betweenThem = Instant.parse("2026-10-25T01:00:00Z");
        Instant afterSecond = Instant.parse("2026-10-25T01:31:00Z");
        assertEquals(LocalDateTime.parse("2026-11-01T02:30"), slot.nextAfter(twice, betweenThem));
        assertEquals(LocalDateTime.parse("2026-11-01T02:30"), slot.firstSlotAfter(betweenThem));
        assertEquals(LocalDateTime.parse("2026-11-01T02:30"), slot.firstSlotAfter(afterSecond));
    }

    @Test
    void theFirstSlotIsTheNextOneStrictlyAfterNow() {
        WeeklySlot slot = new WeeklySlot(DayOfWeek.MONDAY, LocalTime.of(18, 0), ZoneId.of("Europe/Berlin"));
        // Monday 30 November 2026, 16:59 UTC = 17:59 in Berlin: today's 18:00 is still ahead.
        assertEquals(LocalDateTime.parse("2026-11-30T18:00"), slot.firstSlotAfter(Instant.parse("2026-11-30T16:59:00Z")));
        // At 18:00 exactly it is not after now: next week.
        assertEquals(LocalDateTime.parse("2026-12-07T18:00"), slot.firstSlotAfter(Instant.parse("2026-11-30T17:00:00Z")));
        // Tonga is a day ahead of UTC: its Monday starts while it is Sunday in UTC.
        WeeklySlot tonga = new WeeklySlot(DayOfWeek.MONDAY, LocalTime.of(6, 0), ZoneId.of("Pacific/Tongatapu"));
        LocalDateTime next = tonga.firstSlotAfter(Instant.parse("2026-11-29T16:00:00Z"));
        assertEquals(LocalDateTime.parse("2026-11-30T06:00"), next);
        assertTrue(tonga.resolve(next).isAfter(Instant.parse("2026-11-29T16:00:00Z")));
    }
}
