package dev.loopkeeper.reminder;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.loopkeeper.support.QueryPlans;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Which index SQLite reads for what every focus change asks. A plan, not a time: the "Not relevant" pairs were read
 * through every person's rows (5.9 ms at 200,000, twice in a decision; docs/BENCHMARKS.md).
 */
class ReminderQueryPlanTest {
    @TempDir
    Path folder;

    @Test
    void aDecisionReadsOnlyThePersonsNotRelevantPairsForItsFocus() {
        List<String> plan = QueryPlans.of(folder, ReminderStore.NOT_RELEVANT, "ada", "profiling cuda kernels");

        assertEquals(List.of("SEARCH suppression USING COVERING INDEX suppression_by_owner (owner_id=? AND "
                + "focus_key=?)"), plan);
    }

    /**
     * The delivery job, every 15 seconds: reminders waiting for a focus item whose time ran out, found from the items
     * that ran out in the last day. Asked from the outbox, it read every reminder scheduled ahead (at night, one for
     * everyone in quiet hours).
     */
    @Test
    void theJobFindsRemindersWaitingForAFocusThatRanOutFromTheItemsThatRanOut() {
        List<String> plan = QueryPlans.of(folder, ReminderStore.WAITING_FOR_ENDED.formatted("<>"), 2_000L, 1_000L,
                "local", Reminder.KIND, 2_000L);

        assertEquals("SEARCH f USING INDEX focus_by_expiry (expires_at>? AND expires_at<?)", plan.get(0),
                "plan: " + plan);
    }
}
