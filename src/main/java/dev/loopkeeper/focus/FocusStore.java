package dev.loopkeeper.focus;

import dev.loopkeeper.storage.RowMapper;
import dev.loopkeeper.storage.SqlSession;
import java.sql.SQLException;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Map;

/** The SQL for focus items; every query is scoped by owner. */
public final class FocusStore {

    private static final RowMapper<Focus> ROW = row -> {
        long expires = row.getLong("expires_at");
        Instant expiresAt = row.wasNull() ? null : Instant.ofEpochMilli(expires);
        return new Focus(row.getLong("id"), row.getString("owner_id"), row.getString("text"),
                FocusSource.fromDb(row.getString("source")), row.getString("guild_id"), row.getString("channel_id"),
                Instant.ofEpochMilli(row.getLong("started_at")), expiresAt);
    };

    /**
     * Saves a focus item, undecided until {@link #decided} says its loops were matched against it; {@code originId}
     * is the work-log message it came from, null for any other.
     */
    public long insert(SqlSession sql, String ownerId, String text, FocusSource source, String guildId,
            String channelId, Instant startedAt, Instant expiresAt, String originId) throws SQLException {
        return sql.insertReturningId("""
                INSERT INTO focus (owner_id, text, source, guild_id, channel_id, started_at, expires_at, origin_id,
                                   undecided_since)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
                RETURNING id""",
                ownerId, text, source.db(), guildId, channelId, startedAt.toEpochMilli(),
                expiresAt == null ? null : expiresAt.toEpochMilli(), originId, startedAt.toEpochMilli());
    }

    /** Focus items that are neither cleared nor expired at {@code now}, newest first. */
    public List<Focus> active(SqlSession sql, String ownerId, Instant now) throws SQLException {
        return sql.query("""
                SELECT id, owner_id, text, source, guild_id, channel_id, started_at, expires_at
                  FROM focus
                 WHERE owner_id = ? AND cleared_at IS NULL AND (expires_at IS NULL OR expires_at > ?)
                 ORDER BY started_at DESC, id DESC""", ROW, ownerId, now.toEpochMilli());
    }

    /**
     * The person's items whose time ({@code for:}, a work-log note's hours) ran out after {@code since} and by
     * {@code now}, never cleared, the latest to end first, at most {@code limit}.
     */
    public List<Focus> ranOut(SqlSession sql, String ownerId, Instant since, Instant now, int limit)
            throws SQLException {
        return sql.query("""
                SELECT id, owner_id, text, source, guild_id, channel_id, started_at, expires_at
                  FROM focus
                 WHERE owner_id = ? AND cleared_at IS NULL AND expires_at > ? AND expires_at <= ?
                 ORDER BY expires_at DESC, id DESC
                 LIMIT ?""", ROW, ownerId, since.toEpochMilli(), now.toEpochMilli(), limit);
    }

    /** The person's items set after {@code since}, whatever became of them since (cleared, run out, active). */
    public List<Focus> setSince(SqlSession sql, String ownerId, Instant since) throws SQLException {
        return sql.query("""
                SELECT id, owner_id, text, source, guild_id, channel_id, started_at, expires_at
                  FROM focus
                 WHERE owner_id = ? AND started_at > ?""", ROW, ownerId, since.toEpochMilli());
    }

    /**
     * The active focus items the work-log message {@code originId} made: one, or none once it is no one's focus (an
     * import may have brought a copy of the row, its message id with it, to someone else).
     */
    public List<Focus> activeFrom(SqlSession sql, String originId, Instant now) throws SQLException {
        return sql.query("""
                SELECT id, owner_id, text, source, guild_id, channel_id, started_at, expires_at
                  FROM focus
                 WHERE origin_id = ? AND cleared_at IS NULL AND (expires_at IS NULL OR expires_at > ?)""",
                ROW, originId, now.toEpochMilli());
    }


    /** Whether this focus item is still there and neither cleared nor expired at {@code now}. */
    public boolean isActive(SqlSession sql, long id, Instant now) throws SQLException {
        return sql.queryOne("""
                SELECT 1 FROM focus WHERE id = ? AND cleared_at IS NULL AND (expires_at IS NULL OR expires_at > ?)""",
                row -> true, id, now.toEpochMilli()).orElse(false);
    }

    /**
     * Gives an active item a new expiry (null: until cleared), the server and channel it was set in this time and the
     * work-log message it now comes from (null for any other), for a focus set again with the same text at
     * {@code now}; it is matched again, so it is undecided until then.
     */
    public int refresh(SqlSession sql, String ownerId, long id, Instant expiresAt, String guildId, String channelId,
            String originId, Instant now) throws SQLException {
        return sql.update("""
                UPDATE focus SET expires_at = ?, guild_id = ?, channel_id = ?, origin_id = ?, undecided_since = ?
                 WHERE owner_id = ? AND id = ? AND cleared_at IS NULL""",
                expiresAt == null ? null : expiresAt.toEpochMilli(), guildId, channelId, originId,
                now.toEpochMilli(), ownerId, id);
    }

    /**
     * Marks focus items decided, each by the moment its decision began: one set again since (undecided from a later
     * moment) waits for its own decision.
     */
    public void decided(SqlSession sql, Map<Long, Instant> began) throws SQLException {
        for (Map.Entry<Long, Instant> item : began.entrySet()) {
            sql.update("UPDATE focus SET undecided_since = NULL WHERE id = ? AND undecided_since <= ?", item.getKey(),
                    item.getValue().toEpochMilli());
        }
    }

    /**
     * The focus items set or set again at or before {@code before} and never decided, oldest first: active ones and
     * ended ones alike ({@link #forgetUndecided} takes the ended ones' marks away).
     */
    public List<Undecided> undecided(SqlSession sql, Instant before) throws SQLException {
        return sql.query("""
                SELECT id, owner_id, text, source, guild_id, channel_id, started_at, expires_at, cleared_at
                  FROM focus
                 WHERE undecided_since IS NOT NULL AND undecided_since <= ?
                 ORDER BY undecided_since, id""", row -> {
                    Focus focus = ROW.map(row);
                    row.getLong("cleared_at");
                    return new Undecided(focus, !row.wasNull());
                }, before.toEpochMilli());
    }

    /** A focus item never decided, and whether it was cleared since. */
    public record Undecided(Focus focus, boolean cleared) {
        /** Whether it is still active at {@code now}: neither cleared nor run out. */
        public boolean activeAt(Instant now) {
            return !cleared && (focus.expiresAt() == null || focus.expiresAt().isAfter(now));
        }
    }

    /** Takes the marks away from focus items that ended undecided: there is nothing left to decide for them. */
    public void forgetUndecided(SqlSession sql, Collection<Long> ids) throws SQLException {
        for (long id : ids) {
            sql.update("UPDATE focus SET undecided_since = NULL WHERE id = ?", id);
        }
    }

    public int clearAll(SqlSession sql, String ownerId, Instant now) throws SQLException {
        return sql.update("""
                UPDATE focus SET cleared_at = ?
                 WHERE owner_id = ? AND cleared_at IS NULL AND (expires_at IS NULL OR expires_at > ?)""",
                now.toEpochMilli(), ownerId, now.toEpochMilli());
    }

    public int clearSource(SqlSession sql, String ownerId, FocusSource source, Instant now) throws SQLException {
        return sql.update("""
                UPDATE focus SET cleared_at = ?
                 WHERE owner_id = ? AND source = ? AND cleared_at IS NULL AND (expires_at IS NULL OR expires_at > ?)""",
                now.toEpochMilli(), ownerId, source.db(), now.toEpochMilli());
    }

    public int clearOne(SqlSession sql, String ownerId, long id, Instant now) throws SQLException {
        return sql.update("""
                UPDATE focus SET cleared_at = ?
                 WHERE owner_id = ? AND id = ? AND cleared_at IS NULL AND (expires_at IS NULL OR expires_at > ?)""",
                now.toEpochMilli(), ownerId, id, now.toEpochMilli());
    }
}
