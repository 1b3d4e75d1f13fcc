package dev.loopkeeper.nudge;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.loopkeeper.console.ConsoleTimeText;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

/** How old the nudge says a loop is ("the oldest 6 days", "Oldest core: Paxos (2 weeks)"). */
class NudgeAgeTest {
    private static final Instant DUE = Instant.parse("2026-10-18T16:00:00Z");

    private static String age(Duration old) {
        return NudgeMessages.age(DUE.minus(old), DUE);
    }

    @Test
    void aLoopsAgeReadsAsListsSayItAtTheSameMomentRoundedNotCutDown() {
        // Parked 5 days 20 hours before the nudge: /loops said "6 days ago" while the nudge said "(5 days)"; 13 days
        // 13 hours was "2 weeks ago" in the list and "13 days" in the nudge.
        assertEquals("6 days", age(Duration.ofDays(5).plusHours(20)));
        assertEquals("2 weeks", age(Duration.ofDays(13).plusHours(13)));
        assertEquals("6 days", age(Duration.ofDays(6).plusHours(9)));
        assertEquals("under a day", age(Duration.ofHours(20)));
        assertEquals("1 day", age(Duration.ofHours(23)));
        assertEquals("4 weeks", age(Duration.ofDays(25)));
        assertEquals("9 weeks", age(Duration.ofDays(63)));

        ConsoleTimeText list = new ConsoleTimeText(java.time.Clock.fixed(DUE, ZoneOffset.UTC), () -> ZoneOffset.UTC);
        for (long hours = 22; hours < 60 * 24; hours += 7) {
            Duration old = Duration.ofHours(hours);
            assertEquals(list.relative(DUE.minus(old)), age(old) + " ago", "parked " + old + " before the nudge");
        }
    }

    @Test
    void pastAYearItSaysOverAYearNotSixtyWeeks() {
        assertEquals("52 weeks", age(Duration.ofDays(364)));
        assertEquals("over a year", age(Duration.ofDays(365)));
        assertEquals("over a year", age(Duration.ofDays(7 * 60)));
        assertEquals("over a year", age(Duration.ofDays(729)));
        assertEquals("over 2 years", age(Duration.ofDays(800)));
        assertEquals("over 3 years", age(Duration.ofDays(3 * 365 + 10)));
    }
}
