package dev.loopkeeper.focus;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** What clearing says about the reminders it withdrew, in the number they and the cleared items are. */
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
}
