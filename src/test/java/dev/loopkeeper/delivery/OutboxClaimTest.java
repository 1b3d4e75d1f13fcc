package dev.loopkeeper.delivery;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.loopkeeper.support.AppTestBase;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/**
 * Only the holder of a row's latest claim records how its attempt went: a claimer whose lease ran out while Discord
 * was slow, and mail a command took to show, both end their claim or leave it, never another's.
 */
class OutboxClaimTest extends AppTestBase {

    private static final Duration LEASE = Duration.ofSeconds(45);

    OutboxClaimTest() {
        super("2026-03-04T10:00:00Z");
    }

    private record Note(String recipientId) implements Mail {
        @Override
        public ServerParts serverParts() {
            return ServerParts.none();
        }
    }

    private static final MailKind NOTES = new MailKind() {
        @Override
        public String name() {
            return "note";
        }

        @Override
        public Optional<Note> load(long refId) {
            return Optional.of(new Note("ada"));
        }

        @Override
        public Optional<String> serverChannel(String guildId) {
            return Optional.empty();
        }
    };

    /** A second process's outbox on the same database and clock. */
    private Outbox otherProcess() {
        Outbox other = new Outbox(app.database(), new OutboxStore(), clock, LEASE);
        other.register(NOTES);
        return other;
    }

    private static Courier direct(Function<Mail, Courier.Outcome> send) {
        return new Courier() {
            @Override
            public Outcome sendDirect(Mail mail) {
                return send.apply(mail);
            }

            @Override
            public Outcome sendToChannel(String guildId, String channelId, Mail mail) {
                return Outcome.CHANNEL_UNAVAILABLE;
            }
        };
    }

    private long enqueueNote() {
        return app.database().inTransaction(sql -> app.outbox().enqueue(sql, "note", 1, "ada", clock.instant()));
    }

    /** A note whose direct message found the person's DMs closed: held for their next command. */
    private long heldNote() {
        app.outbox().register(NOTES);
        long id = enqueueNote();
        app.outbox().attach(direct(mail -> Courier.Outcome.DMS_CLOSED));
        app.outbox().deliver(id);
        assertEquals("held", app.outbox().status(id));
        return id;
    }

    @Test
    void aClaimerWhoseLeaseRanOutDoesNotRescheduleWhatTheNextClaimerSent() throws Exception {
        app.outbox().register(NOTES);
        long id = enqueueNote();
        Outbox second = otherProcess();
        CountDownLatch secondSending = new CountDownLatch(1);
        CountDownLatch firstAnswered = new CountDownLatch(1);
        second.attach(direct(mail -> {
            secondSending.countDown();
            await(firstAnswered);
            return Courier.Outcome.DELIVERED;
        }));
        List<CompletableFuture<Void>> secondAttempt = new ArrayList<>();
        app.outbox().attach(direct(mail -> {
            // Discord takes longer than the lease to answer the first process: the second takes the row over and is
            // sending it when the first one's attempt fails at last.
            clock.advance(LEASE.plusSeconds(1));
            secondAttempt.add(CompletableFuture.runAsync(() -> second.deliver(id)));
            await(secondSending);
            return Courier.Outcome.FAILED;
        }));

        app.outbox().deliver(id);
        firstAnswered.countDown();
        secondAttempt.get(0).get(10, TimeUnit.SECONDS);

        assertEquals("delivered", app.outbox().status(id),
                "the second claimer's delivery stands; the first one's failure would have sent it once more");
        clock.advance(Duration.ofHours(1));
        assertEquals(0, app.outbox().deliverDue(), "nothing is due again");
    }

    @Test
    void heldMailACommandCouldNotShowIsHeldForTheNextOne() {
        long id = heldNote();

        List<Outbox.HeldMail> first = app.outbox().takeHeld("ada");
        assertEquals(1, first.size());
        assertTrue(app.outbox().takeHeld("ada").isEmpty(), "a second command at the same time does not get it");
        app.outbox().notShown(first.get(0));

        assertEquals("held", app.outbox().status(id));
        assertEquals(1, app.outbox().heldCount("ada"));
        assertTrue(app.outbox().directMessagesClosed("ada"), "what held it first is kept");
        List<Outbox.HeldMail> second = app.outbox().takeHeld("ada");
        app.outbox().shown(second.get(0));
        assertEquals("delivered", app.outbox().status(id));
        assertEquals(0, app.outbox().heldCount("ada"));
    }

    @Test
    void heldMailTakenByAProcessThatDiedIsTakenUpAgainWhenItsClaimRunsOut() {
        long id = heldNote();
        assertEquals(1, app.outbox().takeHeld("ada").size()); // and the process dies before it shows it

        Outbox next = otherProcess();
        List<Mail> sent = new ArrayList<>();
        next.attach(direct(mail -> {
            sent.add(mail);
            return Courier.Outcome.DELIVERED; // the person opened their DMs meanwhile
        }));
        assertEquals(0, next.deliverDue(), "not while the claim lasts");
        clock.advance(LEASE.plusSeconds(1));
        next.deliverDue();

        assertEquals(1, sent.size());
        assertEquals("delivered", app.outbox().status(id));
    }

    private static void await(CountDownLatch latch) {
        try {
            if (!latch.await(10, TimeUnit.SECONDS)) {
                throw new AssertionError("timed out");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }
}
