package dev.loopkeeper.support;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * Reads a database the bot's processes share, as a third process would: a connection of its own per query, rows as
 * lists of column values. For tests that run the bot (and the console) as child JVMs.
 */
public final class OtherConnection {
    /** Opens a new connection to the shared database. */
    @FunctionalInterface
    public interface Opener {
        Connection open() throws SQLException;
    }

    private final Opener opener;

    public OtherConnection(Opener opener) {
        this.opener = opener;
    }

    /** The rows {@code sql} returns, each as its columns' values. */
    public List<List<Object>> query(String sql, Object... parameters) {
        try (Connection connection = opener.open(); PreparedStatement statement = connection.prepareStatement(sql)) {
            statement.setQueryTimeout(30);
            for (int i = 0; i < parameters.length; i++) {
                statement.setObject(i + 1, parameters[i]);
            }
            List<List<Object>> rows = new ArrayList<>();
            if (statement.execute()) {
                try (ResultSet result = statement.getResultSet()) {
                    while (result.next()) {
                        List<Object> row = new ArrayList<>();
                        for (int c = 1; c <= result.getMetaData().getColumnCount(); c++) {
                            row.add(result.getObject(c));
                        }
                        rows.add(row);
                    }
                }
            }
            return rows;
        } catch (SQLException e) {
            throw new IllegalStateException(sql + ": " + e.getMessage(), e);
        }
    }

    /**
     * Waits at most {@code limit} until the query returns {@code expected}, then asserts it: the fake records a message
     * before it answers, and the sender writes how it went only once it has the answer.
     */
    public void awaitRows(Duration limit, List<List<Object>> expected, String why, String sql, Object... parameters) {
        long deadline = System.nanoTime() + limit.toNanos();
        List<List<Object>> rows = query(sql, parameters);
        while (!rows.equals(expected) && System.nanoTime() < deadline) {
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(20));
            rows = query(sql, parameters);
        }
        assertEquals(expected, rows, why);
    }
}
