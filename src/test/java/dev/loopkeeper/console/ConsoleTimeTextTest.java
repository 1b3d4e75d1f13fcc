package dev.loopkeeper.console;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.loopkeeper.support.MutableClock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

class ConsoleTimeTextTest {
    private final MutableClock clock = MutableClock.at("2026-03-01T10:00:00Z");
    private final AtomicReference<ZoneId> zone = new AtomicReference<>(ZoneOffset.UTC);
    private final ConsoleTimeText time = new ConsoleTimeText(clock, zone::get);

    private Instant in(Duration d) {
        return clock.instant().plus(d);
    }

    @Test
    void aMomentAheadReadsAsItsNearestUnitNotOneLess() {
        // A focus "for 2d" is shown a few milliseconds after it was set.
        assertEquals("in 2 days", time.relative(in(Duration.ofDays(2).minusMillis(3))));
        assertEquals("in 3 hours", time.relative(in(Duration.ofHours(3).minusSeconds(1))));
        assertEquals("in 7 days", time.relative(in(Duration.ofDays(7).minusMinutes(1))));
        assertEquals("in 3 weeks", time.relative(in(Duration.ofDays(21).minusHours(2))));
        assertEquals("2 days ago", time.relative(in(Duration.ofDays(-2).plusMinutes(5))));
        assertEquals("just now", time.relative(clock.instant()));
        assertEquals("in a moment", time.relative(in(Duration.ofSeconds(10))));
        assertEquals("in 1 day", time.relative(in(Duration.ofHours(23))));
    }

    @Test
    void datesAreInThePersonsZoneAndNameIt() {
        Instant moment = in(Duration.ofDays(2));
        assertEquals("Tue 3 Mar 10:00 UTC", time.dateTime(moment));
        assertEquals("Tue 3 Mar 10:00 UTC, in 2 days", time.dateAndDistance(moment));
        assertEquals("3 Mar 2026", time.date(moment));

        zone.set(ZoneId.of("Asia/Tokyo"));
        assertEquals("Tue 3 Mar 19:00 JST", time.dateTime(moment));
        assertEquals("Fri 1 Jan 2027 09:00 JST", time.dateTime(Instant.parse("2027-01-01T00:00:00Z")),
                "another year is named");
    }
}
