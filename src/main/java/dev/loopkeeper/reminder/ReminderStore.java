package dev.loopkeeper.reminder;

import dev.loopkeeper.common.ConsolePerson;
import dev.loopkeeper.loop.LoopStore;
import dev.loopkeeper.storage.RowMapper;
import dev.loopkeeper.storage.SqlSession;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.Set;

/** The SQL for reminders, their items and suppressions ("not relevant"). */
public final class ReminderStore {
    /** Reads a reminder's items with their loops: that join names {@code open_loop}, so its SQL is in LoopStore. */
    private final LoopStore loops;

    public ReminderStore(LoopStore loops) {
        this.loops = loops;
    }

    /**
     * A new reminder; {@code guildId} is the server its focus came from (null for a DM or the console). The reminder
     * waited for a cap when {@code waited} is not {@link Waited#NO}.
     */
    public long insert(SqlSession sql, String ownerId, long focusId, String focusText, String guildId,
            Waited waited, boolean moreMatched, Instant now) throws SQLException {
        return sql.insertReturningId("""
                INSERT INTO reminder (owner_id, focus_id, focus_text, guild_id, waited_for_cap, more_matched, created_at)
                VALUES (?, ?, ?, ?, ?, ?, ?)
                RETURNING id""", ownerId, focusId, focusText, guildId, waited.ordinal(), moreMatched ? 1 : 0,
                now.toEpochMilli());
    }

    /** Whether a reminder waited for a daily cap, and whose; stored as its ordinal in {@code waited_for_cap}. */
    public enum Waited {
        /** Sent the day it matched. */
        NO,
        /** Held back by the person's bot-wide cap (possibly the server's too). */
        PERSON,
        /** Held back by the cap of the server the focus came from alone. */
        SERVER
    }

    /**
     * How many of the person's reminders from work in {@code guildId} are to be delivered in {@code [from, to)} (their
     * outbox rows' delivery times, as the bot-wide cap counts them), but row {@code exceptId} (0 for none).
     */
    public long countFromServer(SqlSession sql, String ownerId, String guildId, String kind, Instant from, Instant to,
            long exceptId) throws SQLException {
        return sql.queryLong("""
                SELECT COUNT(*) FROM outbox o JOIN reminder r ON r.id = o.ref_id
                 WHERE o.recipient_id = ? AND o.kind = ? AND r.guild_id = ?
                   AND o.deliver_after >= ? AND o.deliver_after < ? AND o.status <> 'dropped' AND o.id <> ?""",
                ownerId, kind, guildId, from.toEpochMilli(), to.toEpochMilli(), exceptId);
    }

    public void insertItem(SqlSession sql, long reminderId, long loopId, int position, double score, String reason)
            throws SQLException {
        sql.update("INSERT INTO reminder_item (reminder_id, loop_id, position, score, reason) VALUES (?, ?, ?, ?, ?)",
                reminderId, loopId, position, score, reason);
    }

    public Optional<Reminder> find(SqlSession sql, long reminderId) throws SQLException {
        Optional<Reminder> head = sql.queryOne("""
                SELECT id, owner_id, focus_id, focus_text, guild_id, created_at, waited_for_cap, more_matched
                  FROM reminder WHERE id = ?""", row -> new Reminder(row.getLong(1), row.getString(2), row.getLong(3),
                row.getString(4), row.getString(5), Instant.ofEpochMilli(row.getLong(6)), row.getInt(7) != 0,
                row.getInt(7) == Waited.SERVER.ordinal(), row.getInt(8) != 0, List.of()), reminderId);
        if (head.isEmpty()) {
            return head;
        }
        List<Reminder.Item> items = loops.reminderItems(sql, reminderId, row -> new Reminder.Item(row.getLong(1),
                row.getString(2), row.getDouble(3), withoutScore(row.getString(4)), Instant.ofEpochMilli(row.getLong(5)),
                row.getString(6), row.getString(7), row.getString(8), List.of()));
        Map<Long, List<LoopStore.ReminderWhy>> whys = loops.reminderWhys(sql, reminderId);
        List<Reminder.Item> withWhys = new ArrayList<>(items.size());
        for (Reminder.Item item : items) {
            List<LoopStore.ReminderWhy> its = whys.getOrDefault(item.loopId(), List.of());
            withWhys.add(new Reminder.Item(item.loopId(), item.concept(), item.score(), item.reason(), item.parkedAt(),
                    item.guildId(), item.messageUrl(), item.channelId(),
                    its.stream().map(LoopStore.ReminderWhy::why).toList(),
                    its.stream().filter(LoopStore.ReminderWhy::whereParked).map(LoopStore.ReminderWhy::why).toList()));
        }
        return Optional.of(head.get().only(withWhys));
    }

    /** Reminders made before reasons were kept in words end in " (score 0.81)": people never see a raw score. */
    static String withoutScore(String reason) {
        return reason == null ? "close in meaning" : reason.replaceFirst(" \\(score -?[0-9.]+\\)$", "");
    }

    /** The person's loops marked "Not relevant" for a focus key: owner id, then key (V29's index; its plan is tested). */
    static final String NOT_RELEVANT = "SELECT loop_id FROM suppression WHERE owner_id = ? AND focus_key = ?";

    /** A focus item still active at the statement's {@code ?} (its time): the focus of reminder {@code r}. */
    private static final String ITS_FOCUS_ACTIVE = """
            EXISTS (SELECT 1 FROM focus f WHERE f.id = r.focus_id AND f.cleared_at IS NULL
                       AND (f.expires_at IS NULL OR f.expires_at > ?))""";

    /**
     * Loops that must not fire now: in a reminder shown within the cooldown, counted from when it was shown, or still
     * to be shown (waiting for its time, however long a daily limit holds it, or due and being sent: counted from its
     * time), or held for the person's next command while its focus lasts, however long (one held for a focus that has
     * ended is never shown); of the reminders made in the last three weeks (the rest plus the longest a reminder waits
     * for room); or marked not relevant for this focus. Not a reminder withdrawn or dropped, nor an imported one, which has
     * no delivery of its own. A reminded
     * loop the person snoozed rests as long as they chose instead (the snooze, {@code LoopStore.snoozed}, keeps it out
     * until then): "until the weekly review" brings it back at the review even when that is sooner than the cooldown.
     * The rest once counted from when the reminder was made: one that waited days for room was then out of its rest
     * soon after it was shown, or while it still waited, and its loops came again in another.
     */
    public Set<Long> excluded(SqlSession sql, String ownerId, Instant now, Duration cooldown, String focusKey)
            throws SQLException {
        Instant restFrom = now.minus(cooldown);
        // Reminders made before the longest a reminder waits for room were shown or dropped by now (or are held for a
        // command for weeks, the person away: a later reminder of the loop is then held beside them).
        Instant madeSince = restFrom.minus(Duration.ofDays(FocusMatcher.MAX_DAYS_AHEAD));
        Set<Long> excluded = new HashSet<>(sql.query("""
                SELECT i.loop_id FROM reminder_item i JOIN reminder r ON r.id = i.reminder_id
                 WHERE r.owner_id = ? AND r.created_at >= ?
                   AND (i.action IS NULL OR i.action NOT IN (?, ?, ?))
                   AND EXISTS (SELECT 1 FROM outbox o WHERE o.kind = ? AND o.ref_id = r.id
                                 AND (o.status = 'held' AND %s
                                      OR o.status IN ('scheduled', 'sending', 'delivered')
                                         AND COALESCE(o.delivered_at, o.deliver_after) >= ?))"""
                        .formatted(ITS_FOCUS_ACTIVE),
                row -> row.getLong(1), ownerId, madeSince.toEpochMilli(), ReminderAction.SNOOZE_WEEK.code(),
                ReminderAction.SNOOZE_FOCUS.code(), ReminderAction.SNOOZE_REVIEW.code(), Reminder.KIND,
                now.toEpochMilli(), restFrom.toEpochMilli()));
        excluded.addAll(sql.query(NOT_RELEVANT, row -> row.getLong(1), ownerId, focusKey));
        return excluded;
    }

    /**
     * The focus item of the reminder whose button last snoozed the loop for a week or until the weekly review (the
     * only way a loop is snoozed until a moment): the work that brought it back.
     */
    public Optional<Long> snoozedFrom(SqlSession sql, String ownerId, long loopId) throws SQLException {
        return sql.query("""
                SELECT r.focus_id FROM reminder_item i JOIN reminder r ON r.id = i.reminder_id
                 WHERE r.owner_id = ? AND i.loop_id = ? AND i.action IN (?, ?)
                 ORDER BY i.acted_at DESC, r.id DESC LIMIT 1""", row -> row.getLong(1), ownerId, loopId,
                ReminderAction.SNOOZE_WEEK.code(), ReminderAction.SNOOZE_REVIEW.code()).stream().findFirst();
    }

    /** Takes back a "not relevant" for this loop and focus; returns 0 when there was none (taken back already). */
    public int unsuppress(SqlSession sql, String ownerId, long loopId, String focusKey) throws SQLException {
        return sql.update("DELETE FROM suppression WHERE owner_id = ? AND loop_id = ? AND focus_key = ?", ownerId, loopId,
                focusKey);
    }

    /** Forgets that the person answered the reminder's loop with {@code action} (an answer taken back). */
    public void clearAction(SqlSession sql, String ownerId, long reminderId, long loopId, String action)
            throws SQLException {
        sql.update("""
                UPDATE reminder_item SET action = NULL, acted_at = NULL
                 WHERE reminder_id = ? AND loop_id = ? AND action = ?
                   AND reminder_id IN (SELECT id FROM reminder WHERE owner_id = ?)""",
                reminderId, loopId, action, ownerId);
    }

    /** Keeps the loop out of reminders for this focus; returns 0 when it was already kept out (a repeated answer). */
    public int suppress(SqlSession sql, String ownerId, long loopId, String focusKey, Instant now) throws SQLException {
        return sql.update("""
                INSERT INTO suppression (owner_id, loop_id, focus_key, created_at) VALUES (?, ?, ?, ?)
                ON CONFLICT (loop_id, focus_key) DO NOTHING""", ownerId, loopId, focusKey, now.toEpochMilli());
    }

    /** Keeps with the mark how much its click raised the person's bar (V37): Take it back lowers it by that. */
    public void raisedBy(SqlSession sql, String ownerId, long loopId, String focusKey, double raised)
            throws SQLException {
        sql.update("UPDATE suppression SET raised = ? WHERE owner_id = ? AND loop_id = ? AND focus_key = ?", raised,
                ownerId, loopId, focusKey);
    }

    /** How much the "Not relevant" for this loop and focus raised the bar; empty when it is not marked (V37: null). */
    public Optional<OptionalDouble> raised(SqlSession sql, String ownerId, long loopId, String focusKey)
            throws SQLException {
        return sql.queryOne("SELECT raised FROM suppression WHERE owner_id = ? AND loop_id = ? AND focus_key = ?",
                row -> {
                    double raised = row.getDouble(1);
                    return row.wasNull() ? OptionalDouble.empty() : OptionalDouble.of(raised);
                }, ownerId, loopId, focusKey);
    }

    /**
     * The newest reminder of the person's that lists the loop and was shown to them (delivered, by DM, in a channel or
     * after a command): what the console's {@code /remind} acts on, after a restart as before it.
     */
    public Optional<Long> latestShown(SqlSession sql, String ownerId, long loopId) throws SQLException {
        return sql.query("""
                SELECT r.id FROM reminder r
                  JOIN reminder_item i ON i.reminder_id = r.id
                  JOIN outbox o ON o.kind = ? AND o.ref_id = r.id
                 WHERE r.owner_id = ? AND i.loop_id = ? AND o.status = 'delivered'
                 ORDER BY r.id DESC LIMIT 1""", row -> row.getLong(1), Reminder.KIND, ownerId, loopId)
                .stream().findFirst();
    }

    /**
     * A reminder made but waiting for its time: its outbox row, when it goes, whether a daily cap holds it, and the
     * focus item it was made for.
     */
    public record Held(long outboxId, Instant deliverAfter, boolean forCap, long focusId, long reminderId,
            String guildId) {
    }

    /**
     * {@link #waitingForEndedFocus}'s query, whose owner condition fills the blank; its plan is tested. {@code CROSS
     * JOIN} makes SQLite start from the focus items that ran out (without it, from every reminder scheduled ahead).
     */
    static final String WAITING_FOR_ENDED = """
            SELECT DISTINCT r.owner_id, r.focus_id FROM focus f CROSS JOIN reminder r CROSS JOIN outbox o
             WHERE f.expires_at <= ? AND f.expires_at > ? AND f.owner_id %s ?
               AND r.focus_id = f.id AND o.kind = ? AND o.ref_id = r.id
               AND (o.status = 'scheduled' AND o.attempts = 0 AND o.deliver_after > ? OR o.status = 'held')""";

    /**
     * Whose reminders are scheduled ahead of {@code now} and never tried yet, or held for their next command (DMs
     * closed), while their focus item's time ran out
     * (within {@code lookedBack}), and which items: of {@code ownerId}, or with null everyone's but the console
     * person's. A cleared item's reminders are withdrawn as it is cleared. Asked from the items that ran out (V38's
     * index), not from the outbox: the job asks it every 15 seconds, and at night nearly everyone has a reminder
     * waiting for the end of their quiet hours.
     */
    public Map<String, Set<Long>> waitingForEndedFocus(SqlSession sql, String ownerId, Instant now,
            Duration lookedBack) throws SQLException {
        Map<String, Set<Long>> out = new HashMap<>();
        long at = now.toEpochMilli();
        sql.query(WAITING_FOR_ENDED.formatted(ownerId == null ? "<>" : "="),
                row -> out.computeIfAbsent(row.getString(1), k -> new HashSet<>()).add(row.getLong(2)), at,
                now.minus(lookedBack).toEpochMilli(), ownerId == null ? ConsolePerson.ID : ownerId, Reminder.KIND, at);
        return out;
    }

    /** What {@link Held} is read from, in {@link #HELD_ROW}'s order. */
    private static final String HELD_COLUMNS = "o.id, o.deliver_after, r.waited_for_cap, r.focus_id, r.id, r.guild_id";
    private static final RowMapper<Held> HELD_ROW = row -> new Held(row.getLong(1),
            Instant.ofEpochMilli(row.getLong(2)), row.getInt(3) != 0, row.getLong(4), row.getLong(5), row.getString(6));

    /** The person's reminders scheduled ahead of {@code now} and never tried yet. */
    public List<Held> held(SqlSession sql, String ownerId, Instant now) throws SQLException {
        return sql.query("""
                SELECT %s
                  FROM outbox o JOIN reminder r ON r.id = o.ref_id
                 WHERE o.kind = ? AND o.recipient_id = ? AND o.status = 'scheduled' AND o.attempts = 0
                   AND o.deliver_after > ? AND r.owner_id = ?""".formatted(HELD_COLUMNS),
                HELD_ROW,
                Reminder.KIND, ownerId, now.toEpochMilli(), ownerId);
    }

    /**
     * The focus items and reminders of the person's reminders still to be shown: scheduled ahead of {@code now} and
     * never tried yet, or held for their next command because their DMs are closed.
     */
    public List<Held> toShow(SqlSession sql, String ownerId, Instant now) throws SQLException {
        List<Held> out = new ArrayList<>(held(sql, ownerId, now));
        out.addAll(sql.query("""
                SELECT %s
                  FROM outbox o JOIN reminder r ON r.id = o.ref_id
                 WHERE o.kind = ? AND o.recipient_id = ? AND o.status = 'held' AND r.owner_id = ?"""
                        .formatted(HELD_COLUMNS),
                HELD_ROW,
                Reminder.KIND, ownerId, ownerId));
        return out;
    }

    /** A reminder whose time has come and that was never tried: whose it is, and the row as {@link #held} reads it. */
    public record Due(String ownerId, Held held) {
        /** Where a read of the next batch starts after this one. */
        public DueKey key() {
            return new DueKey(held.deliverAfter(), held.outboxId());
        }
    }

    /** A place in {@link #dueSince}'s order: the time a row was due, then its outbox id. */
    public record DueKey(Instant deliverAfter, long outboxId) {
    }

    /**
     * Up to {@code limit} reminders whose time came at or before {@code before} and that were never tried (nothing was
     * sending them: the bot down, the console closed), oldest first, after {@code after} in that order: one person's
     * ({@code ownerId}), or, with null, everyone's but the console person's, whose terminal sends theirs.
     */
    public List<Due> dueSince(SqlSession sql, String ownerId, Instant before, Optional<DueKey> after, int limit)
            throws SQLException {
        String whose = ownerId == null ? "o.recipient_id <> ?" : "o.recipient_id = ?";
        DueKey from = after.orElse(new DueKey(Instant.ofEpochMilli(Long.MIN_VALUE), Long.MIN_VALUE));
        return sql.query("""
                SELECT %s, r.owner_id
                  FROM outbox o JOIN reminder r ON r.id = o.ref_id
                 WHERE o.status = 'scheduled' AND o.deliver_after <= ? AND o.kind = ? AND o.attempts = 0
                   AND %s
                   AND (o.deliver_after > ? OR (o.deliver_after = ? AND o.id > ?))
                 ORDER BY o.deliver_after, o.id
                 LIMIT ?""".formatted(HELD_COLUMNS, whose),
                row -> new Due(row.getString(7), HELD_ROW.map(row)),
                before.toEpochMilli(), Reminder.KIND, ownerId == null ? ConsolePerson.ID : ownerId,
                from.deliverAfter().toEpochMilli(), from.deliverAfter().toEpochMilli(), from.outboxId(), limit);
    }

    /**
     * Withdraws the person's reminders made for these focus items that still wait for their time, or are held for
     * their next command (DMs closed), when the item has ended (their loops stay parked); returns how many. The outbox
     * keeps the row, as dropped, with why. Whether the item ended is asked here, where the row is written: a list of
     * ended items read before could hold one set again meanwhile (another decision, another process), whose new
     * reminder was then withdrawn and never decided again.
     */
    public int withdrawFor(SqlSession sql, String ownerId, Collection<Long> focusIds, Instant now) throws SQLException {
        List<Object> params = new ArrayList<>(List.of(Reminder.KIND, ownerId, now.toEpochMilli(), ownerId));
        params.addAll(focusIds);
        params.add(now.toEpochMilli());
        return sql.update("""
                UPDATE outbox SET status = 'dropped', last_error = 'withdrawn: its focus ended'
                 WHERE kind = ? AND recipient_id = ?
                   AND (status = 'scheduled' AND attempts = 0 AND deliver_after > ? OR status = 'held')
                   AND ref_id IN (SELECT r.id FROM reminder r WHERE r.owner_id = ? AND r.focus_id IN (%s)
                                    AND NOT %s)""".formatted(SqlSession.placeholders(focusIds.size()),
                ITS_FOCUS_ACTIVE), params.toArray());
    }

    /**
     * Takes a loop out of the person's reminders that still wait for their time (a daily cap, quiet hours) or are held
     * for their next command (DMs closed): it was closed, merged or edited meanwhile, so what they would say of it no
     * longer holds. A reminder left with no loop is withdrawn (its outbox row kept, as dropped, with {@code why}).
     * Returns the reminders that lost the loop.
     */
    public List<Long> leaveOut(SqlSession sql, String ownerId, long loopId, Instant now, String why)
            throws SQLException {
        List<Long> waiting = waitingWith(sql, ownerId, loopId, now);
        for (long reminderId : waiting) {
            sql.update("DELETE FROM reminder_item WHERE reminder_id = ? AND loop_id = ?", reminderId, loopId);
            sql.update("""
                    UPDATE outbox SET status = 'dropped', last_error = ?
                     WHERE kind = ? AND ref_id = ? AND status IN ('scheduled', 'held')
                       AND NOT EXISTS (SELECT 1 FROM reminder_item WHERE reminder_id = ?)""",
                    "withdrawn: " + why, Reminder.KIND, reminderId, reminderId);
        }
        return waiting;
    }

    /** The focus items these reminders were made for. */
    public Set<Long> focusIdsOf(SqlSession sql, Collection<Long> reminderIds) throws SQLException {
        if (reminderIds.isEmpty()) {
            return Set.of();
        }
        return new HashSet<>(sql.query("SELECT DISTINCT focus_id FROM reminder WHERE id IN ("
                + SqlSession.placeholders(reminderIds.size()) + ")", row -> row.getLong(1), reminderIds.toArray()));
    }

    /**
     * The person's reminders that list the loop and are still to be shown: waiting for their time or to be tried again
     * (not one being sent now), or held for their next command because their DMs are closed (shown then, perhaps days
     * later, with what was said of it then).
     */
    public List<Long> waitingWith(SqlSession sql, String ownerId, long loopId, Instant now) throws SQLException {
        return sql.query("""
                SELECT r.id FROM reminder r JOIN outbox o ON o.kind = ? AND o.ref_id = r.id
                 WHERE r.owner_id = ?
                   AND (o.status = 'scheduled' AND o.deliver_after > ? OR o.status = 'held')
                   AND EXISTS (SELECT 1 FROM reminder_item i WHERE i.reminder_id = r.id AND i.loop_id = ?)""",
                row -> row.getLong(1), Reminder.KIND, ownerId, now.toEpochMilli(), loopId);
    }

    /** Moves one waiting reminder to {@code when} (if it still waits). */
    /** Records that a daily limit held the reminder back (its message says so). */
    public void markWaited(SqlSession sql, long reminderId, Waited waited) throws SQLException {
        sql.update("UPDATE reminder SET waited_for_cap = ? WHERE id = ?", waited.ordinal(), reminderId);
    }

    public void reschedule(SqlSession sql, long outboxId, Instant when) throws SQLException {
        sql.update("UPDATE outbox SET deliver_after = ? WHERE id = ? AND status = 'scheduled'", when.toEpochMilli(),
                outboxId);
    }

    /**
     * Records what the person did with one item; scoped by owner so a crafted id changes nothing. Returns 0 when the item
     * holds that answer already (a second click, a line typed again), which keeps the time it was first given.
     */
    public int recordAction(SqlSession sql, String ownerId, long reminderId, long loopId, String action, Instant now)
            throws SQLException {
        return sql.update("""
                UPDATE reminder_item SET action = ?, acted_at = ?
                 WHERE reminder_id = ? AND loop_id = ? AND (action IS NULL OR action <> ?)
                   AND reminder_id IN (SELECT id FROM reminder WHERE owner_id = ?)""",
                action, now.toEpochMilli(), reminderId, loopId, action, ownerId);
    }
}
