package dev.loopkeeper.delivery;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.loopkeeper.support.AppTestBase;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * Several processes on one database, updated one at a time: a process that does not know a kind of mail (a newer
 * version's) leaves it, uncounted, for a process that does; it dropped it for good.
 */
class OutboxUnknownKindTest extends AppTestBase {

    /** The newer version's kind of mail. */
    private static final String MEMO = "memo";

    OutboxUnknownKindTest() {
        super("2026-03-04T10:00:00Z");
    }

    /** A newer version's outbox on the same database and clock: it knows memos too. */
    private Outbox newerProcess(Courier courier) {
        Outbox newer = new Outbox(app.database(), new OutboxStore(), clock, Duration.ofSeconds(45));
        newer.register(Notes.kind(refId -> Optional.of(new Notes.Note("bob"))));
        newer.register(new MailKind() {
            @Override
            public String name() {
                return MEMO;
            }

            @Override
            public Optional<Notes.Note> load(long refId) {
                return Optional.of(new Notes.Note("ada"));
            }

            @Override
            public Optional<String> serverChannel(String guildId) {
                return Optional.empty();
            }
        });
        newer.attach(courier);
        return newer;
    }

    private String row(long id) {
        return app.database().read(sql -> sql.queryOne("SELECT status, attempts FROM outbox WHERE id = ?",
                r -> r.getString(1) + " " + r.getInt(2), id)).orElseThrow();
    }

    @Test
    void mailOfAKindThisProcessDoesNotKnowIsLeftForAProcessThatDoes() {
        // This (older) process knows notes only.
        app.outbox().register(Notes.kind(refId -> Optional.of(new Notes.Note("bob"))));
        List<String> sentHere = new ArrayList<>();
        app.outbox().attach(Notes.direct(mail -> {
            sentHere.add(mail.recipientId());
            return Courier.Outcome.DELIVERED;
        }));
        long memo = app.database().inTransaction(sql -> app.outbox().enqueue(sql, MEMO, 1, "ada", clock.instant()));
        long note = app.database().inTransaction(sql -> app.outbox().enqueue(sql, Notes.KIND, 1, "bob", clock.instant()));

        app.outbox().deliverAllDue();
        app.outbox().deliver(memo); // asked for by id, too
        clock.advance(Duration.ofHours(1));
        app.outbox().deliverAllDue();

        assertEquals(List.of("bob"), sentHere, "the note went; the memo was not sent here");
        assertEquals("delivered", app.outbox().status(note));
        assertEquals("scheduled 0", row(memo), "left as it was, its attempts uncounted");

        // The newer process delivers it.
        List<String> sentThere = new ArrayList<>();
        newerProcess(Notes.direct(mail -> {
            sentThere.add(mail.recipientId());
            return Courier.Outcome.DELIVERED;
        })).deliverAllDue();
        assertEquals(List.of("ada"), sentThere);
        assertEquals("delivered", app.outbox().status(memo));
    }

    @Test
    void heldMailOfAKindThisProcessDoesNotKnowStaysHeldForAProcessThatDoes() {
        app.outbox().register(Notes.kind(refId -> Optional.of(new Notes.Note("bob"))));
        long memo = app.database().inTransaction(sql -> app.outbox().enqueue(sql, MEMO, 1, "ada", clock.instant()));
        Outbox newer = newerProcess(Notes.direct(mail -> Courier.Outcome.DMS_CLOSED));
        newer.deliverAllDue();
        assertEquals("held", app.outbox().status(memo));

        assertTrue(app.outbox().takeHeld("ada").isEmpty(), "this process cannot show it");
        assertEquals(0, app.outbox().heldCount("ada"));
        assertEquals("held", app.outbox().status(memo), "still held");

        List<Outbox.HeldMail> shown = newer.takeHeld("ada");
        assertEquals(1, shown.size(), "the person's next command on the newer process shows it");
        newer.shown(shown.get(0));
        assertEquals("delivered", app.outbox().status(memo));
    }
}
