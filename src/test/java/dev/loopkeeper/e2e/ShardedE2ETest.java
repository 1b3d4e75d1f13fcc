package dev.loopkeeper.e2e;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.loopkeeper.config.Config;
import dev.loopkeeper.config.ConfigLoader;
import dev.loopkeeper.e2e.fake.FakeDiscord;
import dev.loopkeeper.e2e.fake.FakeUser;
import dev.loopkeeper.support.TestPostgres;
import java.nio.file.Path;
import java.util.List;
import net.dv8tion.jda.api.utils.data.DataObject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * One process of a sharded deployment on the wire: {@code LOOPKEEPER_SHARDS=2} with the shard the fake's server is on (1),
 * on PostgreSQL (sharding needs a shared database). The bot identifies with that shard, Discord (the fake) sends it
 * that shard's servers, and a park works through it.
 */
class ShardedE2ETest {
    private static final int SHARD = new Config.Shards(2, List.of(0)).shardOf(FakeDiscord.DEFAULT_GUILD.id());

    @RegisterExtension
    static final LoopkeeperE2E E2E = LoopkeeperE2E.withGlobalCommands()
            .with(ConfigLoader.DB, TestPostgres.database(Path.of("sharded-e2e", "loopkeeper.db")))
            .with(ConfigLoader.DB_USER, TestPostgres.USER)
            .with(ConfigLoader.SHARDS, "2")
            .with(ConfigLoader.SHARD_IDS, String.valueOf(SHARD));

    @Test
    void theBotIdentifiesWithItsShardAndAParkWorksThroughIt() {
        assertArrayEquals(new int[] {SHARD, 2}, E2E.fake().identifiedShard(), "IDENTIFY names the shard and the total");
        assertEquals(List.of(FakeDiscord.DEFAULT_GUILD.id()), E2E.bot().bot().guildIds(),
                "the fake's server is on this shard");
        assertEquals(1, SHARD, "the default server is on shard 1 of 2");
        FakeUser user = E2E.newUser();
        DataObject reply = E2E.park(user, "Kalman filter");
        assertTrue(reply.toString().contains("Kalman filter"), reply.toString());
        assertEquals(1L, (long) E2E.bot().database().read(sql -> sql.queryLong(
                "SELECT COUNT(*) FROM open_loop WHERE owner_id = ?", user.id())), "parked in PostgreSQL");
        assertEquals(dev.loopkeeper.storage.Database.Dialect.POSTGRESQL, E2E.bot().database().dialect());
        // Asked after a reply, so registration (queued at start-up) would have reached the fake by now.
        assertEquals(List.of(), E2E.requests(r -> r.path().matches("applications/\\d+/commands")),
                "global commands are registered by the process that runs shard 0, not by this one");
    }
}
