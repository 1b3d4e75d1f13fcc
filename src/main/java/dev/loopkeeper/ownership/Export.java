package dev.loopkeeper.ownership;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * Everything of one person, read in one transaction: each exported table's rows (column to stored value; vectors that
 * are computed again are left out).
 *
 * @param schema the database's migration version when it was read
 */
public record Export(String personId, Instant exportedAt, String schema, Map<String, List<Map<String, Object>>> tables) {
    /** The export format's version, written into every JSON export; an import refuses a newer one. */
    public static final int VERSION = 1;
    public static final String FORMAT = "loopkeeper-export";

    public List<Map<String, Object>> rows(String table) {
        return tables.getOrDefault(table, List.of());
    }

    /** How many loops it holds, open or closed. */
    public int loopCount() {
        return rows("open_loop").size();
    }
}
