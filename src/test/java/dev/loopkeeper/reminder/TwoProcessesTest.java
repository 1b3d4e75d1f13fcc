package dev.loopkeeper.reminder;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import dev.loopkeeper.Loopkeeper;
import dev.loopkeeper.delivery.Outbox;
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
        List<Long> mail = new ArrayList<>();
        for (int i = 0; i < PEOPLE; i++) {
            String person = "p" + i;
            Loopkeeper app = i % 2 == 0 ? first : second;
            assertInstanceOf(ParkResult.Parked.class,
                    app.loops().park(new ParkRequest(person, "Kalman filter", null, Origin.none())));
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
                clock.instant().plus(Outbox.LEASE).toEpochMilli(), claimed));
        first.close();
        first = TestApp.open(folder, clock); // what @AfterEach closes; it stays without a front, like the dead one

        ScriptedNotifier atSecond = new ScriptedNotifier();
        second.outbox().attach(atSecond);
        assertEquals(PEOPLE - 1, second.outbox().deliverAllDue(), "all but the claimed one");
        assertEquals("sending", second.outbox().status(claimed));

        clock.advance(Outbox.LEASE.plus(Duration.ofSeconds(1)));
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
}
