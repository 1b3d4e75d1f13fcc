package dev.loopkeeper.relevance;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.loopkeeper.Loopkeeper;
import dev.loopkeeper.focus.FocusSource;
import dev.loopkeeper.loop.LoopScope;
import dev.loopkeeper.loop.Origin;
import dev.loopkeeper.loop.ParkRequest;
import dev.loopkeeper.support.MutableClock;
import dev.loopkeeper.support.TestApp;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** After /forget-me nothing the person typed stays in the relevance caches' memory (they are keyed by text). */
class ForgetMemoryTest {
    @TempDir
    Path folder;

    @Test
    void forgettingAPersonLeavesNoneOfTheirTextsInMemory() {
        try (Loopkeeper app = TestApp.open(folder, MutableClock.at("2026-03-01T10:00:00Z"))) {
            app.loops().park(new ParkRequest("ada", "antiretroviral therapy", "my diagnosis last week", Origin.none()));
            app.focus().set("ada", "coping with my divorce paperwork", Optional.empty(), FocusSource.COMMAND, null,
                    null);
            app.relevance().rank("ada", "reading about antiretroviral therapy", 0.6, Set.of(), 3);
            List<String> typed = List.of("antiretroviral therapy", "my diagnosis last week",
                    "coping with my divorce paperwork", "reading about antiretroviral therapy");
            Set<String> before = app.relevance().textsHeld();
            assertTrue(typed.stream().anyMatch(text -> before.stream().anyMatch(held -> held.contains(text))),
                    "the caches held their texts: " + before);

            app.data().forget("ada");

            Set<String> after = app.relevance().textsHeld();
            assertTrue(typed.stream().noneMatch(text -> after.stream().anyMatch(held -> held.contains(text))),
                    after.toString());
        }
    }

    @Test
    void aServersLotDeletedAfterItRemovedTheBotLeavesNoIndexInMemory() {
        MutableClock clock = MutableClock.at("2026-03-01T10:00:00Z");
        try (Loopkeeper app = TestApp.open(folder, clock)) {
            String lot = LoopScope.server("501").ownerKey();
            app.loops().park(new ParkRequest("ada", "Raft consensus", null, Origin.channel("501", "600"),
                    LoopScope.server("501")));
            app.relevance().rank(lot, "implementing Raft", 0.6, Set.of(), 3);
            assertTrue(app.relevance().heldBytes() > 0, "the lot's index is in memory");

            app.departures().left("501");
            clock.advance(app.departures().grace().plusMinutes(1));
            app.departures().deleteExpired();

            assertEquals(0, app.relevance().heldBytes(), "nothing of the deleted lot is held");
        }
    }
}
