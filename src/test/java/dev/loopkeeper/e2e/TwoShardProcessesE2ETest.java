package dev.loopkeeper.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.loopkeeper.Loopkeeper;
import dev.loopkeeper.config.Config;
import dev.loopkeeper.config.ConfigLoader;
import dev.loopkeeper.e2e.fake.FakeDiscord;
import dev.loopkeeper.e2e.fake.FakeGuild;
import dev.loopkeeper.e2e.fake.FakeUser;
import dev.loopkeeper.e2e.fake.InteractionHandle;
import dev.loopkeeper.e2e.fake.RecordedRequest;
import dev.loopkeeper.loop.Actor;
import dev.loopkeeper.loop.LoopScope;
import dev.loopkeeper.loop.OpenLoop;
import dev.loopkeeper.loop.Origin;
import dev.loopkeeper.loop.ParkRequest;
import dev.loopkeeper.loop.ParkResult;
import dev.loopkeeper.poll.PollAnswer;
import dev.loopkeeper.poll.TriagePoll;
import dev.loopkeeper.support.MutableClock;
import dev.loopkeeper.support.SharedModel;
import dev.loopkeeper.support.TestPostgres;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;
import net.dv8tion.jda.api.utils.data.DataObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Two bot processes, each running one shard of two, against one PostgreSQL and the fake Discord, each with its own JDA,
 * connection pool and caches (in one JVM, started exactly as {@code Main} starts one): each answers its servers, a loop
 * parked through one is seen by a focus change handled by the other (its warm index checks the person's version), the
 * reminder goes out once, and a poll that ended while the bots were away is read by the process that runs its server's
 * shard, not taken for deleted by the other.
 */
class TwoShardProcessesE2ETest {
    private static final FakeGuild ZERO = FakeDiscord.GUILD_ON_SHARD_ZERO;
    private static final FakeGuild ONE = FakeDiscord.DEFAULT_GUILD;
    private static final MutableClock CLOCK = new MutableClock(LoopkeeperE2E.start());

    private static Path folder;
    private static FakeDiscord fake;
    private static Loopkeeper zero;
    private static Loopkeeper one;

    @BeforeAll
    static void start() throws Exception {
        folder = Files.createTempDirectory("loopkeeper-two-shards-");
        fake = FakeDiscord.builder().guild(ONE).guild(ZERO).start();
        String database = TestPostgres.database(folder.resolve("loopkeeper.db"));
        try {
            zero = start(database, 0);
            one = start(database, 1);
            fake.awaitReady(2, LoopkeeperE2E.WAIT);
        } catch (Exception | AssertionError e) {
            stop();
            throw e;
        }
    }

    private static Loopkeeper start(String database, int shard) throws InterruptedException {
        Path home = folder.resolve("shard-" + shard);
        Config config = ConfigLoader.load(Map.of(ConfigLoader.DISCORD_TOKEN, LoopkeeperE2E.TOKEN,
                ConfigLoader.DB, database, ConfigLoader.DB_USER, TestPostgres.USER,
                ConfigLoader.API_BASE, fake.restBaseUrl(), ConfigLoader.GATEWAY_URL, fake.gatewayUrl(),
                ConfigLoader.SHARDS, "2", ConfigLoader.SHARD_IDS, Integer.toString(shard)), home, true);
        return Loopkeeper.startBot(config, CLOCK, SharedModel.embedder());
    }

    @AfterAll
    static void stop() {
        // The bots before the fake, or JDA keeps reconnecting.
        for (Loopkeeper bot : new Loopkeeper[] {zero, one}) {
            if (bot != null) {
                bot.close();
            }
        }
        if (fake != null) {
            fake.close();
        }
        if (folder != null) {
            try (java.util.stream.Stream<Path> paths = Files.walk(folder)) {
                paths.sorted(java.util.Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException("cannot delete " + folder, e);
            }
        }
    }

    /** Waits for the accepted answer to a command; its User-Agent names the shard (so the process) that answered. */
    private static RecordedRequest command(InteractionHandle interaction) {
        return fake.awaitAcceptedCallbackRequest(interaction, LoopkeeperE2E.WAIT);
    }

    private static RecordedRequest park(FakeUser user, FakeGuild guild, String concept) {
        return command(fake.slashCommand("park").by(user).inChannel(guild, guild.defaultChannel())
                .option("concept", concept).send());
    }

    private static RecordedRequest focus(FakeUser user, FakeGuild guild, String text) {
        return command(fake.slashCommand("focus").subcommand("set").by(user).inChannel(guild, guild.defaultChannel())
                .option("text", text).send());
    }

    @Test
    void eachProcessHoldsItsShardsServersAndOnlyShardZeroRegistersGlobalCommands() {
        assertEquals(List.of("0/2", "1/2"), fake.sessionShards().stream().map(s -> s[0] + "/" + s[1]).toList());
        assertEquals(List.of(ZERO.id()), zero.bot().guildIds());
        assertEquals(List.of(ONE.id()), one.bot().guildIds());
        List<RecordedRequest> registrations = fake.requests().stream()
                .filter(RecordedRequest.matching("PUT", "applications/\\d+/commands")).toList();
        assertEquals(1, registrations.size(), "global commands registered once");
        assertEquals("0/2", registrations.get(0).shard(), "by the process that runs shard 0");
    }

    @Test
    void aLoopParkedThroughOneProcessIsSeenByAFocusChangeHandledByTheOther() {
        FakeUser user = FakeUser.fresh();
        // The second process handles this person first, so its index for them is warm before the park elsewhere.
        assertEquals("1/2", park(user, ONE, "Bloom filter").shard());
        assertEquals("1/2", focus(user, ONE, "planning a vegetable garden for spring").shard());
        assertEquals("0/2", park(user, ZERO, "Kalman filter").shard(), "parked through the first process");

        String dm = fake.directMessageChannelId(user);
        Predicate<RecordedRequest> reminder = r -> r.method().equals("POST")
                && r.path().equals("channels/" + dm + "/messages") && r.succeeded()
                && WireAssertions.text(r.json()).contains("Kalman filter");
        assertEquals("1/2", focus(user, ONE, "tracking a drone with a Kalman filter").shard(),
                "the focus change is handled by the second process");
        RecordedRequest sent = fake.awaitRequest(reminder, LoopkeeperE2E.WAIT);
        assertEquals("1/2", sent.shard(), "the process that decided sends the direct message");

        zero.sendDue();
        one.sendDue();
        assertEquals(1, fake.requests().stream().filter(reminder).count(), "the reminder went out once");
        assertEquals(2, zero.loops().countOpen(user.id()), "both parks in the one database");
    }

    @Test
    void aPollCutOffMidPostIsLookedForOnlyByTheProcessThatRunsItsServer() {
        String channel = ONE.defaultChannel().id();
        OpenLoop loop = ((ParkResult.Parked) one.loops().park(new ParkRequest(FakeDiscord.ADA.id(), "Zab", null,
                Origin.channel(ONE.id(), channel), LoopScope.server(ONE.id())))).loop();
        // Saved as being posted; Discord took the post, and the process that sent it stopped before hearing so.
        TriagePoll poll = one.polls().start(Actor.member(FakeDiscord.ADA.id(), ONE.id(), true), Set.of(), channel,
                Long.toString(loop.id()), 1L);
        String messageId = fake.postPoll(fake.bot(), true, channel, poll.createdAt().plusSeconds(1), 1,
                poll.question(), PollAnswer.ALL.stream().map(PollAnswer::label).toArray(String[]::new));
        CLOCK.advance(Duration.ofMinutes(11)); // past the time a poll not found is given up
        Predicate<RecordedRequest> history = r -> r.method().equals("GET")
                && r.path().equals("channels/" + channel + "/messages");

        zero.discordPolls().reconcile();
        assertTrue(zero.polls().find(poll.id()).orElseThrow().status() != TriagePoll.Status.FAILED,
                "the first process has no cache of this server's channels: it neither looks nor gives up");
        assertTrue(fake.requests().stream().filter(history).noneMatch(r -> r.shard().equals("0/2")));
        one.discordPolls().reconcile();
        assertEquals(messageId, one.polls().find(poll.id()).orElseThrow().messageId(),
                "adopted by the process that runs its server's shard");
        assertEquals(TriagePoll.Status.OPEN, one.polls().find(poll.id()).orElseThrow().status());
        assertTrue(fake.requests().stream().filter(history).allMatch(r -> r.shard().equals("1/2")));
    }

    @Test
    void aPollThatEndedUnseenIsReadByTheProcessThatRunsItsServerNotDroppedByTheOther() {
        String channel = ONE.defaultChannel().id();
        OpenLoop loop = ((ParkResult.Parked) one.loops().park(new ParkRequest(FakeDiscord.ADA.id(), "Paxos", null,
                Origin.channel(ONE.id(), channel), LoopScope.server(ONE.id())))).loop();
        InteractionHandle poll = fake.slashCommand("triage").by(FakeDiscord.ADA).inChannel(ONE, ONE.defaultChannel())
                .option("poll", Long.toString(loop.id())).option("hours", 3L).send();
        String answer = fake.awaitWebhookRequest(poll, "PATCH", LoopkeeperE2E.WAIT).json().getString("content");
        assertTrue(answer.startsWith("Poll posted for the group: **Paxos**."), answer);
        List<DataObject> polls = fake.pollsIn(channel);
        String messageId = polls.get(polls.size() - 1).getString("id");
        fake.vote(FakeDiscord.ADA, messageId, "Core");
        fake.endPoll(messageId, false); // no event reaches either bot
        CLOCK.advance(Duration.ofHours(4));

        zero.discordPolls().reconcile();
        assertTrue(zero.polls().openPoll(messageId).isPresent(),
                "the first process has no cache of this server's channels: it leaves the poll to the second");
        one.discordPolls().reconcile();
        assertTrue(one.polls().openPoll(messageId).isEmpty(), "decided by the process that runs its server's shard");
        RecordedRequest followUp = fake.awaitRequest(r -> r.method().equals("POST")
                && r.path().equals("channels/" + channel + "/messages")
                && r.json().getString("content", "").startsWith("The poll on **Paxos**"), LoopkeeperE2E.WAIT);
        assertEquals("1/2", followUp.shard());
    }
}
