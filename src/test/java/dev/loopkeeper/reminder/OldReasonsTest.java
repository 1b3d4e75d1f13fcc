package dev.loopkeeper.reminder;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** Reminders stored before reasons were kept in words still show no raw score. */
class OldReasonsTest {
    @Test
    void aStoredScoreIsLeftOut() {
        assertEquals("shared words: kalman, filter", ReminderStore.withoutScore("shared words: kalman, filter (score 1.12)"));
        assertEquals("Raft rests on quorum intersection",
                ReminderStore.withoutScore("Raft rests on quorum intersection (score 0.81)"));
        assertEquals("close in meaning", ReminderStore.withoutScore("close in meaning"));
        assertEquals("you parked it for \u201cx (score 2)\u201d",
                ReminderStore.withoutScore("you parked it for \u201cx (score 2)\u201d"), "only a trailing score goes");
    }
}
