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
}
