package dev.loopkeeper.focus;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.loopkeeper.settings.PersonSettings;
import dev.loopkeeper.settings.QuietHours;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * What clearing says about the reminders it withdrew, in the number they and the cleared items are; and what setting
 * says of a focus that ends inside the quiet hours it was set in.
 */
class FocusMessagesTest {
    private static final Instant WHEN = Instant.parse("2026-03-01T10:00:00Z");
    private final FocusMessages messages = new FocusMessages(moment -> "just now");

    private static Focus focus(long id, String text) {
        return new Focus(id, "ada", text, FocusSource.COMMAND, null, null, WHEN, null);
    }

    @Test
    void oneItemAndOneReminderReadInTheSingularSeveralInThePlural() {
        assertEquals("Cleared **reading ch. 1.** A reminder waiting for it (the daily limit or quiet hours) was "
                + "withdrawn: its loops stay parked and come back with work they fit.",
                messages.clearedOne(new FocusService.Cleared(List.of(focus(1, "reading ch. 1.")), 1)));
        assertEquals("Cleared 2 focus items. 2 reminders waiting for them (the daily limit or quiet hours) were "
                + "withdrawn: their loops stay parked and come back with work they fit.",
                messages.cleared(new FocusService.Cleared(List.of(focus(1, "a"), focus(2, "b")), 2)));
        assertEquals("Cleared your focus.", messages.cleared(new FocusService.Cleared(List.of(focus(1, "a")), 0)));
    }

    /** Quiet hours from 09:00 to 16:00 UTC; WHEN, 10:00, is inside them. */
    private static final PersonSettings QUIET = new PersonSettings("ada", Optional.of(new QuietHours(LocalTime.of(9, 0),
            LocalTime.of(16, 0), ZoneOffset.UTC)), Optional.of(ZoneOffset.UTC), false, 0);

    private String set(String expires, boolean refreshed, Instant at) {
        Focus focus = new Focus(1, "ada", "knitting", FocusSource.COMMAND, null, null, WHEN,
                expires == null ? null : Instant.parse(expires));
        return messages.set(new FocusService.Added(focus, 1, refreshed, at), QUIET);
    }

    @Test
    void aFocusThatEndsInsideTheQuietHoursItWasSetInSaysNoReminderWillComeForIt() {
        String none = "Focus set: **knitting** (until just now, just now). It is your only active focus. It ends before "
                + "your quiet hours do (just now), so no reminder will come for it unless you set it for longer or end "
                + "quiet hours sooner (/focus quiet).";
        assertEquals(none, set("2026-03-01T12:00:00Z", false, WHEN));
        assertEquals(none, set("2026-03-01T16:00:00Z", false, WHEN), "a reminder would go as the focus ends");
        assertEquals(none.replace("Focus set", "Focus refreshed"), set("2026-03-01T12:00:00Z", true, WHEN));
        String comes = "Focus set: **knitting** (until just now, just now). It is your only active focus. Parked loops "
                + "that match it will come back to you.";
        assertEquals(comes, set("2026-03-01T16:00:01Z", false, WHEN), "it outlasts them");
        assertEquals(comes, set("2026-03-01T08:59:00Z", false, Instant.parse("2026-03-01T08:00:00Z")),
                "set before them: a match goes at once");
        assertEquals("Focus set: **knitting** (until you clear it). It is your only active focus. Parked loops that "
                + "match it will come back to you.", set(null, false, WHEN));
        assertEquals("Focus set: **knitting** (until just now, just now). It is your only active focus.",
                messages.setHeadline(new FocusService.Added(new Focus(1, "ada", "knitting", FocusSource.COMMAND, null,
                        null, WHEN, WHEN), 1, false, WHEN)));
    }
}
