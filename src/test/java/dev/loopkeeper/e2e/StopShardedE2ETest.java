package dev.loopkeeper.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.loopkeeper.config.ConfigLoader;
import dev.loopkeeper.e2e.fake.FakeDiscord;
import dev.loopkeeper.e2e.fake.FakeGuild;
import dev.loopkeeper.e2e.fake.FakeUser;
import dev.loopkeeper.e2e.fake.Fault;
import dev.loopkeeper.e2e.fake.InteractionHandle;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * {@link StopE2ETest} with both shards of two in one process: the sessions share the stop's limit rather than take it
 * each (before the limit, each session's disconnect waited up to 10 s).
 */
class StopShardedE2ETest {
    private static final Duration STOP_LIMIT = Duration.ofSeconds(2);
    private static final FakeGuild ZERO = FakeDiscord.GUILD_ON_SHARD_ZERO;
    private static final FakeGuild ONE = FakeDiscord.DEFAULT_GUILD;

    @RegisterExtension
    static final LoopkeeperE2E E2E = LoopkeeperE2E.withGlobalCommands()
            .world(FakeDiscord.builder().guild(ONE).guild(ZERO))
            .with(ConfigLoader.SHARDS, "2")
            .with(ConfigLoader.STOP_SECONDS, Long.toString(STOP_LIMIT.toSeconds()));

    @Test
    void aStopWhileAnswersAreRateLimitedOnBothShardsEndsWithinItsLimit() throws InterruptedException {
        FakeUser user = E2E.newUser();
        E2E.fake().failNext(2, "POST", "interactions/\\d+/[^/]+/callback", Fault.rateLimited(Duration.ofSeconds(30)));
        for (FakeGuild guild : List.of(ZERO, ONE)) {
            InteractionHandle park = E2E.fake().slashCommand("park").by(user).inChannel(guild, guild.defaultChannel())
                    .option("concept", "stop deadlines in " + guild.name()).send();
            E2E.allowUnacknowledged(park, "rate limited until after the bot has stopped");
            E2E.fake().awaitRequest(r -> r.path().startsWith("interactions/" + park.id() + "/"), LoopkeeperE2E.WAIT);
        }

        Duration stop = E2E.restartTimingTheStop();

        assertTrue(stop.compareTo(STOP_LIMIT.plusSeconds(2)) < 0, "the stop took " + stop.toMillis() + " ms");
        assertEquals(2, E2E.bot().loops().countOpen(user.id()), "both parks were committed before their answers");
    }
}
