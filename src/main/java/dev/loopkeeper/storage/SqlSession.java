package dev.loopkeeper.storage;

import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.Map;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/** Statements on one borrowed connection: inside a transaction, everything here commits or nothing does. */
public final class SqlSession {
    private final Connection connection;
    /**
     * Statements kept prepared for the session's life (a group commit's batch runs the same few statements for every
     * write in it; preparing them was half its time), or null: each statement is closed after use.
     */
    private final Map<String, PreparedStatement> prepared;

    SqlSession(Connection connection) {
        this(connection, false);
    }

    SqlSession(Connection connection, boolean keepPrepared) {
        this.connection = connection;
        this.prepared = keepPrepared ? new HashMap<>() : null;
    }

    /** Closes the statements kept prepared. */
    void closeStatements() {
        if (prepared == null) {
            return;
        }
        for (PreparedStatement statement : prepared.values()) {
            try {
                statement.close();
            } catch (SQLException e) {
                // closing a statement of a connection going back to the pool: nothing to do
            }
        }
        prepared.clear();
    }

    Connection connection() {
        return connection;
    }

    public <T> List<T> query(String sql, RowMapper<T> mapper, Object... params) throws SQLException {
        PreparedStatement statement = prepare(sql, params);
        try (ResultSet rows = statement.executeQuery()) {
            List<T> result = new ArrayList<>();
            while (rows.next()) {
                result.add(mapper.map(rows));
            }
            return result;
        } finally {
            release(sql, statement);
        }
    }

    public <T> Optional<T> queryOne(String sql, RowMapper<T> mapper, Object... params) throws SQLException {
        PreparedStatement statement = prepare(sql, params);
        try (ResultSet rows = statement.executeQuery()) {
            return rows.next() ? Optional.ofNullable(mapper.map(rows)) : Optional.empty(); // a NULL column reads as empty
        } finally {
            release(sql, statement);
        }
    }

    public long queryLong(String sql, Object... params) throws SQLException {
        return queryOne(sql, row -> row.getLong(1), params).orElse(0L);
    }

    public int update(String sql, Object... params) throws SQLException {
        PreparedStatement statement = prepare(sql, params);
        try {
            return statement.executeUpdate();
        } finally {
            release(sql, statement);
        }
    }

    /** Runs an {@code INSERT ... RETURNING id} (SQLite 3.35+ and PostgreSQL alike) and returns the id. */
    public long insertReturningId(String sql, Object... params) throws SQLException {
        PreparedStatement statement = prepare(sql, params);
        try (ResultSet rows = statement.executeQuery()) {
            if (!rows.next()) {
                throw new SQLException("INSERT returned no id: " + sql);
            }
            return rows.getLong(1);
        } finally {
            release(sql, statement);
        }
    }

    /** A table's columns in their declared order, with their declared types, from the driver's metadata. */
    public List<Column> columns(String table) throws SQLException {
        List<Column> columns = new ArrayList<>();
        try (ResultSet rows = connection.getMetaData().getColumns(null, null, table, null)) {
            while (rows.next()) {
                columns.add(new Column(rows.getString("COLUMN_NAME"), rows.getString("TYPE_NAME").toUpperCase(Locale.ROOT),
                        rows.getInt("NULLABLE") != DatabaseMetaData.columnNoNulls));
            }
        }
        return columns;
    }

    /** The tables of the schema (Flyway's history included), from the driver's metadata. */
    public List<String> tables() throws SQLException {
        List<String> tables = new ArrayList<>();
        try (ResultSet rows = connection.getMetaData().getTables(null, null, "%", new String[] {"TABLE"})) {
            while (rows.next()) {
                tables.add(rows.getString("TABLE_NAME"));
            }
        }
        return tables;
    }

    /** One column of a table as declared: its name, its type (upper case, such as {@code BIGINT}) and nullability. */
    public record Column(String name, String type, boolean nullable) {
    }

    /** {@code ?, ?, ?}: the placeholders of an {@code IN (...)} list of {@code count} values. */
    public static String placeholders(int count) {
        return String.join(", ", Collections.nCopies(count, "?"));
    }

    private PreparedStatement prepare(String sql, Object... params) throws SQLException {
        PreparedStatement statement = prepared == null ? null : prepared.remove(sql);
        if (statement == null) {
            statement = connection.prepareStatement(sql);
        } else {
            statement.clearParameters();
        }
        try {
            for (int i = 0; i < params.length; i++) {
                statement.setObject(i + 1, params[i]);
            }
            return statement;
        } catch (SQLException e) {
            statement.close();
            throw e;
        }
    }

    /**
     * A statement done with: kept for its next use when the session keeps them (taken out while in use, so a query
     * run while another's rows are read gets its own), else closed.
     */
    private void release(String sql, PreparedStatement statement) throws SQLException {
        if (prepared != null && prepared.putIfAbsent(sql, statement) == null) {
            return;
        }
        statement.close();
    }

}
