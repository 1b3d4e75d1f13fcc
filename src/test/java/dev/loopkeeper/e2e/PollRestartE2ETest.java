package dev.loopkeeper.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.loopkeeper.Loopkeeper;
import dev.loopkeeper.config.Config;
import dev.loopkeeper.config.ConfigLoader;
import dev.loopkeeper.e2e.fake.FakeDiscord;
import dev.loopkeeper.e2e.fake.FakeUser;
import dev.loopkeeper.e2e.fake.InteractionHandle;
import dev.loopkeeper.e2e.fake.RecordedRequest;
import dev.loopkeeper.loop.Actor;
import dev.loopkeeper.loop.LoopFilter;
import dev.loopkeeper.loop.LoopScope;
import dev.loopkeeper.loop.OpenLoop;
import dev.loopkeeper.loop.Origin;
import dev.loopkeeper.loop.ParkRequest;
import dev.loopkeeper.loop.ParkResult;
import dev.loopkeeper.loop.Triage;
import dev.loopkeeper.support.MutableClock;
import dev.loopkeeper.support.SharedModel;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import net.dv8tion.jda.api.utils.data.DataObject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A poll that ends while the bot is down: the bot posts it, stops, Discord ends and finalizes it (no events reach a
 * stopped bot), and the next start of the bot, on the same database, reads the result by fetching the poll's message,
 * writes the class back and posts the follow-up, exactly as {@code Main} would start it.
 */
class PollRestartE2ETest {
    private static final String CHANNEL = FakeDiscord.GENERAL.id();

    @TempDir
    Path folder;

    private Loopkeeper start(FakeDiscord fake, MutableClock clock) throws InterruptedException {
        Config config = ConfigLoader.load(Map.of(ConfigLoader.DISCORD_TOKEN, LoopkeeperE2E.TOKEN,
                ConfigLoader.DB, folder.resolve("loopkeeper.db").toString(),
                ConfigLoader.API_BASE, fake.restBaseUrl(), ConfigLoader.GATEWAY_URL, fake.gatewayUrl()), folder, true);
        return Loopkeeper.startBot(config, clock, SharedModel.embedder());
    }

    @Test
    void aPollThatClosedWhileTheBotWasOfflineIsDecidedAtStartUp() throws InterruptedException {
        MutableClock clock = new MutableClock(LoopkeeperE2E.start());
        try (FakeDiscord fake = FakeDiscord.start()) {
            String guild = FakeDiscord.DEFAULT_GUILD.id();
            LoopScope lot = LoopScope.server(guild);
            String messageId;
            OpenLoop loop;
            try (Loopkeeper bot = start(fake, clock)) {
                fake.awaitReady(LoopkeeperE2E.WAIT);
                loop = ((ParkResult.Parked) bot.loops().park(new ParkRequest(FakeDiscord.ADA.id(), "Raft", null,
                        Origin.channel(guild, CHANNEL), lot))).loop();
                InteractionHandle poll = fake.slashCommand("triage").by(FakeDiscord.ADA)
                        .option("poll", Long.toString(loop.id())).option("hours", 3L).send();
                String answer = fake.awaitWebhookRequest(poll, "PATCH", LoopkeeperE2E.WAIT).json().getString("content");
                assertTrue(answer.startsWith("Poll posted for the group: **Raft**."), answer);
                List<DataObject> polls = fake.pollsIn(CHANNEL);
                assertEquals(1, polls.size());
                messageId = polls.get(0).getString("id");
            }

            // While the bot is down: votes, then the poll ends and Discord finalizes it. No event reaches the bot.
            fake.vote(FakeDiscord.ADA, messageId, "Peripheral");
            fake.vote(new FakeUser("3000000000000000001", "bob"), messageId, "Peripheral");
            fake.vote(new FakeUser("3000000000000000002", "cid"), messageId, "Core");
            fake.endPoll(messageId, false);
            clock.advance(Duration.ofHours(4));

            try (Loopkeeper bot = start(fake, clock)) {
                String path = "channels/" + CHANNEL + "/messages";
                RecordedRequest followUp = fake.awaitRequest(r -> r.method().equals("POST") && r.path().equals(path)
                        && r.json().getString("content", "").startsWith("The poll on **Raft**"), LoopkeeperE2E.WAIT);
                assertEquals("The poll on **Raft** has closed: the group finds it **peripheral** to the track, and that "
                        + "is its class now. (Core 1 · Adjacent 0 · Peripheral 2 · Let it go 0; 3 votes)",
                        followUp.json().getString("content"));
                assertTrue(fake.requests().stream().anyMatch(r -> r.method().equals("GET")
                        && r.path().equals(path + "/" + messageId)), "read back by fetching the poll's message");
                OpenLoop stored = bot.loops().list(lot, Actor.member(FakeDiscord.ADA.id(), guild, true),
                                new LoopFilter(LoopFilter.Stage.ALL, Optional.empty()), 0, 10).loops().stream()
                        .filter(l -> l.id() == loop.id()).findFirst().orElseThrow();
                assertEquals(Triage.PERIPHERAL, stored.triage());
            }
        }
    }
}
