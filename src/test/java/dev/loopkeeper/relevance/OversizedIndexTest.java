package dev.loopkeeper.relevance;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ch.qos.logback.classic.spi.ILoggingEvent;
import dev.loopkeeper.Loopkeeper;
import dev.loopkeeper.loop.LoopStore;
import dev.loopkeeper.loop.Origin;
import dev.loopkeeper.loop.ParkRequest;
import dev.loopkeeper.support.LogLines;
import dev.loopkeeper.support.MutableClock;
import dev.loopkeeper.support.SharedModel;
import dev.loopkeeper.support.TestApp;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A person whose loops weigh more than the whole index may hold are still matched (read from the database each time),
 * and the operator is told once, not on every decision, which setting to raise.
 */
class OversizedIndexTest {
    @TempDir
    Path folder;

    @Test
    void anIndexTooSmallForOnePersonStillDecidesAndSaysSoOnce() {
        String work = "tracking a drone with a Kalman filter";
        List<Long> expected = new java.util.ArrayList<>();
        List<Long> tinyFirst = new java.util.ArrayList<>();
        List<Long> tinyAgain = new java.util.ArrayList<>();
        List<ILoggingEvent> lines = LogLines.of(RelevanceIndex.class, () -> {
            try (Loopkeeper app = TestApp.open(folder, MutableClock.at("2026-03-01T10:00:00Z"))) {
                app.loops().park(new ParkRequest("ada", "Kalman filter", null, Origin.none()));
                app.loops().park(new ParkRequest("ada", "quorum intersection", null, Origin.none()));
                RelevanceIndex tiny = new RelevanceIndex(app.database(), new LoopStore(),
                        new FeedbackStore(new LoopStore()), new RelevanceScorer(SharedModel.embedder(), SharedModel.map()),
                        app.relevance().modelId(), 1024, java.time.Clock.systemUTC());
                expected.addAll(ids(app.relevance().rank("ada", work, 0.6, Set.of(), 3)));
                tinyFirst.addAll(ids(tiny.rank("ada", work, 0.6, Set.of(), 3)));
                tinyAgain.addAll(ids(tiny.rank("ada", work, 0.6, Set.of(), 3)));
            }
        });
        assertEquals(1, expected.size());
        assertEquals(expected, tinyFirst);
        assertEquals(expected, tinyAgain);
        List<String> warnings = lines.stream().map(ILoggingEvent::getFormattedMessage)
                .filter(m -> m.contains("LOOPKEEPER_INDEX_MB")).toList();
        assertEquals(1, warnings.size(), warnings.toString());
        assertTrue(warnings.get(0).startsWith("The open loops of ada (2 of them) weigh 0 MB"), warnings.get(0));
    }

    @Test
    void loopsAddedToAnIndexInPlaceCountAgainstItsBound() {
        try (Loopkeeper app = TestApp.open(folder, MutableClock.at("2026-03-01T10:00:00Z"))) {
            app.loops().park(new ParkRequest("ada", "Kalman filter", null, Origin.none()));
            app.relevance().rank("ada", "tracking a drone", 0.6, Set.of(), 3); // the index is loaded: parks add in place
            long one = app.relevance().heldBytes();
            for (int i = 0; i < 100; i++) {
                app.loops().park(new ParkRequest("ada", "sensor fusion variant " + i, "a why for number " + i,
                        Origin.none()));
            }
            long inPlace = app.relevance().heldBytes();
            app.relevance().forget("ada");
            app.relevance().rank("ada", "tracking a drone", 0.6, Set.of(), 3); // the same 101 loops, read again
            long reloaded = app.relevance().heldBytes();

            assertTrue(reloaded > 50 * one, one + " then " + reloaded + " bytes");
            assertTrue(inPlace >= reloaded * 9 / 10, "in place " + inPlace + " bytes, read again " + reloaded);
        }
    }

    private static List<Long> ids(List<RelevanceIndex.Candidate> candidates) {
        return candidates.stream().map(RelevanceIndex.Candidate::loopId).toList();
    }
}
