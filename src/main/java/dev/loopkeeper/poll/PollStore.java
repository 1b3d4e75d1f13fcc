package dev.loopkeeper.poll;

import dev.loopkeeper.loop.LoopStore;
import dev.loopkeeper.storage.SqlSession;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** The SQL for triage polls. A poll is decided by one conditional UPDATE, so only the first final result counts. */
public final class PollStore {
    /** Reads the polls with their loop's concept: the join names {@code open_loop}, so its SQL is in LoopStore. */
    private final LoopStore loops;

    public PollStore(LoopStore loops) {
        this.loops = loops;
    }

    /** A new poll on a loop; {@code question} is the loop's concept as the poll asks about it. */
    public long insert(SqlSession sql, long loopId, String ownerId, String question, String guildId, String channelId,
            String startedBy, Instant now, Instant closesAt, TriagePoll.Status status) throws SQLException {
        return sql.insertReturningId("""
                INSERT INTO triage_poll (loop_id, owner_id, question, guild_id, channel_id, started_by, created_at,
                                         closes_at, status)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
                RETURNING id""", loopId, ownerId, question, guildId, channelId, startedBy, now.toEpochMilli(),
                closesAt.toEpochMilli(), status.db());
    }

    public Optional<TriagePoll> find(SqlSession sql, long id) throws SQLException {
        return loops.poll(sql, id, PollStore::row);
    }

    public Optional<TriagePoll> findByMessage(SqlSession sql, String messageId) throws SQLException {
        return loops.pollByMessage(sql, messageId, PollStore::row);
    }

    /** The poll on this loop that is being posted or waits for its result, if any. */
    public Optional<TriagePoll> pending(SqlSession sql, long loopId) throws SQLException {
        return loops.pendingPoll(sql, loopId, PollStore::row);
    }

    /** Open polls whose time has passed: their result is due (or overdue, if the bot was offline). */
    public List<TriagePoll> due(SqlSession sql, Instant now, int limit) throws SQLException {
        return loops.duePolls(sql, now, limit, PollStore::row);
    }

    /** Every decided poll of an owner (a server's key), newest first: what a digest shows. */
    public List<TriagePoll> decided(SqlSession sql, String ownerId, Instant since) throws SQLException {
        return loops.decidedPolls(sql, ownerId, since, PollStore::row);
    }

    /** Polls saved for posting that have no message id yet (being posted, or cut off mid-post), oldest first. */
    public List<TriagePoll> posting(SqlSession sql, int limit) throws SQLException {
        return loops.postingPolls(sql, limit, PollStore::row);
    }

    /** Whether a poll (in any state) already has this message: one message is never two polls' result. */
    public boolean messageTaken(SqlSession sql, String messageId) throws SQLException {
        return sql.queryLong("SELECT COUNT(*) FROM triage_poll WHERE message_id = ?", messageId) > 0;
    }

    public boolean markOpen(SqlSession sql, long id, String messageId) throws SQLException {
        return sql.update("UPDATE triage_poll SET status = 'open', message_id = ? WHERE id = ? AND status = 'posting'",
                messageId, id) == 1;
    }

    /** Ends a poll that never reached Discord, or whose message is gone; only from a state still waiting. */
    public boolean markEnded(SqlSession sql, long id, TriagePoll.Status status) throws SQLException {
        return sql.update("UPDATE triage_poll SET status = ? WHERE id = ? AND status IN ('posting', 'open')",
                status.db(), id) == 1;
    }

    /** Whether a poll is open, or being posted, in the channel: read through {@code triage_poll_due}'s running ones. */
    public boolean anyRunningIn(SqlSession sql, String channelId) throws SQLException {
        return !sql.query("SELECT 1 FROM triage_poll WHERE status IN ('open', 'posting') AND channel_id = ? LIMIT 1",
                row -> 1, channelId).isEmpty();
    }

    /**
     * Ends every poll in a channel that was deleted: one posted is gone, as when its message is deleted; one still
     * being posted failed, as one never posted does. Returns how many.
     */
    public int markChannelGone(SqlSession sql, String channelId) throws SQLException {
        return sql.update("UPDATE triage_poll SET status = 'gone' WHERE channel_id = ? AND status = 'open'", channelId)
                + sql.update("UPDATE triage_poll SET status = 'failed' WHERE channel_id = ? AND status = 'posting'",
                        channelId);
    }

    /** Gives up every poll saved before {@code before} that never got a message id, whoever's shard it is on. */
    public int failPostingBefore(SqlSession sql, Instant before) throws SQLException {
        return sql.update("UPDATE triage_poll SET status = 'failed' WHERE status = 'posting' AND created_at < ?",
                before.toEpochMilli());
    }

    /** Gives up a poll that never got a message id (the bot stopped mid-post, and no message of it was found). */
    public boolean markNeverPosted(SqlSession sql, long id) throws SQLException {
        return sql.update("UPDATE triage_poll SET status = 'failed' WHERE id = ? AND status = 'posting'", id) == 1;
    }

    /** Records the final tally and verdict; false when the poll was already decided (or never opened). */
    public boolean decide(SqlSession sql, long id, PollVotes votes, Verdict.Kind decision, int quorum, Instant now)
            throws SQLException {
        return sql.update("""
                UPDATE triage_poll SET status = 'decided', core_votes = ?, adjacent_votes = ?, peripheral_votes = ?,
                                       let_go_votes = ?, decision = ?, quorum = ?, decided_at = ?
                 WHERE id = ? AND status = 'open'""", votes.core(), votes.adjacent(), votes.peripheral(),
                votes.letGo(), decision.db(), quorum, now.toEpochMilli(), id) == 1;
    }

    private static TriagePoll row(ResultSet row) throws SQLException {
        String decision = row.getString("decision");
        long decidedAt = row.getLong("decided_at");
        boolean decided = !row.wasNull();
        Optional<PollVotes> votes = decision == null ? Optional.empty()
                : Optional.of(new PollVotes(row.getInt("core_votes"), row.getInt("adjacent_votes"),
                        row.getInt("peripheral_votes"), row.getInt("let_go_votes")));
        return new TriagePoll(row.getLong("id"), row.getLong("loop_id"), row.getString("owner_id"),
                row.getString("concept"), row.getString("guild_id"), row.getString("channel_id"),
                row.getString("message_id"), row.getString("started_by"),
                Instant.ofEpochMilli(row.getLong("created_at")), Instant.ofEpochMilli(row.getLong("closes_at")),
                TriagePoll.Status.fromDb(row.getString("status")), votes,
                Optional.ofNullable(decision).map(Verdict.Kind::fromDb), row.getInt("quorum"),
                decided ? Optional.of(Instant.ofEpochMilli(decidedAt)) : Optional.empty());
    }
}
