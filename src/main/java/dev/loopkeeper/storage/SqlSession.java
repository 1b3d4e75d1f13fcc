package dev.loopkeeper.storage;

import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/** Statements on one borrowed connection: inside a transaction, everything here commits or nothing does. */
public final class SqlSession {
    private final Connection connection;
    /** Statements kept prepared for their next use, or null: each statement is closed after use. */
    private final KeptStatements kept;
    /** Whether {@link #kept} is this session's own, closed with it, rather than its connection's. */
    private final boolean ownsKept;

    SqlSession(Connection connection) {
        this(connection, null, false);
    }

    /**
     * A session that keeps its statements prepared in {@code kept}: the connection's, which outlive the session, or
     * (when {@code ownsKept}) its own, which {@link #closeStatements} closes.
     */
    SqlSession(Connection connection, KeptStatements kept, boolean ownsKept) {
        this.connection = connection;
        this.kept = kept;
        this.ownsKept = ownsKept;
    }

    /** Closes the statements this session kept for itself; a connection's own stay prepared for its next session. */
    void closeStatements() {
        if (kept != null && ownsKept) {
            kept.closeAll();
        }
    }

    Connection connection() {
        return connection;
    }

    public <T> List<T> query(String sql, RowMapper<T> mapper, Object... params) throws SQLException {
        PreparedStatement statement = prepare(sql, params);
        List<T> result = new ArrayList<>();
        boolean done = false;
        try {
            try (ResultSet rows = statement.executeQuery()) {
                while (rows.next()) {
                    result.add(mapper.map(rows));
                }
            }
            done = true;
        } finally {
            release(sql, statement, done);
        }
        return result;
    }

    public <T> Optional<T> queryOne(String sql, RowMapper<T> mapper, Object... params) throws SQLException {
        PreparedStatement statement = prepare(sql, params);
        Optional<T> result;
        boolean done = false;
        try {
            try (ResultSet rows = statement.executeQuery()) {
                result = rows.next() ? Optional.ofNullable(mapper.map(rows)) : Optional.empty(); // NULL reads as empty
            }
            done = true;
        } finally {
            release(sql, statement, done);
        }
        return result;
    }

    public long queryLong(String sql, Object... params) throws SQLException {
        return queryOne(sql, row -> row.getLong(1), params).orElse(0L);
    }

    public int update(String sql, Object... params) throws SQLException {
        PreparedStatement statement = prepare(sql, params);
        boolean done = false;
        try {
            int changed = statement.executeUpdate();
            done = true;
            return changed;
        } finally {
            release(sql, statement, done);
        }
    }

    /** Runs an {@code INSERT ... RETURNING id} (SQLite 3.35+ and PostgreSQL alike) and returns the id. */
    public long insertReturningId(String sql, Object... params) throws SQLException {
        PreparedStatement statement = prepare(sql, params);
        long id;
        boolean done = false;
        try {
            try (ResultSet rows = statement.executeQuery()) {
                if (!rows.next()) {
                    throw new SQLException("INSERT returned no id: " + sql);
                }
                id = rows.getLong(1);
            }
            done = true;
        } finally {
            release(sql, statement, done);
        }
        return id;
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

    /**
     * Most values one {@code IN (...)} list binds ({@link #chunks}): SQLite before 3.32 allowed 999 bound parameters a
     * statement, PostgreSQL's driver allows 32,767, and SQLite's own limit can be set lower. A list that grows with
     * what a person keeps (their closed loops have no cap) is read in chunks of this many.
     */
    public static final int IN_LIST_MAX = 500;

    /** {@code values} in chunks of at most {@link #IN_LIST_MAX}, in their order: one {@code IN (...)} list each. */
    public static <T> List<List<T>> chunks(java.util.Collection<T> values) {
        List<T> all = List.copyOf(values);
        List<List<T>> chunks = new ArrayList<>();
        for (int from = 0; from < all.size(); from += IN_LIST_MAX) {
            chunks.add(all.subList(from, Math.min(all.size(), from + IN_LIST_MAX)));
        }
        return chunks;
    }

    /** {@code ?, ?, ?}: the placeholders of an {@code IN (...)} list of {@code count} values. */
    public static String placeholders(int count) {
        return String.join(", ", Collections.nCopies(count, "?"));
    }

    private PreparedStatement prepare(String sql, Object... params) throws SQLException {
        PreparedStatement statement = kept == null ? connection.prepareStatement(sql) : kept.take(sql);
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
     * A statement done with: kept for its next use when this session keeps them and it ran to the end (one that failed
     * is closed, whatever state it was left in), else closed.
     */
    private void release(String sql, PreparedStatement statement, boolean done) throws SQLException {
        if (kept != null && done) {
            kept.give(sql, statement);
        } else {
            statement.close();
        }
    }

}
