package dev.loopkeeper.help;

import dev.loopkeeper.delivery.Outbox;
import dev.loopkeeper.storage.Database;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * One-time hints under a park, each shown once per person (remembered in the database): how Loopkeeper works, under
 * their first park ever; and how to get reminders anyway, under the first park after the outbox found their direct
 * messages closed to the bot (Discord's 50007). A first park cannot know yet whether DMs are open: nothing has been
 * sent. So the DM hint waits for that fact rather than guessing or sending a test message.
 */
public final class HintService {
    static final String FIRST_PARK = "first-park";
    static final String DMS_CLOSED = "dms-closed";

    private final Database database;
    private final HintStore store;
    private final Outbox outbox;
    private final HelpMessages messages;
    private final Clock clock;

    public HintService(Database database, HintStore store, Outbox outbox, HelpMessages messages, Clock clock) {
        this.database = database;
        this.store = store;
        this.outbox = outbox;
        this.messages = messages;
        this.clock = clock;
    }

    /** The hint lines owed to a person who just parked, marked shown in the same breath; empty when none is. */
    public Optional<String> afterPark(String ownerId, HelpMessages.Front front) {
        // Every park asks: one read answers it for people who have seen both hints, with no write and no fsync.
        Set<String> shown = database.read(sql -> store.shown(sql, ownerId));
        boolean firstPark = !shown.contains(FIRST_PARK);
        boolean dmsClosed = front == HelpMessages.Front.DISCORD && !shown.contains(DMS_CLOSED)
                && outbox.directMessagesClosed(ownerId);
        if (!firstPark && !dmsClosed) {
            return Optional.empty();
        }
        Instant now = clock.instant();
        // On the way to a park's answer: shares its commit with the parks arriving meanwhile.
        List<String> lines = database.inGroupedTransaction(sql -> {
            List<String> owed = new ArrayList<>();
            if (store.markShown(sql, ownerId, FIRST_PARK, now)) {
                owed.add(messages.firstPark(front));
            }
            if (dmsClosed && store.markShown(sql, ownerId, DMS_CLOSED, now)) {
                owed.add(HelpMessages.dmsClosed());
            }
            return owed;
        });
        return lines.isEmpty() ? Optional.empty() : Optional.of(String.join("\n", lines));
    }
}
