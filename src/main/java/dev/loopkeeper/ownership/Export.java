package dev.loopkeeper.ownership;

import dev.loopkeeper.loop.OpenLoop;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * Everything of one person, read in one transaction: each exported table's rows (column to stored value; vectors that
 * are computed again are left out).
 *
 * @param schema the database's migration version when it was read
 * @param shared the servers' shared loops that the person's "me too" rows name, by id, to be read as what they are
 *               (not part of the JSON form, which keeps the rows as stored)
 */
public record Export(String personId, Instant exportedAt, String schema, Map<String, List<Map<String, Object>>> tables,
        Map<Long, OpenLoop> shared) {

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
