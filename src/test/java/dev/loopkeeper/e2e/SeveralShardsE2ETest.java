package dev.loopkeeper.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.loopkeeper.config.ConfigLoader;
import dev.loopkeeper.e2e.fake.FakeDiscord;
import dev.loopkeeper.e2e.fake.FakeGuild;
import dev.loopkeeper.e2e.fake.FakeUser;
import dev.loopkeeper.e2e.fake.RecordedRequest;
import java.util.List;
import java.util.function.Predicate;
import net.dv8tion.jda.api.utils.data.DataObject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * One bot process running both shards of two ({@code LOOPKEEPER_SHARDS=2}, no {@code LOOPKEEPER_SHARD_IDS}) through
 * JDA's shard manager, on SQLite (one process, so no shared database is needed): one gateway session per shard, each
 * server answered through the session that holds it, a server's channel message sent by the shard that holds the
 * server (its REST requests say which, after JDA's User-Agent), and a direct message sent once.
 */
class SeveralShardsE2ETest {
    private static final FakeGuild ZERO = FakeDiscord.GUILD_ON_SHARD_ZERO;
    private static final FakeGuild ONE = FakeDiscord.DEFAULT_GUILD;

    @RegisterExtension
    static final LoopkeeperE2E E2E = LoopkeeperE2E.withGlobalCommands()
            .world(FakeDiscord.builder().guild(ONE).guild(ZERO))
            .with(ConfigLoader.SHARDS, "2");

    private static DataObject park(FakeUser user, FakeGuild guild, String concept) {
        return E2E.message(E2E.fake().slashCommand("park").by(user).inChannel(guild, guild.defaultChannel())
                .option("concept", concept).send());
    }

    private static void focus(FakeUser user, FakeGuild guild, String text) {
        E2E.message(E2E.fake().slashCommand("focus").subcommand("set").by(user)
                .inChannel(guild, guild.defaultChannel()).option("text", text).send());
    }

    @Test
    void bothShardsRunInOneProcessAndEachServerIsAnswered() {
        assertEquals(List.of("0/2", "1/2"), E2E.fake().sessionShards().stream().map(s -> s[0] + "/" + s[1]).toList(),
                "one gateway session per shard, each identified with [id, total]");
        assertEquals(List.of(0, 1), E2E.bot().bot().shardIds());
        assertEquals(List.of(ONE.id(), ZERO.id()), E2E.bot().bot().guildIds());

        FakeUser user = E2E.newUser();
        assertTrue(park(user, ZERO, "Kalman filter").getString("content").contains("Kalman filter"));
        assertTrue(park(user, ONE, "Bloom filter").getString("content").contains("Bloom filter"));
        assertEquals(2, E2E.bot().loops().countOpen(user.id()), "both parks landed, whichever shard took them");
        assertEquals(1, E2E.requests(RecordedRequest.matching("PUT", "applications/\\d+/commands")).size(),
                "global commands registered once, through shard 0");
    }

    @Test
    void aServersChannelMessageGoesOutThroughTheShardThatHoldsTheServer() {
        for (FakeGuild guild : List.of(ZERO, ONE)) {
            FakeUser user = E2E.newUser();
            E2E.fake().rejectDirectMessagesTo(user.id());
            String channel = guild.defaultChannel().id();
            E2E.bot().settings().setReminderChannel(guild.id(), channel);
            park(user, guild, "B-tree indexes");
            focus(user, guild, "building a B-tree index for my database");

            RecordedRequest posted = E2E.fake().awaitRequest(r -> r.path().equals("channels/" + channel + "/messages")
                    && r.succeeded() && WireAssertions.text(r.json()).contains("<@" + user.id() + ">"),
                    LoopkeeperE2E.WAIT);
            int shard = FakeDiscord.shardOf(guild.id(), 2);
            assertEquals(shard + "/2", posted.shard(), "posted in " + guild.name() + " through shard " + shard);
        }
    }

    @Test
    void aDirectMessageReminderGoesOutOnce() {
        FakeUser user = E2E.newUser();
        park(user, ZERO, "Merkle trees");
        focus(user, ONE, "anti-entropy repair with Merkle trees");
        String dm = E2E.fake().directMessageChannelId(user);
        Predicate<RecordedRequest> toDm = r -> r.method().equals("POST") && r.path().equals("channels/" + dm + "/messages")
                && r.succeeded();
        RecordedRequest sent = E2E.fake().awaitRequest(toDm, LoopkeeperE2E.WAIT);
        assertTrue(WireAssertions.text(sent.json()).contains("Merkle trees"), sent.body());
        assertTrue(sent.shard().matches("[01]/2"), "sent through one of the shards: " + sent.shard());

        E2E.bot().sendDue();
        assertEquals(1, E2E.requests(toDm).size(), "once, though the delivery job ran again");
    }
}
