package dev.loopkeeper.triage;

import dev.loopkeeper.loop.Triage;
import dev.loopkeeper.storage.SqlSession;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** The SQL of triage: a person's queue of untriaged open loops, its skip marker (V9), and a loop's class. */
public final class TriageStore {
    /**
     * The queue's order: loops never skipped first, oldest parked first (a backlog is worked from its old end), then
     * skipped ones, skipped longest ago first. A loop skipped at or after {@code since} (this pass) is left out, so a
     * pass ends.
     */
    private static final String QUEUE = """
            FROM open_loop
             WHERE owner_id = ? AND status IN ('open', 'active') AND triage = 'untriaged'
               AND (triage_skipped_at IS NULL OR triage_skipped_at < ?)""";

    public Optional<Long> next(SqlSession sql, String ownerId, Instant since) throws SQLException {
        return sql.queryOne("SELECT id " + QUEUE + """

                 ORDER BY triage_skipped_at IS NOT NULL, triage_skipped_at, created_at, id
                 LIMIT 1""", row -> row.getLong(1), ownerId, since.toEpochMilli());
    }

    public long left(SqlSession sql, String ownerId, Instant since) throws SQLException {
        return sql.queryLong("SELECT COUNT(*) " + QUEUE, ownerId, since.toEpochMilli());
    }

    /** Sets the class of one of the person's open loops; a class clears the skip marker. */
    public int setTriage(SqlSession sql, String ownerId, long id, Triage triage, Instant now) throws SQLException {
        return sql.update("""
                UPDATE open_loop SET triage = ?, triage_skipped_at = NULL, updated_at = ?
                 WHERE owner_id = ? AND id = ? AND status IN ('open', 'active')""",
                triage.db(), now.toEpochMilli(), ownerId, id);
    }

    /** Puts an untriaged open loop at the back of the queue; updated_at stays (nothing about the loop changed). */
    public int skip(SqlSession sql, String ownerId, long id, Instant now) throws SQLException {
        return sql.update("""
                UPDATE open_loop SET triage_skipped_at = ?
                 WHERE owner_id = ? AND id = ? AND status IN ('open', 'active') AND triage = 'untriaged'""",
                now.toEpochMilli(), ownerId, id);
    }

    /** The person's open loops marked core. */
    public List<Long> core(SqlSession sql, String ownerId) throws SQLException {
        return sql.query("""
                SELECT id FROM open_loop
                 WHERE owner_id = ? AND status IN ('open', 'active') AND triage = 'core'""",
                row -> row.getLong(1), ownerId);
    }
}
