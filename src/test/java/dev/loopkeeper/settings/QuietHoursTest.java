package dev.loopkeeper.settings;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import org.junit.jupiter.api.Test;

/** Quiet hours end the first time the person's clock reads their end, across both changes of summer time. */
class QuietHoursTest {
    /** 23:00 to 02:30 in Berlin: the end falls in the hour the clocks skip in March and repeat in October. */
    private static final QuietHours NIGHT = new QuietHours(LocalTime.of(23, 0), LocalTime.of(2, 30),
            ZoneId.of("Europe/Berlin"));

    private static Instant at(String instant) {
        return Instant.parse(instant);
    }

    @Test
    void anOrdinaryNightEndsAtItsEndThatNightOrTheNext() {
        assertEquals(at("2026-06-10T00:30:00Z"), NIGHT.endAfter(at("2026-06-09T21:00:00Z")), "23:00 summer time");
        assertEquals(at("2026-06-10T00:30:00Z"), NIGHT.endAfter(at("2026-06-10T00:15:00Z")), "02:15");
    }

    @Test
    void inTheRepeatedHourTheSecondReadingOfTheEndIsTheEnd() {
        // 25 October 2026: 03:00 summer time becomes 02:00 winter time, so 02:00-03:00 happens twice.
        assertEquals(at("2026-10-25T00:30:00Z"), NIGHT.endAfter(at("2026-10-25T00:15:00Z")), "the first 02:15");
        Instant secondQuarterPast = at("2026-10-25T01:15:00Z"); // the second 02:15, in the window again
        assertTrue(NIGHT.contains(secondQuarterPast));
        assertEquals(at("2026-10-25T01:30:00Z"), NIGHT.endAfter(secondQuarterPast), "the second 02:30, not tomorrow's");
    }

    @Test
    void anEndTheClocksJumpOverIsTheMomentTheyJump() {
        // 29 March 2026: 02:00 winter time becomes 03:00 summer time; 02:30 never happens.
        assertEquals(at("2026-03-29T01:00:00Z"), NIGHT.endAfter(at("2026-03-29T00:30:00Z")), "03:00 summer time");
    }
}
