package dev.loopkeeper.tree;

import dev.loopkeeper.loop.Triage;
import dev.loopkeeper.storage.SqlSession;
import java.sql.SQLException;
import java.util.List;

/** The SQL the tree reads: an owner's open and grown loops. */
public final class TreeStore {

    /**
     * The owner's open and active loops and those closed as learned or applied (grown), oldest first. Loops let go,
     * merged or archived are not part of the tree.
     */
    public List<TreeLoop> loops(SqlSession sql, String ownerKey) throws SQLException {
        return sql.query("""
                SELECT id, concept, triage, status
                  FROM open_loop
                 WHERE owner_id = ?
                   AND (status IN ('open', 'active') OR status = 'closed' AND outcome IN ('learned', 'applied'))
                 ORDER BY created_at, id""", row -> new TreeLoop(row.getLong(1), row.getString(2),
                        Triage.fromDb(row.getString(3)), "closed".equals(row.getString(4))), ownerKey);
    }
}
