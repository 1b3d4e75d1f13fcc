package dev.loopkeeper.focus;

import dev.loopkeeper.storage.RowMapper;
import dev.loopkeeper.storage.SqlSession;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;

/** The SQL for focus items; every query is scoped by owner. */
public final class FocusStore {

    private static final RowMapper<Focus> ROW = row -> {
        long expires = row.getLong("expires_at");
        Instant expiresAt = row.wasNull() ? null : Instant.ofEpochMilli(expires);
        return new Focus(row.getLong("id"), row.getString("owner_id"), row.getString("text"),
                FocusSource.fromDb(row.getString("source")), row.getString("guild_id"), row.getString("channel_id"),
                Instant.ofEpochMilli(row.getLong("started_at")), expiresAt);
    };

    /** Saves a focus item; {@code originId} is the work-log message it came from, null for any other. */
    public long insert(SqlSession sql, String ownerId, String text, FocusSource source, String guildId,
            String channelId, Instant startedAt, Instant expiresAt, String originId) throws SQLException {
        return sql.insertReturningId("""
                INSERT INTO focus (owner_id, text, source, guild_id, channel_id, started_at, expires_at, origin_id)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?)
                RETURNING id""",
                ownerId, text, source.db(), guildId, channelId, startedAt.toEpochMilli(),
                expiresAt == null ? null : expiresAt.toEpochMilli(), originId);
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
     * work-log message it now comes from (null for any other), for a focus set again with the same text.
     */
    public int refresh(SqlSession sql, String ownerId, long id, Instant expiresAt, String guildId, String channelId,
            String originId) throws SQLException {
        return sql.update("""
                UPDATE focus SET expires_at = ?, guild_id = ?, channel_id = ?, origin_id = ?
                 WHERE owner_id = ? AND id = ? AND cleared_at IS NULL""",
                expiresAt == null ? null : expiresAt.toEpochMilli(), guildId, channelId, originId, ownerId, id);
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
