package dev.loopkeeper.delivery;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.loopkeeper.support.AppTestBase;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** A row whose mail cannot even be loaded fails alone: the rows after it in the same run are still delivered. */
class OutboxRowFailureTest extends AppTestBase {

    OutboxRowFailureTest() {
        super("2026-03-04T10:00:00Z");
    }

    @Test
    void aRowThatThrowsWhenLoadedDoesNotStopTheRowsAfterIt() {
        // Row 1 of the kind throws when loaded (a broken feature table); every other row loads.
        app.outbox().register(Notes.kind(refId -> {
            if (refId == 1) {
                throw new IllegalStateException("a row this kind cannot read");
            }
            return Optional.of(new Notes.Note("bob"));
        }));
        List<String> sent = new ArrayList<>();
        app.outbox().attach(Notes.direct(mail -> {
            sent.add(mail.recipientId());
            return Courier.Outcome.DELIVERED;
        }));
        app.database().inTransaction(sql -> {
            app.outbox().enqueue(sql, Notes.KIND, 1, "ada", clock.instant());
            return app.outbox().enqueue(sql, Notes.KIND, 2, "bob", clock.instant());
        });

        app.outbox().deliverAllDue();

        assertEquals(List.of("bob"), sent);
        assertEquals(Map.of("sending", 1L, "delivered", 1L), app.database().read(sql -> {
            Map<String, Long> byStatus = new java.util.TreeMap<>();
            for (String status : sql.query("SELECT status FROM outbox WHERE kind = 'note'", row -> row.getString(1))) {
                byStatus.merge(status, 1L, Long::sum);
            }
            return byStatus;
        }));
    }
}
