package dev.loopkeeper.reminder;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.loopkeeper.storage.Database;
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
        try (Database database = Database.open(folder.resolve("lk.db"))) {
            List<String> plan = database.read(sql -> sql.query("EXPLAIN QUERY PLAN " + ReminderStore.NOT_RELEVANT,
                    row -> row.getString("detail"), "ada", "profiling cuda kernels"));

            assertEquals(List.of("SEARCH suppression USING COVERING INDEX suppression_by_owner (owner_id=? AND "
                    + "focus_key=?)"), plan);
        }
    }
}
