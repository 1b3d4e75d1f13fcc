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
 * Which index SQLite reads for what {@code /export}, {@code /forget-me} and a server's departure run, on tables that
 * grow with everyone's use. A plan, not a time: each of these read the whole table (on {@code open_loop} and
 * {@code focus}, the foreign-key checks of a delete: once per row deleted), and forgetting a person with 100 loops took
 * 2.8 s beside 200,000 phase changes of others and the like (docs/BENCHMARKS.md). The SQL is the registry's, as
 * {@link DataStore} and {@link ServerDeparture} build it.
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

    private static void assertStep(List<String> plan, String step) {
        assertTrue(plan.contains(step), "plan: " + plan);
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

    @Test
    void anExportReadsOnlyThePersonsMeTooMarks() {
        List<String> plan = plan(DataStore.rowsQuery(PersonalData.table("loop_interest"), false));

        assertEquals(List.of("SEARCH loop_interest USING INDEX loop_interest_by_user (user_id=?)"), plan);
    }

    @Test
    void forgettingDeletesOnlyThePersonsMeTooMarks() {
        List<String> plan = plan(DataStore.deleteStatement(PersonalData.table("loop_interest")));

        assertEquals(List.of("SEARCH loop_interest USING COVERING INDEX loop_interest_by_user (user_id=?)"), plan);
    }

    @Test
    void forgettingTheirLoopsLooksUpWhatStillNamesEachLoopByIndex() {
        List<String> plan = plan(DataStore.deleteStatement(PersonalData.table("open_loop")));

        assertLoopDeletionChecksByIndex(plan);
    }

    @Test
    void forgettingTheirFocusLooksUpTheRemindersOfEachItemByIndex() {
        List<String> plan = plan(DataStore.deleteStatement(PersonalData.table("focus")));

        assertStep(plan, "SEARCH reminder USING COVERING INDEX reminder_by_focus (focus_id=?)");
        assertNoScan(plan);
    }

    @Test
    void theLoopsTheyParkedInAServersLotLoseTheirIdByIndex() {
        List<String> plan = plan(DataStore.anonymiseStatement(anonymised("open_loop")));

        assertEquals(List.of("SEARCH open_loop USING INDEX open_loop_by_server_author (author_id=?)"), plan);
    }

    @Test
    void thePollsTheyStartedInServersLoseTheirIdByIndex() {
        List<String> plan = plan(DataStore.anonymiseStatement(anonymised("triage_poll")));

        assertEquals(List.of("SEARCH triage_poll USING INDEX triage_poll_by_starter (started_by=?)"), plan);
    }

    @Test
    void aServersLotIsDeletedLookingUpWhatStillNamesEachLoopByIndex() {
        List<String> plan = plan(serverTable("open_loop").delete());

        assertLoopDeletionChecksByIndex(plan);
    }

    @Test
    void aServersPhaseChangesAreFoundThroughItsLoops() {
        List<String> plan = plan(serverTable("loop_phase").delete());

        assertEquals("SEARCH loop_phase USING COVERING INDEX loop_phase_by_loop_id (loop_id=?)", plan.get(0),
                "plan: " + plan);
        assertNoScan(plan);
    }

    @Test
    void aServersFeedbackIsFoundThroughItsLoops() {
        List<String> plan = plan(serverTable("loop_feedback").delete());

        assertEquals("SEARCH loop_feedback USING COVERING INDEX loop_feedback_by_loop (loop_id=?)", plan.get(0),
                "plan: " + plan);
        assertNoScan(plan);
    }

    /** Every table with a foreign key to open_loop is looked up by index for each loop deleted; none is read whole. */
    private static void assertLoopDeletionChecksByIndex(List<String> plan) {
        assertStep(plan, "SEARCH loop_phase USING COVERING INDEX loop_phase_by_loop_id (loop_id=?)");
        assertStep(plan, "SEARCH reflection USING COVERING INDEX reflection_by_loop (loop_id=?)");
        assertStep(plan, "SEARCH nudge_prompt USING COVERING INDEX nudge_prompt_by_loop (loop_id=?)");
        assertStep(plan, "SEARCH loop_feedback USING COVERING INDEX loop_feedback_by_loop (loop_id=?)");
        assertStep(plan, "SEARCH loop_note USING COVERING INDEX loop_note_by_merged (merged_from=?)");
        assertNoScan(plan);
    }

    private static PersonalData.Anonymised anonymised(String table) {
        return PersonalData.ANONYMISED.stream().filter(rule -> rule.table().equals(table)).findFirst().orElseThrow();
    }

    private static ServerData.Table serverTable(String name) {
        return ServerData.TABLES.stream().filter(table -> table.name().equals(name)).findFirst().orElseThrow();
    }
}
