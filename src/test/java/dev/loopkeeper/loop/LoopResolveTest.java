package dev.loopkeeper.loop;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.loopkeeper.common.InvalidInputException;
import dev.loopkeeper.support.AppTestBase;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** A loop given as text: its number, its concept, or a fragment of exactly one concept. */
class LoopResolveTest extends AppTestBase {
    private LoopService loops;

    LoopResolveTest() {
        super("2026-03-01T10:00:00Z");
    }

    @BeforeEach
    void open() {
        loops = app.loops();
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

        // Not picked, and said to be closed; Bob's open loop is not Ada's to find.
        assertEquals(LoopService.notOpen(loops.find("ada", done.id()).orElseThrow()), none.getMessage());
        // Ada has no open loop left: she is told to park one, and nothing names Bob's.
        assertEquals(LoopErrors.noOpenLoops(LoopScope.Kind.PERSONAL), assertThrows(InvalidInputException.class,
                () -> loops.resolve("ada", "paths")).getMessage());
        assertThrows(InvalidInputException.class, () -> loops.resolve("ada", "  "));
        park("ada", "Bloom filters");
        assertEquals(LoopErrors.noSuchOpenLoop(), assertThrows(InvalidInputException.class,
                () -> loops.resolve("ada", "paths")).getMessage(), "with a loop open, a miss points at the list");
    }

    @Test
    void theNumberOfAClosedLoopSaysItIsClosedAndAnotherPersonsNumberIsNotFound() {
        OpenLoop done = park("ada", "einsum notation");
        loops.close("ada", done.id(), Outcome.LEARNED, null);
        OpenLoop bobs = park("bob", "einsum paths");

        for (String reference : new String[] {"#" + done.id(), String.valueOf(done.id())}) {
            InvalidInputException closed = assertThrows(InvalidInputException.class,
                    () -> loops.resolve("ada", reference));
            assertEquals(dev.loopkeeper.loop.LoopService.notOpen(loops.find("ada", done.id()).orElseThrow()), closed.getMessage(), reference);
        }
        InvalidInputException others = assertThrows(InvalidInputException.class,
                () -> loops.resolve("ada", "#" + bobs.id()));
        assertEquals(LoopErrors.noOpenLoops(LoopScope.Kind.PERSONAL), others.getMessage(),
                "another person's loop is not named (and Ada has none open)");
    }

    @Test
    void aClosedLoopNamedByItsConceptOrAFragmentIsSaidToBeClosedAsItsNumberWouldBe() {
        OpenLoop kalman = park("ada", "Kalman filter");
        loops.close("ada", kalman.id(), Outcome.LEARNED, "it is Bayes");
        park("ada", "particle filter");
        String closed = LoopService.notOpen(loops.find("ada", kalman.id()).orElseThrow());
        for (String reference : new String[] {"Kalman filter", "kalman", "#" + kalman.id()}) {
            InvalidInputException refused = assertThrows(InvalidInputException.class,
                    () -> loops.resolve("ada", reference));
            assertEquals(closed, refused.getMessage(), reference);
        }
        assertTrue(closed.contains("**Kalman filter** was closed as learned"), closed);
        // The mirror case: /reopen of an open loop named by its concept says it is open already, as by its number.
        OpenLoop open = park("ada", "Bloom filters");
        OpenLoop named = loops.resolveClosed(LoopScope.personal("ada"), Actor.person("ada"), "bloom filters");
        assertEquals(open.id(), named.id());
        assertEquals(open.id(), loops.resolveClosed(LoopScope.personal("ada"), Actor.person("ada"), "bloom").id(),
                "a fragment of one open loop alone, as well");
        assertTrue(assertThrows(InvalidInputException.class, () -> loops.reopen(LoopScope.personal("ada"),
                Actor.person("ada"), named.id())).getMessage().contains("is open already; nothing to reopen."));
        // A fragment that fits an open loop finds it; one no loop holds is not found.
        assertEquals("particle filter", loops.resolve("ada", "particle").concept());
        assertEquals(LoopErrors.noSuchOpenLoop(), assertThrows(InvalidInputException.class,
                () -> loops.resolve("ada", "sourdough")).getMessage());
    }

    @Test
    void anOpenConceptThatReadsAsTheNumberOfAClosedLoopIsStillFound() {
        OpenLoop done = park("ada", "einsum notation");
        loops.close("ada", done.id(), Outcome.LEARNED, null);
        OpenLoop numeric = park("ada", String.valueOf(done.id()));

        assertEquals(numeric.id(), loops.resolve("ada", String.valueOf(done.id())).id());
    }
    @Test
    void theNumberOfAClosedLoopIsNeverTakenAsAFragmentOfAnotherConcept() {
        OpenLoop first = park("ada", "einsum notation");
        OpenLoop merged = park("ada", "einsum paths");
        loops.close("ada", merged.id(), Outcome.LEARNED, null);
        loops.close("ada", first.id(), Outcome.LEARNED, null);
        // Open concepts holding both numbers' digits: "2" must not pick "HTTP/2 multiplexing" once #2 is closed.
        park("ada", "HTTP/" + first.id() + " multiplexing, " + merged.id() + " streams");

        for (long closed : new long[] {first.id(), merged.id()}) {
            InvalidInputException refused = assertThrows(InvalidInputException.class,
                    () -> loops.resolve("ada", String.valueOf(closed)));
            assertEquals(dev.loopkeeper.loop.LoopService.notOpen(loops.find("ada", closed).orElseThrow()), refused.getMessage());
        }
        InvalidInputException unknown = assertThrows(InvalidInputException.class, () -> loops.resolve("ada", "999"));
        assertEquals(LoopErrors.noSuchOpenLoop(), unknown.getMessage(), "a number no loop has is not a fragment either");
        assertEquals(first.id(), loops.resolveClosed(LoopScope.personal("ada"),
                Actor.person("ada"), String.valueOf(first.id())).id());
    }
    @Test
    void anyLoopOpenOrClosedIsFoundOpenOnesFirstAndNothingFittingSaysSo() {
        OpenLoop closed = park("ada", "einsum notation");
        loops.close("ada", closed.id(), Outcome.LEARNED, null);
        OpenLoop open = park("ada", "einsum paths");

        assertEquals(open.id(), loops.resolveAny("ada", "einsum").id(), "an open loop before a closed one");
        assertEquals(closed.id(), loops.resolveAny("ada", "notation").id());
        assertEquals(closed.id(), loops.resolveAny("ada", "#" + closed.id()).id());
        assertEquals(LoopErrors.noSuchLoop(), assertThrows(InvalidInputException.class,
                () -> loops.resolveAny("ada", "sourdough")).getMessage());
        assertEquals(LoopErrors.noSuchLoop(), assertThrows(InvalidInputException.class,
                () -> loops.resolveAny("bob", "#" + open.id())).getMessage(), "another person's loop is not named");
    }
}
