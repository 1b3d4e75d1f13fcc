package dev.loopkeeper.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.loopkeeper.config.ConfigLoader;
import dev.loopkeeper.e2e.fake.FakeDiscord;
import dev.loopkeeper.loop.LoopScope;
import dev.loopkeeper.loop.Origin;
import dev.loopkeeper.loop.ParkRequest;
import dev.loopkeeper.support.TestPostgres;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * One process of a sharded deployment (shard 1 of 2, on PostgreSQL) decides only for the servers of its shard: a server
 * of its shard missing from its READY removed the bot while it was offline; a server of shard 0 is never in its READY
 * (another process runs that shard), and its data is left alone.
 */
class ServerRemovedWhileOfflineShardedE2ETest {

    @RegisterExtension
    static final LoopkeeperE2E E2E = LoopkeeperE2E.withGlobalCommands()
            .with(ConfigLoader.DB, TestPostgres.database(Path.of("offline-sharded-e2e", "loopkeeper.db")))
            .with(ConfigLoader.DB_USER, TestPostgres.USER)
            .with(ConfigLoader.SHARDS, "2")
            .with(ConfigLoader.SHARD_IDS, "1")
            .world(FakeDiscord.builder().guild(FakeDiscord.DEFAULT_GUILD).guild(FakeDiscord.GUILD_ON_SHARD_ZERO));

    private static List<String> departed() {
        return E2E.bot().database().read(s -> s.query("SELECT guild_id FROM server_departure ORDER BY guild_id",
                r -> r.getString(1)));
    }

    @Test
    void aServerOfItsShardMissingFromReadyIsRecordedAndAServerOfAnotherShardIsNot() throws InterruptedException {
        String mine = FakeDiscord.DEFAULT_GUILD.id();
        String others = FakeDiscord.GUILD_ON_SHARD_ZERO.id();
        assertEquals(List.of(mine), E2E.bot().bot().guildIds(), "this process holds shard 1's server only");
        String parked = E2E.message(E2E.fake().slashCommand("park").by(FakeDiscord.ADA).option("concept", "Paxos")
                .option("scope", "server").send()).getString("content");
        assertTrue(parked.startsWith("Parked **Paxos**"), parked);
        // Shard 0's server has data too, written by the process that runs it (same database).
        E2E.bot().settings().setReminderChannel(others, "1000000000000000201");
        E2E.bot().loops().park(new ParkRequest(FakeDiscord.ADA.id(), "Raft", null,
                Origin.channel(others, "1000000000000000201"), LoopScope.server(others)));

        E2E.restart(() -> E2E.fake().removeGuild(mine));

        long deadline = System.nanoTime() + LoopkeeperE2E.WAIT.toNanos();
        while (departed().isEmpty() && System.nanoTime() < deadline) {
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(10));
        }
        assertEquals(List.of(mine), departed(), "shard 0's server is not this process's to judge");
    }
}
