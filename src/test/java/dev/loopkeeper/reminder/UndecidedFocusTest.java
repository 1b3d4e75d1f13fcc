package dev.loopkeeper.reminder;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import dev.loopkeeper.Loopkeeper;
import dev.loopkeeper.common.ConsolePerson;
import dev.loopkeeper.focus.FocusService;
import dev.loopkeeper.focus.FocusStore;
import dev.loopkeeper.focus.FocusSource;
import dev.loopkeeper.loop.Origin;
import dev.loopkeeper.loop.ParkRequest;
import dev.loopkeeper.loop.ParkResult;
import dev.loopkeeper.support.GateEmbedder;
import dev.loopkeeper.support.MutableClock;
import dev.loopkeeper.support.SharedModel;
import dev.loopkeeper.support.TestApp;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A focus change is saved, then decided. A process killed in between (here: its decision held at a gate while a new
 * process opens the same file, as after a crash) left that focus undecided for good, and a loop that fitted the work
 * never came back while the person worked on it. The next start now decides it.
 */
class UndecidedFocusTest {
    private static final String LOCAL = ConsolePerson.ID;

    @TempDir
    Path folder;

    @Test
    void aFocusChangeACrashCutOffIsDecidedAtTheNextStartAndRemindsOnce() throws Exception {
        MutableClock clock = MutableClock.at("2026-03-02T10:00:00Z");
        GateEmbedder gate = new GateEmbedder();
        Loopkeeper crashed = Loopkeeper.open(TestApp.config(folder), clock, gate, SharedModel.map());
        CompletableFuture<FocusService.Added> set;
        long loop;
        try {
            loop = assertInstanceOf(ParkResult.Parked.class, crashed.loops().park(new ParkRequest(LOCAL,
                    "Kalman filter", "state estimation for the drone", Origin.none()))).loop().id();
            gate.hold(text -> text.contains("drone that drifts"));
            // The console decides on the thread that set the focus: that thread waits at the gate.
            set = CompletableFuture.supplyAsync(() -> crashed.focus().set(LOCAL,
                    "tracking a drone that drifts with a Kalman filter", Optional.empty(), FocusSource.COMMAND, null,
                    null));
            gate.awaitHeld();
            // The text may reach the gate (on the preparing thread) before the focus row's commit: wait for the row.
            assertEquals(List.of(LOCAL), awaitUndecided(crashed), "saved, not yet decided");

            clock.advance(Duration.ofMinutes(1));
            try (Loopkeeper restarted = TestApp.open(folder, clock)) {
                restarted.console();
                assertEquals(List.of(loop), remindedOf(restarted), "the start decides it and reminds");
                assertEquals(List.of(), undecided(restarted));
            }
        } finally {
            gate.release();
        }
        // The crashed process's own decision, let go at last, finds the loop reminded (its cooldown): nothing twice.
        set.get(30, TimeUnit.SECONDS);
        assertEquals(List.of(loop), remindedOf(crashed));
        crashed.close();
    }

    @Test
    void aStopCommitsTheLastDecisionsMarksSoTheNextStartMakesNoneAgain() {
        MutableClock clock = MutableClock.at("2026-03-02T10:00:00Z");
        try (Loopkeeper first = TestApp.open(folder, clock)) {
            first.console();
            // Nothing parked: both decide "no match", which writes nothing; their marks wait to be committed together
            // (the bot's job; the console has none), and the stop commits them.
            for (String text : List.of("reading the Raft paper", "writing a tiny autograd")) {
                first.focus().set(LOCAL, text, Optional.empty(), FocusSource.COMMAND, null, null);
            }
            assertEquals(List.of(LOCAL, LOCAL), undecided(first), "decided, no commit of their own");
        }
        try (Loopkeeper second = TestApp.open(folder, clock)) {
            assertEquals(List.of(), undecided(second));
        }
    }

    @Test
    void aFocusSetAgainWaitsForItsOwnDecisionNotTheOneBefore() {
        MutableClock clock = MutableClock.at("2026-03-02T10:00:00Z");
        FocusStore store = new FocusStore();
        try (Loopkeeper app = TestApp.open(folder, clock)) {
            app.console();
            Instant first = clock.instant();
            app.focus().set(LOCAL, "reading the Raft paper", Optional.empty(), FocusSource.COMMAND, null, null);
            app.focus().markDecided();
            assertEquals(List.of(), undecided(app));
            long id = app.focus().active(LOCAL).get(0).id();
            clock.advance(Duration.ofMinutes(5));
            Instant again = clock.instant();
            app.database().inTransaction(sql -> store.refresh(sql, LOCAL, id, null, null, null, null, again));
            assertEquals(List.of(LOCAL), undecided(app), "a refresh is matched again");

            // The first decision's mark, committed late (they are committed together), leaves the refresh waiting.
            app.database().inTransaction(sql -> {
                store.decided(sql, Map.of(id, first));
                return null;
            });
            assertEquals(List.of(LOCAL), undecided(app));
            app.database().inTransaction(sql -> {
                store.decided(sql, Map.of(id, again));
                return null;
            });
            assertEquals(List.of(), undecided(app));
        }
    }

    @Test
    void aFocusThatEndedUndecidedIsNotDecidedAndLosesItsMark() {
        MutableClock clock = MutableClock.at("2026-03-02T10:00:00Z");
        try (Loopkeeper crashed = TestApp.open(folder, clock)) {
            crashed.loops().park(new ParkRequest(LOCAL, "Kalman filter", null, Origin.none()));
            // As a kill leaves it: saved, never decided; it ran out while the bot was down.
            crashed.database().inTransaction(sql -> new FocusStore().insert(sql, LOCAL,
                    "tracking a drone with a Kalman filter", FocusSource.COMMAND, null, null, clock.instant(),
                    clock.instant().plus(Duration.ofHours(1)), null));
        }
        clock.advance(Duration.ofHours(2));
        try (Loopkeeper restarted = TestApp.open(folder, clock)) {
            restarted.console();
            assertEquals(List.of(), remindedOf(restarted), "work that ended is not reminded of");
            assertEquals(List.of(), undecided(restarted));
        }
    }

    /** The undecided items once there are any (a decision held at the gate cannot clear them), or after 10 s none. */
    private static List<String> awaitUndecided(Loopkeeper app) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        List<String> found = undecided(app);
        while (found.isEmpty() && System.nanoTime() < deadline) {
            Thread.sleep(5);
            found = undecided(app);
        }
        return found;
    }

    private static List<String> undecided(Loopkeeper app) {
        return app.database().read(sql -> sql.query("SELECT owner_id FROM focus WHERE undecided_since IS NOT NULL",
                row -> row.getString(1)));
    }

    private static List<Long> remindedOf(Loopkeeper app) {
        return app.database().read(sql -> sql.query("""
                SELECT i.loop_id FROM reminder r JOIN reminder_item i ON i.reminder_id = r.id
                 WHERE r.owner_id = ? ORDER BY r.id, i.position""", row -> row.getLong(1), LOCAL));
    }
}
