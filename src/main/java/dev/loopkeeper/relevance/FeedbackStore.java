package dev.loopkeeper.relevance;

import dev.loopkeeper.loop.LoopStore;
import dev.loopkeeper.storage.SqlSession;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;

/** The SQL for a person's feedback on their loops (table {@code loop_feedback}). */
public final class FeedbackStore {
    /** The most recent events kept in memory per person: enough to learn from, bounded for the hot path. */
    public static final int LOADED = 2_000;

    /** Records an event with a copy of the loop's vector: that statement reads {@code open_loop}, so it is in LoopStore. */
    private final LoopStore loops;

    public FeedbackStore(LoopStore loops) {
        this.loops = loops;
    }

    /**
     * Records one event on the person's own loop, copying the loop's stored concept vector; records nothing (and
     * returns 0) when the loop is not theirs or has no vector from {@code modelId}.
     */
    public int insert(SqlSession sql, String ownerId, long loopId, int sign, String source, String workText,
            float[] workVector, String modelId, Instant now) throws SQLException {
        return loops.insertFeedback(sql, ownerId, loopId, sign, source, workText, Vectors.toBytes(workVector), modelId,
                now);
    }

    /** Whether the person's answers taught anything of this loop from {@code source} ({@code loop_feedback_by_loop}). */
    public boolean has(SqlSession sql, String ownerId, long loopId, String source) throws SQLException {
        return !sql.query("SELECT 1 FROM loop_feedback WHERE loop_id = ? AND owner_id = ? AND source = ? LIMIT 1",
                row -> 1, loopId, ownerId, source).isEmpty();
    }

    /**
     * Deletes the person's events on a loop from one source for one work, or for any with {@code workText} null (an
     * answer taken back), and moves their loop
     * version as an insert's trigger does, so every process's next decision reloads what is left.
     */
    public int delete(SqlSession sql, String ownerId, long loopId, String source, String workText) throws SQLException {
        int deleted = workText == null
                ? sql.update("DELETE FROM loop_feedback WHERE owner_id = ? AND loop_id = ? AND source = ?", ownerId,
                        loopId, source)
                : sql.update("DELETE FROM loop_feedback WHERE owner_id = ? AND loop_id = ? AND source = ? "
                        + "AND work_text = ?", ownerId, loopId, source, workText);
        if (deleted > 0) {
            sql.update("""
                    INSERT INTO loop_version (owner_id, version) VALUES (?, 1)
                    ON CONFLICT (owner_id) DO UPDATE SET version = loop_version.version + 1""", ownerId);
        }
        return deleted;
    }

    /** The person's most recent events with vectors from {@code modelId}, oldest first. */
    public List<Feedback> recent(SqlSession sql, String ownerId, String modelId) throws SQLException {
        return sql.query("""
                SELECT loop_id, loop_vector, work_vector, sign FROM (
                    SELECT id, loop_id, loop_vector, work_vector, sign FROM loop_feedback
                     WHERE owner_id = ? AND model_id = ?
                     ORDER BY id DESC LIMIT ?
                ) recent ORDER BY id""", row -> new Feedback(row.getLong(1), Vectors.fromBytes(row.getBytes(2)),
                Vectors.fromBytes(row.getBytes(3)), row.getInt(4)), ownerId, modelId, LOADED);
    }
}
