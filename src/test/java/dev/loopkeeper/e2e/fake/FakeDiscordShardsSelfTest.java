package dev.loopkeeper.e2e.fake;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import net.dv8tion.jda.api.JDA;
import net.dv8tion.jda.api.entities.Guild;
import net.dv8tion.jda.api.events.interaction.command.SlashCommandInteractionEvent;
import net.dv8tion.jda.api.events.message.MessageReceivedEvent;
import net.dv8tion.jda.api.hooks.ListenerAdapter;
import net.dv8tion.jda.api.requests.GatewayIntent;
import net.dv8tion.jda.api.requests.RestConfig;
import net.dv8tion.jda.api.sharding.DefaultShardManagerBuilder;
import net.dv8tion.jda.api.sharding.ShardManager;
import net.dv8tion.jda.api.utils.SessionControllerAdapter;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * Proves the fake holds several gateway sessions as Discord does for a sharded bot: an unmodified JDA
 * {@code DefaultShardManager} takes the shard count from {@code GET /gateway/bot}, each shard identifies with
 * {@code [id, total]} and gets only its servers, and a server's events reach the shard that holds it (direct messages
 * shard 0).
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class FakeDiscordShardsSelfTest {
    private static final Duration WAIT = Duration.ofSeconds(5);
    private static final FakeGuild ON_SHARD_ZERO = FakeDiscord.GUILD_ON_SHARD_ZERO;

    private record Seen(String what, int shard, String guildId) {
    }

    private static final BlockingQueue<Seen> seen = new LinkedBlockingQueue<>();
    private static FakeDiscord fake;
    private static ShardManager shards;

    /** One fake and one shard manager for the class; the test that drops the sessions runs last. */
    @BeforeAll
    static void connect() throws InterruptedException {
        fake = FakeDiscord.builder().guild(FakeDiscord.DEFAULT_GUILD).guild(ON_SHARD_ZERO).recommendedShards(2).start();
        shards = DefaultShardManagerBuilder.createLight("fake-token", GatewayIntent.GUILD_MESSAGES)
                // The only setting needed: the gateway URL and the shard count come from GET /gateway/bot.
                .setRestConfig(new RestConfig().setBaseUrl(fake.restBaseUrl()))
                .setSessionController(new Unpaced())
                .addEventListeners(new ListenerAdapter() {
                    @Override
                    public void onSlashCommandInteraction(SlashCommandInteractionEvent event) {
                        int shard = event.getJDA().getShardInfo().getShardId();
                        seen.add(new Seen("slash", shard, event.getGuild() == null ? null : event.getGuild().getId()));
                        event.reply("shard " + shard).setEphemeral(true).queue();
                    }

                    @Override
                    public void onMessageReceived(MessageReceivedEvent event) {
                        seen.add(new Seen("message", event.getJDA().getShardInfo().getShardId(),
                                event.getGuild().getId()));
                    }
                })
                .setEnableShutdownHook(false)
                .build();
        fake.awaitReady(2, WAIT);
        for (JDA shard : shards.getShards()) {
            shard.awaitReady();
        }
    }

    @AfterAll
    static void disconnect() throws InterruptedException {
        if (shards != null) {
            // The shards first, then the manager, whose shutdown closes the pools they share at once: a reply still
            // queued on a shard would find them closed (as DiscordBot.close does).
            List<JDA> all = shards.getShards();
            all.forEach(shard -> shards.shutdown(shard.getShardInfo().getShardId()));
            for (JDA shard : all) {
                if (!shard.awaitShutdown(Duration.ofSeconds(2))) {
                    shard.shutdownNow();
                }
            }
            shards.shutdown();
        }
        if (fake != null) {
            fake.close();
        }
    }

    @Test
    @Order(1)
    void eachShardIdentifiesWithItsNumberAndGetsOnlyItsServers() {
        assertEquals(List.of("0/2", "1/2"), fake.sessionShards().stream().map(s -> s[0] + "/" + s[1]).toList());
        assertEquals(2, shards.getShardsTotal(), "the shard count from GET /gateway/bot");
        Map<Integer, List<String>> guilds = shards.getShards().stream().collect(Collectors.toMap(
                jda -> jda.getShardInfo().getShardId(), jda -> jda.getGuilds().stream().map(Guild::getId).toList()));
        assertEquals(Map.of(0, List.of(ON_SHARD_ZERO.id()), 1, List.of(FakeDiscord.DEFAULT_GUILD.id())), guilds);
        assertEquals(0, FakeDiscord.shardOf(ON_SHARD_ZERO.id(), 2));
        assertEquals(1, FakeDiscord.shardOf(FakeDiscord.DEFAULT_GUILD.id(), 2));
    }

    @Test
    @Order(2)
    void aServersEventsReachTheShardThatHoldsItAndDirectMessagesShardZero() throws InterruptedException {
        InteractionHandle zero = fake.slashCommand("park").inChannel(ON_SHARD_ZERO, ON_SHARD_ZERO.defaultChannel())
                .send();
        assertEquals(new Seen("slash", 0, ON_SHARD_ZERO.id()), next());
        assertEquals("shard 0", fake.awaitInteractionResponse(zero).getObject("data").getString("content"));

        InteractionHandle one = fake.slashCommand("park").send();
        assertEquals(new Seen("slash", 1, FakeDiscord.DEFAULT_GUILD.id()), next());
        assertEquals("shard 1", fake.awaitInteractionResponse(one).getObject("data").getString("content"));

        InteractionHandle direct = fake.slashCommand("park").inDirectMessage().send();
        assertEquals(new Seen("slash", 0, null), next());
        assertEquals("shard 0", fake.awaitInteractionResponse(direct).getObject("data").getString("content"));

        fake.userMessage(FakeDiscord.ADA, ON_SHARD_ZERO.id(), ON_SHARD_ZERO.defaultChannel().id(), "hello zero");
        assertEquals(new Seen("message", 0, ON_SHARD_ZERO.id()), next());
        fake.userMessage(FakeDiscord.ADA, FakeDiscord.DEFAULT_GUILD.id(), FakeDiscord.GENERAL.id(), "hello one");
        assertEquals(new Seen("message", 1, FakeDiscord.DEFAULT_GUILD.id()), next());
        assertTrue(seen.isEmpty(), "each event once, on one shard: " + seen);
    }

    @Test
    @Order(3)
    void everyDroppedSessionResumesAndKeepsItsServers() throws InterruptedException {
        fake.dropConnection();
        // Sent while both shards reconnect: each session replays its own after RESUME.
        fake.slashCommand("park").inChannel(ON_SHARD_ZERO, ON_SHARD_ZERO.defaultChannel()).send();
        fake.slashCommand("park").send();
        fake.awaitResumed(WAIT);

        List<Seen> both = List.of(next(), next());
        assertTrue(both.contains(new Seen("slash", 0, ON_SHARD_ZERO.id())), both.toString());
        assertTrue(both.contains(new Seen("slash", 1, FakeDiscord.DEFAULT_GUILD.id())), both.toString());
        assertEquals(2, fake.readyCount(), "both shards resumed; neither identified again");
    }

    /**
     * Connects each session at once. JDA's default controller sleeps 5 s (Discord's identify spacing) after every
     * session it starts, so a resume soon after start-up would wait for it; the fake enforces no spacing.
     */
    private static final class Unpaced extends SessionControllerAdapter {
        @Override
        public void appendSession(SessionConnectNode node) {
            Thread connect = new Thread(() -> {
                try {
                    node.run(false);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }, "connect " + node.getShardInfo());
            connect.setDaemon(true);
            connect.start();
        }

        @Override
        public void removeSession(SessionConnectNode node) {
        }
    }

    private static Seen next() throws InterruptedException {
        Seen next = seen.poll(5, TimeUnit.SECONDS);
        if (next == null) {
            throw new AssertionError("no event reached any shard\n" + fake.diagnostics());
        }
        return next;
    }
}
