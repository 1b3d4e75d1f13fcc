package dev.loopkeeper.loop;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.loopkeeper.common.InvalidInputException;
import dev.loopkeeper.ownership.ExportFormat;
import dev.loopkeeper.support.AppTestBase;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A loop gathers at most {@link LoopLimits#MAX_NOTES} notes from parks of its concept again, on a real database: the
 * park that would add one more is refused with what to do, and nothing the loop held is lost. An export holds every
 * note and an import keeps them all, over the cap or not: it is the person's own history.
 */
class NoteCapTest extends AppTestBase {
    private static final String ADA = "100";
    private static final String BOB = "200";
    private static final String GUILD = "900";
    private static final LoopScope LOT = LoopScope.server(GUILD);
    private static final Origin GENERAL = Origin.channel(GUILD, "C1");

    NoteCapTest() {
        super("2026-03-01T10:00:00Z");
    }

    private OpenLoop parked(ParkRequest request) {
        return assertInstanceOf(ParkResult.Parked.class, app.loops().park(request)).loop();
    }

    /**
     * Fills a loop's notes to the cap, each a why it did not hold, a minute apart as parks are (stored directly: a park
     * at a time embeds each).
     */
    private void fill(OpenLoop loop) {
        app.database().inTransaction(sql -> {
            for (int i = 0; i < LoopLimits.MAX_NOTES; i++) {
                clock.advance(Duration.ofMinutes(1));
                new LoopStore().insertNote(sql, loop.ownerId(), loop.id(), loop.concept(), "reason number " + i,
                        null, Origin.none(), null, clock.instant());
            }
            return null;
        });
    }

    private List<LoopNote> notes(String owner, long loopId) {
        return app.database().read(sql -> new LoopStore().notes(sql, owner, List.of(loopId))).get(loopId);
    }

    @Test
    void aParkThatWouldAddOneNoteTooManyIsRefusedAndTheLoopKeepsWhatItHeld() {
        OpenLoop loop = parked(new ParkRequest(ADA, "Kalman filter", "my drone drifts", GENERAL));
        fill(loop);
        clock.advance(Duration.ofDays(1));

        InvalidInputException full = assertThrows(InvalidInputException.class, () -> app.loops().park(
                new ParkRequest(ADA, "kalman FILTER", "one reason more", GENERAL)));
        assertEquals(LoopErrors.notesFull("Kalman filter", LoopLimits.MAX_NOTES, LoopScope.Kind.PERSONAL, true),
                full.getMessage());
        assertTrue(full.getMessage().contains("with /edit, or close it and park the concept again"), full.getMessage());
        assertInstanceOf(InvalidInputException.class, assertThrows(InvalidInputException.class, () -> app.loops().park(
                new ParkRequest(ADA, "Kalman filter", null, Origin.channel(GUILD, "C2")))), "a new source is a note too");
        assertEquals(LoopLimits.MAX_NOTES, notes(ADA, loop.id()).size(), "every note kept, none added");
        assertEquals("my drone drifts", app.loops().find(ADA, loop.id()).orElseThrow().why());

        // What the loop holds already adds no note, so it is never refused.
        assertInstanceOf(ParkResult.AlreadyOpen.class, app.loops().park(
                new ParkRequest(ADA, "Kalman filter", "reason number 7", GENERAL)));
        // Closed, the concept is parked again as a new loop.
        app.loops().close(ADA, loop.id(), Outcome.LET_GO, null);
        assertTrue(parked(new ParkRequest(ADA, "Kalman filter", "one reason more", GENERAL)).id() != loop.id());
    }

    @Test
    void aMemberAtAFullServerLoopIsToldWhoCanMakeRoomAndIsNotCountedHalfway() {
        OpenLoop loop = parked(new ParkRequest(ADA, "Kalman filter", null, GENERAL, LOT));
        fill(loop);

        InvalidInputException full = assertThrows(InvalidInputException.class, () -> app.loops().park(
                new ParkRequest(BOB, "Kalman filter", "for the drone club", GENERAL, LOT)));
        assertEquals(LoopErrors.notesFull("Kalman filter", LoopLimits.MAX_NOTES, LoopScope.Kind.SERVER, false),
                full.getMessage());
        assertTrue(full.getMessage().contains("Its author or someone with Manage Server can put what matters in its why"),
                full.getMessage());
        assertEquals(1, app.loops().list(LOT, Actor.member(BOB, GUILD, false), LoopFilter.open(), 0, 10)
                .interestOf(loop.id()), "nothing saved: no Me too either");
        assertEquals(LoopLimits.MAX_NOTES, notes(LOT.ownerKey(), loop.id()).size());

        InvalidInputException forAuthor = assertThrows(InvalidInputException.class, () -> app.loops().park(
                new ParkRequest(ADA, "Kalman filter", "for the drone club", GENERAL, LOT)));
        assertTrue(forAuthor.getMessage().contains("with /edit scope:server, or close it"), forAuthor.getMessage());
    }

    @Test
    void anExportHoldsEveryNoteAndAnImportKeepsThemAllEvenPastTheCap() {
        OpenLoop loop = parked(new ParkRequest(ADA, "Kalman filter", "my drone drifts", GENERAL));
        fill(loop);
        byte[] file = app.data().write(app.data().export(ADA), ExportFormat.JSON);
        assertEquals(LoopLimits.MAX_NOTES, app.data().export(ADA).rows("loop_note").size());

        // Bob has the concept open already with a note of his own: the file's loop is merged into his, notes and all.
        clock.advance(Duration.ofDays(1));
        OpenLoop bobs = parked(new ParkRequest(BOB, "Kalman filter", "sensor fusion", GENERAL));
        clock.advance(Duration.ofMinutes(1));
        app.loops().park(new ParkRequest(BOB, "Kalman filter", "a note of Bob's", GENERAL));
        app.data().importJson(BOB, file);

        List<LoopNote> held = notes(BOB, bobs.id());
        assertEquals(LoopLimits.MAX_NOTES + 2, held.size(), "his note, the file's why as a note, and the file's notes");
        assertEquals("a note of Bob's", held.get(held.size() - 1).why(), "the newest: the file's are older");
        assertEquals(0, app.data().importJson(BOB, file).addedTotal(), "the same file again adds nothing");
        assertEquals(LoopLimits.MAX_NOTES + 2, notes(BOB, bobs.id()).size());
        // Past the cap, his next park with something new is refused as at the cap.
        assertThrows(InvalidInputException.class, () -> app.loops().park(
                new ParkRequest(BOB, "Kalman filter", "yet another reason", GENERAL)));
    }
}
