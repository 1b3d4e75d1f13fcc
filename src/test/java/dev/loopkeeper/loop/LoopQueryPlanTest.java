package dev.loopkeeper.loop;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.loopkeeper.support.QueryPlans;
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
    void aPageOfTheServersLoopsCountsItsMeTooMarksFromTheLoopsOnItNotFromTheWholeLot() {
        Object[] params = new Object[11];
        params[0] = "server-500";
        for (int i = 1; i < params.length; i++) {
            params[i] = (long) i;
        }

        List<String> plan = QueryPlans.of(folder, LoopStore.interestCountsQuery(10), params);

        assertTrue(plan.get(0).startsWith("SEARCH i USING COVERING INDEX sqlite_autoindex_loop_interest_1 (loop_id=?)"),
                "plan: " + plan);
        assertTrue(plan.stream().noneMatch(step -> step.contains("open_loop_by_key")), "plan: " + plan);
    }

    @Test
    void theDeliveryJobsLookForSnoozesThatRanOutReadsOnlyThose() {
        // Everyone's (the bot's job, every 15 seconds): the snoozes that ran out, by their end, and no other snooze.
        List<String> plan = QueryPlans.of(folder, LoopStore.RUN_OUT.formatted("owner_id <> ?"), 1_000L, 0L, "local",
                200);
        assertTrue(plan.stream().anyMatch(step -> step.equals(
                "SEARCH open_loop USING INDEX open_loop_snooze_ends (snoozed_until>? AND snoozed_until<?)")),
                "plan: " + plan);
        // One person's (the console's): their own rows.
        List<String> own = QueryPlans.of(folder, LoopStore.RUN_OUT.formatted("owner_id = ?"), 1_000L, 0L, "local",
                200);
        assertTrue(own.stream().anyMatch(step -> step.startsWith("SEARCH open_loop USING INDEX")), "plan: " + own);
    }

    @Test
    void reopeningAMergedLoopFindsTheLoopItWentIntoByItsMergeNoteNotEveryNote() {
        List<String> plan = QueryPlans.of(folder, LoopStore.MERGED_INTO, "ada", 42L);

        assertEquals(List.of("SEARCH loop_note USING INDEX loop_note_by_merged (merged_from=?)"), plan);
    }

    @Test
    void theDuplicateCheckOfAParkReadsTheRowsWithItsKeyNotTheWholeBacklog() {
        List<String> plan = QueryPlans.of(folder, LoopStore.OPEN_BY_KEY, "ada", "reverse-mode autodiff");

        assertTrue(plan.stream().anyMatch(step -> step.contains("USING INDEX open_loop_by_key (owner_id=? AND "
                + "concept_key=?)")), "plan: " + plan);
    }

    @Test
    void aServerParkCountsTheMembersShareFromTheirOwnServerLoopsNotTheWholeLot() {
        List<String> plan = QueryPlans.of(folder, LoopStore.OPEN_BY_AUTHOR, "ada", "server-500");

        assertEquals(1, plan.size(), "plan: " + plan);
        assertTrue(plan.get(0).startsWith("SEARCH open_loop USING INDEX open_loop_by_server_author (author_id=?)"),
                "plan: " + plan);
    }

    @Test
    void aStartFindsTheLoopsToEmbedBySeeksNotByReadingEveryLoop() {
        List<String> plan = QueryPlans.of(folder, LoopStore.withoutVectorQuery(2), "all-minilm-l6-v2-q",
                "all-minilm-l6-v2-q", "open", "active", "all-minilm-l6-v2-q|map-7", "all-minilm-l6-v2-q|map-7", 0L, 50);

        assertEquals("MULTI-INDEX OR", plan.get(0), "plan: " + plan);
        assertTrue(plan.stream().noneMatch(step -> step.contains("SCAN")), "plan: " + plan);
        assertTrue(plan.stream().anyMatch(step -> step.contains("open_loop_why_unembedded")), "plan: " + plan);
    }

    @Test
    void aSearchNarrowsWhatItFoundByStageFromAnIndexAloneWithoutReadingTheLoops() {
        // Every search and page click: of the person's thousands of loops, which are in the stage asked for.
        for (LoopFilter filter : List.of(LoopFilter.parseForSearch(null, null), LoopFilter.open(),
                LoopFilter.parseForSearch("closed", null))) {
            List<Object> params = new java.util.ArrayList<>();
            String query = LoopStore.idsQuery("ada", filter, params);

            List<String> plan = QueryPlans.of(folder, query, params.toArray());

            assertEquals(1, plan.size(), "plan: " + plan);
            assertTrue(plan.get(0).startsWith("SEARCH open_loop USING COVERING INDEX open_loop_by_owner (owner_id=? AND "
                    + "status=?)"), "plan: " + plan);
        }
    }

    @Test
    void aPersonsIndexIsReadFromTheirOwnLoopsNotFromEveryLoopOfTheModel() {
        // With V32 indexing embedding_model as a column, SQLite read every loop of the model (everyone's) for this.
        List<String> plan = QueryPlans.of(folder, LoopStore.OPEN_EMBEDDINGS, "ada", "all-minilm-l6-v2-q");

        assertEquals(1, plan.size(), "plan: " + plan);
        assertTrue(plan.get(0).startsWith("SEARCH open_loop USING INDEX open_loop_by_owner (owner_id=?"), "plan: " + plan);
    }
}
