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
import dev.loopkeeper.e2e.fake.Stall;
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
import java.io.IOException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import net.dv8tion.jda.api.utils.data.DataObject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A poll that ends while the bot is down: the bot posts it, stops, Discord ends and finalizes it (no events reach a
 * stopped bot), and the next start of the bot, on the same database, reads the result by fetching the poll's message,
 * writes the class back and posts the follow-up, exactly as {@code Main} would start it. And a bot process killed
 * after Discord accepted its poll but before it heard so: the next start finds the poll in the channel and adopts it.
 */
class PollRestartE2ETest {
    private static final String CHANNEL = FakeDiscord.GENERAL.id();
    /** A child's start: a cold JVM loading the model, migrating and connecting (as in BotProcessesE2ETest). */
    private static final Duration CHILD_START = Duration.ofSeconds(90);
    private static final String READY_LINE = "Loopkeeper is running on Discord.";

    @TempDir
    Path folder;

    private Loopkeeper start(FakeDiscord fake, MutableClock clock) throws InterruptedException {
        Config config = ConfigLoader.load(Map.of(ConfigLoader.DISCORD_TOKEN, LoopkeeperE2E.TOKEN,
                ConfigLoader.DB, folder.resolve("loopkeeper.db").toString(),
                ConfigLoader.API_BASE, fake.restBaseUrl(), ConfigLoader.GATEWAY_URL, fake.gatewayUrl()), folder, true);
        return Loopkeeper.startBot(config, clock, SharedModel.embedder());
    }

    /**
     * {@code java dev.loopkeeper.Main bot} in a child JVM on this test's database, configured by environment variables
     * alone, so that it can be killed outright (no shutdown hook, no worker interrupted into marking its post failed).
     * Its output goes to files in the test's folder.
     */
    private Process launchBotProcess(FakeDiscord fake, CompletableFuture<Void> ready) throws IOException {
        Map<String, String> settings = new java.util.HashMap<>(MainProcess.botOn(fake));
        settings.put(ConfigLoader.DB, folder.resolve("loopkeeper.db").toString());
        return MainProcess.start(folder.resolve("bot-process"), List.of("bot"), settings, List.of(),
                line -> line.startsWith(READY_LINE), line -> { }, ready);
    }

    /**
     * The bot's clock for a poll it adopts: the fake Discord stamps the messages it stores with the real time, and
     * adoption looks for the poll's message by the time its row was saved (and gives up a row saved a day before), so
     * the two clocks must agree as Discord's and the bot's do, whatever {@code loopkeeper.e2e.start} says.
     */
    private static MutableClock sameClockAsTheFake() {
        return new MutableClock(java.time.Instant.now().truncatedTo(java.time.temporal.ChronoUnit.SECONDS));
    }

    /** Waits until the bot has adopted the poll posted as {@code messageId}: it is open, and read when it closes. */
    private void awaitAdopted(Loopkeeper bot, FakeDiscord fake, String messageId) throws SQLException {
        long deadline = System.nanoTime() + LoopkeeperE2E.WAIT.toNanos();
        while (bot.polls().openPoll(messageId).isEmpty()) {
            assertTrue(System.nanoTime() < deadline, "the poll was not adopted: " + pollRows() + "\n"
                    + fake.diagnostics());
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(20));
        }
    }

    /** The triage poll rows as the database holds them: status and message id. */
    private List<List<String>> pollRows() throws SQLException {
        try (Connection db = DriverManager.getConnection("jdbc:sqlite:" + folder.resolve("loopkeeper.db"));
                Statement statement = db.createStatement();
                ResultSet rows = statement.executeQuery("SELECT status, message_id FROM triage_poll ORDER BY id")) {
            List<List<String>> found = new ArrayList<>();
            while (rows.next()) {
                found.add(Arrays.asList(rows.getString(1), rows.getString(2)));
            }
            return found;
        }
    }

    @Test
    void aPollDiscordAcceptedWhileTheBotStoppedCleanlyIsAdoptedAtTheNextStartNotGivenUp() throws Exception {
        try (FakeDiscord fake = FakeDiscord.start()) {
            String path = "channels/" + CHANNEL + "/messages";
            MutableClock clock = sameClockAsTheFake();
            List<Throwable> escaped = new java.util.concurrent.CopyOnWriteArrayList<>();
            Thread.UncaughtExceptionHandler before = Thread.getDefaultUncaughtExceptionHandler();
            Thread.setDefaultUncaughtExceptionHandler((thread, error) -> escaped.add(error));
            List<ch.qos.logback.classic.spi.ILoggingEvent> routed;
            try {
                Stall[] held = new Stall[1];
                routed = dev.loopkeeper.support.LogLines.watching(dev.loopkeeper.discord.InteractionRouter.class,
                        lines -> {
                    try (Loopkeeper bot = start(fake, clock)) {
                        fake.awaitReady(LoopkeeperE2E.WAIT);
                        fake.slashCommand("park").by(FakeDiscord.ADA).option("concept", "Raft")
                                .option("scope", "server").send();
                        fake.awaitRequest(r -> r.method().equals("POST") && r.path().equals(path)
                                && r.json().getString("content", "").startsWith("A loop for the group: **Raft**"),
                                LoopkeeperE2E.WAIT);
                        // Discord takes the poll and keeps it; its answer is held while the bot stops (SIGTERM).
                        held[0] = fake.stallAnswerOfNext("POST", path);
                        fake.slashCommand("triage").by(FakeDiscord.ADA).option("poll", "Raft").option("hours", 1L)
                                .send();
                        held[0].awaitArrival(LoopkeeperE2E.WAIT);
                        assertEquals(1, bot.polls().unposted().size(), "saved as being posted while Discord answers");
                    } catch (InterruptedException e) {
                        throw new IllegalStateException(e);
                    }
                    // Answered to nobody: the worker still waiting for it finds the database closed, and says so.
                    held[0].release();
                    long deadline = System.nanoTime() + LoopkeeperE2E.WAIT.toNanos();
                    while (lines.stream().noneMatch(line -> line.getLevel() == ch.qos.logback.classic.Level.WARN
                            && line.getFormattedMessage().startsWith("/triage for user " + FakeDiscord.ADA.id()
                                    + " was cut off by the bot's stop"))) {
                        assertTrue(System.nanoTime() < deadline, "no line says the stop cut /triage off: " + lines);
                        LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(20));
                    }
                });
            } finally {
                Thread.setDefaultUncaughtExceptionHandler(before);
            }
            assertEquals(List.of(), escaped, "nothing escapes a worker the stop cut off");
            assertEquals(List.of(), routed.stream().filter(e -> e.getLevel() == ch.qos.logback.classic.Level.ERROR)
                    .map(ch.qos.logback.classic.spi.ILoggingEvent::getFormattedMessage).toList(),
                    "a command the stop cut off is not logged as a failure with a reference");
            List<DataObject> polls = fake.pollsIn(CHANNEL);
            assertEquals(1, polls.size(), "the poll is in the channel, for the group to vote on");
            String messageId = polls.get(0).getString("id");
            assertEquals(List.of(Arrays.asList("posting", null)), pollRows(),
                    "whether Discord took it was not known when the bot stopped: left to be looked for, not failed");

            try (Loopkeeper bot = start(fake, clock)) {
                awaitAdopted(bot, fake, messageId);
                assertEquals(List.of(Arrays.asList("open", messageId)), pollRows());
            }
        }
    }

    @Test
    void aPollDiscordAcceptedJustBeforeTheBotsProcessWasKilledIsAdoptedAtTheNextStartAndItsResultRead()
            throws Exception {
        try (FakeDiscord fake = FakeDiscord.start()) {
            String path = "channels/" + CHANNEL + "/messages";
            String messageId;
            CompletableFuture<Void> ready = new CompletableFuture<>();
            Process child = launchBotProcess(fake, ready);
            try {
                ready.get(CHILD_START.toSeconds(), TimeUnit.SECONDS);
                fake.awaitReady(LoopkeeperE2E.WAIT);
                fake.slashCommand("park").by(FakeDiscord.ADA).option("concept", "Raft").option("scope", "server")
                        .send();
                fake.awaitRequest(r -> r.method().equals("POST") && r.path().equals(path)
                        && r.json().getString("content", "").startsWith("A loop for the group: **Raft**"),
                        LoopkeeperE2E.WAIT);

                // Discord takes the poll and keeps it; its answer is held, and the bot's process is killed meanwhile.
                Stall accepted = fake.stallAnswerOfNext("POST", path);
                fake.slashCommand("triage").by(FakeDiscord.ADA).option("poll", "Raft").option("hours", 1L).send();
                RecordedRequest post = accepted.awaitArrival(LoopkeeperE2E.WAIT);
                assertEquals("How relevant is Raft to our track?",
                        post.json().getObject("poll").getObject("question").getString("text"));
                assertTrue(MainProcess.kill(child), "the bot's process is gone"); // SIGKILL: nothing in it runs after this
                accepted.release(); // answered to nobody
                List<DataObject> polls = fake.pollsIn(CHANNEL);
                assertEquals(1, polls.size(), "the poll is in the channel, for the group to vote on");
                messageId = polls.get(0).getString("id");
            } finally {
                MainProcess.kill(child);
            }
            assertEquals(List.of(Arrays.asList("posting", null)), pollRows(),
                    "saved as being posted, never marked open: the bot stopped after Discord accepted it, before that");

            MutableClock clock = sameClockAsTheFake();
            try (Loopkeeper bot = start(fake, clock)) {
                // The first check, at start-up, looks through the channel's messages and finds the bot's own poll.
                awaitAdopted(bot, fake, messageId);
                RecordedRequest history = fake.awaitRequest(r -> r.method().equals("GET") && r.path().equals(path),
                        LoopkeeperE2E.WAIT);
                assertEquals("50", history.query().get("limit"));
                assertTrue(history.query().containsKey("after"), "from just before the poll was saved: " + history);

                fake.vote(FakeDiscord.ADA, messageId, "Core");
                fake.vote(new FakeUser("3000000000000000001", "bob"), messageId, "Core");
                fake.vote(new FakeUser("3000000000000000002", "cid"), messageId, "Adjacent");
                fake.endPoll(messageId, true);

                RecordedRequest followUp = fake.awaitRequest(r -> r.method().equals("POST") && r.path().equals(path)
                        && r.json().getString("content", "").startsWith("The poll on **Raft**"), LoopkeeperE2E.WAIT);
                assertEquals("The poll on **Raft** has closed: the group finds it **core** to the track, and that is "
                        + "its class now. (Core 2 · Adjacent 1 · Peripheral 0 · Let it go 0; 3 votes)",
                        followUp.json().getString("content"));
                OpenLoop stored = bot.loops().list(LoopScope.server(FakeDiscord.DEFAULT_GUILD.id()),
                                Actor.member(FakeDiscord.ADA.id(), FakeDiscord.DEFAULT_GUILD.id(), true),
                                new LoopFilter(LoopFilter.Stage.ALL, Optional.empty()), 0, 10).loops().stream()
                        .filter(l -> l.concept().equals("Raft")).findFirst().orElseThrow();
                assertEquals(Triage.CORE, stored.triage());
                assertEquals(List.of(Arrays.asList("decided", messageId)), pollRows());
            }
        }
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
