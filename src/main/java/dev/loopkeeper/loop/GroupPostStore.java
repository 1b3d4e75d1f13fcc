package dev.loopkeeper.loop;

import dev.loopkeeper.storage.RowMapper;
import dev.loopkeeper.storage.SqlSession;
import java.sql.SQLException;
import java.time.Instant;
import java.util.Optional;

/** The SQL for {@code group_post} (V21): where each server loop's message for the group is. */
public final class GroupPostStore {
    private static final RowMapper<GroupPost> ROW = row -> new GroupPost(row.getLong("loop_id"),
            row.getString("guild_id"), row.getString("channel_id"), row.getString("message_id"),
            Instant.ofEpochMilli(row.getLong("posted_at")));

    /** Saves where the loop's post is; a newer post of the same loop replaces the row. */
    public void save(SqlSession sql, GroupPost post) throws SQLException {
        sql.update("""
                INSERT INTO group_post (loop_id, guild_id, channel_id, message_id, posted_at) VALUES (?, ?, ?, ?, ?)
                ON CONFLICT (loop_id) DO UPDATE SET guild_id = excluded.guild_id, channel_id = excluded.channel_id,
                    message_id = excluded.message_id, posted_at = excluded.posted_at""",
                post.loopId(), post.guildId(), post.channelId(), post.messageId(), post.postedAt().toEpochMilli());
    }

    /** Saves where the loop's post is unless a row says so already; true when this one was saved. */
    public boolean saveIfAbsent(SqlSession sql, GroupPost post) throws SQLException {
        return sql.update("""
                INSERT INTO group_post (loop_id, guild_id, channel_id, message_id, posted_at) VALUES (?, ?, ?, ?, ?)
                ON CONFLICT (loop_id) DO NOTHING""",
                post.loopId(), post.guildId(), post.channelId(), post.messageId(), post.postedAt().toEpochMilli()) > 0;
    }

    public Optional<GroupPost> find(SqlSession sql, long loopId) throws SQLException {
        return sql.queryOne("""
                SELECT loop_id, guild_id, channel_id, message_id, posted_at FROM group_post WHERE loop_id = ?""",
                ROW, loopId);
    }

    /** Forgets the loop's post if it is still this message (a newer post saved meanwhile stays). */
    public boolean delete(SqlSession sql, long loopId, String messageId) throws SQLException {
        return sql.update("DELETE FROM group_post WHERE loop_id = ? AND message_id = ?", loopId, messageId) > 0;
    }
}
