package dev.loopkeeper.loop;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.loopkeeper.storage.BindLimit;
import dev.loopkeeper.support.AppTestBase;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * Lists of loop ids that grow with what a person keeps are bound in chunks: one {@code IN (...)} list of 1,200 ids
 * passed the 999 bound parameters SQLite allowed before 3.32 (and some builds still do), and the read failed.
 */
class LongIdListsTest extends AppTestBase {
    private static final String ADA = "100";

    LongIdListsTest() {
        super("2026-03-01T10:00:00Z");
    }

    @Test
    void twelveHundredIdsAreReadInChunksPastTheOldLimitOfBoundParameters() {
        List<Long> parked = new ArrayList<>();
        for (String concept : List.of("Kalman filter", "Raft consensus", "jazz harmony")) {
            parked.add(((ParkResult.Parked) app.loops().park(new ParkRequest(ADA, concept, null, Origin.none())))
                    .loop().id());
        }
        app.loops().close(ADA, parked.get(0), Outcome.LEARNED, "predict, then correct");
        app.nudges().reflect(ADA, String.valueOf(parked.get(0)), "a gain weighs the two");
        app.loops().snooze(ADA, parked.get(1), Instant.parse("2026-04-01T10:00:00Z"), null);
        if (BindLimit.applies(app.database())) {
            BindLimit.lower(app.database(), 999);
        }
        // The three loops among ids that are no loop of hers (deleted, or never hers).
        List<Long> ids = new ArrayList<>(parked);
        for (long missing = 1_000_000; ids.size() < 1_200; missing++) {
            ids.add(missing);
        }
        LoopStore store = new LoopStore();

        Set<Long> found = app.database().read(sql -> store.findAll(sql, ADA, ids)).stream().map(OpenLoop::id)
                .collect(Collectors.toSet());
        Map<Long, Long> reflections = app.database().read(sql -> store.reflectionCounts(sql, ADA, ids));
        Map<Long, LoopPage.Snooze> snoozes = app.database().read(sql -> store.snoozes(sql, ADA, ids,
                clock.instant(), Map.of()));

        assertEquals(Set.copyOf(parked), found);
        assertEquals(Map.of(parked.get(0), 1L), reflections);
        assertEquals(Set.of(parked.get(1)), snoozes.keySet());
    }
}
