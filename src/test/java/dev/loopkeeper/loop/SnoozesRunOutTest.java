package dev.loopkeeper.loop;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.loopkeeper.support.AppTestBase;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Which snoozes the delivery job finds run out: those that ended within the last day. Nothing took a snooze off before
 * the job looked for them, so a file from before holds every snooze that ever ran out; found all at once after the
 * upgrade, each would have brought its loop back in one burst, every person's together.
 */
class SnoozesRunOutTest extends AppTestBase {
    private static final String ADA = "100";

    SnoozesRunOutTest() {
        super("2026-03-01T10:00:00Z");
    }

    @Test
    void onlySnoozesThatRanOutWithinTheLastDayAreFound() {
        Instant now = clock.instant();
        long longAgo = parkSnoozedUntil("Kalman filter", now.minus(Duration.ofDays(40)));
        long justNow = parkSnoozedUntil("Raft consensus", now.minus(Duration.ofHours(2)));
        long ahead = parkSnoozedUntil("jazz harmony", now.plus(Duration.ofDays(3)));
        LoopStore store = new LoopStore();

        List<Long> found = app.database().read(sql -> store.snoozesRunOut(sql, ADA, now, 200)).stream()
                .map(LoopStore.RunOut::loopId).toList();

        assertEquals(List.of(justNow), found, "long ago: #" + longAgo + ", ahead: #" + ahead);
    }

    private long parkSnoozedUntil(String concept, Instant until) {
        long id = ((ParkResult.Parked) app.loops().park(new ParkRequest(ADA, concept, null, Origin.none()))).loop().id();
        app.database().write(sql -> sql.update("UPDATE open_loop SET snoozed_until = ? WHERE id = ?",
                until.toEpochMilli(), id));
        return id;
    }
}
