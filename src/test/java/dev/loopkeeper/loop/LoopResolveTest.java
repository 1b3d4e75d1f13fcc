package dev.loopkeeper.loop;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.loopkeeper.Loopkeeper;
import dev.loopkeeper.common.InvalidInputException;
import dev.loopkeeper.support.MutableClock;
import dev.loopkeeper.support.TestApp;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A loop given as text: its number, its concept, or a fragment of exactly one concept. */
class LoopResolveTest {
    @TempDir
    Path folder;
    private final MutableClock clock = MutableClock.at("2026-03-01T10:00:00Z");
    private Loopkeeper app;
    private LoopService loops;

    @BeforeEach
    void open() {
        app = TestApp.open(folder, clock);
        loops = app.loops();
    }

    @AfterEach
    void close() {
        app.close();
    }

    private OpenLoop park(String owner, String concept) {
        return ((ParkResult.Parked) loops.park(new ParkRequest(owner, concept, null, Origin.none()))).loop();
    }

    @Test
    void aUniqueFragmentFindsItsLoopIgnoringCaseAndSpacing() {
        OpenLoop kalman = park("ada", "Extended Kalman filter");
        park("ada", "B-tree indexes");
        park("bob", "kalman smoother");

        assertEquals(kalman.id(), loops.resolve("ada", "kalman").id());
        assertEquals(kalman.id(), loops.resolve("ada", "KALMAN  FILTER").id());
        assertEquals(kalman.id(), loops.resolve("ada", "kalmanfilter").id());
    }

    @Test
    void aFragmentOfSeveralNamesThemAndAnExactConceptStillWins() {
        OpenLoop heads = park("ada", "attention heads");
        OpenLoop span = park("ada", "attention span");
        OpenLoop plain = park("ada", "attention");

        InvalidInputException ambiguous = assertThrows(InvalidInputException.class, () -> loops.resolve("ada", "tion "));

        assertEquals("'tion' fits 3 of your open loops: **attention** (#" + plain.id() + "), **attention span** (#"
                + span.id() + "), **attention heads** (#" + heads.id() + "). Type more of the concept, or its number.",
                ambiguous.getMessage());
        assertEquals(plain.id(), loops.resolve("ada", "Attention").id(), "the exact concept is not ambiguous");
    }

    @Test
    void closedLoopsAndOtherPeoplesLoopsAreNotCandidates() {
        OpenLoop done = park("ada", "einsum notation");
        loops.close("ada", done.id(), Outcome.LEARNED, null);
        park("bob", "einsum paths");

        InvalidInputException none = assertThrows(InvalidInputException.class, () -> loops.resolve("ada", "einsum"));

        assertEquals(LoopErrors.noSuchOpenLoop(), none.getMessage());
        assertThrows(InvalidInputException.class, () -> loops.resolve("ada", "  "));
    }
}
