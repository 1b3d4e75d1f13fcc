package dev.loopkeeper.delivery;

import dev.loopkeeper.common.ConsolePerson;
import dev.loopkeeper.storage.SqlSession;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** The SQL for the outbox. A row is claimed by one conditional UPDATE, so only one thread or process sends it. */
public final class OutboxStore {
    /** What a row held because the person's DMs are closed (and no channel took it) records as its error. */
    static final String DMS_CLOSED_ERROR = "DMs closed";

    /**
     * An outbox row as delivery needs it; {@code postedTo} the servers whose part of the mail an earlier try posted
     * already (none for most mail).
     */
    public record Entry(long id, String kind, long refId, String recipientId, String status, int attempts,
            Set<String> postedTo) {
        public Entry {
            postedTo = Set.copyOf(postedTo);
        }
    }

    private static final String ENTRY_COLUMNS = "id, kind, ref_id, recipient_id, status, attempts, posted_to";

    private static Entry entry(java.sql.ResultSet row) throws SQLException {
        String posted = row.getString(7);
        return new Entry(row.getLong(1), row.getString(2), row.getLong(3), row.getString(4), row.getString(5),
                row.getInt(6), posted == null || posted.isEmpty() ? Set.of() : Set.of(posted.split(",")));
    }

    public long insert(SqlSession sql, String kind, long refId, String recipientId, Instant deliverAfter, Instant now)
            throws SQLException {
        return sql.insertReturningId("""
                INSERT INTO outbox (kind, ref_id, recipient_id, status, deliver_after, created_at)
                VALUES (?, ?, ?, 'scheduled', ?, ?)
                RETURNING id""", kind, refId, recipientId, deliverAfter.toEpochMilli(), now.toEpochMilli());
    }

    public Optional<Entry> find(SqlSession sql, long id) throws SQLException {
        return sql.queryOne("SELECT " + ENTRY_COLUMNS + " FROM outbox WHERE id = ?", OutboxStore::entry, id);
    }

    public Optional<Long> idOf(SqlSession sql, String kind, long refId) throws SQLException {
        return sql.queryOne("SELECT id FROM outbox WHERE kind = ? AND ref_id = ?", row -> row.getLong(1), kind, refId);
    }

    /**
     * Takes a row for one attempt: due and scheduled, or left 'sending' by a claimer whose lease ran out (it died).
     * False when someone else holds it. The lease's end, in epoch milliseconds, is the claim's token: only the holder
     * of the latest claim may end it ({@link #finish}, {@link #reschedule}, {@link #release}). Each claim's lease ends
     * later than the one it took over (that one had run out), so two claims of a row never share a token.
     */
    public boolean claim(SqlSession sql, long id, Instant now, Instant leaseUntil) throws SQLException {
        return sql.update("""
                UPDATE outbox SET status = 'sending', lease_until = ?, attempts = attempts + 1
                 WHERE id = ?
                   AND (status = 'scheduled' AND deliver_after <= ? OR status = 'sending' AND lease_until < ?)""",
                leaseUntil.toEpochMilli(), id, now.toEpochMilli(), now.toEpochMilli()) == 1;
    }

    /**
     * When the lease of a claim that ran out ended: the row is 'sending' and its claimer gave no outcome (it died, or
     * stopped before Discord answered). Empty for any other row.
     */
    public Optional<Instant> leaseRunOut(SqlSession sql, long id, Instant now) throws SQLException {
        return sql.queryOne("SELECT lease_until FROM outbox WHERE id = ? AND status = 'sending' AND lease_until < ?",
                row -> Instant.ofEpochMilli(row.getLong(1)), id, now.toEpochMilli());
    }

    /** A row whose time has come, or whose claimer's lease ran out (two parameters: now, now). */
    private static final String DUE = "(status = 'scheduled' AND deliver_after <= ? OR status = 'sending' AND lease_until < ?)";

    /**
     * {@code kind IN (?, ...)} for {@code count} kinds, at least one. Delivery looks only for the kinds its process
     * registered: mail of a kind only a newer version knows waits for a process that knows it, and never fills a batch
     * (so never keeps the mail after it waiting).
     */
    private static String kindIn(int count) {
        return "kind IN (" + String.join(", ", Collections.nCopies(count, "?")) + ")";
    }

    private static Object[] params(Object first, Collection<String> kinds, Object... rest) {
        List<Object> all = new ArrayList<>();
        all.add(first);
        all.addAll(kinds);
        all.addAll(List.of(rest));
        return all.toArray();
    }

    /**
     * Rows of {@code kinds} whose time has come, and rows whose claimer's lease ran out: the bot's delivery, so never
     * the console person's mail, which their terminal prints ({@link #dueFor}).
     */
    public List<Long> due(SqlSession sql, Collection<String> kinds, Instant now, int limit) throws SQLException {
        if (kinds.isEmpty()) {
            return List.of();
        }
        // A server's mail (digests, poll results) has no recipient: SQL's <> would leave it out too.
        return sql.query("SELECT id FROM outbox WHERE (recipient_id IS NULL OR recipient_id <> ?) AND "
                + kindIn(kinds.size()) + " AND " + DUE + " ORDER BY deliver_after LIMIT ?",
                row -> row.getLong(1), params(ConsolePerson.ID, kinds, now.toEpochMilli(), now.toEpochMilli(), limit));
    }

    /** The same for one recipient's mail only. */
    public List<Long> dueFor(SqlSession sql, String recipientId, Collection<String> kinds, Instant now, int limit)
            throws SQLException {
        if (kinds.isEmpty()) {
            return List.of();
        }
        return sql.query("SELECT id FROM outbox WHERE recipient_id = ? AND " + kindIn(kinds.size()) + " AND " + DUE
                + " ORDER BY deliver_after LIMIT ?",
                row -> row.getLong(1), params(recipientId, kinds, now.toEpochMilli(), now.toEpochMilli(), limit));
    }

    /**
     * How many rows still to deliver or show (scheduled, being sent, held) are of none of {@code kinds}, by kind: mail
     * only a newer version of Loopkeeper knows how to load.
     */
    public List<Map.Entry<String, Long>> waitingOfOtherKinds(SqlSession sql, Collection<String> kinds)
            throws SQLException {
        String others = kinds.isEmpty() ? "" : " AND NOT " + kindIn(kinds.size());
        return sql.query("SELECT kind, COUNT(*) FROM outbox WHERE status IN ('scheduled', 'sending', 'held')" + others
                + " GROUP BY kind ORDER BY kind",
                row -> Map.entry(row.getString(1), row.getLong(2)), kinds.toArray());
    }

    /**
     * Ends an attempt; only the holder of the row's latest claim may. A claimer whose lease ran out while Discord was
     * slow to answer finds the row taken over, and its outcome is not recorded: it would otherwise reschedule a row the
     * new claimer is sending (to be sent once more), or mark it delivered before the new claimer knows.
     */
    public void finish(SqlSession sql, long id, long claim, String status, String via, String error, Instant now)
            throws SQLException {
        sql.update("""
                UPDATE outbox SET status = ?, delivered_via = ?, last_error = ?, lease_until = NULL,
                                  delivered_at = CASE WHEN ? = 'delivered' THEN ? ELSE delivered_at END
                 WHERE id = ? AND status = 'sending' AND lease_until = ?""",
                status, via, error, status, now.toEpochMilli(), id, claim);
    }

    /** Held mail a command showed: delivered there, its {@code last_error} (why it was held) kept. */
    public void finishShown(SqlSession sql, long id, long claim, Instant now) throws SQLException {
        sql.update("""
                UPDATE outbox SET status = 'delivered', delivered_via = 'command', lease_until = NULL, delivered_at = ?
                 WHERE id = ? AND status = 'sending' AND lease_until = ?""", now.toEpochMilli(), id, claim);
    }

    /** Records, under the row's latest claim, the servers whose part is posted. */
    public void setPostedTo(SqlSession sql, long id, long claim, Set<String> guildIds) throws SQLException {
        sql.update("UPDATE outbox SET posted_to = ? WHERE id = ? AND status = 'sending' AND lease_until = ?",
                guildIds.isEmpty() ? null : String.join(",", new java.util.TreeSet<>(guildIds)), id, claim);
    }

    /** Gives a claimed row back uncounted, due at {@code after}, for another process to take (sharding). */
    public void release(SqlSession sql, long id, long claim, Instant after) throws SQLException {
        sql.update("""
                UPDATE outbox SET status = 'scheduled', deliver_after = ?, lease_until = NULL, attempts = attempts - 1
                 WHERE id = ? AND status = 'sending' AND lease_until = ?""", after.toEpochMilli(), id, claim);
    }

    public void reschedule(SqlSession sql, long id, long claim, Instant after, String error) throws SQLException {
        sql.update("""
                UPDATE outbox SET status = 'scheduled', deliver_after = ?, last_error = ?, lease_until = NULL
                 WHERE id = ? AND status = 'sending' AND lease_until = ?""", after.toEpochMilli(), error, id, claim);
    }

    /** Mail of {@code kinds} held for the person's next command. */
    public List<Entry> held(SqlSession sql, String recipientId, Collection<String> kinds) throws SQLException {
        if (kinds.isEmpty()) {
            return List.of();
        }
        return sql.query(heldQuery(kinds.size()), OutboxStore::entry, params(recipientId, kinds));
    }

    /**
     * {@link #held}'s query for that many kinds (its plan is tested). Every command asks it. Ordered by
     * {@code deliver_after} as written, SQLite read it through {@code outbox_due}, whose order that is: every person's
     * held mail, looking for this person's. The unary plus keeps the order from choosing the index, so the person's few
     * rows are read through {@code outbox_by_recipient} and sorted.
     */
    static String heldQuery(int kinds) {
        return "SELECT " + ENTRY_COLUMNS + " FROM outbox WHERE recipient_id = ? AND " + kindIn(kinds)
                + " AND status = 'held' ORDER BY +deliver_after, id";
    }

    /**
     * Whether the latest attempt to reach this person directly found their DMs closed: it went to a server channel
     * instead, or was held for lack of one. Empty when nothing was ever sent to them (or only failed otherwise).
     */
    public Optional<Boolean> directMessagesClosed(SqlSession sql, String recipientId) throws SQLException {
        return sql.queryOne("""
                SELECT delivered_via, last_error FROM outbox
                 WHERE recipient_id = ? AND (delivered_via IN ('dm', 'channel') OR last_error = ?)
                 ORDER BY COALESCE(delivered_at, deliver_after) DESC, id DESC
                 LIMIT 1""", row -> !"dm".equals(row.getString(1)), recipientId, DMS_CLOSED_ERROR);
    }

    public long countScheduled(SqlSession sql, String recipientId) throws SQLException {
        return sql.queryLong("SELECT COUNT(*) FROM outbox WHERE recipient_id = ? AND status = 'scheduled'", recipientId);
    }

    /**
     * Claims held mail for a command to show, as {@link #claim} does (the lease's end is the token), without counting
     * an attempt. The command then ends the claim: delivered when its message went out, held again when it did not. A
     * process that dies in between leaves the row 'sending' under a lease that runs out, and delivery takes it up again.
     */
    public boolean claimHeld(SqlSession sql, long id, Instant leaseUntil) throws SQLException {
        return sql.update("UPDATE outbox SET status = 'sending', lease_until = ? WHERE id = ? AND status = 'held'",
                leaseUntil.toEpochMilli(), id) == 1;
    }

    /** Held mail a command could not show: held again for the next one, with what held it first. */
    public void holdAgain(SqlSession sql, long id, long claim) throws SQLException {
        sql.update("UPDATE outbox SET status = 'held', lease_until = NULL WHERE id = ? AND status = 'sending' AND lease_until = ?",
                id, claim);
    }

    public String status(SqlSession sql, long id) throws SQLException {
        return sql.queryOne("SELECT status FROM outbox WHERE id = ?", row -> row.getString(1), id).orElse("none");
    }

    /**
     * How much mail of a kind is due to reach a person in {@code [from, to)}: the daily cap counts these (not mail
     * dropped or withdrawn, which never reaches them, nor row {@code exceptId}: 0 for none).
     */
    public long countScheduledFor(SqlSession sql, String recipientId, String kind, Instant from, Instant to,
            long exceptId) throws SQLException {
        return sql.queryLong("""
                SELECT COUNT(*) FROM outbox
                 WHERE recipient_id = ? AND kind = ? AND deliver_after >= ? AND deliver_after < ?
                   AND status <> 'dropped' AND id <> ?""",
                recipientId, kind, from.toEpochMilli(), to.toEpochMilli(), exceptId);
    }
}
