package dev.loopkeeper.storage;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.Iterator;
import java.util.LinkedHashMap;

/**
 * Prepared statements of one connection, kept for their next use: at most one per SQL text, the least recently used
 * closed once there are more than a limit (an {@code IN (?, ?, ...)} list makes a new text for every length). A
 * statement is taken out while it runs, so a query run while another's rows are read prepares its own. Used by one
 * thread at a time, as the connection is.
 */
final class KeptStatements {
    private final Connection connection;
    private final int limit;
    /** In the order last given back: the first is the least recently used. */
    private final LinkedHashMap<String, PreparedStatement> bySql = new LinkedHashMap<>();

    KeptStatements(Connection connection, int limit) {
        this.connection = connection;
        this.limit = limit;
    }

    /** The statement kept for this text, its parameters cleared, or a new one prepared on the connection. */
    PreparedStatement take(String sql) throws SQLException {
        PreparedStatement statement = bySql.remove(sql);
        if (statement == null) {
            return connection.prepareStatement(sql);
        }
        statement.clearParameters();
        return statement;
    }

    /** A statement done with, and reset (its rows closed): kept for the next use of its text. */
    void give(String sql, PreparedStatement statement) {
        if (bySql.putIfAbsent(sql, statement) != null) {
            close(statement); // the same text ran twice at once: one is enough to keep
            return;
        }
        if (bySql.size() > limit) {
            Iterator<PreparedStatement> eldest = bySql.values().iterator();
            close(eldest.next());
            eldest.remove();
        }
    }

    int size() {
        return bySql.size();
    }

    /** Closes every statement kept. */
    void closeAll() {
        bySql.values().forEach(KeptStatements::close);
        bySql.clear();
    }

    static void close(PreparedStatement statement) {
        try {
            statement.close();
        } catch (SQLException e) {
            // a statement of a connection already closed, or going back to the pool: nothing left to free
        }
    }
}
