package dev.loopkeeper.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.loopkeeper.config.ConfigLoader;
import dev.loopkeeper.e2e.fake.Fault;
import dev.loopkeeper.e2e.fake.FakeUser;
import dev.loopkeeper.e2e.fake.InteractionHandle;
import dev.loopkeeper.loop.LoopFilter;
import dev.loopkeeper.loop.OpenLoop;
import dev.loopkeeper.support.GateEmbedder;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A stop while Discord holds an answer back: a container's stop kills what has not ended 10 s after its signal
 * (Docker's default), so the bot's stop keeps {@code LOOPKEEPER_STOP_SECONDS} whatever Discord does, and loses nothing
 * saved. Before the limit, an answer rate-limited for 30 s kept the stop 10.1 s (JDA's own wait for what it queued).
 */
class StopE2ETest {

    /** A short limit, so that a stop that ignored it (10 s and more before it had one) is told from one that kept it. */
    private static final Duration STOP_LIMIT = Duration.ofSeconds(2);
    private static final GateEmbedder GATE = new GateEmbedder();

    @RegisterExtension
    static final LoopkeeperE2E E2E = LoopkeeperE2E.withGlobalCommands()
            .with(ConfigLoader.STOP_SECONDS, Long.toString(STOP_LIMIT.toSeconds())).withEmbedder(GATE);

    @Test
    void aStopWhileAnAnswerIsRateLimitedEndsWithinItsLimitAndTheParkIsKept() throws InterruptedException {
        FakeUser user = E2E.newUser();
        E2E.fake().failNext(1, "POST", "interactions/\\d+/[^/]+/callback", Fault.rateLimited(Duration.ofSeconds(30)));
        InteractionHandle park = E2E.fake().slashCommand("park").by(user).option("concept", "stop deadlines").send();
        // Discord asks the bot to wait 30 s before answering: JDA holds the answer back, and a stop waits for it.
        E2E.allowUnacknowledged(park, "rate limited until after the bot has stopped");
        E2E.fake().awaitRequest(r -> r.path().startsWith("interactions/" + park.id() + "/"), LoopkeeperE2E.WAIT);

        Duration stop = E2E.restartTimingTheStop();

        assertTrue(stop.compareTo(STOP_LIMIT.plusSeconds(2)) < 0, "the stop took " + stop.toMillis() + " ms");
        // Committed before it was answered: the answer Discord never took loses nothing.
        assertEquals(List.of("stop deadlines"), E2E.bot().loops().list(user.id(), LoopFilter.open(), 0, 10).loops()
                .stream().map(OpenLoop::concept).toList());
        // The new run answers as usual.
        assertTrue(E2E.message(E2E.fake().slashCommand("park").by(user).option("concept", "after the stop").send())
                .getString("content").startsWith("Parked **after the stop**"));
    }

    /**
     * A reminder decided while the bot stops (a focus set just before the stop, its matching still under way when the
     * bot disconnects) is left scheduled for the next start, which sends it at once. Tried on the closed connection,
     * it failed ("The Requester has been stopped"), logged a warning, and counted an attempt, so it came only a minute
     * after the next start, and a third stop so made held it for the person's next command.
     */
    @Test
    void aReminderDecidedWhileTheBotStopsGoesOutOnceAtTheNextStart() throws InterruptedException {
        FakeUser user = E2E.newUser();
        E2E.park(user, "Kalman filter");
        GATE.hold(text -> text.contains("drone that stops"));
        E2E.message(E2E.fake().slashCommand("focus").subcommand("set").by(user)
                .option("text", "tracking a drone that stops with a Kalman filter").send());
        GATE.awaitHeld(); // the decision waits for the focus text's vector
        // Let it go on only once the stopping bot has disconnected from Discord.
        Thread releaser = new Thread(() -> {
            long deadline = System.nanoTime() + LoopkeeperE2E.WAIT.toNanos();
            while (E2E.fake().connectedSessions() > 0 && System.nanoTime() < deadline) {
                Thread.onSpinWait();
            }
            GATE.release();
        }, "release-after-disconnect");
        releaser.start();

        E2E.restart(() -> { });
        releaser.join();

        String dm = "channels/" + E2E.fake().directMessageChannelId(user) + "/messages";
        E2E.fake().awaitRequest(r -> r.method().equals("POST") && r.path().equals(dm) && r.succeeded()
                && WireAssertions.text(r.json()).contains("Kalman filter"), LoopkeeperE2E.WAIT);
        assertEquals(1, E2E.requests(r -> r.method().equals("POST") && r.path().equals(dm)).size(), "sent once");
        // The fake records the message before it answers; the outbox writes how it went once it has the answer.
        java.util.function.Supplier<List<String>> rows = () -> E2E.bot().database().read(sql -> sql.query(
                "SELECT status, attempts, last_error FROM outbox WHERE recipient_id = ?",
                row -> row.getString(1) + " " + row.getInt(2) + " " + row.getString(3), user.id()));
        long deadline = System.nanoTime() + LoopkeeperE2E.WAIT.toNanos();
        while (!rows.get().equals(List.of("delivered 1 null")) && System.nanoTime() < deadline) {
            java.util.concurrent.locks.LockSupport.parkNanos(java.util.concurrent.TimeUnit.MILLISECONDS.toNanos(20));
        }
        assertEquals(List.of("delivered 1 null"), rows.get(),
                "one attempt, the one that went out");
    }

    /**
     * A focus change whose decision a stop cut off (its limit ran out while the focus text's vector was still being
     * computed; a kill leaves the same) is decided by the next start. It was left undecided for good: the loop that
     * fitted the work never came back while the person worked on it.
     */
    @Test
    void aFocusChangeWhoseDecisionTheStopCutOffIsDecidedAtTheNextStart() throws InterruptedException {
        FakeUser user = E2E.newUser();
        E2E.park(user, "Bloom filter");
        GATE.hold(text -> text.contains("set membership"));
        E2E.message(E2E.fake().slashCommand("focus").subcommand("set").by(user)
                .option("text", "testing set membership with a Bloom filter").send());
        GATE.awaitHeld(); // past the stop's limit: the stopping bot gives the decision up

        E2E.restart(GATE::release);

        String dm = "channels/" + E2E.fake().directMessageChannelId(user) + "/messages";
        E2E.fake().awaitRequest(r -> r.method().equals("POST") && r.path().equals(dm) && r.succeeded()
                && WireAssertions.text(r.json()).contains("Bloom filter"), LoopkeeperE2E.WAIT);
        // Counted once the start's decisions are all made and delivered: a second decision would have sent by then.
        long deadline = System.nanoTime() + LoopkeeperE2E.WAIT.toNanos();
        while (undecided(user) > 0 && System.nanoTime() < deadline) {
            java.util.concurrent.locks.LockSupport.parkNanos(java.util.concurrent.TimeUnit.MILLISECONDS.toNanos(20));
        }
        assertEquals(0, undecided(user), "the start decided it");
        E2E.bot().outbox().deliverAllDue();
        assertEquals(1, E2E.requests(r -> r.method().equals("POST") && r.path().equals(dm)).size(), "reminded once");
    }

    private static long undecided(FakeUser user) {
        return E2E.bot().database().read(sql -> sql.queryLong(
                "SELECT COUNT(*) FROM focus WHERE owner_id = ? AND undecided_since IS NOT NULL", user.id()));
    }
}
