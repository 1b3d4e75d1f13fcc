package dev.loopkeeper.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.loopkeeper.config.ConfigLoader;
import dev.loopkeeper.e2e.fake.Fault;
import dev.loopkeeper.e2e.fake.FakeUser;
import dev.loopkeeper.e2e.fake.InteractionHandle;
import dev.loopkeeper.loop.LoopFilter;
import dev.loopkeeper.loop.OpenLoop;
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

    @RegisterExtension
    static final LoopkeeperE2E E2E = LoopkeeperE2E.withGlobalCommands()
            .with(ConfigLoader.STOP_SECONDS, Long.toString(STOP_LIMIT.toSeconds()));

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
}
