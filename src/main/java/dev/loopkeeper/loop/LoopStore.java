package dev.loopkeeper.loop;

import dev.loopkeeper.common.UserText;
import dev.loopkeeper.storage.RowMapper;
import dev.loopkeeper.storage.SqlSession;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The SQL for open loops. Every query is scoped by owner key ({@link LoopScope#ownerKey()}), so no caller can reach
 * another person's loop, a personal view never sees a server's loops, and one server never sees another's.
 */
public final class LoopStore {

    private static final String COLUMNS = """
            id, owner_id, author_id, concept, why, origin_guild_id, origin_channel_id, origin_message_url, origin_excerpt,
            triage, status, outcome, takeaway, created_at, updated_at, closed_at""";

    private static final RowMapper<OpenLoop> ROW = LoopStore::map;

    /** Saves a new open loop of {@code scope}, parked by {@code authorId}. */
    public long insert(SqlSession sql, LoopScope scope, String authorId, String concept, String why, Origin origin,
            Instant now) throws SQLException {
        return sql.insertReturningId("""
                INSERT INTO open_loop (owner_id, scope, author_id, concept, concept_key, why, origin_guild_id,
                                       origin_channel_id, origin_message_url, origin_excerpt, status, created_at,
                                       updated_at)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'open', ?, ?)
                RETURNING id""",
                scope.ownerKey(), scope.kind().label(), authorId, concept, UserText.key(concept), why,
                origin.guildId(), origin.channelId(), origin.messageUrl(), origin.excerpt(), now.toEpochMilli(),
                now.toEpochMilli());
    }

    public Optional<OpenLoop> find(SqlSession sql, String ownerId, long id) throws SQLException {
        return sql.queryOne("SELECT " + COLUMNS + " FROM open_loop WHERE owner_id = ? AND id = ?",
                ROW, ownerId, id);
    }

    public long countOpen(SqlSession sql, String ownerId) throws SQLException {
        return sql.queryLong("""
                SELECT COUNT(*) FROM open_loop WHERE owner_id = ? AND status IN ('open', 'active')""", ownerId);
    }

    /** The newest open loop of this person whose concept has the same key, if any. */
    public Optional<OpenLoop> findOpenByKey(SqlSession sql, String ownerId, String key) throws SQLException {
        return sql.queryOne("SELECT " + COLUMNS + """
                 FROM open_loop
                WHERE owner_id = ? AND concept_key = ? AND status IN ('open', 'active')
                ORDER BY created_at DESC, id DESC
                LIMIT 1""", ROW, ownerId, key);
    }

    public List<OpenLoop> page(SqlSession sql, String ownerId, LoopFilter filter, int limit, int offset)
            throws SQLException {
        List<Object> params = new ArrayList<>();
        String where = where(ownerId, filter, params);
        params.add(limit);
        params.add(offset);
        return sql.query("SELECT " + COLUMNS + " FROM open_loop WHERE " + where
                + " ORDER BY created_at DESC, id DESC LIMIT ? OFFSET ?", ROW, params.toArray());
    }

    public long count(SqlSession sql, String ownerId, LoopFilter filter) throws SQLException {
        List<Object> params = new ArrayList<>();
        String where = where(ownerId, filter, params);
        return sql.queryLong("SELECT COUNT(*) FROM open_loop WHERE " + where, params.toArray());
    }

    /** Id and concept of every open loop of a person, newest first, for autocomplete and lookup by name. */
    public List<LoopName> openNames(SqlSession sql, String ownerId, int limit) throws SQLException {
        return sql.query("""
                SELECT id, concept FROM open_loop
                 WHERE owner_id = ? AND status IN ('open', 'active')
                 ORDER BY created_at DESC, id DESC
                 LIMIT ?""", row -> new LoopName(row.getLong(1), row.getString(2)), ownerId, limit);
    }

    public int close(SqlSession sql, String ownerId, long id, Outcome outcome, String takeaway, Instant now)
            throws SQLException {
        return sql.update("""
                UPDATE open_loop
                   SET status = 'closed', outcome = ?, takeaway = ?, closed_at = ?, updated_at = ?
                 WHERE owner_id = ? AND id = ? AND status IN ('open', 'active')""",
                outcome.db(), takeaway, now.toEpochMilli(), now.toEpochMilli(), ownerId, id);
    }

    public int setStatus(SqlSession sql, String ownerId, long id, LoopStatus status, Instant now) throws SQLException {
        return sql.update("""
                UPDATE open_loop SET status = ?, updated_at = ?
                 WHERE owner_id = ? AND id = ? AND status IN ('open', 'active')""",
                status.db(), now.toEpochMilli(), ownerId, id);
    }

    public int saveVectors(SqlSession sql, long id, StoredVectors v) throws SQLException {
        return sql.update("""
                UPDATE open_loop SET embedding = ?, embedding_model = ?, why_embedding = ?, foundations = ?,
                                     foundations_version = ?
                 WHERE id = ?""", v.embedding(), v.model(), v.whyEmbedding(), v.foundations(), v.foundationsVersion(),
                id);
    }

    /**
     * A counter that moves whenever this person's loops change in a way relevance indexes (a park, a status,
     * concept or vector change, a delete), whichever process made the change; kept by triggers (migration V4).
     */
    public long version(SqlSession sql, String ownerId) throws SQLException {
        return sql.queryLong("SELECT version FROM loop_version WHERE owner_id = ?", ownerId);
    }

    /** One of the person's loops, whatever its status, with its stored vectors, when they come from this model. */
    public Optional<Embedded> embedded(SqlSession sql, String ownerId, long loopId, String modelId) throws SQLException {
        return sql.queryOne("""
                SELECT id, concept, why, embedding, why_embedding, foundations, foundations_version FROM open_loop
                 WHERE id = ? AND owner_id = ? AND embedding_model = ? AND embedding IS NOT NULL""",
                row -> new Embedded(row.getLong(1), row.getString(2), row.getString(3), row.getBytes(4),
                        row.getBytes(5), row.getBytes(6), row.getString(7)), loopId, ownerId, modelId);
    }

    /**
     * Id, concept and stored vectors of every loop of an owner that is open, active or closed as learned or applied
     * (what the knowledge tree shows), whose vector comes from this model.
     */
    public List<Embedded> treeEmbeddings(SqlSession sql, String ownerId, String modelId) throws SQLException {
        return sql.query("""
                SELECT id, concept, why, embedding, why_embedding, foundations, foundations_version FROM open_loop
                 WHERE owner_id = ? AND embedding_model = ? AND embedding IS NOT NULL
                   AND (status IN ('open', 'active') OR status = 'closed' AND outcome IN ('learned', 'applied'))""",
                row -> new Embedded(row.getLong(1), row.getString(2), row.getString(3), row.getBytes(4),
                        row.getBytes(5), row.getBytes(6), row.getString(7)), ownerId, modelId);
    }

    /** Id, concept and stored vector of every open loop of a person whose vector comes from this model. */
    public List<Embedded> openEmbeddings(SqlSession sql, String ownerId, String modelId) throws SQLException {
        return sql.query("""
                SELECT id, concept, why, embedding, why_embedding, foundations, foundations_version FROM open_loop
                 WHERE owner_id = ? AND status IN ('open', 'active') AND embedding_model = ?""",
                row -> new Embedded(row.getLong(1), row.getString(2), row.getString(3), row.getBytes(4),
                        row.getBytes(5), row.getBytes(6), row.getString(7)), ownerId, modelId);
    }

    /**
     * Loops that will be matched but whose vectors are missing or out of date: another model, another version of
     * the concept map, or a why with no vector yet.
     */
    public List<StaleLoop> withoutVector(SqlSession sql, String modelId, String foundationsVersion, int limit)
            throws SQLException {
        return sql.query("""
                SELECT id, owner_id, concept, why FROM open_loop
                 WHERE status IN ('open', 'active')
                   AND (embedding_model IS NULL OR embedding_model <> ?
                        OR foundations_version IS NULL OR foundations_version <> ?
                        OR why IS NOT NULL AND why_embedding IS NULL)
                 LIMIT ?""", row -> new StaleLoop(row.getLong(1), row.getString(2), row.getString(3), row.getString(4)),
                modelId, foundationsVersion, limit);
    }

    /**
     * The person's loops snoozed right now: until a later moment, or while one of {@code activeFocusIds} stays
     * active. Worded to match the partial index open_loop_snoozed (V3): only snoozed rows are read.
     */
    public Set<Long> snoozed(SqlSession sql, String ownerId, Instant now, Set<Long> activeFocusIds) throws SQLException {
        Set<Long> snoozed = new HashSet<>();
        for (long[] row : sql.query("""
                SELECT id, COALESCE(snoozed_until, 0), COALESCE(snooze_focus_id, 0) FROM open_loop
                 WHERE owner_id = ? AND (snoozed_until IS NOT NULL OR snooze_focus_id IS NOT NULL)""",
                r -> new long[] {r.getLong(1), r.getLong(2), r.getLong(3)}, ownerId)) {
            boolean byTime = row[1] > now.toEpochMilli();
            boolean byFocus = row[2] != 0 && activeFocusIds.contains(row[2]);
            if (byTime || byFocus) {
                snoozed.add(row[0]);
            }
        }
        return snoozed;
    }

    public int snooze(SqlSession sql, String ownerId, long id, Instant until, Long focusId, Instant now)
            throws SQLException {
        return sql.update("""
                UPDATE open_loop SET snoozed_until = ?, snooze_focus_id = ?, updated_at = ?
                 WHERE owner_id = ? AND id = ? AND status IN ('open', 'active')""",
                until == null ? null : until.toEpochMilli(), focusId, now.toEpochMilli(), ownerId, id);
    }

    /** Marks a loop as changed, such as when it gains a note. */
    public int touch(SqlSession sql, String ownerId, long id, Instant now) throws SQLException {
        return sql.update("UPDATE open_loop SET updated_at = ? WHERE owner_id = ? AND id = ?",
                now.toEpochMilli(), ownerId, id);
    }

    public LoopNote insertNote(SqlSession sql, String ownerId, long loopId, String concept, String why, Origin origin,
            Long mergedFrom, Instant at) throws SQLException {
        long id = sql.insertReturningId("""
                INSERT INTO loop_note (loop_id, owner_id, concept, why, origin_guild_id, origin_channel_id,
                                       origin_message_url, origin_excerpt, merged_from, created_at)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                RETURNING id""", loopId, ownerId, concept, why, origin.guildId(), origin.channelId(),
                origin.messageUrl(), origin.excerpt(), mergedFrom, at.toEpochMilli());
        return new LoopNote(id, loopId, concept, why, origin, mergedFrom, at);
    }

    /** The notes of some of a person's loops, oldest first per loop; loops without notes are absent. */
    public Map<Long, List<LoopNote>> notes(SqlSession sql, String ownerId, Collection<Long> loopIds)
            throws SQLException {
        if (loopIds.isEmpty()) {
            return Map.of();
        }
        List<Object> params = new ArrayList<>();
        params.add(ownerId);
        params.addAll(loopIds);
        List<LoopNote> notes = sql.query("""
                SELECT id, loop_id, concept, why, origin_guild_id, origin_channel_id, origin_message_url,
                       origin_excerpt, merged_from, created_at
                  FROM loop_note
                 WHERE owner_id = ? AND loop_id IN (""" + SqlSession.placeholders(loopIds.size())
                + ") ORDER BY created_at, id", row -> {
                    long mergedFrom = row.getLong(9);
                    Long from = row.wasNull() ? null : mergedFrom;
                    return new LoopNote(row.getLong(1), row.getLong(2), row.getString(3), row.getString(4),
                            new Origin(row.getString(5), row.getString(6), row.getString(7), row.getString(8)),
                            from, Instant.ofEpochMilli(row.getLong(10)));
                }, params.toArray());
        Map<Long, List<LoopNote>> byLoop = new LinkedHashMap<>();
        notes.forEach(note -> byLoop.computeIfAbsent(note.loopId(), id -> new ArrayList<>()).add(note));
        return byLoop;
    }

    /** Moves every note of one of a person's loops to another of theirs (a merge). */
    public int moveNotes(SqlSession sql, String ownerId, long fromId, long intoId) throws SQLException {
        return sql.update("UPDATE loop_note SET loop_id = ? WHERE owner_id = ? AND loop_id = ?", intoId, ownerId, fromId);
    }

    /**
     * Records that a loop matters to a person ("me too"), once: true when this is new. The caller found the loop in
     * its owner's scope first, in the same transaction.
     */
    public boolean addInterest(SqlSession sql, long loopId, String userId, Instant now) throws SQLException {
        return sql.update("""
                INSERT INTO loop_interest (loop_id, user_id, created_at) VALUES (?, ?, ?)
                ON CONFLICT (loop_id, user_id) DO NOTHING""", loopId, userId, now.toEpochMilli()) > 0;
    }

    /** How many people one of an owner's loops matters to. */
    public long interestCount(SqlSession sql, String ownerId, long loopId) throws SQLException {
        return sql.queryLong("""
                SELECT COUNT(*) FROM loop_interest i JOIN open_loop o ON o.id = i.loop_id
                 WHERE o.owner_id = ? AND i.loop_id = ?""", ownerId, loopId);
    }

    /** How many people each of some of an owner's loops matters to; loops nobody marked are absent. */
    public Map<Long, Long> interestCounts(SqlSession sql, String ownerId, Collection<Long> loopIds)
            throws SQLException {
        if (loopIds.isEmpty()) {
            return Map.of();
        }
        List<Object> params = new ArrayList<>();
        params.add(ownerId);
        params.addAll(loopIds);
        Map<Long, Long> counts = new LinkedHashMap<>();
        for (long[] row : sql.query("""
                SELECT i.loop_id, COUNT(*) FROM loop_interest i JOIN open_loop o ON o.id = i.loop_id
                 WHERE o.owner_id = ? AND i.loop_id IN (""" + SqlSession.placeholders(loopIds.size())
                + ") GROUP BY i.loop_id", r -> new long[] {r.getLong(1), r.getLong(2)}, params.toArray())) {
            counts.put(row[0], row[1]);
        }
        return counts;
    }

    private static String where(String ownerId, LoopFilter filter, List<Object> params) {
        params.add(ownerId);
        StringBuilder where = new StringBuilder("owner_id = ? AND status IN (");
        where.append(SqlSession.placeholders(filter.stage().statuses().size())).append(')');
        filter.stage().statuses().forEach(s -> params.add(s.db()));
        filter.triage().ifPresent(t -> {
            where.append(" AND triage = ?");
            params.add(t.db());
        });
        return where.toString();
    }

    private static OpenLoop map(ResultSet row) throws SQLException {
        String outcome = row.getString("outcome");
        String owner = row.getString("owner_id");
        String author = row.getString("author_id");
        return new OpenLoop(
                row.getLong("id"),
                owner,
                LoopScope.ofOwnerKey(owner).orElseThrow(() -> new SQLException("Malformed owner key: " + owner)),
                author == null ? owner : author,
                row.getString("concept"),
                row.getString("why"),
                new Origin(row.getString("origin_guild_id"), row.getString("origin_channel_id"),
                        row.getString("origin_message_url"), row.getString("origin_excerpt")),
                Triage.fromDb(row.getString("triage")),
                LoopStatus.fromDb(row.getString("status")),
                outcome == null ? null : Outcome.fromDb(outcome),
                row.getString("takeaway"),
                instant(row, "created_at"),
                instant(row, "updated_at"),
                instant(row, "closed_at"));
    }

    private static Instant instant(ResultSet row, String column) throws SQLException {
        long millis = row.getLong(column);
        return row.wasNull() ? null : Instant.ofEpochMilli(millis);
    }

    /** An open loop's stored vector, as bytes (the relevance package reads them). */
    public record Embedded(long id, String concept, String why, byte[] embedding, byte[] whyEmbedding,
            byte[] foundations, String foundationsVersion) {
    }

    /** A loop whose vectors are missing or out of date. */
    public record StaleLoop(long id, String ownerId, String concept, String why) {
    }

    /** A loop's id and concept: all autocomplete needs. */
    public record LoopName(long id, String concept) {
    }
}
