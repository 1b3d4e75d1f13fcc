package dev.loopkeeper.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.loopkeeper.e2e.fake.FakeChannel;
import dev.loopkeeper.e2e.fake.FakeDiscord;
import dev.loopkeeper.e2e.fake.FakeGuild;
import dev.loopkeeper.e2e.fake.FakeUser;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A study group removes the bot while it runs and adds it back a week later: the removal starts the grace period, the
 * return ends it, and the group's shared loops, its settings and the member's personal loops parked there are all
 * there as before, past the day the grace period would have ended.
 */
class ServerAddedBackE2ETest {
    private static final FakeUser EVE = new FakeUser("1000000000000000377", "eve");
    private static final FakeChannel STUDY = new FakeChannel("1000000000000000251", "study");
    private static final FakeGuild GROUP = FakeGuild.of("1000000000000000150", "GROUP", STUDY, EVE);

    @RegisterExtension
    static final LoopkeeperE2E E2E = LoopkeeperE2E.withGlobalCommands()
            .world(FakeDiscord.builder().guild(FakeDiscord.DEFAULT_GUILD).guild(GROUP));


    private static String list(boolean shared) {
        var loops = E2E.fake().slashCommand("loops").by(EVE).inChannel(GROUP, STUDY);
        if (shared) {
            loops.option("scope", "server");
        }
        return E2E.message(loops.send()).getArray("embeds").getObject(0).getString("description");
    }

    @Test
    void theGroupsLoopsOutliveAWeekWithoutTheBot() {
        E2E.message(E2E.fake().slashCommand("park").by(EVE).inChannel(GROUP, STUDY).option("concept", "gossip protocols")
                .option("scope", "server").send());
        E2E.message(E2E.fake().slashCommand("park").by(EVE).inChannel(GROUP, STUDY).option("concept", "vector clocks")
                .send());
        E2E.bot().digests().setChannel(GROUP.id(), STUDY.id());

        E2E.fake().removeGuild(GROUP.id());
        E2E.await(() -> E2E.departedServers().contains(GROUP.id()), "the removal was not recorded");
        E2E.clock().advance(Duration.ofDays(7));
        E2E.fake().addGuild(GROUP);
        E2E.await(() -> E2E.departedServers().isEmpty(), "the return did not end the grace period");

        E2E.clock().advance(Duration.ofDays(24));
        assertEquals(Map.of(), E2E.bot().departures().deleteExpired(), "31 days after the removal, nothing goes");
        assertTrue(list(true).contains("**gossip protocols** · matters to 1 person"), "the group's lot is kept");
        assertTrue(list(false).contains("**vector clocks**"), "and the member's own loop parked there");
        assertEquals(java.util.Optional.of(STUDY.id()), E2E.bot().digests().channel(GROUP.id()), "and its digest");
    }
}
