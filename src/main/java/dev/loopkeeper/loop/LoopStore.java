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
            triage, status, outcome, takeaway, created_at, updated_at, closed_at, phase, phase_since""";

    private static final RowMapper<OpenLoop> ROW = LoopStore::map;

    private static final String PHASE_ORDER = "CASE phase WHEN 'abstraction' THEN 0 WHEN 'instantiation' THEN 1"
            + " WHEN 're-abstraction' THEN 2 ELSE 3 END";

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
        // Active loops are listed by phase (abstraction, instantiation, re-abstraction), longest in it first.
        String order = filter.stage() == LoopFilter.Stage.ACTIVE ? PHASE_ORDER + ", phase_since, id"
                : "created_at DESC, id DESC";
        return sql.query("SELECT " + COLUMNS + " FROM open_loop WHERE " + where
                + " ORDER BY " + order + " LIMIT ? OFFSET ?", ROW, params.toArray());
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

    /**
     * Moves one of the person's active loops to a phase and records the change with its date and note; the caller
     * holds the transaction. Returns 0 when the loop is not theirs or not active.
     */
    public int enterPhase(SqlSession sql, String ownerId, long id, Phase phase, String note, Instant now)
            throws SQLException {
        int changed = sql.update("""
                UPDATE open_loop SET phase = ?, phase_since = ?, updated_at = ?
                 WHERE owner_id = ? AND id = ? AND status = 'active'""",
                phase.db(), now.toEpochMilli(), now.toEpochMilli(), ownerId, id);
        if (changed > 0) {
            sql.update("""
                    INSERT INTO loop_phase (loop_id, owner_id, phase, note, created_at) VALUES (?, ?, ?, ?, ?)""",
                    id, ownerId, phase.db(), note, now.toEpochMilli());
        }
        return changed;
    }

    /** Every phase change of some of a person's loops, oldest first per loop; loops never opened are absent. */
    public Map<Long, List<PhaseChange>> phaseHistory(SqlSession sql, String ownerId, Collection<Long> loopIds)
            throws SQLException {
        if (loopIds.isEmpty()) {
            return Map.of();
        }
        List<Object> params = new ArrayList<>();
        params.add(ownerId);
        params.addAll(loopIds);
        Map<Long, List<PhaseChange>> byLoop = new LinkedHashMap<>();
        for (PhaseChange change : sql.query("""
                SELECT loop_id, phase, note, created_at FROM loop_phase
                 WHERE owner_id = ? AND loop_id IN (""" + SqlSession.placeholders(loopIds.size())
                + ") ORDER BY loop_id, created_at, id", row -> new PhaseChange(row.getLong(1),
                        Phase.fromDb(row.getString(2)), row.getString(3), Instant.ofEpochMilli(row.getLong(4))),
                params.toArray())) {
            byLoop.computeIfAbsent(change.loopId(), id -> new ArrayList<>()).add(change);
        }
        return byLoop;
    }

    /** The person's active loops, by phase, longest in it first. */
    public List<OpenLoop> active(SqlSession sql, String ownerId) throws SQLException {
        return sql.query("SELECT " + COLUMNS + " FROM open_loop WHERE owner_id = ? AND status = 'active' ORDER BY "
                + PHASE_ORDER + ", phase_since, id", ROW, ownerId);
    }

    public int saveVectors(SqlSession sql, long id, StoredVectors v) throws SQLException {
        return sql.update("""
                UPDATE open_loop SET embedding = ?, embedding_model = ?, why_embedding = ?, foundations = ?,
                                     foundations_version = ?
                 WHERE id = ?""", v.embedding(), v.model(), v.whyEmbedding(), v.foundations(), v.foundationsVersion(),
                id);
    }

    /**
     * Saves the vectors of a loop parked without them, computed from its {@code concept} and {@code why}, unless it has
     * some already (an edit, or a re-embedding, got there first) or its text is no longer that one: returns 1 when
     * saved.
     */
    public int saveMissingVectors(SqlSession sql, long id, String concept, String why, StoredVectors v)
            throws SQLException {
        return sql.update("""
                UPDATE open_loop SET embedding = ?, embedding_model = ?, why_embedding = ?, foundations = ?,
                                     foundations_version = ?
                 WHERE id = ? AND embedding_model IS NULL AND concept = ? AND """ + sameWhy(why),
                withWhy(why, v.embedding(), v.model(), v.whyEmbedding(), v.foundations(), v.foundationsVersion(), id,
                        concept));
    }

    /**
     * Saves vectors computed in the background (the re-embedding) from a loop's {@code concept} and {@code why} as read
     * then, only while they are still its text, and ends this process's lease on it: returns 0 when the loop was
     * edited in between (the edit saved the new text's vectors with it, which must stay) or is gone. The write is the
     * same whoever makes it, so two processes saving the same loop's vectors leave them as one would.
     */
    public int saveEmbeddedVectors(SqlSession sql, long id, String concept, String why, StoredVectors v)
            throws SQLException {
        return sql.update("""
                UPDATE open_loop SET embedding = ?, embedding_model = ?, why_embedding = ?, foundations = ?,
                                     foundations_version = ?, embed_lease_until = NULL
                 WHERE id = ? AND concept = ? AND """ + sameWhy(why),
                withWhy(why, v.embedding(), v.model(), v.whyEmbedding(), v.foundations(), v.foundationsVersion(), id,
                        concept));
    }

    /** The condition that a loop's why is {@code why} (null: it has none), in SQL both databases read alike. */
    private static String sameWhy(String why) {
        return why == null ? " why IS NULL" : " why = ?";
    }

    /** The parameters, then {@code why} when {@link #sameWhy} has a placeholder for it. */
    private static Object[] withWhy(String why, Object... params) {
        if (why == null) {
            return params;
        }
        Object[] all = java.util.Arrays.copyOf(params, params.length + 1);
        all[params.length] = why;
        return all;
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
     * the concept map, or a why with no vector yet; not those another process is embedding (its lease runs after
     * {@code now}). Vectors already from {@code modelId} come with them, so that only what the map derives from them is
     * computed again.
     */
    public List<StaleLoop> withoutVector(SqlSession sql, String modelId, String foundationsVersion, Instant now,
            int limit) throws SQLException {
        return sql.query("""
                SELECT id, owner_id, concept, why,
                       CASE WHEN embedding_model = ? THEN embedding END,
                       CASE WHEN embedding_model = ? THEN why_embedding END
                  FROM open_loop
                 WHERE status IN ('open', 'active') AND """ + STALE + """
                   AND (embed_lease_until IS NULL OR embed_lease_until <= ?)
                 LIMIT ?""", row -> new StaleLoop(row.getLong(1), row.getString(2), row.getString(3), row.getString(4),
                row.getBytes(5), row.getBytes(6)), modelId, modelId, modelId, foundationsVersion, now.toEpochMilli(),
                limit);
    }

    /**
     * Takes a loop to embed for this process until {@code until}, if it is still stale (as {@link #withoutVector} reads
     * it) and no other process holds it past {@code now}: true when taken. One conditional UPDATE, so of two processes
     * that read the same stale loop only one takes it, and a loop saved meanwhile is not taken again.
     */
    public boolean leaseToEmbed(SqlSession sql, long id, String modelId, String foundationsVersion, Instant now,
            Instant until) throws SQLException {
        return sql.update("""
                UPDATE open_loop SET embed_lease_until = ?
                 WHERE id = ? AND (embed_lease_until IS NULL OR embed_lease_until <= ?) AND""" + STALE,
                until.toEpochMilli(), id, now.toEpochMilli(), modelId, foundationsVersion) == 1;
    }

    /**
     * When the first lease on a loop still to embed runs out, if another process holds any (it may die before it is
     * done; then this one takes the loop over).
     */
    public Optional<Instant> staleLeasedUntil(SqlSession sql, String modelId, String foundationsVersion, Instant now)
            throws SQLException {
        return sql.queryOne("""
                SELECT MIN(embed_lease_until) FROM open_loop
                 WHERE status IN ('open', 'active') AND """ + STALE + """
                   AND embed_lease_until > ?""", row -> {
                    long until = row.getLong(1);
                    return row.wasNull() ? null : Instant.ofEpochMilli(until);
                }, modelId, foundationsVersion, now.toEpochMilli());
    }

    /** A loop whose vectors are missing or out of date; the model and then the map version are its parameters. */
    private static final String STALE = " (embedding_model IS NULL OR embedding_model <> ?"
            + " OR foundations_version IS NULL OR foundations_version <> ?"
            + " OR why IS NOT NULL AND why_embedding IS NULL)";

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
                       origin_excerpt, merged_from, created_at, outcome, takeaway, closed_at
                  FROM loop_note
                 WHERE owner_id = ? AND loop_id IN (""" + SqlSession.placeholders(loopIds.size())
                + ") ORDER BY created_at, id", row -> {
                    long mergedFrom = row.getLong(9);
                    Long from = row.wasNull() ? null : mergedFrom;
                    String outcome = row.getString(11);
                    LoopNote.Ending ending = outcome == null ? null : new LoopNote.Ending(Outcome.fromDb(outcome),
                            row.getString(12), instant(row, "closed_at"));
                    return new LoopNote(row.getLong(1), row.getLong(2), row.getString(3), row.getString(4),
                            new Origin(row.getString(5), row.getString(6), row.getString(7), row.getString(8)),
                            from, Instant.ofEpochMilli(row.getLong(10)), ending);
                }, params.toArray());
        Map<Long, List<LoopNote>> byLoop = new LinkedHashMap<>();
        notes.forEach(note -> byLoop.computeIfAbsent(note.loopId(), id -> new ArrayList<>()).add(note));
        return byLoop;
    }

    /**
     * Keeps how a loop ended before it is reopened, as one of its notes: its outcome, takeaway and close date.
     */
    public LoopNote insertEnding(SqlSession sql, OpenLoop closed, Instant at) throws SQLException {
        Instant closedAt = closed.closedAt() == null ? at : closed.closedAt();
        Outcome outcome = closed.outcome() == null ? Outcome.LET_GO : closed.outcome();
        long id = sql.insertReturningId("""
                INSERT INTO loop_note (loop_id, owner_id, concept, outcome, takeaway, closed_at, created_at)
                VALUES (?, ?, ?, ?, ?, ?, ?)
                RETURNING id""", closed.id(), closed.ownerId(), closed.concept(), outcome.db(), closed.takeaway(),
                closedAt.toEpochMilli(), at.toEpochMilli());
        return new LoopNote(id, closed.id(), closed.concept(), null, Origin.none(), null, at,
                new LoopNote.Ending(outcome, closed.takeaway(), closedAt));
    }

    /** Brings a closed or archived loop back as open; its earlier ending was kept by {@link #insertEnding}. */
    public int reopen(SqlSession sql, String ownerId, long id, Instant now) throws SQLException {
        return sql.update("""
                UPDATE open_loop
                   SET status = 'open', outcome = NULL, takeaway = NULL, closed_at = NULL, snoozed_until = NULL,
                       snooze_focus_id = NULL, updated_at = ?
                 WHERE owner_id = ? AND id = ? AND status IN ('closed', 'archived')""",
                now.toEpochMilli(), ownerId, id);
    }

    /**
     * Corrects an open loop's concept and why, with the vectors computed for them (the triggers of V4 move the
     * person's loop version, so every index reloads).
     */
    public int correct(SqlSession sql, String ownerId, long id, String concept, String why, StoredVectors vectors,
            Instant now) throws SQLException {
        int changed = sql.update("""
                UPDATE open_loop SET concept = ?, concept_key = ?, why = ?, updated_at = ?
                 WHERE owner_id = ? AND id = ? AND status IN ('open', 'active')""",
                concept, UserText.key(concept), why, now.toEpochMilli(), ownerId, id);
        if (changed == 1 && vectors != null) {
            saveVectors(sql, id, vectors);
        }
        return changed;
    }

    /** Id and concept of a person's closed (and archived) loops, most recently closed first, for autocomplete. */
    public List<LoopName> closedNames(SqlSession sql, String ownerId, int limit) throws SQLException {
        return sql.query("""
                SELECT id, concept FROM open_loop
                 WHERE owner_id = ? AND status IN ('closed', 'archived')
                 ORDER BY COALESCE(closed_at, updated_at) DESC, id DESC
                 LIMIT ?""", row -> new LoopName(row.getLong(1), row.getString(2)), ownerId, limit);
    }

    /** Some of a person's loops by id, whatever their status, in no particular order. */
    public List<OpenLoop> findAll(SqlSession sql, String ownerId, Collection<Long> ids) throws SQLException {
        if (ids.isEmpty()) {
            return List.of();
        }
        List<Object> params = new ArrayList<>();
        params.add(ownerId);
        params.addAll(ids);
        return sql.query("SELECT " + COLUMNS + " FROM open_loop WHERE owner_id = ? AND id IN ("
                + SqlSession.placeholders(ids.size()) + ")", ROW, params.toArray());
    }

    /** Stored vectors of a person's loops in some statuses, from this model (for searching closed loops). */
    public List<Embedded> embeddings(SqlSession sql, String ownerId, Collection<LoopStatus> statuses, String modelId)
            throws SQLException {
        List<Object> params = new ArrayList<>();
        params.add(ownerId);
        statuses.forEach(s -> params.add(s.db()));
        params.add(modelId);
        return sql.query("""
                SELECT id, concept, why, embedding, why_embedding, foundations, foundations_version FROM open_loop
                 WHERE owner_id = ? AND status IN (""" + SqlSession.placeholders(statuses.size()) + """
                ) AND embedding_model = ? AND embedding IS NOT NULL""",
                row -> new Embedded(row.getLong(1), row.getString(2), row.getString(3), row.getBytes(4),
                        row.getBytes(5), row.getBytes(6), row.getString(7)), params.toArray());
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
        // The statuses as literals (fixed names, never user input): a partial index (V18's open_loop_open_by_owner for
        // open loops) is used only when the WHERE visibly implies the index's own, which bound parameters do not.
        StringBuilder where = new StringBuilder("owner_id = ? AND status IN (");
        where.append(filter.stage().statuses().stream().map(s -> "'" + s.db() + "'")
                .collect(java.util.stream.Collectors.joining(", "))).append(')');
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
        String phase = row.getString("phase");
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
                instant(row, "closed_at"),
                phase == null ? null : Phase.fromDb(phase),
                instant(row, "phase_since"));
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
    /**
     * An open loop to embed again; {@code embedding} and {@code whyEmbedding} are its stored vectors when they are from
     * the current model (null otherwise, or when it has none).
     */
    public record StaleLoop(long id, String ownerId, String concept, String why, byte[] embedding, byte[] whyEmbedding) {
        /** Whether its stored vectors serve as they are: only what the concept map derives from them is stale. */
        public boolean vectorsCurrent() {
            return embedding != null && (why == null || whyEmbedding != null);
        }
    }

    /** A loop's id and concept: all autocomplete needs. */
    public record LoopName(long id, String concept) {
    }
}
