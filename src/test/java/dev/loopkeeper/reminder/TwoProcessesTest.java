package dev.loopkeeper.reminder;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import dev.loopkeeper.Loopkeeper;
import dev.loopkeeper.config.Config;
import dev.loopkeeper.delivery.Courier;
import dev.loopkeeper.focus.FocusSource;
import dev.loopkeeper.loop.Origin;
import dev.loopkeeper.loop.ParkRequest;
import dev.loopkeeper.loop.ParkResult;
import dev.loopkeeper.support.MutableClock;
import dev.loopkeeper.support.TestApp;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two Loopkeepers on one database, each with its own connection pool and caches, as two bot processes would be:
 * racing over the same due mail, each reminder goes out once, and mail a dead process had claimed is sent by the
 * other once its lease has run out. Runs on SQLite and (in the build's "postgres" run) on PostgreSQL, where several
 * processes are what the shared store is for.
 */
class TwoProcessesTest {
    private static final int PEOPLE = 24;
    private static final String WORK = "tracking a drone with a Kalman filter";

    @TempDir
    Path folder;
    private final MutableClock clock = MutableClock.at("2026-03-02T10:00:00Z");
    private Loopkeeper first;
    private Loopkeeper second;

    @BeforeEach
    void open() {
        first = TestApp.open(folder, clock);
        second = TestApp.open(folder, clock);
    }

    @AfterEach
    void close() {
        first.close();
        second.close();
    }

    /** Each person parks a loop through one process and focuses on matching work; no front is attached yet. */
    private List<Long> dueReminders() {
        return dueReminders(i -> Origin.none());
    }

    private List<Long> dueReminders(java.util.function.IntFunction<Origin> origin) {
        List<Long> mail = new ArrayList<>();
        for (int i = 0; i < PEOPLE; i++) {
            String person = "p" + i;
            Loopkeeper app = i % 2 == 0 ? first : second;
            assertInstanceOf(ParkResult.Parked.class,
                    app.loops().park(new ParkRequest(person, "Kalman filter", null, origin.apply(i))));
            app.focus().set(person, WORK, Optional.empty(), FocusSource.COMMAND, null, null);
        }
        mail.addAll(first.database().read(sql -> sql.query("SELECT id FROM outbox WHERE kind = ? ORDER BY id",
                row -> row.getLong(1), Reminder.KIND)));
        assertEquals(PEOPLE, mail.size(), "one reminder each, waiting for a front");
        return mail;
    }

    @Test
    void racingOverTheSameDueMailEachReminderGoesOutOnce() throws Exception {
        List<Long> mail = dueReminders();
        ScriptedNotifier atFirst = new ScriptedNotifier();
        ScriptedNotifier atSecond = new ScriptedNotifier();
        first.outbox().attach(atFirst);
        second.outbox().attach(atSecond);

        CountDownLatch go = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<Integer>> runs = new ArrayList<>();
            for (Loopkeeper app : List.of(first, second, first, second)) {
                runs.add(pool.submit(() -> {
                    go.await();
                    return app.outbox().deliverAllDue();
                }));
            }
            go.countDown();
            for (Future<Integer> run : runs) {
                run.get(60, TimeUnit.SECONDS);
            }
        } finally {
            pool.shutdownNow();
        }

        List<ScriptedNotifier.Sent> sent = new ArrayList<>(atFirst.sent);
        sent.addAll(atSecond.sent);
        Map<String, Long> perPerson = sent.stream()
                .collect(Collectors.groupingBy(s -> s.reminder().ownerId(), Collectors.counting()));
        for (int i = 0; i < PEOPLE; i++) {
            assertEquals(1L, perPerson.getOrDefault("p" + i, 0L), "p" + i + "'s reminder, sent by either process");
        }
        assertEquals(PEOPLE, sent.size());
        for (long id : mail) {
            assertEquals("delivered", first.outbox().status(id));
        }
    }

    @Test
    void mailADeadProcessHadClaimedIsSentByTheOtherOnceItsLeaseRunsOut() {
        List<Long> mail = dueReminders();
        long claimed = mail.get(0);
        // The first process claimed this row and died mid-send: its lease still runs.
        first.database().write(sql -> sql.update(
                "UPDATE outbox SET status = 'sending', attempts = 1, lease_until = ? WHERE id = ?",
                clock.instant().plus(first.outbox().lease()).toEpochMilli(), claimed));
        first.close();
        first = TestApp.open(folder, clock); // what @AfterEach closes; it stays without a front, like the dead one

        ScriptedNotifier atSecond = new ScriptedNotifier();
        second.outbox().attach(atSecond);
        assertEquals(PEOPLE - 1, second.outbox().deliverAllDue(), "all but the claimed one");
        assertEquals("sending", second.outbox().status(claimed));

        clock.advance(second.outbox().lease().plus(Duration.ofSeconds(1)));
        second.outbox().deliverAllDue();
        second.outbox().deliverAllDue();
        Map<Long, Long> perMail = atSecond.sent.stream()
                .collect(Collectors.groupingBy(s -> s.reminder().id(), Collectors.counting()));
        long claimedReminder = first.database().read(sql -> sql.queryLong("SELECT ref_id FROM outbox WHERE id = ?",
                claimed));
        assertEquals(1L, perMail.get(claimedReminder), "sent once, after the lease ran out");
        assertEquals(PEOPLE, atSecond.sent.size());
        assertEquals("delivered", second.outbox().status(claimed));
        assertEquals(PEOPLE, mail.stream().map(second.outbox()::status).filter("delivered"::equals).count());
        assertEquals(Map.of(), mail.stream().map(second.outbox()::status).filter(s -> !"delivered".equals(s))
                .collect(Collectors.toMap(Function.identity(), s -> 1)));
    }

    @Test
    void serverChannelMailGoesOutThroughTheProcessThatRunsItsServersShardAndDirectMessagesThroughEither() {
        // Discord's rule: a server is on shard (id >> 22) % total.
        String onShardZero = String.valueOf(2L << 22);
        String onShardOne = String.valueOf(3L << 22);
        first.settings().setReminderChannel(onShardZero, "700");
        first.settings().setReminderChannel(onShardOne, "701");
        List<Long> mail = dueReminders(i -> Origin.channel(i % 4 < 2 ? onShardZero : onShardOne, "600"));
        // Four people (two on each shard's server) have their direct messages closed: theirs go to the channel.
        java.util.function.Predicate<String> closed = List.of("p0", "p1", "p2", "p3")::contains;
        ScriptedNotifier[] at = deliverOnShardsZeroAndOne(closed);
        ScriptedNotifier atFirst = at[0];
        ScriptedNotifier atSecond = at[1];

        assertEquals(List.of(), atFirst.sent.stream().map(ScriptedNotifier.Sent::where)
                .filter(where -> where.startsWith(onShardOne)).toList(), "the first process runs shard 0 only");
        assertEquals(List.of(), atSecond.sent.stream().map(ScriptedNotifier.Sent::where)
                .filter(where -> where.startsWith(onShardZero)).toList(), "the second process runs shard 1 only");
        List<ScriptedNotifier.Sent> delivered = new ArrayList<>();
        delivered.addAll(atFirst.sent);
        delivered.addAll(atSecond.sent);
        // A direct message to closed DMs is an attempt that reached nobody; count what arrived: each reminder once.
        Map<Long, Long> arrived = delivered.stream()
                .filter(sent -> !sent.where().equals("dm") || !closed.test(sent.reminder().ownerId()))
                .collect(Collectors.groupingBy(sent -> sent.reminder().id(), Collectors.counting()));
        assertEquals(PEOPLE, arrived.size(), arrived.toString());
        arrived.forEach((reminder, times) -> assertEquals(1L, times, "reminder " + reminder));
        long inChannels = delivered.stream().filter(s -> !s.where().equals("dm")).count();
        assertEquals(4, inChannels, "the four whose direct messages are closed, each in their server's channel");
        for (long id : mail) {
            assertEquals("delivered", first.outbox().status(id));
        }
    }

    @Test
    void mailForAServerIdThatIsNoNumberIsHeldInsteadOfFailingOnEveryLease() {
        // A hand-edited /import may give a loop any origin_guild_id; no shard runs a server whose id is no number.
        List<Long> mail = dueReminders(i -> i < 2 ? Origin.channel("our-team-server", "600") : Origin.none());
        deliverOnShardsZeroAndOne(List.of("p0", "p1")::contains);

        Map<String, Long> byStatus = mail.stream().map(first.outbox()::status)
                .collect(Collectors.groupingBy(Function.identity(), java.util.TreeMap::new, Collectors.counting()));
        assertEquals(Map.of("delivered", (long) PEOPLE - 2, "held", 2L), byStatus,
                "the two whose DMs are closed and whose loops name no real server are held for their next command");
        assertEquals(1, first.outbox().heldCount("p0"));
        assertEquals(1, first.outbox().heldCount("p1"));
    }

    /**
     * The first process runs shard 0 of 2, the second shard 1; the people {@code closed} names have their direct
     * messages closed. Both deliver what is due three times, 30 seconds apart; returns what each sent.
     */
    private ScriptedNotifier[] deliverOnShardsZeroAndOne(java.util.function.Predicate<String> closed) {
        ScriptedNotifier atFirst = new ScriptedNotifier();
        ScriptedNotifier atSecond = new ScriptedNotifier();
        atFirst.servedGuilds = new Config.Shards(2, List.of(0))::runs;
        atSecond.servedGuilds = new Config.Shards(2, List.of(1))::runs;
        atFirst.closedFor = closed;
        atSecond.closedFor = closed;
        first.outbox().attach(atFirst);
        second.outbox().attach(atSecond);
        for (int round = 0; round < 3; round++) {
            first.outbox().deliverAllDue();
            second.outbox().deliverAllDue();
            clock.advance(Duration.ofSeconds(30));
        }
        return new ScriptedNotifier[] {atFirst, atSecond};
    }

    @Test
    void theSameConceptParkedAtOnceThroughBothProcessesIsOneLoop() throws Exception {
        CountDownLatch go = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(8);
        List<Future<ParkResult>> parks = new ArrayList<>();
        try {
            for (int i = 0; i < 8; i++) {
                Loopkeeper app = i % 2 == 0 ? first : second;
                String why = "reason " + i;
                parks.add(pool.submit(() -> {
                    go.await();
                    return app.loops().park(new ParkRequest("ada", "Kalman filter", why, Origin.none()));
                }));
            }
            go.countDown();
            long parked = 0;
            for (Future<ParkResult> park : parks) {
                if (park.get(60, TimeUnit.SECONDS) instanceof ParkResult.Parked) {
                    parked++;
                }
            }
            assertEquals(1, parked, "one park makes the loop; the others find it open and add their why to it");
        } finally {
            pool.shutdownNow();
        }
        assertEquals(1L, (long) first.database().read(sql -> sql.queryLong(
                "SELECT COUNT(*) FROM open_loop WHERE owner_id = 'ada'")));
        assertEquals(7L, (long) second.database().read(sql -> sql.queryLong(
                "SELECT COUNT(*) FROM loop_note WHERE owner_id = 'ada'")), "every other why is kept, once");
    }

    @Test
    void mailAProcessKilledMidSendHadClaimedIsSentByTheOtherAfterTheLeaseAndNothingTwice() throws Exception {
        List<Long> mail = dueReminders();
        dev.loopkeeper.config.Config config = TestApp.config(folder);
        String database = config.postgres().map(Config.Postgres::url).orElse(config.databasePath().toString());
        String user = config.postgres().flatMap(Config.Postgres::user).orElse("-");
        Process child = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), MailClaimer.class.getName(), database,
                clock.instant().toString(), user, folder.toString())
                .redirectError(ProcessBuilder.Redirect.DISCARD)
                .start();
        long claimed;
        try (java.io.BufferedReader lines = new java.io.BufferedReader(new java.io.InputStreamReader(
                child.getInputStream(), java.nio.charset.StandardCharsets.UTF_8))) {
            String line = lines.readLine();
            assertEquals(true, line != null && line.startsWith("claimed "), "the child claimed mail: " + line);
            claimed = Long.parseLong(line.substring("claimed ".length()));
        } finally {
            child.destroyForcibly(); // SIGKILL mid-send: no shutdown hook, no finish, the lease stays
            child.waitFor(30, TimeUnit.SECONDS);
        }
        long claimedMail = second.outbox().idOf(Reminder.KIND, claimed).orElseThrow();
        assertEquals("sending", second.outbox().status(claimedMail), "the dead process's claim holds until its lease");

        ScriptedNotifier atSecond = new ScriptedNotifier();
        second.outbox().attach(atSecond);
        assertEquals(PEOPLE - 1, second.outbox().deliverAllDue(), "the rest goes out at once; the claimed one waits");
        clock.advance(second.outbox().lease().plus(Duration.ofSeconds(1)));
        second.outbox().deliverAllDue();
        Map<Long, Long> perReminder = atSecond.sent.stream()
                .collect(Collectors.groupingBy(sent -> sent.reminder().id(), Collectors.counting()));
        assertEquals(PEOPLE, perReminder.size());
        perReminder.forEach((reminder, times) -> assertEquals(1L, times, "reminder " + reminder));
        assertEquals(PEOPLE, mail.stream().map(second.outbox()::status).filter("delivered"::equals).count());
    }
}
