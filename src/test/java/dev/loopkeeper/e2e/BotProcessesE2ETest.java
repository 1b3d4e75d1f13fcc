package dev.loopkeeper.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.loopkeeper.Main;
import dev.loopkeeper.config.ConfigLoader;
import dev.loopkeeper.e2e.fake.FakeDiscord;
import dev.loopkeeper.e2e.fake.FakeGuild;
import dev.loopkeeper.e2e.fake.FakeUser;
import dev.loopkeeper.e2e.fake.InteractionHandle;
import dev.loopkeeper.e2e.fake.RecordedRequest;
import dev.loopkeeper.e2e.fake.Stall;
import dev.loopkeeper.support.OtherConnection;
import dev.loopkeeper.support.TestPostgres;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.DriverManager;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.extension.TestExecutionExceptionHandler;
import org.junit.jupiter.api.io.CleanupMode;
import org.junit.jupiter.api.io.TempDir;

/**
 * The deployment of docs/DEPLOY.md for real: two bot processes, each a child JVM running {@link Main} as a person runs
 * it ({@code LOOPKEEPER_SHARDS=2}, {@code LOOPKEEPER_SHARD_IDS} 0 and 1, configured by environment variables alone),
 * against one PostgreSQL and the fake Discord, both in this JVM. Parks arrive through both processes, a focus change
 * handled by one sees a park made through the other, a reminder and a weekly nudge each go out once; then a process is
 * killed with SIGKILL while it holds a reminder it had claimed, and the other sends it after the lease, once, with
 * nothing lost. The children's clocks cannot be moved, so they run with a short lease and look for due mail every
 * second ({@code LOOPKEEPER_MAIL_LEASE_SECONDS}, {@code LOOPKEEPER_DELIVERY_SECONDS}); a nudge is made due by moving
 * its schedule in the database. Each child's output is in {@code shard-N/out.log} and {@code shard-N/err.log} under
 * the test's folder, which is kept when a test fails (every failure message names it).
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class BotProcessesE2ETest {
    private static final FakeGuild ZERO = FakeDiscord.GUILD_ON_SHARD_ZERO;
    private static final FakeGuild ONE = FakeDiscord.DEFAULT_GUILD;
    private static final int LEASE_SECONDS = 2;
    /** A child's start: a cold JVM loading the model, migrating (nothing to do) and connecting. */
    private static final Duration START = Duration.ofSeconds(90);
    /** Longest wait for mail after the lease: the lease, one look for due mail, and a loaded machine's slack. */
    private static final Duration AFTER_LEASE = Duration.ofSeconds(LEASE_SECONDS + 20);
    private static final String READY_LINE = "Loopkeeper is running on Discord.";

    @TempDir(cleanup = CleanupMode.ON_SUCCESS)
    static Path folder;
    private static FakeDiscord fake;
    private static String database;
    private static final Child[] CHILDREN = new Child[2];

    /** Every failure names the files that hold what the bot processes logged (the folder is kept then). */
    @RegisterExtension
    static final TestExecutionExceptionHandler POINT_AT_LOGS = (context, thrown) -> {
        throw new AssertionError(thrown.getMessage() + "\nThe bot processes' output: " + folder
                + "/shard-{0,1}/{out,err}.log", thrown);
    };

    /** One bot process, its output copied to files as it comes. */
    private record Child(int shard, Process process, Path out, Path err, CompletableFuture<Void> ready) {
        /** As a crash would: no shutdown hook runs, no claim is given back. */
        void kill() {
            MainProcess.kill(process);
        }

        String where() {
            return "shard " + shard + "'s process (pid " + process.pid() + "; output in " + out + " and " + err + ")";
        }
    }

    @BeforeAll
    static void start() throws Exception {
        Runtime.getRuntime().addShutdownHook(new Thread(BotProcessesE2ETest::killChildren, "kill-bot-processes"));
        fake = FakeDiscord.builder().guild(ONE).guild(ZERO).start();
        try {
            database = TestPostgres.database(folder.resolve("loopkeeper.db"));
            for (int shard = 0; shard < 2; shard++) {
                CHILDREN[shard] = launch(shard);
            }
            for (Child child : CHILDREN) {
                awaitReady(child);
            }
            fake.awaitReady(2, LoopkeeperE2E.WAIT);
        } catch (Exception | AssertionError e) {
            stop();
            throw e;
        }
    }

    @AfterAll
    static void stop() {
        // The bots before the fake, or JDA keeps reconnecting.
        killChildren();
        if (fake != null) {
            fake.close();
        }
    }

    private static void killChildren() {
        for (Child child : CHILDREN) {
            if (child != null) {
                child.kill();
            }
        }
    }

    /** {@code java dev.loopkeeper.Main bot} for one shard, in its own working folder, settings by environment alone. */
    private static Child launch(int shard) throws IOException {
        Path home = folder.resolve("shard-" + shard);
        Map<String, String> settings = new java.util.HashMap<>(MainProcess.botOn(fake));
        settings.put(ConfigLoader.DB, database);
        settings.put(ConfigLoader.DB_USER, TestPostgres.USER);
        settings.put(ConfigLoader.SHARDS, "2");
        settings.put(ConfigLoader.SHARD_IDS, Integer.toString(shard));
        settings.put(ConfigLoader.MAIL_LEASE_SECONDS, Integer.toString(LEASE_SECONDS));
        settings.put(ConfigLoader.DELIVERY_SECONDS, "1");
        CompletableFuture<Void> ready = new CompletableFuture<>();
        Process process = MainProcess.start(home, List.of("bot"), settings, List.of(),
                line -> line.startsWith(READY_LINE), line -> { }, ready);
        return new Child(shard, process, home.resolve("out.log"), home.resolve("err.log"), ready);
    }

    private static void awaitReady(Child child) throws InterruptedException {
        try {
            child.ready().get(START.toSeconds(), TimeUnit.SECONDS);
        } catch (ExecutionException | TimeoutException e) {
            throw new AssertionError(child.where() + " did not say it was running within " + START.toSeconds()
                    + " s (" + e.getMessage() + ")" + exitCode(child) + "; the test's folder is kept: " + folder, e);
        }
    }

    private static List<String> errorLines(Child child) {
        try {
            return Files.readAllLines(child.err());
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static String exitCode(Child child) {
        return child.process().isAlive() ? "" : ", exit code " + child.process().exitValue();
    }

    // ---- driving the fake ----

    /** Waits for the accepted answer to a command; its User-Agent names the shard (so the process) that answered. */
    private static RecordedRequest command(InteractionHandle interaction) {
        return fake.awaitAcceptedCallbackRequest(interaction, LoopkeeperE2E.WAIT);
    }

    private static String park(FakeUser user, FakeGuild guild, String concept) {
        return command(fake.slashCommand("park").by(user).inChannel(guild, guild.defaultChannel())
                .option("concept", concept).send()).shard();
    }

    private static String focus(FakeUser user, FakeGuild guild, String text) {
        return command(fake.slashCommand("focus").subcommand("set").by(user)
                .inChannel(guild, guild.defaultChannel()).option("text", text).send()).shard();
    }

    /** A message posted in this person's direct-message channel whose text contains {@code text}. */
    private static Predicate<RecordedRequest> directMessage(FakeUser user, String text) {
        String path = "channels/" + fake.directMessageChannelId(user) + "/messages";
        return r -> r.method().equals("POST") && r.path().equals(path) && r.succeeded()
                && WireAssertions.text(r.json()).contains(text);
    }

    private static long count(Predicate<RecordedRequest> matcher) {
        return fake.requests().stream().filter(matcher).count();
    }

    // ---- reading the shared database ----

    private static List<List<Object>> query(String sql, Object... parameters) {
        return rows().query(sql, parameters);
    }

    /** Waits (bounded) until the query returns {@code expected}: the bot writes how a send went after the fake answers. */
    private static void awaitRows(List<List<Object>> expected, String why, String sql, Object... parameters) {
        rows().awaitRows(LoopkeeperE2E.WAIT, expected, why, sql, parameters);
    }

    private static OtherConnection rows() {
        return new OtherConnection(() -> DriverManager.getConnection(database, TestPostgres.USER, null));
    }

    private static long number(String sql, Object... parameters) {
        return ((Number) query(sql, parameters).get(0).get(0)).longValue();
    }

    // ---- the story ----

    @Test
    @Order(1)
    void eachProcessAnswersItsOwnServersAndAParkThroughOneIsSeenByAFocusChangeThroughTheOther() {
        assertEquals(List.of("0/2", "1/2"), fake.sessionShards().stream().map(s -> s[0] + "/" + s[1]).sorted()
                .toList(), "one gateway session per process");
        // Registered in the background once shard 0's session is up.
        Predicate<RecordedRequest> registration = RecordedRequest.matching("PUT", "applications/\\d+/commands");
        fake.awaitRequest(registration, LoopkeeperE2E.WAIT);
        List<RecordedRequest> registrations = fake.requests().stream().filter(registration).toList();
        assertEquals(List.of("0/2"), registrations.stream().map(RecordedRequest::shard).toList(),
                "global commands are registered once, by the process that runs shard 0");
        FakeUser ada = FakeUser.fresh();
        FakeUser bo = FakeUser.fresh();
        // Each process's index is warm for the person before the park made through the other process.
        assertEquals("1/2", park(ada, ONE, "Bloom filter"));
        assertEquals("1/2", focus(ada, ONE, "planning a vegetable garden for spring"));
        assertEquals("0/2", park(bo, ZERO, "Bloom filter"));
        assertEquals("0/2", focus(bo, ZERO, "planning a vegetable garden for spring"));
        assertEquals("0/2", park(ada, ZERO, "Kalman filter"));
        assertEquals("1/2", park(bo, ONE, "Kalman filter"));

        assertEquals("1/2", focus(ada, ONE, "tracking a drone with a Kalman filter"));
        assertEquals("0/2", focus(bo, ZERO, "tracking a drone with a Kalman filter"));
        assertEquals("1/2", fake.awaitRequest(directMessage(ada, "Kalman filter"), LoopkeeperE2E.WAIT).shard(),
                "the process that handled the focus change saw the park made through the other, and sent the reminder");
        assertEquals("0/2", fake.awaitRequest(directMessage(bo, "Kalman filter"), LoopkeeperE2E.WAIT).shard());
        assertEquals(2, number("SELECT COUNT(*) FROM open_loop WHERE owner_id = ?", ada.id()));
        assertEquals(2, number("SELECT COUNT(*) FROM open_loop WHERE owner_id = ?", bo.id()));
        // Each process claimed its own shard in the database, and neither was told of a second process on it.
        assertEquals(List.of(List.of(0, 2), List.of(1, 2)),
                query("SELECT shard_id, shard_total FROM shard_claim ORDER BY shard_id"));
        for (Child child : CHILDREN) {
            assertEquals(List.of(), errorLines(child).stream().filter(l -> l.contains("bot process")).toList(),
                    child.where());
        }
    }

    @Test
    @Order(2)
    void aWeeklyNudgeThatFallsDueIsSentOnceThoughBothProcessesLookForIt() {
        FakeUser cy = FakeUser.fresh();
        assertEquals("0/2", park(cy, ZERO, "reverse-mode autodiff"));
        InteractionHandle set = fake.slashCommand("nudge").subcommand("set").by(cy)
                .inChannel(ONE, ONE.defaultChannel()).option("day", "sunday").option("time", "18:00")
                .option("zone", "UTC").send();
        assertEquals("1/2", command(set).shard());
        // Its time comes: the slot stays what the person chose, only the run time moves to now.
        assertEquals(List.of(), query("UPDATE nudge_schedule SET next_run = ? WHERE owner_id = ?",
                System.currentTimeMillis(), cy.id()));

        // Both processes look for due mail every second; whichever claims the slot first sends it.
        RecordedRequest sent = fake.awaitRequest(directMessage(cy, "Your weekly nudge"), AFTER_LEASE);
        assertTrue(WireAssertions.text(sent.json()).contains("reverse-mode autodiff"), sent.body());
        assertEquals(1, number("SELECT COUNT(*) FROM nudge WHERE owner_id = ? AND preview = 0", cy.id()),
                "one nudge for the slot");
        awaitRows(List.of(List.of("delivered", 1)), "sent by one process, at its first attempt",
                "SELECT status, attempts FROM outbox WHERE kind = 'nudge' AND recipient_id = ?", cy.id());
        assertEquals(1, count(directMessage(cy, "Your weekly nudge")), "and once on the wire");
    }

    @Test
    @Order(3)
    void aProcessKilledWhileSendingHandsItsClaimedMailToTheOtherAfterTheLeaseNothingLostNothingTwice()
            throws InterruptedException {
        FakeUser dee = FakeUser.fresh();
        assertEquals("1/2", park(dee, ONE, "Bloom filter"));
        assertEquals("0/2", park(dee, ZERO, "Kalman filter"));
        // Discord hangs on the first direct-message channel opened from now on: the sender is caught mid-send.
        Stall opening = fake.stallNext("POST", "users/@me/channels");
        assertEquals("0/2", focus(dee, ZERO, "tracking a drone with a Kalman filter"));
        RecordedRequest held = opening.awaitArrival(LoopkeeperE2E.WAIT);
        // Nearly always the process that decided (it delivers at once); the other's one-second look may claim first.
        int holder = Integer.parseInt(held.shard().substring(0, 1));
        Child dead = CHILDREN[holder];
        Child survivor = CHILDREN[1 - holder];
        dead.kill();
        assertTrue(!dead.process().isAlive(), dead.where() + " is gone");

        List<List<Object>> claimed = query("SELECT id, status, attempts, lease_until FROM outbox "
                + "WHERE kind = 'reminder' AND recipient_id = ?", dee.id());
        assertEquals(1, claimed.size(), "one reminder: " + claimed);
        long mail = ((Number) claimed.get(0).get(0)).longValue();
        if ("sending".equals(claimed.get(0).get(1))) {
            assertEquals(1, ((Number) claimed.get(0).get(2)).intValue(), "claimed once, by the dead process");
            assertEquals(0, count(directMessage(dee, "Kalman filter")), "nothing sent while its lease runs");
        } // else the machine was slower than the lease: the other process has already taken it over, checked below

        RecordedRequest sent = fake.awaitRequest(directMessage(dee, "Kalman filter"), AFTER_LEASE);
        assertEquals(survivor.shard() + "/2", sent.shard(),
                "the surviving process sent it, after the dead one's lease ran out");
        awaitRows(List.of(List.of("delivered", 2)), "claimed twice (the dead process, then the other), delivered once",
                "SELECT status, attempts FROM outbox WHERE id = ?", mail);
        opening.release(); // the dead process's request: answered to nobody

        // The survivor goes on: a park through it after the kill, and everything parked before is there.
        assertEquals(survivor.shard() + "/2", park(dee, survivor.shard() == 0 ? ZERO : ONE, "Paxos"));
        assertEquals(3, number("SELECT COUNT(*) FROM open_loop WHERE owner_id = ?", dee.id()));
        awaitRows(List.of(), "no mail left behind", "SELECT id, kind, status FROM outbox WHERE status <> 'delivered'");
        Map<String, Long> posted = fake.requests().stream()
                .filter(r -> r.method().equals("POST") && r.path().matches("channels/\\d+/messages") && r.succeeded())
                .collect(Collectors.groupingBy(r -> r.path() + " " + WireAssertions.text(r.json()),
                        Collectors.counting()));
        assertEquals(Map.of(), posted.entrySet().stream().filter(e -> e.getValue() > 1)
                .collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue)), "nothing was sent twice");
        assertTrue(posted.size() >= 4, "the reminders and the nudge: " + posted.keySet());
    }
}
