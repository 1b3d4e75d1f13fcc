package dev.loopkeeper.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.loopkeeper.e2e.fake.FakeChannel;
import dev.loopkeeper.e2e.fake.FakeDiscord;
import dev.loopkeeper.e2e.fake.FakeGuild;
import dev.loopkeeper.e2e.fake.FakeUser;
import dev.loopkeeper.e2e.fake.InteractionHandle;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A server that removes the bot while the bot is stopped sends it no event: the bot's next start finds it missing from
 * READY and deletes the server's settings and shared loops once the grace period has passed, while the personal loops
 * parked there stay with their owners. A server that is only in an outage at that start is listed in READY all the
 * same, and keeps everything.
 */
class ServerRemovedWhileOfflineE2ETest {
    private static final FakeUser ADA = FakeDiscord.ADA;
    private static final FakeGuild GONE = FakeDiscord.DEFAULT_GUILD;
    private static final FakeChannel STUDY_HALL = new FakeChannel("1000000000000000202", "study-hall");
    private static final FakeGuild OUTAGE = FakeGuild.of("1000000000008388708", "STUDY", STUDY_HALL, ADA);

    @RegisterExtension
    static final LoopkeeperE2E E2E = LoopkeeperE2E.withGlobalCommands()
            .world(FakeDiscord.builder().guild(GONE).guild(OUTAGE));

    private static String reply(InteractionHandle interaction) {
        return E2E.message(interaction).getString("content");
    }

    private static long rows(String sql, Object... params) {
        return E2E.bot().database().read(s -> s.queryLong(sql, params));
    }

    private static List<String> departed() {
        return E2E.bot().database().read(s -> s.query("SELECT guild_id FROM server_departure ORDER BY guild_id",
                r -> r.getString(1)));
    }

    /** Waits (bounded) for work the bot does on its job thread after READY. */
    private static void await(BooleanSupplier done, String what) {
        long deadline = System.nanoTime() + LoopkeeperE2E.WAIT.toNanos();
        while (!done.getAsBoolean()) {
            assertTrue(System.nanoTime() < deadline, what + "\n" + E2E.fake().diagnostics());
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(10));
        }
    }

    @Test
    void theServerGoneAtStartUpLosesItsDataAfterTheGracePeriodTheOneInAnOutageKeepsIt() throws InterruptedException {
        String settings = reply(E2E.fake().slashCommand("settings").subcommand("reminders").by(ADA)
                .option("channel", FakeDiscord.GENERAL).send());
        assertTrue(settings.contains("<#" + FakeDiscord.GENERAL.id() + ">"), settings);
        assertTrue(reply(E2E.fake().slashCommand("park").by(ADA).option("concept", "Paxos")
                .option("why", "the reading group").option("scope", "server").send()).startsWith("Parked **Paxos**"));
        assertTrue(reply(E2E.fake().slashCommand("park").by(ADA).option("concept", "Raft")
                .option("why", "mine alone").send()).startsWith("Parked **Raft**"));
        assertTrue(reply(E2E.fake().slashCommand("park").by(ADA).inChannel(OUTAGE, STUDY_HALL)
                .option("concept", "CRDT").option("scope", "server").send()).startsWith("Parked **CRDT**"));
        assertEquals(1, rows("SELECT COUNT(*) FROM guild_settings WHERE guild_id = ?", GONE.id()));
        assertEquals(List.of(), departed());

        // While the bot is down, one server removes it and the other has an outage; no event reaches a stopped bot.
        E2E.restart(() -> {
            E2E.fake().removeGuild(GONE.id());
            E2E.fake().setGuildAvailable(OUTAGE.id(), false);
        });

        await(() -> !departed().isEmpty(), "the start did not record the server missing from READY");
        assertEquals(List.of(GONE.id()), departed(), "the server in an outage was listed in READY: still the bot's");
        assertEquals(List.of(), E2E.bot().bot().guildIds(), "neither server is loaded");

        E2E.clock().advance(Duration.ofDays(30).minusMinutes(1));
        assertEquals(Map.of(), E2E.bot().departures().deleteExpired(), "kept through the grace period");
        assertEquals(1, rows("SELECT COUNT(*) FROM open_loop WHERE owner_id = ?", "server-" + GONE.id()));
        E2E.clock().advance(Duration.ofMinutes(1));
        assertEquals(Set.of(GONE.id()), E2E.bot().departures().deleteExpired().keySet(), "the hourly job's run");

        assertEquals(0, rows("SELECT COUNT(*) FROM open_loop WHERE owner_id = ?", "server-" + GONE.id()));
        assertEquals(0, rows("SELECT COUNT(*) FROM guild_settings WHERE guild_id = ?", GONE.id()));
        assertEquals(List.of(), departed());
        String mine = E2E.message(E2E.fake().slashCommand("loops").by(ADA).inDirectMessage().send())
                .getArray("embeds").getObject(0).getString("description");
        assertTrue(mine.contains("**Raft**"), "a personal loop parked in the server stays with its owner: " + mine);
        assertFalse(mine.contains("Paxos"), mine);

        // The outage ends: the server and its shared loop are there as before.
        E2E.fake().setGuildAvailable(OUTAGE.id(), true);
        await(() -> E2E.bot().bot().guildIds().contains(OUTAGE.id()), "the server did not come back");
        String lot = E2E.message(E2E.fake().slashCommand("loops").by(ADA).inChannel(OUTAGE, STUDY_HALL)
                .option("scope", "server").send()).getArray("embeds").getObject(0).getString("description");
        assertTrue(lot.contains("**CRDT**"), lot);
    }
}
