package dev.loopkeeper.help;

import dev.loopkeeper.storage.SqlSession;
import java.sql.SQLException;
import java.time.Instant;
import java.util.HashSet;
import java.util.Set;

/** The SQL for one-time hints: which a person has been shown (V13). */
public final class HintStore {

    /** Marks a hint shown to a person; true only the first time, so it is shown once even with two parks at once. */
    public boolean markShown(SqlSession sql, String ownerId, String hint, Instant now) throws SQLException {
        return sql.update("""
                INSERT INTO person_hint (owner_id, hint, shown_at) VALUES (?, ?, ?)
                ON CONFLICT (owner_id, hint) DO NOTHING""", ownerId, hint, now.toEpochMilli()) > 0;
    }

    /** The hints a person has been shown, in one read. */
    public Set<String> shown(SqlSession sql, String ownerId) throws SQLException {
        return new HashSet<>(sql.query("SELECT hint FROM person_hint WHERE owner_id = ?", row -> row.getString(1),
                ownerId));
    }
}
