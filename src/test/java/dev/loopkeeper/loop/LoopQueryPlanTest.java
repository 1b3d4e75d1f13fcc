package dev.loopkeeper.loop;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.loopkeeper.storage.Database;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Which index SQLite reads for a query every park runs. A plan, not a time: the duplicate check by key once read the
 * person's whole backlog through V18's index, whose order its {@code ORDER BY} asked for (a park of a person with
 * 10,000 loops took 2.3 ms instead of 0.6; docs/BENCHMARKS.md).
 */
class LoopQueryPlanTest {
    @TempDir
    Path folder;

    @Test
    void theDuplicateCheckOfAParkReadsTheRowsWithItsKeyNotTheWholeBacklog() {
        try (Database database = Database.open(folder.resolve("lk.db"))) {
            List<String> plan = database.read(sql -> sql.query("EXPLAIN QUERY PLAN " + LoopStore.OPEN_BY_KEY,
                    row -> row.getString("detail"), "ada", "reverse-mode autodiff"));

            assertTrue(plan.stream().anyMatch(step -> step.contains("USING INDEX open_loop_by_key (owner_id=? AND "
                    + "concept_key=?)")), "plan: " + plan);
        }
    }
}
