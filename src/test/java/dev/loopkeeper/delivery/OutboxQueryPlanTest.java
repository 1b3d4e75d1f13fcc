package dev.loopkeeper.delivery;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.loopkeeper.support.QueryPlans;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Which index SQLite reads for the held mail every command asks about. A plan, not a time: it read every person's
 * held mail through {@code outbox_due}, whose order its {@code ORDER BY} asked for.
 */
class OutboxQueryPlanTest {
    @TempDir
    Path folder;

    @Test
    void theMailHeldForAPersonsNextCommandIsReadThroughTheirOwnRows() {
        List<String> plan = QueryPlans.of(folder, OutboxStore.heldQuery(2), "ada", "reminder", "nudge");

        assertTrue(plan.get(0).startsWith("SEARCH outbox USING INDEX outbox_by_recipient (recipient_id=? AND "
                + "kind=?)"), "plan: " + plan);
    }
}
