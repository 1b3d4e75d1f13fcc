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
 * A server that has Loopkeeper's commands but not its bot (added with its commands only, or the bot kicked and its
 * commands kept) is never in the bot's READY, so each start records it as having removed the bot. Its members' use of
 * the commands says otherwise: their shared loops must outlive the grace period.
 */
class CommandsOnlyServerE2ETest {
    private static final FakeChannel STUDY = new FakeChannel("1000000000000000220", "study");
    private static final FakeUser CY = new FakeUser("1000000000000000320", "cy");
    /** Not in the fake's world: the bot is no member, and READY never lists it. */
    private static final FakeGuild COMMANDS_ONLY = FakeGuild.of("1000000000000000120", "COMMANDS ONLY", STUDY, CY);

    @RegisterExtension
    static final LoopkeeperE2E E2E = LoopkeeperE2E.withGlobalCommands();


    private static String lot() {
        return E2E.message(E2E.fake().slashCommand("loops").by(CY).inChannel(COMMANDS_ONLY, STUDY)
                .option("scope", "server").send()).getArray("embeds").getObject(0).getString("description");
    }

    @Test
    void aServerThatUsesTheCommandsWithoutTheBotKeepsItsSharedLoopsPastTheGracePeriod() throws InterruptedException {
        // Parked through the service, not /park: a park by command just before a restart leaves its late notice (a
        // near duplicate) to a JDA that is stopping, which JDA logs as an error, now and then, by timing.
        E2E.bot().loops().park(new dev.loopkeeper.loop.ParkRequest(CY.id(), "write-ahead logging", null,
                dev.loopkeeper.loop.Origin.channel(COMMANDS_ONLY.id(), STUDY.id()),
                dev.loopkeeper.loop.LoopScope.server(COMMANDS_ONLY.id())));
        assertTrue(lot().contains("**write-ahead logging**"), "the group's loop is listed where its commands are used");

        // The bot restarts: its READY does not list the server, which is recorded as gone (the bot cannot tell yet).
        E2E.restart(() -> { });
        E2E.await(() -> E2E.departedServers().contains(COMMANDS_ONLY.id()), "the start did not record the unlisted server");

        // A member uses the commands there again: the server has Loopkeeper after all.
        assertTrue(lot().contains("**write-ahead logging**"));
        E2E.await(() -> E2E.departedServers().isEmpty(), "a server whose commands are in use is still recorded as gone");

        E2E.clock().advance(Duration.ofDays(31));
        assertEquals(Map.of(), E2E.bot().departures().deleteExpired(), "nothing of a server in use is deleted");
        assertTrue(lot().contains("**write-ahead logging**"), "its shared loops are still there");
    }
}
