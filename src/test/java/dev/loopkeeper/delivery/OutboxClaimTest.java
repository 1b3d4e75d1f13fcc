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

    /** Notes for Ada, every row loading. */
    private static final MailKind NOTES = Notes.kind(refId -> Optional.of(new Notes.Note("ada")));

    /** A second process's outbox on the same database and clock. */
    private Outbox otherProcess() {
        Outbox other = new Outbox(app.database(), new OutboxStore(), clock, LEASE);
        other.register(NOTES);
        return other;
    }

    private long enqueueNote() {
        return app.database().inTransaction(sql -> app.outbox().enqueue(sql, Notes.KIND, 1, "ada", clock.instant()));
    }

    /** A note whose direct message found the person's DMs closed: held for their next command. */
    private long heldNote() {
        app.outbox().register(NOTES);
        long id = enqueueNote();
        app.outbox().attach(Notes.direct(mail -> Courier.Outcome.DMS_CLOSED));
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
        second.attach(Notes.direct(mail -> {
            secondSending.countDown();
            await(firstAnswered);
            return Courier.Outcome.DELIVERED;
        }));
        List<CompletableFuture<Void>> secondAttempt = new ArrayList<>();
        app.outbox().attach(Notes.direct(mail -> {
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
        next.attach(Notes.direct(mail -> {
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
