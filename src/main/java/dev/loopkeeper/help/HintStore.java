package dev.loopkeeper.help;

import dev.loopkeeper.storage.SqlSession;
import java.sql.SQLException;
import java.time.Instant;

/** The SQL for one-time hints: which a person has been shown (V13). */
public final class HintStore {

    /** Marks a hint shown to a person; true only the first time, so it is shown once even with two parks at once. */
    public boolean markShown(SqlSession sql, String ownerId, String hint, Instant now) throws SQLException {
        return sql.update("""
                INSERT INTO person_hint (owner_id, hint, shown_at) VALUES (?, ?, ?)
                ON CONFLICT (owner_id, hint) DO NOTHING""", ownerId, hint, now.toEpochMilli()) > 0;
    }

    public boolean wasShown(SqlSession sql, String ownerId, String hint) throws SQLException {
        return sql.queryLong("SELECT COUNT(*) FROM person_hint WHERE owner_id = ? AND hint = ?", ownerId, hint) > 0;
    }
}
