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

    /** Mail of a kind whose row 1 throws when loaded (a broken feature table), and loads for every other row. */
    private record Note(String recipientId) implements Mail {
        @Override
        public ServerParts serverParts() {
            return ServerParts.none();
        }
    }

    @Test
    void aRowThatThrowsWhenLoadedDoesNotStopTheRowsAfterIt() {
        app.outbox().register(new MailKind() {
            @Override
            public String name() {
                return "note";
            }

            @Override
            public Optional<Note> load(long refId) {
                if (refId == 1) {
                    throw new IllegalStateException("a row this kind cannot read");
                }
                return Optional.of(new Note("bob"));
            }

            @Override
            public Optional<String> serverChannel(String guildId) {
                return Optional.empty();
            }
        });
        List<String> sent = new ArrayList<>();
        app.outbox().attach(new Courier() {
            @Override
            public Outcome sendDirect(Mail mail) {
                sent.add(mail.recipientId());
                return Outcome.DELIVERED;
            }

            @Override
            public Outcome sendToChannel(String guildId, String channelId, Mail mail) {
                return Outcome.DELIVERED;
            }
        });
        app.database().inTransaction(sql -> {
            app.outbox().enqueue(sql, "note", 1, "ada", clock.instant());
            return app.outbox().enqueue(sql, "note", 2, "bob", clock.instant());
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
