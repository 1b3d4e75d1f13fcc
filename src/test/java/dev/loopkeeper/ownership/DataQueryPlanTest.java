package dev.loopkeeper.ownership;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.loopkeeper.support.QueryPlans;
import java.nio.file.Path;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Which index SQLite reads for what {@code /export} and {@code /forget-me} run, on tables that grow with everyone's
 * use. A plan, not a time: a person's polls were found by reading every server's (docs/BENCHMARKS.md). The SQL is the
 * registry's, as {@link DataStore} builds it.
 */
class DataQueryPlanTest {
    private static final String ADA = "1000000000000000301";

    @TempDir
    Path folder;

    private List<String> plan(String sql) {
        int parameters = (int) sql.chars().filter(c -> c == '?').count();
        return QueryPlans.of(folder, sql, Collections.nCopies(parameters, ADA).toArray());
    }

    private static void assertNoScan(List<String> plan) {
        assertTrue(plan.stream().noneMatch(step -> step.startsWith("SCAN ")), "plan: " + plan);
    }

    @Test
    void anExportReadsThePersonsPollsThroughTheirLoops() {
        List<String> plan = plan(DataStore.rowsQuery(PersonalData.table("triage_poll"), true));

        assertEquals("SEARCH triage_poll USING INDEX triage_poll_by_loop (loop_id=?)", plan.get(0), "plan: " + plan);
        assertNoScan(plan);
    }

    @Test
    void forgettingDeletesThePersonsPollsThroughTheirLoops() {
        List<String> plan = plan(DataStore.deleteStatement(PersonalData.table("triage_poll")));

        assertEquals("SEARCH triage_poll USING COVERING INDEX triage_poll_by_loop (loop_id=?)", plan.get(0),
                "plan: " + plan);
        assertNoScan(plan);
    }
}
