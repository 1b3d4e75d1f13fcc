package dev.loopkeeper.help;

import dev.loopkeeper.delivery.Outbox;
import dev.loopkeeper.storage.Database;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

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
    /** Whether a person has an active focus now: without one, the first park's hint says nothing can come back yet. */
    private final Predicate<String> focused;
    /** Hints shown by {@link #afterParkWithoutWaiting} whose mark is not committed yet ("owner\0hint"). */
    private final Set<String> claimed = ConcurrentHashMap.newKeySet();
    private static final Logger log = LoggerFactory.getLogger(HintService.class);

    public HintService(Database database, HintStore store, Outbox outbox, HelpMessages messages, Clock clock,
            Predicate<String> focused) {
        this.database = database;
        this.focused = focused;
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
        // Read before the transaction, and only when the first park's hint is owed: most parks owe none.
        boolean hasFocus = !firstPark || focused.test(ownerId);
        // On the way to a park's answer: shares its commit with the parks arriving meanwhile.
        List<String> lines = database.inGroupedTransaction(sql -> {
            List<String> owed = new ArrayList<>();
            if (store.markShown(sql, ownerId, FIRST_PARK, now)) {
                owed.add(messages.firstPark(front, hasFocus));
            }
            if (dmsClosed && store.markShown(sql, ownerId, DMS_CLOSED, now)) {
                owed.add(HelpMessages.dmsClosed());
            }
            return owed;
        });
        return lines.isEmpty() ? Optional.empty() : Optional.of(String.join("\n", lines));
    }

    /**
     * The same without waiting for the write that marks them shown, for an answer in a burst (where a commit waits for
     * the batch before it): a hint is claimed in memory first, so this process shows it once even before the mark is
     * committed. A crash in between shows it once more, which is harmless; so may two processes on one PostgreSQL in
     * the same instant.
     */
    public Optional<String> afterParkWithoutWaiting(String ownerId, HelpMessages.Front front) {
        Set<String> shown = database.read(sql -> store.shown(sql, ownerId));
        List<String> owed = new ArrayList<>();
        List<String> lines = new ArrayList<>();
        if (!shown.contains(FIRST_PARK) && claimed.add(ownerId + "\u0000" + FIRST_PARK)) {
            owed.add(FIRST_PARK);
            lines.add(messages.firstPark(front, focused.test(ownerId)));
        }
        if (front == HelpMessages.Front.DISCORD && !shown.contains(DMS_CLOSED) && outbox.directMessagesClosed(ownerId)
                && claimed.add(ownerId + "\u0000" + DMS_CLOSED)) {
            owed.add(DMS_CLOSED);
            lines.add(HelpMessages.dmsClosed());
        }
        if (owed.isEmpty()) {
            return Optional.empty();
        }
        Instant now = clock.instant();
        database.writeGrouped(sql -> {
            for (String hint : owed) {
                store.markShown(sql, ownerId, hint, now);
            }
            return null;
        }).whenComplete((done, error) -> {
            if (error != null) {
                log.warn("Marking hints {} shown to {} failed; they may show once more", owed, ownerId, error);
            }
            owed.forEach(hint -> claimed.remove(ownerId + "\u0000" + hint));
        });
        return Optional.of(String.join("\n", lines));
    }
}
