package dev.loopkeeper.loop;

import dev.loopkeeper.common.ConsolePerson;
import dev.loopkeeper.common.UserText;
import dev.loopkeeper.storage.RowMapper;
import dev.loopkeeper.storage.SqlSession;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.IntFunction;
import java.util.stream.Stream;

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

    /**
     * Saves a new open loop of {@code scope}, parked by {@code authorId}; its why was typed where it was parked, in
     * {@code origin}'s server (V35's {@code why_guild_id}).
     */
    public long insert(SqlSession sql, LoopScope scope, String authorId, String concept, String why, Origin origin,
            Instant now) throws SQLException {
        return sql.insertReturningId("""
                INSERT INTO open_loop (owner_id, scope, author_id, concept, concept_key, why, why_guild_id,
                                       origin_guild_id, origin_channel_id, origin_message_url, origin_excerpt, status,
                                       created_at, updated_at)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'open', ?, ?)
                RETURNING id""",
                scope.ownerKey(), scope.kind().label(), authorId, concept, UserText.key(concept), why,
                why == null ? null : origin.guildId(), origin.guildId(), origin.channelId(), origin.messageUrl(),
                origin.excerpt(), now.toEpochMilli(), now.toEpochMilli());
    }

    public Optional<OpenLoop> find(SqlSession sql, String ownerId, long id) throws SQLException {
        return sql.queryOne("SELECT " + COLUMNS + " FROM open_loop WHERE owner_id = ? AND id = ?",
                ROW, ownerId, id);
    }

    public long countOpen(SqlSession sql, String ownerId) throws SQLException {
        return sql.queryLong("""
                SELECT COUNT(*) FROM open_loop WHERE owner_id = ? AND status IN ('open', 'active')""", ownerId);
    }

    /** How many open loops of a server's lot ({@code ownerId}, its owner key) one member parked: their share's use. */
    public long countOpenBy(SqlSession sql, String ownerId, String authorId) throws SQLException {
        return sql.queryLong(OPEN_BY_AUTHOR, authorId, ownerId);
    }

    /**
     * {@link #countOpenBy}'s query (its plan is tested): author id, then owner key. It reads the member's server loops
     * through V30's {@code open_loop_by_server_author}, not the whole lot (up to 5,000 open loops) through the owner's
     * indexes; {@code scope = 'server'} is written as a literal, as the partial index needs (without it SQLite read
     * every open loop of the lot through {@code open_loop_by_owner} at every server park).
     */
    static final String OPEN_BY_AUTHOR = """
            SELECT COUNT(*) FROM open_loop
             WHERE author_id = ? AND scope = 'server' AND owner_id = ? AND status IN ('open', 'active')""";

    /**
     * The newest open loop of this person whose concept has the same key, if any. Every park asks. The newest is chosen
     * here, not by an {@code ORDER BY ... LIMIT 1}: SQLite then read the person's open loops newest first through V18's
     * index, which gives that order, looking for the key (a whole backlog of 5,000 loops at every park), rather than
     * the one or two rows that have it through {@code open_loop_by_key}.
     */
    public Optional<OpenLoop> findOpenByKey(SqlSession sql, String ownerId, String key) throws SQLException {
        return sql.query(OPEN_BY_KEY, ROW, ownerId, key).stream()
                .max(Comparator.comparing(OpenLoop::createdAt).thenComparingLong(OpenLoop::id));
    }

    /** {@link #findOpenByKey}'s query (its plan is tested): owner id, then key. */
    static final String OPEN_BY_KEY = "SELECT " + COLUMNS + """
             FROM open_loop
            WHERE owner_id = ? AND concept_key = ? AND status IN ('open', 'active')""";

    public List<OpenLoop> page(SqlSession sql, String ownerId, LoopFilter filter, int limit, int offset)
            throws SQLException {
        List<Object> params = new ArrayList<>();
        String where = where(ownerId, filter, params);
        params.add(limit);
        params.add(offset);
        // Active loops are listed by phase (abstraction, instantiation, re-abstraction), longest in it first; closed
        // loops by when they were closed, the latest first, as each line dates them: by park date, a year's closed list
        // jumped about (closed 30 Dec under closed 25 Nov), and a loop closed today that was parked in spring sat pages
        // down. SQLite sorts the person's closed rows for it (found through open_loop_by_owner), a few milliseconds for
        // thousands.
        String order = switch (filter.stage()) {
            case ACTIVE -> PHASE_ORDER + ", phase_since, id";
            case CLOSED -> "COALESCE(closed_at, updated_at) DESC, id DESC";
            default -> "created_at DESC, id DESC";
        };
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

    /** The open loops of an owner (a server's lot) that one person parked, newest first. */
    public List<LoopName> openNamesBy(SqlSession sql, String ownerId, String authorId, int limit) throws SQLException {
        return sql.query("""
                SELECT id, concept FROM open_loop
                 WHERE owner_id = ? AND author_id = ? AND status IN ('open', 'active')
                 ORDER BY created_at DESC, id DESC
                 LIMIT ?""", row -> new LoopName(row.getLong(1), row.getString(2)), ownerId, authorId, limit);
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

    /** Which of these loops are still there and parked (not opened, closed, merged away or deleted). */
    public Set<Long> stillParked(SqlSession sql, Collection<Long> ids) throws SQLException {
        if (ids.isEmpty()) {
            return Set.of();
        }
        return new HashSet<>(sql.query("SELECT id FROM open_loop WHERE status = 'open' AND id IN ("
                + SqlSession.placeholders(ids.size()) + ")", r -> r.getLong(1), ids.toArray()));
    }

    /** The ids of the person's active (opened) loops. */
    /** The ids of the person's open (parked, not active) loops: their index entries, no row. */
    public Set<Long> openIds(SqlSession sql, String ownerId) throws SQLException {
        return new HashSet<>(sql.query("SELECT id FROM open_loop WHERE owner_id = ? AND status = 'open'",
                r -> r.getLong(1), ownerId));
    }

    public Set<Long> activeIds(SqlSession sql, String ownerId) throws SQLException {
        return new HashSet<>(sql.query("SELECT id FROM open_loop WHERE owner_id = ? AND status = 'active'",
                r -> r.getLong(1), ownerId));
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
                 WHERE id = ? AND embedding_model IS NULL AND concept = ? AND\s""" + sameWhy(why),
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
                 WHERE id = ? AND concept = ? AND\s""" + sameWhy(why),
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

    /** Loops snoozed "until this focus ends" for focus item {@code from} now wait for {@code to}, which took its place. */
    public void moveSnoozes(SqlSession sql, String ownerId, long from, long to) throws SQLException {
        sql.update("UPDATE open_loop SET snooze_focus_id = ? WHERE owner_id = ? AND snooze_focus_id = ?", to, ownerId,
                from);
    }

    /** The read behind every decision's index of a person: their open loops' vectors (LoopQueryPlanTest). */
    static final String OPEN_EMBEDDINGS = """
            SELECT id, concept, why, embedding, why_embedding, foundations, foundations_version FROM open_loop
             WHERE owner_id = ? AND status IN ('open', 'active') AND embedding_model = ?""";

    /** Id, concept and stored vector of every open loop of a person whose vector comes from this model. */
    public List<Embedded> openEmbeddings(SqlSession sql, String ownerId, String modelId) throws SQLException {
        return sql.query(OPEN_EMBEDDINGS,
                row -> new Embedded(row.getLong(1), row.getString(2), row.getString(3), row.getBytes(4),
                        row.getBytes(5), row.getBytes(6), row.getString(7)), ownerId, modelId);
    }

    /**
     * Loops of these statuses whose vectors are missing or out of date: another model, another version of the concept
     * map, or a why with no vector yet. Open loops are matched by them; closed and archived ones are searched and
     * drawn in the tree by them (an imported closed loop, stored without vectors, was otherwise never found); not those another process is embedding (its lease runs after
     * {@code now}). Vectors already from {@code modelId} come with them, so that only what the map derives from them is
     * computed again.
     */
    public List<StaleLoop> withoutVector(SqlSession sql, Collection<LoopStatus> statuses, String modelId,
            String foundationsVersion, Instant now, int limit) throws SQLException {
        List<Object> params = new ArrayList<>(List.of(modelId, modelId));
        statuses.forEach(status -> params.add(status.db()));
        params.addAll(staleParameters(modelId, foundationsVersion));
        params.addAll(List.of(now.toEpochMilli(), limit));
        return sql.query(withoutVectorQuery(statuses.size()), row -> new StaleLoop(row.getLong(1), row.getString(2), row.getString(3), row.getString(4),
                row.getBytes(5), row.getBytes(6)), params.toArray());
    }

    /** {@link #withoutVector}'s SQL for {@code statuses} statuses: the model twice, the statuses, {@link #STALE}'s. */
    static String withoutVectorQuery(int statuses) {
        return """
                SELECT id, owner_id, concept, why,
                       CASE WHEN embedding_model = ? THEN embedding END,
                       CASE WHEN embedding_model = ? THEN why_embedding END
                  FROM open_loop
                 WHERE status || '' IN (""" + SqlSession.placeholders(statuses) + ") AND" + STALE + """
                   AND (embed_lease_until IS NULL OR embed_lease_until <= ?)
                 LIMIT ?""";
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
                Stream.concat(Stream.of(until.toEpochMilli(), id, now.toEpochMilli()),
                        staleParameters(modelId, foundationsVersion).stream()).toArray()) == 1;
    }

    /**
     * Gives back leases this process took to embed loops it will not embed after all (it is stopping), so another
     * process, or the next start, takes them at once instead of after the lease runs out.
     */
    public void releaseEmbedLeases(SqlSession sql, Collection<Long> ids, Instant until) throws SQLException {
        for (long id : ids) {
            sql.update("UPDATE open_loop SET embed_lease_until = NULL WHERE id = ? AND embed_lease_until = ?", id,
                    until.toEpochMilli());
        }
    }

    /** How many loops of these statuses {@link #withoutVector} would read, leased ones included. */
    public long countWithoutVector(SqlSession sql, Collection<LoopStatus> statuses, String modelId,
            String foundationsVersion) throws SQLException {
        List<Object> params = new ArrayList<>();
        statuses.forEach(status -> params.add(status.db()));
        params.addAll(staleParameters(modelId, foundationsVersion));
        return sql.queryLong("SELECT COUNT(*) FROM open_loop WHERE status || '' IN ("
                + SqlSession.placeholders(statuses.size()) + ") AND" + STALE, params.toArray());
    }

    /**
     * When the first lease on a loop still to embed runs out, if another process holds any (it may die before it is
     * done; then this one takes the loop over).
     */
    public Optional<Instant> staleLeasedUntil(SqlSession sql, Collection<LoopStatus> statuses, String modelId,
            String foundationsVersion, Instant now) throws SQLException {
        List<Object> params = new ArrayList<>();
        statuses.forEach(status -> params.add(status.db()));
        params.addAll(staleParameters(modelId, foundationsVersion));
        params.add(now.toEpochMilli());
        return sql.queryOne("""
                SELECT MIN(embed_lease_until) FROM open_loop
                 WHERE status || '' IN (""" + SqlSession.placeholders(statuses.size()) + ") AND" + STALE + """
                   AND embed_lease_until > ?""", row -> {
                    long until = row.getLong(1);
                    return row.wasNull() ? null : Instant.ofEpochMilli(until);
                }, params.toArray());
    }

    /** The model and map version of a loop's vectors as V32 indexes them (null when either is missing). */
    private static final String VECTORS_OF = "(embedding_model || '|' || foundations_version)";

    /**
     * A loop whose vectors are missing or out of date, its parameters {@link #staleParameters}. The model and map version
     * are compared as V32's indexed expression, and other ones asked for as the ranges either side of the current pair,
     * not with {@code <>}: each part is then one seek, and a start finds the few stale loops (none, usually) without
     * reading every loop, as it did (a million loops twice, 3.8 s). The callers' status filters are written
     * {@code status || ''}, which no index serves (SQLite's {@code +status}, which PostgreSQL does not take), or SQLite
     * read every open loop through open_loop_open_by_owner instead.
     */
    private static final String STALE = " (" + VECTORS_OF + " IS NULL OR " + VECTORS_OF + " < ? OR " + VECTORS_OF
            + " > ? OR why_embedding IS NULL AND why IS NOT NULL)";

    /** What {@link #STALE} is asked with: the current model and map version, as V32's expression joins them. */
    private static List<Object> staleParameters(String modelId, String foundationsVersion) {
        String current = modelId + "|" + foundationsVersion;
        return List.of(current, current);
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

    /**
     * Of {@code ids}, the open loops snoozed right now, as {@link #snoozed} decides: until a later moment, or while one
     * of {@code activeFocus} (by id, with its text) stays active. A loop snoozed both ways shows its moment.
     */
    public Map<Long, LoopPage.Snooze> snoozes(SqlSession sql, String ownerId, Collection<Long> loopIds, Instant now,
            Map<Long, String> activeFocus) throws SQLException {
        Map<Long, LoopPage.Snooze> out = new HashMap<>();
        if (loopIds.isEmpty()) {
            return out;
        }
        for (List<Long> chunk : SqlSession.chunks(loopIds)) {
            List<Object> params = new ArrayList<>();
            params.add(ownerId);
            params.addAll(chunk);
            for (long[] row : sql.query("""
                    SELECT id, COALESCE(snoozed_until, 0), COALESCE(snooze_focus_id, 0) FROM open_loop
                     WHERE owner_id = ? AND status IN ('open', 'active') AND id IN (""" + SqlSession.placeholders(
                    chunk.size()) + ") AND (snoozed_until IS NOT NULL OR snooze_focus_id IS NOT NULL)",
                    r -> new long[] {r.getLong(1), r.getLong(2), r.getLong(3)}, params.toArray())) {
                if (row[1] > now.toEpochMilli()) {
                    out.put(row[0], LoopPage.Snooze.until(Instant.ofEpochMilli(row[1])));
                } else if (row[2] != 0 && activeFocus.containsKey(row[2])) {
                    out.put(row[0], LoopPage.Snooze.whileFocus(activeFocus.get(row[2])));
                }
            }
        }
        return out;
    }

    /** Moves the person's open loops' snoozes that end exactly at {@code from} to end at {@code to}. */
    public int moveSnoozes(SqlSession sql, String ownerId, Instant from, Instant to, Instant now) throws SQLException {
        return sql.update("""
                UPDATE open_loop SET snoozed_until = ?, updated_at = ?
                 WHERE owner_id = ? AND snoozed_until = ? AND status IN ('open', 'active')""",
                to.toEpochMilli(), now.toEpochMilli(), ownerId, from.toEpochMilli());
    }

    /** {@link #snoozesRunOut}'s query, whose owner condition fills the blank; its plan is tested. */
    static final String RUN_OUT = """
            SELECT id, owner_id FROM open_loop
             WHERE snoozed_until <= ? AND snoozed_until > ? AND status = 'open' AND %s
             ORDER BY snoozed_until, id LIMIT ?""";

    /**
     * Open loops (of {@code ownerId}, or with null everyone's but the console person's, whose terminal looks for its
     * own) whose snooze until a moment has run out by {@code now} and is still set: {@link #endSnooze} takes it off.
     * Read through V36's open_loop_snooze_ends: only the snoozes that ran out within {@link #SNOOZE_LOOKED_BACK}.
     */
    public List<RunOut> snoozesRunOut(SqlSession sql, String ownerId, Instant now, int limit) throws SQLException {
        return sql.query(RUN_OUT.formatted(ownerId == null ? "owner_id <> ?" : "owner_id = ?"),
                row -> new RunOut(row.getLong(1), row.getString(2)), now.toEpochMilli(),
                now.minus(SNOOZE_LOOKED_BACK).toEpochMilli(), ownerId == null ? ConsolePerson.ID : ownerId, limit);
    }

    /**
     * How long after it ran out a snooze still brings its loop back ({@link #snoozesRunOut}). Nothing took a snooze off
     * before this release: each one that ran out long ago would have come back at once after the upgrade, every
     * person's together; and a closed loop keeps its last snooze, which the job would read again every 15 seconds.
     * A bot down for longer than this leaves those loops to the person's next change of focus, as before.
     */
    static final java.time.Duration SNOOZE_LOOKED_BACK = java.time.Duration.ofDays(1);

    /**
     * Takes off a snooze that has run out (0 when another process took it first, or it was moved since). Not a change
     * of the person's (updated_at stays): the weekly nudge must not count it as one.
     */
    public int endSnooze(SqlSession sql, long id, Instant now) throws SQLException {
        return sql.update("UPDATE open_loop SET snoozed_until = NULL WHERE id = ? AND snoozed_until <= ?", id,
                now.toEpochMilli());
    }

    /** Ends a loop's snooze, if it has one. */
    public int unsnooze(SqlSession sql, String ownerId, long id, Instant now) throws SQLException {
        return sql.update("""
                UPDATE open_loop SET snoozed_until = NULL, snooze_focus_id = NULL, updated_at = ?
                 WHERE owner_id = ? AND id = ? AND (snoozed_until IS NOT NULL OR snooze_focus_id IS NOT NULL)""",
                now.toEpochMilli(), ownerId, id);
    }

    public int snooze(SqlSession sql, String ownerId, long id, Instant until, Long focusId, Instant now)
            throws SQLException {
        return sql.update("""
                UPDATE open_loop SET snoozed_until = ?, snooze_focus_id = ?, updated_at = ?
                 WHERE owner_id = ? AND id = ? AND status = 'open'""",
                until == null ? null : until.toEpochMilli(), focusId, now.toEpochMilli(), ownerId, id);
    }

    /**
     * When the person last changed one of their own loops (a park, a class, a phase, a close, an edit, a snooze, a
     * nudge's Keep): a sign that they still use Loopkeeper, which the weekly nudge backs off without. Nothing the bot
     * does on its own (vectors, reminders) moves it.
     */
    public Optional<Instant> lastChangedBy(SqlSession sql, String ownerId) throws SQLException {
        return sql.queryOne("SELECT MAX(" + TOUCHED + ") FROM open_loop WHERE owner_id = ?",
                row -> row.getObject(1) == null ? null : Instant.ofEpochMilli(row.getLong(1)), ownerId);
    }

    /**
     * Whether the person changed one of their own loops after {@code since} ({@link #lastChangedBy}'s changes): a park
     * first, found among their entries in {@code open_loop_by_owner} without reading a row, then any change.
     */
    public boolean changedSince(SqlSession sql, String ownerId, Instant since) throws SQLException {
        long t = since.toEpochMilli();
        // CASE, not a bare EXISTS: PostgreSQL's EXISTS is a boolean, which no long reads.
        return sql.queryLong("""
                SELECT CASE WHEN EXISTS (SELECT 1 FROM open_loop WHERE owner_id = ? AND created_at > ?)
                    OR EXISTS (SELECT 1 FROM open_loop WHERE owner_id = ? AND\s""" + TOUCHED + " > ?) THEN 1 ELSE 0 END",
                ownerId, t, ownerId, t) != 0;
    }

    /** Marks a loop as changed, such as when it gains a note. */
    public int touch(SqlSession sql, String ownerId, long id, Instant now) throws SQLException {
        return sql.update("UPDATE open_loop SET updated_at = ? WHERE owner_id = ? AND id = ?",
                now.toEpochMilli(), ownerId, id);
    }

    /**
     * The same concept brought to an open loop again (parked again, or an imported loop merged into it): what it brings
     * that the loop does not hold yet, its why or its source, becomes a note dated {@code notedAt}, and the loop is
     * marked changed at {@code now}. A why or source the loop already has, itself or in a note, is not stored twice;
     * empty when nothing was new. {@code whyGuildId} is the server the why was typed in (a park's own server; for an
     * imported loop, what its file says), kept with a new why even when its source is not new and so not kept.
     */
    public Optional<LoopNote> noteWhatIsNew(SqlSession sql, OpenLoop loop, String concept, String why, Origin origin,
            String whyGuildId, Instant notedAt, Instant now) throws SQLException {
        return noteWhatIsNew(sql, loop, concept, why, origin, whyGuildId, notedAt, now, Integer.MAX_VALUE,
                held -> null);
    }

    /**
     * The same, for a loop that may hold at most {@code maxNotes} notes: when it holds that many and this would be one
     * more, nothing is stored and {@code full} (given how many it holds) is thrown. What the loop already holds is no
     * note, so it is never refused.
     */
    public Optional<LoopNote> noteWhatIsNew(SqlSession sql, OpenLoop loop, String concept, String why, Origin origin,
            String whyGuildId, Instant notedAt, Instant now, int maxNotes, IntFunction<RuntimeException> full)
            throws SQLException {
        List<LoopNote> notes = notes(sql, loop.ownerId(), List.of(loop.id())).getOrDefault(loop.id(), List.of());
        // Compared composed: a why stored before typed text was composed (UserText.composed) is the same why.
        boolean whyKnown = why == null || sameText(why, loop.why())
                || notes.stream().anyMatch(n -> sameText(why, n.why()));
        boolean sourceKnown = origin.isEmpty() || origin.equals(loop.origin())
                || notes.stream().anyMatch(n -> origin.equals(n.origin()));
        if (whyKnown && sourceKnown) {
            return Optional.empty();
        }
        if (notes.size() >= maxNotes) {
            throw full.apply(notes.size());
        }
        LoopNote note = insertNote(sql, loop.ownerId(), loop.id(), concept, whyKnown ? null : why,
                whyKnown ? null : whyGuildId, sourceKnown ? Origin.none() : origin, null, notedAt);
        touch(sql, loop.ownerId(), loop.id(), now);
        return Optional.of(note);
    }

    /** A why typed now and one stored, the same text once both are composed (UserText.composed). */
    private static boolean sameText(String typed, String stored) {
        return stored != null && UserText.composed(typed).equals(UserText.composed(stored));
    }

    /**
     * The newest merge note of a loop closed as merged, by owner and merged loop: V30's {@code loop_note_by_merged}
     * (only notes that a merge left; its plan is tested).
     */
    static final String MERGED_INTO = "SELECT loop_id FROM loop_note WHERE owner_id = ? AND merged_from = ?"
            + " ORDER BY id DESC LIMIT 1";

    /** The loop that a loop closed as merged went into (where its note is now), if any. */
    public Optional<Long> mergedInto(SqlSession sql, String ownerId, long mergedId) throws SQLException {
        return sql.query(MERGED_INTO, row -> row.getLong(1), ownerId, mergedId).stream().findFirst();
    }

    /**
     * Saves a note of a loop; {@code whyGuildId} is the server its why was typed in (null for a DM, the console, or
     * not known), which need not be its source's: a why new with a known source keeps no source, and a merged loop's
     * why may have been edited elsewhere.
     */
    public LoopNote insertNote(SqlSession sql, String ownerId, long loopId, String concept, String why,
            String whyGuildId, Origin origin, Long mergedFrom, Instant at) throws SQLException {
        long id = sql.insertReturningId("""
                INSERT INTO loop_note (loop_id, owner_id, concept, why, why_guild_id, origin_guild_id,
                                       origin_channel_id, origin_message_url, origin_excerpt, merged_from, created_at)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                RETURNING id""", loopId, ownerId, concept, why, why == null ? null : whyGuildId, origin.guildId(),
                origin.channelId(), origin.messageUrl(), origin.excerpt(), mergedFrom, at.toEpochMilli());
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
                       snooze_focus_id = NULL, phase = NULL, phase_since = NULL, updated_at = ?
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

    /** Records that an open loop's why, as it stands, was typed in this server (null: a DM or the console). */
    public void whyTypedIn(SqlSession sql, String ownerId, long id, String guildId) throws SQLException {
        sql.update("UPDATE open_loop SET why_guild_id = ? WHERE owner_id = ? AND id = ?", guildId, ownerId, id);
    }

    /** The server a loop's why was typed in, when it has a why and that is known (V35). */
    public Optional<String> whyGuildId(SqlSession sql, String ownerId, long id) throws SQLException {
        return sql.query("SELECT why_guild_id FROM open_loop WHERE owner_id = ? AND id = ? AND why IS NOT NULL",
                row -> Optional.ofNullable(row.getString(1)), ownerId, id).stream().findFirst().flatMap(g -> g);
    }

    /** Id and concept of a person's closed (and archived) loops, most recently closed first, for autocomplete. */
    public List<LoopName> closedNames(SqlSession sql, String ownerId, int limit) throws SQLException {
        return sql.query("""
                SELECT id, concept FROM open_loop
                 WHERE owner_id = ? AND status IN ('closed', 'archived')
                 ORDER BY COALESCE(closed_at, updated_at) DESC, id DESC
                 LIMIT ?""", row -> new LoopName(row.getLong(1), row.getString(2)), ownerId, limit);
    }

    /** A person's loops that hold reflections, open or closed, the one reflected on last first. */
    public List<LoopName> reflectedNames(SqlSession sql, String ownerId, int limit) throws SQLException {
        return sql.query("""
                SELECT l.id, l.concept
                  FROM open_loop l
                  JOIN (SELECT loop_id, MAX(created_at) AS last FROM reflection WHERE owner_id = ? GROUP BY loop_id) r
                    ON r.loop_id = l.id
                 WHERE l.owner_id = ?
                 ORDER BY r.last DESC, l.id DESC
                 LIMIT ?""", row -> new LoopName(row.getLong(1), row.getString(2)), ownerId, ownerId, limit);
    }

    /** The closed loops of an owner (a server's lot) that one person parked, most recently closed first. */
    public List<LoopName> closedNamesBy(SqlSession sql, String ownerId, String authorId, int limit) throws SQLException {
        return sql.query("""
                SELECT id, concept FROM open_loop
                 WHERE owner_id = ? AND author_id = ? AND status IN ('closed', 'archived')
                 ORDER BY COALESCE(closed_at, updated_at) DESC, id DESC
                 LIMIT ?""", row -> new LoopName(row.getLong(1), row.getString(2)), ownerId, authorId, limit);
    }

    /**
     * The servers' shared loops among these ids, whichever lot holds each, in no particular order: a person's export
     * names the shared loops that matter to them (their parks there, their Me too marks) by id alone. A personal loop's
     * id finds nothing.
     */
    public List<OpenLoop> sharedLoops(SqlSession sql, Collection<Long> ids) throws SQLException {
        List<OpenLoop> found = new ArrayList<>();
        for (List<Long> chunk : SqlSession.chunks(ids)) {
            found.addAll(sql.query("SELECT " + COLUMNS + " FROM open_loop WHERE scope = 'server' AND id IN ("
                    + SqlSession.placeholders(chunk.size()) + ")", ROW, chunk.toArray()));
        }
        return found;
    }

    /** Some of a person's loops by id, whatever their status, in no particular order. */
    public List<OpenLoop> findAll(SqlSession sql, String ownerId, Collection<Long> ids) throws SQLException {
        List<OpenLoop> found = new ArrayList<>();
        for (List<Long> chunk : SqlSession.chunks(ids)) {
            List<Object> params = new ArrayList<>();
            params.add(ownerId);
            params.addAll(chunk);
            found.addAll(sql.query("SELECT " + COLUMNS + " FROM open_loop WHERE owner_id = ? AND id IN ("
                    + SqlSession.placeholders(chunk.size()) + ")", ROW, params.toArray()));
        }
        return found;
    }

    /**
     * The ids of the person's loops in the filter's stage and class, and no more of them: which of the loops a search
     * found it lists, known before any is read whole, so that only a page's loops are.
     */
    public Set<Long> ids(SqlSession sql, String ownerId, LoopFilter filter) throws SQLException {
        List<Object> params = new ArrayList<>();
        return new HashSet<>(sql.query(idsQuery(ownerId, filter, params), row -> row.getLong(1), params.toArray()));
    }

    /** {@link #ids}' query, its parameters added to {@code params} (its plan is tested). */
    static String idsQuery(String ownerId, LoopFilter filter, List<Object> params) {
        return "SELECT id FROM open_loop WHERE " + where(ownerId, filter, params);
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

    /**
     * Stored vectors of a person's closed loops from this model, but for the merged ones (for {@code /related}: a
     * merged loop lives on in the loop it joined, which is listed instead).
     */
    public List<Embedded> closedEmbeddingsButMerged(SqlSession sql, String ownerId, String modelId)
            throws SQLException {
        return sql.query("""
                SELECT id, concept, why, embedding, why_embedding, foundations, foundations_version FROM open_loop
                 WHERE owner_id = ? AND status = 'closed' AND (outcome IS NULL OR outcome <> 'merged')
                   AND embedding_model = ? AND embedding IS NOT NULL""",
                row -> new Embedded(row.getLong(1), row.getString(2), row.getString(3), row.getBytes(4),
                        row.getBytes(5), row.getBytes(6), row.getString(7)), ownerId, modelId);
    }

    /** A loop's words: for search while its vectors are still being computed, and for a symbol searched by name. */
    public record LoopText(long id, String concept, String why) {
    }

    /** The owner's loops of these statuses, their words only (a search for "C++", which no vector or stem holds). */
    public List<LoopText> texts(SqlSession sql, String ownerId, Collection<LoopStatus> statuses) throws SQLException {
        return texts(sql, ownerId, statuses, "", List.of());
    }

    /** {@link #texts} narrowed by {@code more} (an SQL condition beginning with AND) and its parameters. */
    private List<LoopText> texts(SqlSession sql, String ownerId, Collection<LoopStatus> statuses, String more,
            List<Object> moreParams) throws SQLException {
        List<Object> params = new ArrayList<>();
        params.add(ownerId);
        statuses.forEach(s -> params.add(s.db()));
        params.addAll(moreParams);
        return sql.query("SELECT id, concept, why FROM open_loop WHERE owner_id = ? AND status IN ("
                + SqlSession.placeholders(statuses.size()) + ")" + more,
                row -> new LoopText(row.getLong(1), row.getString(2), row.getString(3)), params.toArray());
    }

    /**
     * The owner's loops of these statuses without a vector from {@code modelId} yet: just imported or parked in a
     * burst, or waiting for the re-embedding after a model change.
     */
    public List<LoopText> withoutEmbedding(SqlSession sql, String ownerId, Collection<LoopStatus> statuses,
            String modelId) throws SQLException {
        return texts(sql, ownerId, statuses,
                " AND (embedding IS NULL OR embedding_model IS NULL OR embedding_model <> ?)", List.of(modelId));
    }

    /**
     * Moves a merged loop's notes (whys, loops merged into it) to the loop it joins. How it ended before a reopen stays
     * with it: that is its own history, not the other loop's.
     */
    public int moveNotes(SqlSession sql, String ownerId, long fromId, long intoId) throws SQLException {
        return sql.update("UPDATE loop_note SET loop_id = ? WHERE owner_id = ? AND loop_id = ? AND outcome IS NULL",
                intoId, ownerId, fromId);
    }

    /**
     * What was done with a merged loop goes on in the one it joins: the reflections written on it, and, when only the
     * merged one was opened, its phase and the history of its phases (the other becomes active where it was).
     */
    public void carryWork(SqlSession sql, String ownerId, OpenLoop from, OpenLoop into, Instant now)
            throws SQLException {
        sql.update("UPDATE reflection SET loop_id = ? WHERE owner_id = ? AND loop_id = ?", into.id(), ownerId, from.id());
        if (from.phase() != null && into.phase() == null) {
            sql.update("UPDATE loop_phase SET loop_id = ? WHERE owner_id = ? AND loop_id = ?", into.id(), ownerId,
                    from.id());
            takePhase(sql, ownerId, into.id(), from.phase(), from.phaseSince(), now);
        }
    }

    /**
     * An open loop becomes active where another one's work stood: in {@code phase} since {@code since}. Worked on now,
     * it is no longer snoozed, as a loop opened with /open is not.
     */
    public int takePhase(SqlSession sql, String ownerId, long id, Phase phase, Instant since, Instant now)
            throws SQLException {
        return sql.update("""
                UPDATE open_loop SET status = 'active', phase = ?, phase_since = ?, snoozed_until = NULL,
                       snooze_focus_id = NULL, updated_at = ?
                 WHERE owner_id = ? AND id = ? AND status IN ('open', 'active')""", phase.db(), since.toEpochMilli(),
                now.toEpochMilli(), ownerId, id);
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
        for (long[] row : sql.query(interestCountsQuery(loopIds.size()), r -> new long[] {r.getLong(1), r.getLong(2)},
                params.toArray())) {
            counts.put(row[0], row[1]);
        }
        return counts;
    }

    /**
     * {@link #interestCounts}' query for that many loops (its plan is tested). Written as a plain join, SQLite took a
     * page's ten loops or more as costlier than reading the owner's whole lot through {@code open_loop_by_key}, and did
     * that at every page of a server's loops; {@code CROSS JOIN} makes SQLite start from the marks of the loops asked
     * about (PostgreSQL reads it as the same inner join).
     */
    static String interestCountsQuery(int loops) {
        return "SELECT i.loop_id, COUNT(*) FROM loop_interest i CROSS JOIN open_loop o"
                + " WHERE o.id = i.loop_id AND o.owner_id = ? AND i.loop_id IN (" + SqlSession.placeholders(loops)
                + ") GROUP BY i.loop_id";
    }

    // ---- triage: a person's queue of untriaged open loops, its skip marker (V9), and a loop's class ----

    /**
     * The triage queue's order: loops never skipped first, oldest parked first (a backlog is worked from its old end),
     * then skipped ones, skipped longest ago first. A loop skipped at or after {@code since} (this pass) is left out,
     * so a pass ends.
     */
    private static final String TRIAGE_QUEUE = """
            FROM open_loop
             WHERE owner_id = ? AND status IN ('open', 'active') AND triage = 'untriaged'
               AND (triage_skipped_at IS NULL OR triage_skipped_at < ?)""";

    /** The next loop of the person's triage queue, if any. */
    public Optional<Long> nextUntriaged(SqlSession sql, String ownerId, Instant since) throws SQLException {
        return sql.queryOne("SELECT id " + TRIAGE_QUEUE + """

                 ORDER BY triage_skipped_at IS NOT NULL, triage_skipped_at, created_at, id
                 LIMIT 1""", row -> row.getLong(1), ownerId, since.toEpochMilli());
    }

    /** How many loops are left in the person's triage queue. */
    public long untriagedLeft(SqlSession sql, String ownerId, Instant since) throws SQLException {
        return sql.queryLong("SELECT COUNT(*) " + TRIAGE_QUEUE, ownerId, since.toEpochMilli());
    }

    /** Sets the class of one of the person's open loops; a class clears the skip marker. */
    public int setTriage(SqlSession sql, String ownerId, long id, Triage triage, Instant now) throws SQLException {
        return sql.update("""
                UPDATE open_loop SET triage = ?, triage_skipped_at = NULL, updated_at = ?
                 WHERE owner_id = ? AND id = ? AND status IN ('open', 'active')""",
                triage.db(), now.toEpochMilli(), ownerId, id);
    }

    /** Puts an untriaged open loop at the back of the queue; updated_at stays (nothing about the loop changed). */
    public int skipTriage(SqlSession sql, String ownerId, long id, Instant now) throws SQLException {
        return sql.update("""
                UPDATE open_loop SET triage_skipped_at = ?
                 WHERE owner_id = ? AND id = ? AND status IN ('open', 'active') AND triage = 'untriaged'""",
                now.toEpochMilli(), ownerId, id);
    }

    /** The person's open loops marked core. */
    public List<Long> coreIds(SqlSession sql, String ownerId) throws SQLException {
        return sql.query("""
                SELECT id FROM open_loop
                 WHERE owner_id = ? AND status IN ('open', 'active') AND triage = 'core'""",
                row -> row.getLong(1), ownerId);
    }

    // ---- the knowledge tree ----

    /**
     * The owner's open and active loops and those closed as learned or applied (grown), oldest first. Loops let go,
     * merged or archived are not part of the tree.
     */
    public List<TreeRow> treeLoops(SqlSession sql, String ownerKey) throws SQLException {
        return sql.query("""
                SELECT id, concept, triage, status
                  FROM open_loop
                 WHERE owner_id = ?
                   AND (status IN ('open', 'active') OR status = 'closed' AND outcome IN ('learned', 'applied'))
                 ORDER BY created_at, id""", row -> new TreeRow(row.getLong(1), row.getString(2),
                        Triage.fromDb(row.getString(3)), "closed".equals(row.getString(4))), ownerKey);
    }

    // ---- relevance feedback (table loop_feedback, which copies the loop's vector) ----

    /**
     * Records one feedback event on the person's own loop, copying the loop's stored concept vector; records nothing
     * (and returns 0) when the loop is not theirs or has no vector from {@code modelId}.
     */
    public int insertFeedback(SqlSession sql, String ownerId, long loopId, int sign, String source, String workText,
            byte[] workVector, String modelId, Instant now) throws SQLException {
        return sql.update("""
                INSERT INTO loop_feedback (owner_id, loop_id, sign, source, work_text, work_vector, loop_vector, model_id,
                                           created_at)
                SELECT owner_id, id, ?, ?, ?, ?, embedding, ?, ?
                  FROM open_loop
                 WHERE id = ? AND owner_id = ? AND embedding_model = ? AND embedding IS NOT NULL""",
                sign, source, workText, workVector, modelId, now.toEpochMilli(), loopId, ownerId, modelId);
    }

    // ---- reminders: a reminder's items with their loops (the reminder package maps the rows) ----

    /**
     * The items of a reminder with their loops, in position order, one row each with the columns {@code loop_id,
     * concept, score, reason, created_at (the loop's), origin_guild_id, origin_message_url, origin_channel_id}.
     */
    public <T> List<T> reminderItems(SqlSession sql, long reminderId, RowMapper<T> row) throws SQLException {
        return sql.query("""
                SELECT i.loop_id, l.concept, i.score, i.reason, l.created_at, l.origin_guild_id, l.origin_message_url,
                       l.origin_channel_id
                  FROM reminder_item i JOIN open_loop l ON l.id = i.loop_id
                 WHERE i.reminder_id = ?
                 ORDER BY i.position""", row, reminderId);
    }

    /**
     * One why a reminder shows: the loop's own, or one it gathered later (a park again, a merge); {@code whereParked}
     * when it is known to have been typed in the server the loop was parked in (its {@code why_guild_id} is that
     * server), which that server's channel may show. The loop's own why may have been replaced by /edit from a DM or
     * another server, and a merged loop's why may be one so edited: where the source is says nothing of where the why
     * was typed.
     */
    public record ReminderWhy(String why, boolean whereParked) {
    }

    /** Per loop of a reminder: its why, then the whys it gathered later (loop_note), oldest first; one query. */
    public Map<Long, List<ReminderWhy>> reminderWhys(SqlSession sql, long reminderId) throws SQLException {
        Map<Long, List<ReminderWhy>> byLoop = new HashMap<>();
        record Row(long loopId, ReminderWhy why) {
        }
        for (Row why : sql.query("""
                SELECT loop_id, why, here FROM (
                    SELECT i.loop_id, l.why, CASE WHEN l.why_guild_id = l.origin_guild_id THEN 1 ELSE 0 END AS here,
                           0 AS later, 0 AS at, 0 AS n
                      FROM reminder_item i JOIN open_loop l ON l.id = i.loop_id
                     WHERE i.reminder_id = ?
                    UNION ALL
                    SELECT n.loop_id, n.why, CASE WHEN n.why_guild_id = l.origin_guild_id THEN 1 ELSE 0 END, 1,
                           n.created_at, n.id
                      FROM reminder_item i JOIN loop_note n ON n.loop_id = i.loop_id
                           JOIN open_loop l ON l.id = i.loop_id
                     WHERE i.reminder_id = ?
                ) w
                 WHERE why IS NOT NULL
                 ORDER BY loop_id, later, at, n""",
                row -> new Row(row.getLong(1), new ReminderWhy(row.getString(2), row.getInt(3) == 1)),
                reminderId, reminderId)) {
            byLoop.computeIfAbsent(why.loopId(), id -> new ArrayList<>()).add(why.why());
        }
        return byLoop;
    }

    // ---- triage polls with their loop's concept (the poll package maps the rows) ----

    /**
     * Every column of {@code triage_poll} (as {@code p}) and the concept it asked about: its question, or for a poll
     * from before questions were kept, its loop's {@code concept}.
     */
    private static final String POLL_WITH_CONCEPT = """
            SELECT p.id, p.loop_id, p.owner_id, COALESCE(p.question, l.concept) AS concept, p.guild_id, p.channel_id, p.message_id, p.started_by,
                   p.created_at, p.closes_at, p.status, p.core_votes, p.adjacent_votes, p.peripheral_votes,
                   p.let_go_votes, p.decision, p.quorum, p.decided_at
              FROM triage_poll p JOIN open_loop l ON l.id = p.loop_id
            """;

    public <T> Optional<T> poll(SqlSession sql, long id, RowMapper<T> row) throws SQLException {
        return sql.queryOne(POLL_WITH_CONCEPT + " WHERE p.id = ?", row, id);
    }

    public <T> Optional<T> pollByMessage(SqlSession sql, String messageId, RowMapper<T> row) throws SQLException {
        return sql.queryOne(POLL_WITH_CONCEPT + " WHERE p.message_id = ?", row, messageId);
    }

    /** The poll on this loop that is being posted or waits for its result, if any. */
    public <T> Optional<T> pendingPoll(SqlSession sql, long loopId, RowMapper<T> row) throws SQLException {
        return sql.queryOne(POLL_WITH_CONCEPT + " WHERE p.loop_id = ? AND p.status IN ('posting', 'open')", row, loopId);
    }

    /**
     * Polls saved for posting on Discord that never got their message id, oldest first: being posted now, or cut off by
     * a bot that stopped mid-post (their message may be in the channel all the same).
     */
    public <T> List<T> postingPolls(SqlSession sql, int limit, RowMapper<T> row) throws SQLException {
        return sql.query(POLL_WITH_CONCEPT + " WHERE p.status = 'posting' AND p.guild_id IS NOT NULL"
                + " ORDER BY p.created_at, p.id LIMIT ?", row, limit);
    }

    /**
     * Open polls posted on Discord whose time has passed: their result is due (or overdue, if the bot was offline). A
     * console's poll, on the same database, has no message and is counted where it was typed.
     */
    public <T> List<T> duePolls(SqlSession sql, Instant now, int limit, RowMapper<T> row) throws SQLException {
        return sql.query(POLL_WITH_CONCEPT + " WHERE p.status = 'open' AND p.message_id IS NOT NULL AND p.closes_at <= ?"
                + " ORDER BY p.closes_at LIMIT ?", row, now.toEpochMilli(), limit);
    }

    /** Every decided poll of an owner (a server's key) since a moment, newest first. */
    public <T> List<T> decidedPolls(SqlSession sql, String ownerId, Instant since, RowMapper<T> row)
            throws SQLException {
        return sql.query(POLL_WITH_CONCEPT + " WHERE p.owner_id = ? AND p.status = 'decided' AND p.decided_at >= ?"
                + " ORDER BY p.decided_at DESC", row, ownerId, since.toEpochMilli());
    }

    // ---- the week in loops (weekly nudges and the server digest) ----

    public long parkedBetween(SqlSession sql, String ownerId, Instant from, Instant to) throws SQLException {
        return sql.queryLong("SELECT COUNT(*) FROM open_loop WHERE owner_id = ? AND created_at >= ? AND created_at < ?",
                ownerId, from.toEpochMilli(), to.toEpochMilli());
    }

    /** Loops whose class was set in the week (and still is). */
    public long triagedBetween(SqlSession sql, String ownerId, Instant from, Instant to) throws SQLException {
        return sql.queryLong("""
                SELECT COUNT(*) FROM open_loop WHERE owner_id = ? AND triage <> 'untriaged'
                   AND triaged_at >= ? AND triaged_at < ?""",
                ownerId, from.toEpochMilli(), to.toEpochMilli());
    }

    public long closedCountBetween(SqlSession sql, String ownerId, Instant from, Instant to) throws SQLException {
        return sql.queryLong("""
                SELECT COUNT(*) FROM open_loop WHERE owner_id = ? AND status = 'closed'
                   AND closed_at >= ? AND closed_at < ?""", ownerId, from.toEpochMilli(), to.toEpochMilli());
    }

    /** Loops closed in the week, most recently closed first; a loop closed without an outcome reads as let go. */
    public List<ClosedRow> closedBetween(SqlSession sql, String ownerId, Instant from, Instant to, int limit)
            throws SQLException {
        return sql.query("""
                SELECT id, concept, outcome, takeaway FROM open_loop WHERE owner_id = ? AND status = 'closed'
                   AND closed_at >= ? AND closed_at < ? ORDER BY closed_at DESC, id DESC LIMIT ?""",
                row -> new ClosedRow(row.getLong(1), row.getString(2),
                        row.getString(3) == null ? Outcome.LET_GO : Outcome.fromDb(row.getString(3)), row.getString(4)),
                ownerId, from.toEpochMilli(), to.toEpochMilli(), limit);
    }

    /** Loops closed as learned or applied in the week, most recently first; {@code at} is the close date. */
    public List<MovedRow> grownBetween(SqlSession sql, String ownerId, Instant from, Instant to, int limit)
            throws SQLException {
        return sql.query("""
                SELECT id, concept, outcome, triage, closed_at, phase FROM open_loop
                 WHERE owner_id = ? AND status = 'closed' AND outcome IN ('learned', 'applied')
                   AND closed_at >= ? AND closed_at < ? ORDER BY closed_at DESC LIMIT ?""",
                LoopStore::moved, ownerId, from.toEpochMilli(), to.toEpochMilli(), limit);
    }

    /** Active loops that entered instantiation or re-abstraction in the week; {@code at} is when. */
    public List<MovedRow> progressedBetween(SqlSession sql, String ownerId, Instant from, Instant to, int limit)
            throws SQLException {
        return sql.query("""
                SELECT id, concept, outcome, triage, phase_since, phase FROM open_loop
                 WHERE owner_id = ? AND status = 'active' AND phase IN ('instantiation', 're-abstraction')
                   AND phase_since >= ? AND phase_since < ? ORDER BY phase_since DESC LIMIT ?""",
                LoopStore::moved, ownerId, from.toEpochMilli(), to.toEpochMilli(), limit);
    }

    /** Active loops changed in the week; {@code at} is their last change. */
    public List<MovedRow> startedBetween(SqlSession sql, String ownerId, Instant from, Instant to, int limit)
            throws SQLException {
        return sql.query("""
                SELECT id, concept, outcome, triage, updated_at, phase FROM open_loop
                 WHERE owner_id = ? AND status = 'active' AND updated_at >= ? AND updated_at < ?
                 ORDER BY updated_at DESC LIMIT ?""",
                LoopStore::moved, ownerId, from.toEpochMilli(), to.toEpochMilli(), limit);
    }

    /** Active loops in abstraction since before {@code before}, longest first; {@code at} is when they entered it. */
    public List<MovedRow> inAbstractionSince(SqlSession sql, String ownerId, Instant before, int limit)
            throws SQLException {
        return sql.query("""
                SELECT id, concept, outcome, triage, phase_since, phase FROM open_loop
                 WHERE owner_id = ? AND status = 'active' AND phase = 'abstraction' AND phase_since < ?
                 ORDER BY phase_since LIMIT ?""",
                LoopStore::moved, ownerId, before.toEpochMilli(), limit);
    }

    /** Open loops parked in the week, core ones first, then newest first; {@code at} is the park. */
    public List<MovedRow> openParkedBetween(SqlSession sql, String ownerId, Instant from, Instant to, int limit)
            throws SQLException {
        return sql.query("""
                SELECT id, concept, outcome, triage, created_at, phase FROM open_loop
                 WHERE owner_id = ? AND status = 'open' AND created_at >= ? AND created_at < ?
                 ORDER BY triage = 'core' DESC, created_at DESC LIMIT ?""",
                LoopStore::moved, ownerId, from.toEpochMilli(), to.toEpochMilli(), limit);
    }

    private static MovedRow moved(ResultSet row) throws SQLException {
        String outcome = row.getString(3);
        String phase = row.getString(6);
        return new MovedRow(row.getLong(1), row.getString(2), outcome == null ? null : Outcome.fromDb(outcome),
                Triage.fromDb(row.getString(4)), Instant.ofEpochMilli(row.getLong(5)),
                phase == null ? null : Phase.fromDb(phase));
    }

    /** When the person's oldest open or active loop was parked, if they have one. */
    public Optional<Instant> oldestOpen(SqlSession sql, String ownerId) throws SQLException {
        return sql.queryOne("SELECT MIN(created_at) FROM open_loop WHERE owner_id = ? AND status IN ('open', 'active')",
                row -> row.getObject(1) == null ? null : Instant.ofEpochMilli(row.getLong(1)), ownerId);
    }

    /** The person's oldest open or active core loops; {@code at} is the park. */
    public List<LineRow> oldestCore(SqlSession sql, String ownerId, int limit) throws SQLException {
        return sql.query("""
                SELECT id, concept, created_at FROM open_loop
                 WHERE owner_id = ? AND status IN ('open', 'active') AND triage = 'core'
                 ORDER BY created_at, id LIMIT ?""",
                row -> new LineRow(row.getLong(1), row.getString(2), Instant.ofEpochMilli(row.getLong(3))),
                ownerId, limit);
    }

    /**
     * Open peripheral loops nobody touched (nor kept) since {@code before}, those a weekly nudge offered least recently
     * first (never offered before all), then the oldest touch. Those the nudge ending {@code offeredAt} offered come
     * first: shown again, that nudge offers what it offered. {@code at} is the touch.
     */
    public List<LineRow> untouched(SqlSession sql, String ownerId, Instant before, Instant offeredAt, int limit)
            throws SQLException {
        return sql.query("SELECT id, concept, " + TOUCHED + " AS touched FROM open_loop WHERE " + UNTOUCHED
                + " ORDER BY CASE WHEN offered_at = ? THEN 0 ELSE 1 END, COALESCE(offered_at, 0), touched, id LIMIT ?",
                row -> new LineRow(row.getLong(1), row.getString(2), Instant.ofEpochMilli(row.getLong(3))),
                ownerId, before.toEpochMilli(), offeredAt.toEpochMilli(), limit);
    }

    /** Whether the nudge ending {@code offeredAt} offered any of the person's loops to let go already. */
    public boolean offeredAt(SqlSession sql, String ownerId, Instant offeredAt) throws SQLException {
        // CASE, not a bare EXISTS: PostgreSQL's EXISTS is a boolean, which no long reads.
        return sql.queryLong("SELECT CASE WHEN EXISTS (SELECT 1 FROM open_loop WHERE owner_id = ? AND offered_at = ?) "
                + "THEN 1 ELSE 0 END", ownerId, offeredAt.toEpochMilli()) != 0;
    }

    /**
     * Records that the nudge ending {@code offeredAt} offered these loops to let go; no change to the loops (neither
     * their touch nor their version), only the order the next nudges offer them in.
     */
    public void markOffered(SqlSession sql, String ownerId, Collection<Long> loopIds, Instant offeredAt)
            throws SQLException {
        if (loopIds.isEmpty()) {
            return;
        }
        List<Object> params = new ArrayList<>(List.of(offeredAt.toEpochMilli(), ownerId));
        params.addAll(loopIds);
        sql.update("UPDATE open_loop SET offered_at = ? WHERE owner_id = ? AND id IN ("
                + SqlSession.placeholders(loopIds.size()) + ")", params.toArray());
    }

    /** When a loop was last touched: changed, or kept when a nudge offered to let it go. */
    private static final String TOUCHED = "CASE WHEN kept_at > updated_at THEN kept_at ELSE updated_at END";
    /** An open peripheral loop of an owner untouched before a moment (two parameters: the owner, the moment). */
    private static final String UNTOUCHED = "owner_id = ? AND status = 'open' AND triage = 'peripheral' AND "
            + TOUCHED + " < ?";

    /** How many loops {@link #untouched} would list without a limit. */
    public long countUntouched(SqlSession sql, String ownerId, Instant before) throws SQLException {
        return sql.queryLong("SELECT COUNT(*) FROM open_loop WHERE " + UNTOUCHED, ownerId, before.toEpochMilli());
    }

    /** Which of these loops are still open, peripheral and untouched since {@code before} (see {@link #untouched}). */
    public Set<Long> untouchedAmong(SqlSession sql, String ownerId, Collection<Long> loopIds, Instant before)
            throws SQLException {
        if (loopIds.isEmpty()) {
            return Set.of();
        }
        List<Object> params = new ArrayList<>(List.of(ownerId, before.toEpochMilli()));
        params.addAll(loopIds);
        return new HashSet<>(sql.query("SELECT id FROM open_loop WHERE " + UNTOUCHED + " AND id IN ("
                + SqlSession.placeholders(loopIds.size()) + ")", row -> row.getLong(1), params.toArray()));
    }

    /** Restarts the bankruptcy clock of these open peripheral loops; returns how many it kept. */
    public int keep(SqlSession sql, String ownerId, Collection<Long> loopIds, Instant now) throws SQLException {
        if (loopIds.isEmpty()) {
            return 0;
        }
        List<Object> params = new ArrayList<>();
        params.add(now.toEpochMilli());
        params.add(ownerId);
        params.addAll(loopIds);
        return sql.update("UPDATE open_loop SET kept_at = ? WHERE owner_id = ? AND status = 'open' AND id IN ("
                + SqlSession.placeholders(loopIds.size()) + ")", params.toArray());
    }

    /**
     * The person's reflections with their loop's concept, newest first, {@code limit} from {@code offset}; on one loop
     * when {@code loopId} is set. One row each with the columns {@code id, loop_id, concept, prompt, answer, created_at}
     * (the nudge package maps them).
     */
    public <T> List<T> reflections(SqlSession sql, String ownerId, Long loopId, int limit, long offset,
            RowMapper<T> row) throws SQLException {
        String where = loopId == null ? "" : " AND r.loop_id = ?";
        List<Object> params = new ArrayList<>(List.of(ownerId));
        if (loopId != null) {
            params.add(loopId);
        }
        params.add(limit);
        params.add(offset);
        return sql.query("""
                SELECT r.id, r.loop_id, l.concept, r.prompt, r.answer, r.created_at
                  FROM reflection r JOIN open_loop l ON l.id = r.loop_id
                 WHERE r.owner_id = ?""" + where + " ORDER BY r.created_at DESC, r.id DESC LIMIT ? OFFSET ?",
                row, params.toArray());
    }

    /** How many reflections each of these loops of the person holds; a loop with none is left out. */
    public Map<Long, Long> reflectionCounts(SqlSession sql, String ownerId, Collection<Long> loopIds)
            throws SQLException {
        if (loopIds.isEmpty()) {
            return Map.of();
        }
        Map<Long, Long> counts = new HashMap<>();
        for (List<Long> chunk : SqlSession.chunks(loopIds)) {
            List<Object> params = new ArrayList<>(List.of(ownerId));
            params.addAll(chunk);
            // reflection_by_owner (owner_id, loop_id, created_at) answers it from the index, a few rows a loop.
            for (long[] count : sql.query("SELECT loop_id, COUNT(*) FROM reflection WHERE owner_id = ? AND loop_id IN ("
                    + SqlSession.placeholders(chunk.size()) + ") GROUP BY loop_id",
                    row -> new long[] {row.getLong(1), row.getLong(2)}, params.toArray())) {
                counts.put(count[0], count[1]);
            }
        }
        return counts;
    }

    /** A server's loops parked in the week, newest first; {@code at} is the park. */
    public List<LineRow> serverLoopsParked(SqlSession sql, String ownerKey, Instant from, Instant to, int limit)
            throws SQLException {
        return sql.query("""
                SELECT id, concept, created_at FROM open_loop WHERE owner_id = ? AND scope = 'server'
                   AND created_at >= ? AND created_at < ? ORDER BY created_at DESC, id DESC LIMIT ?""",
                row -> new LineRow(row.getLong(1), row.getString(2), Instant.ofEpochMilli(row.getLong(3))),
                ownerKey, from.toEpochMilli(), to.toEpochMilli(), limit);
    }

    /**
     * A server's open or active loops that matter to the most people ("me too"), most first: those that matter to
     * someone beside the member who parked them (who counts among them), or the digest listed every loop as "1 person".
     */
    public List<InterestRow> mostMeToo(SqlSession sql, String ownerKey, int limit) throws SQLException {
        return sql.query("""
                SELECT l.id, l.concept, COUNT(i.user_id) AS n FROM open_loop l JOIN loop_interest i ON i.loop_id = l.id
                 WHERE l.owner_id = ? AND l.scope = 'server' AND l.status IN ('open', 'active')
                 GROUP BY l.id, l.concept HAVING COUNT(i.user_id) > 1 ORDER BY n DESC, l.id LIMIT ?""",
                row -> new InterestRow(row.getLong(1), row.getString(2), row.getLong(3)), ownerKey, limit);
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
    /** A loop whose snooze until a moment has run out, and whose it is. */
    public record RunOut(long loopId, String ownerId) {
    }

    public record LoopName(long id, String concept) {
    }

    /** A loop as the knowledge tree places it: grown when closed (as learned or applied). */
    public record TreeRow(long id, String concept, Triage triage, boolean grown) {
    }

    /** A closed loop as the week's nudge lists it. */
    public record ClosedRow(long id, String concept, Outcome outcome, String takeaway) {
    }

    /** A loop that moved in a week, with the moment that counts for that movement. */
    public record MovedRow(long id, String concept, Outcome outcome, Triage triage, Instant at, Phase phase) {
    }

    /** A loop's id, concept and one moment (its park, or its last touch). */
    public record LineRow(long id, String concept, Instant at) {
    }

    /** A server loop and how many people said "me too". */
    public record InterestRow(long loopId, String concept, long count) {
    }
}
