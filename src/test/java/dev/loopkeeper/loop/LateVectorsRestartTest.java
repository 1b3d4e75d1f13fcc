package dev.loopkeeper.loop;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.loopkeeper.Loopkeeper;
import dev.loopkeeper.support.GateEmbedder;
import dev.loopkeeper.support.MutableClock;
import dev.loopkeeper.support.SharedModel;
import dev.loopkeeper.support.TestApp;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A park committed before its vectors, in a process that stops before computing them (its embedding held at a gate,
 * as a crash would leave it), loses nothing: the row is there without vectors, and the next start's re-embedding gives
 * them, after which the loop is matched and found as a near-duplicate like any other.
 */
class LateVectorsRestartTest {
    @TempDir
    Path folder;

    @Test
    void aLoopCommittedWithoutVectorsGetsThemAtTheNextStart() throws Exception {
        MutableClock clock = MutableClock.at("2026-03-01T10:00:00Z");
        GateEmbedder gate = new GateEmbedder();
        Loopkeeper crashed = Loopkeeper.open(TestApp.config(folder), clock, gate, SharedModel.map());
        try {
            gate.hold(text -> text.contains("quorum intersection"));
            PendingPark pending = crashed.loops().parkCommittingFirst(new ParkRequest("100", "quorum intersection",
                    null, Origin.none())).get(10, TimeUnit.SECONDS);
            long id = assertInstanceOf(ParkResult.Parked.class, pending.result()).loop().id();
            gate.awaitHeld();
            assertTrue(crashed.database().read(sql -> new LoopStore().embedded(sql, "100", id,
                    gate.modelId())).isEmpty(), "committed, its vectors not yet");

            // The process is gone before its vectors were saved: a new one opens the same file.
            try (Loopkeeper restarted = TestApp.open(folder, clock)) {
                assertEquals(1, restarted.relevance().reembedStale(), "the start-up job embeds it");
                assertTrue(restarted.database().read(sql -> new LoopStore().embedded(sql, "100", id,
                        gate.modelId())).isPresent());
                ParkResult.Parked again = assertInstanceOf(ParkResult.Parked.class, restarted.loops().park(
                        new ParkRequest("100", "quorum intersections", null, Origin.none())));
                assertEquals(id, again.closeTo().orElseThrow().id(), "matched like any loop");
            }
        } finally {
            gate.release();
            crashed.close();
        }
    }
}
