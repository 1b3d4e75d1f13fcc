package dev.loopkeeper.loop;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import dev.loopkeeper.Loopkeeper;
import dev.loopkeeper.relevance.RelevanceIndex;
import dev.loopkeeper.support.GateEmbedder;
import dev.loopkeeper.support.MutableClock;
import dev.loopkeeper.support.SharedModel;
import dev.loopkeeper.support.TestApp;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A loop closed while its vectors are still being computed (parked in a burst, closed at once) gets its vectors, for
 * search, but never goes back into the open loops its owner's reminders are ranked from.
 */
class LateVectorsClosedTest {
    private static final String ADA = "100";

    @TempDir
    Path folder;

    @Test
    void aLoopClosedBeforeItsVectorsLandStaysOutOfTheOpenLoopsIndex() throws Exception {
        GateEmbedder gate = new GateEmbedder();
        try (Loopkeeper app = Loopkeeper.open(TestApp.config(folder), MutableClock.at("2026-03-01T10:00:00Z"), gate,
                SharedModel.map())) {
            // Another loop first, so the person's index has vectors to add the late one beside.
            app.loops().park(new ParkRequest(ADA, "Kalman filter", null, Origin.none()));
            gate.hold(text -> text.endsWith(" of sourdough starter.")); // the loop, not the focus below
            PendingPark pending = app.loops().parkCommittingFirst(new ParkRequest(ADA, "sourdough starter", null,
                    Origin.none())).get(10, TimeUnit.SECONDS);
            long id = assertInstanceOf(ParkResult.Parked.class, pending.result()).loop().id();
            gate.awaitHeld();
            app.loops().close(ADA, id, Outcome.LET_GO, null);
            // A decision between the close and the vectors loads the person's index as it is now.
            assertEquals(List.of(), ranked(app));

            gate.release();
            pending.closeTo().get(10, TimeUnit.SECONDS);

            assertEquals(gate.modelId(), app.database().read(sql -> sql.queryOne(
                    "SELECT embedding_model FROM open_loop WHERE id = ?", row -> row.getString(1), id)).orElse(null),
                    "its vectors are saved, for search");
            assertEquals(List.of(), ranked(app), "the closed loop is not ranked for a focus on it");
        }
    }

    private static List<Long> ranked(Loopkeeper app) {
        return app.relevance().rank(ADA, "feeding my sourdough starter", 0.6, Set.of(), 5).stream()
                .map(RelevanceIndex.Candidate::loopId).toList();
    }
}
