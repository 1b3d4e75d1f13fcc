package dev.loopkeeper.delivery;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.loopkeeper.schedule.Job;
import dev.loopkeeper.schedule.JobScheduler;
import dev.loopkeeper.support.AppTestBase;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.Test;

/**
 * Stopping the bot interrupts the delivery job while it waits for Discord's answer (JobScheduler.close). The send cut
 * off records nothing, as a process that died mid-send would not, and the rest of the batch is not claimed and sent:
 * JDA may still send what was queued, so a failure recorded for it was a message sent and sent again after the restart.
 */
class OutboxShutdownTest extends AppTestBase {

    OutboxShutdownTest() {
        super("2026-03-04T10:00:00Z");
    }

    /** A row's status, attempts and last error. */
    private String row(long id) {
        return app.database().read(sql -> sql.queryOne("SELECT status, attempts, last_error FROM outbox WHERE id = ?",
                r -> r.getString(1) + " " + r.getInt(2) + " " + r.getString(3), id)).orElseThrow();
    }

    @Test
    void aSendCutOffByTheShutdownIsLeftToItsLeaseAndTheRestOfTheBatchIsNotClaimed() throws Exception {
        app.outbox().register(Notes.kind(refId -> Optional.of(new Notes.Note(refId == 1 ? "ada" : "bob"))));
        List<Long> ids = app.database().inTransaction(sql -> List.of(
                app.outbox().enqueue(sql, Notes.KIND, 1, "ada", clock.instant()),
                app.outbox().enqueue(sql, Notes.KIND, 2, "bob", clock.instant()),
                app.outbox().enqueue(sql, Notes.KIND, 3, "bob", clock.instant())));
        List<String> keys = new CopyOnWriteArrayList<>();
        CountDownLatch sending = new CountDownLatch(1);
        // As DiscordReminders does: the message is handed to JDA, then the job thread waits for Discord's answer.
        app.outbox().attach(directMessagesOnly(attemptKey -> {
            keys.add(attemptKey);
            sending.countDown();
            try {
                new CompletableFuture<Void>().get(60, TimeUnit.SECONDS); // Discord has not answered yet
                return Courier.Outcome.DELIVERED;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return Courier.Outcome.INTERRUPTED;
            } catch (ExecutionException | TimeoutException e) {
                return Courier.Outcome.FAILED;
            }
        }));
        JobScheduler jobs = new JobScheduler("outbox-shutdown-test");
        jobs.once(Job.of("deliver mail", Duration.ZERO, () -> app.outbox().deliverAllDue()));
        assertTrue(sending.await(30, TimeUnit.SECONDS), "the first send started");
        jobs.close(Duration.ofSeconds(30)); // the bot stops: the job thread is interrupted

        assertEquals(List.of(Outbox.attemptKey(ids.get(0), "d")), keys, "nothing more was handed to Discord");
        assertEquals("sending 1 null", row(ids.get(0)), "left to its lease, not recorded as failed");
        assertEquals("scheduled 0 null", row(ids.get(1)), "not claimed");
        assertEquals("scheduled 0 null", row(ids.get(2)), "not claimed");

        // The next start: the row cut off goes again once its lease ran out, with the same nonce (Discord answers
        // with the message if it did go out), and the others go as usual.
        restart();
        app.outbox().register(Notes.kind(refId -> Optional.of(new Notes.Note(refId == 1 ? "ada" : "bob"))));
        List<String> next = new CopyOnWriteArrayList<>();
        app.outbox().attach(directMessagesOnly(attemptKey -> {
            next.add(attemptKey);
            return Courier.Outcome.DELIVERED;
        }));
        app.outbox().deliverAllDue();
        assertEquals("sending 1 null", row(ids.get(0)), "not before its lease runs out");
        clock.advance(app.outbox().lease().plusSeconds(1));
        app.outbox().deliverAllDue();

        assertEquals(List.of(Outbox.attemptKey(ids.get(1), "d"), Outbox.attemptKey(ids.get(2), "d"),
                Outbox.attemptKey(ids.get(0), "d")), next);
        for (long id : ids) {
            assertEquals("delivered", app.outbox().status(id));
        }
    }

    /**
     * Once the stop begins, nothing more is claimed (the row stays scheduled for the next start, no attempt counted),
     * and the disconnect waits for a send started before it: on a closed connection it failed and counted an attempt.
     */
    @Test
    void aStoppingOutboxClaimsNothingMoreAndTheDisconnectWaitsForTheSendUnderWay() throws Exception {
        app.outbox().register(Notes.kind(refId -> Optional.of(new Notes.Note("ada"))));
        List<Long> ids = app.database().inTransaction(sql -> List.of(
                app.outbox().enqueue(sql, Notes.KIND, 1, "ada", clock.instant()),
                app.outbox().enqueue(sql, Notes.KIND, 2, "ada", clock.instant())));
        CountDownLatch sending = new CountDownLatch(1);
        CountDownLatch answer = new CountDownLatch(1);
        app.outbox().attach(directMessagesOnly(attemptKey -> {
            sending.countDown();
            try {
                return answer.await(30, TimeUnit.SECONDS) ? Courier.Outcome.DELIVERED : Courier.Outcome.FAILED;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return Courier.Outcome.INTERRUPTED;
            }
        }));
        Thread deciding = new Thread(() -> app.outbox().deliver(ids.get(0)), "a decision's send");
        deciding.start();
        assertTrue(sending.await(30, TimeUnit.SECONDS), "the first send started");

        app.outbox().stopSending();
        app.outbox().deliver(ids.get(1));
        assertEquals("scheduled 0 null", row(ids.get(1)), "not claimed once the stop began");
        assertFalse(app.outbox().awaitSendsUnderWay(Duration.ofMillis(50)), "the first send is under way");
        answer.countDown();
        assertTrue(app.outbox().awaitSendsUnderWay(Duration.ofSeconds(30)), "and ends before the disconnect");
        deciding.join();
        assertEquals("delivered 1 null", row(ids.get(0)));
    }

    /**
     * A row left 'sending' whose claim ran out (its process was killed mid-send, or its stop ended before Discord
     * answered): past Discord's nonce window, sending it again with the same nonce is a second message. The person's
     * DM is read first, from a little before the earlier claim; found there, it is delivered without a send, and not
     * found, or unreadable, it is sent.
     */
    @Test
    void aRowWhoseEarlierAttemptIsUnknownIsLookedForBeforeItIsSentAgain() {
        app.outbox().register(Notes.kind(refId -> Optional.of(new Notes.Note("ada" + refId))));
        List<Long> ids = app.database().inTransaction(sql -> List.of(
                app.outbox().enqueue(sql, Notes.KIND, 1, "ada1", clock.instant()),
                app.outbox().enqueue(sql, Notes.KIND, 2, "ada2", clock.instant()),
                app.outbox().enqueue(sql, Notes.KIND, 3, "ada3", clock.instant())));
        java.time.Instant claimed = clock.instant();
        app.database().write(sql -> {
            for (long id : ids) {
                new OutboxStore().claim(sql, id, claimed, claimed.plus(app.outbox().lease()));
            }
        });
        clock.advance(Duration.ofMinutes(30)); // a downtime past the lease and Discord's nonce window
        List<String> sent = new CopyOnWriteArrayList<>();
        List<java.time.Instant> lookedSince = new CopyOnWriteArrayList<>();
        app.outbox().attach(new Courier() {
            @Override
            public Outcome sendDirect(Mail mail) {
                throw new AssertionError("sent with its key");
            }

            @Override
            public Outcome sendDirect(Mail mail, String attemptKey) {
                sent.add(attemptKey);
                return Outcome.DELIVERED;
            }

            @Override
            public Outcome sendToChannel(String guildId, String channelId, Mail mail) {
                return Outcome.CHANNEL_UNAVAILABLE;
            }

            @Override
            public Optional<Boolean> foundDirect(Mail mail, java.time.Instant since) {
                lookedSince.add(since);
                if (mail.recipientId().equals("ada3")) {
                    throw new IllegalStateException("the DM could not be read");
                }
                return Optional.of(mail.recipientId().equals("ada1"));
            }
        });

        app.outbox().deliverAllDue();

        assertEquals(2, sent.size(), sent.toString());
        assertEquals(java.util.Set.of(Outbox.attemptKey(ids.get(1), "d"), Outbox.attemptKey(ids.get(2), "d")),
                java.util.Set.copyOf(sent), "the one found is not sent again; the one not found and the one unreadable are");
        assertEquals(3, lookedSince.size());
        assertTrue(lookedSince.stream().allMatch(since -> !since.isAfter(claimed)), lookedSince.toString());
        for (long id : ids) {
            assertEquals("delivered 2 null", row(id));
        }
        // Mail that was never left 'sending' goes without a look.
        long fresh = app.database().inTransaction(sql -> app.outbox().enqueue(sql, Notes.KIND, 4, "ada4",
                clock.instant()));
        app.outbox().deliverAllDue();
        assertEquals(3, lookedSince.size());
        assertEquals("delivered 1 null", row(fresh));
    }

    /**
     * A send that fails while the bot stops (a decision's, whose thread the stop does not interrupt, cut off by the
     * disconnect) may have gone out: it is left to its lease rather than rescheduled as failed, and looked for then.
     */
    @Test
    void aSendThatFailsWhileTheBotStopsIsLeftToItsLease() throws Exception {
        app.outbox().register(Notes.kind(refId -> Optional.of(new Notes.Note("ada"))));
        long id = app.database().inTransaction(sql -> app.outbox().enqueue(sql, Notes.KIND, 1, "ada", clock.instant()));
        CountDownLatch sending = new CountDownLatch(1);
        CountDownLatch disconnected = new CountDownLatch(1);
        app.outbox().attach(directMessagesOnly(attemptKey -> {
            sending.countDown();
            try {
                disconnected.await(30, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return Courier.Outcome.FAILED; // "The Requester has been stopped"
        }));
        Thread deciding = new Thread(() -> app.outbox().deliver(id), "a decision's send");
        deciding.start();
        assertTrue(sending.await(30, TimeUnit.SECONDS));
        app.outbox().stopSending();
        disconnected.countDown();
        deciding.join();
        assertEquals("sending 1 null", row(id), "not recorded as failed");
    }

    /** Discord's side: every direct message is sent with its attempt key, as {@code send} answers; no channel takes any. */
    private static Courier directMessagesOnly(java.util.function.Function<String, Courier.Outcome> send) {
        return new Courier() {
            @Override
            public Outcome sendDirect(Mail mail) {
                throw new AssertionError("sent with its key");
            }

            @Override
            public Outcome sendDirect(Mail mail, String attemptKey) {
                return send.apply(attemptKey);
            }

            @Override
            public Outcome sendToChannel(String guildId, String channelId, Mail mail) {
                return Outcome.CHANNEL_UNAVAILABLE;
            }
        };
    }
}
