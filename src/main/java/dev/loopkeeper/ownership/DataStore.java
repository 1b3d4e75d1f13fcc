package dev.loopkeeper.ownership;

import dev.loopkeeper.storage.SqlSession;
import dev.loopkeeper.storage.SqlSession.Column;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;

/**
 * The SQL of export, import and forgetting, written once over {@link PersonalData}'s tables rather than once per
 * feature: a row is a map of column to value (as the driver returns it), in the table's column order.
 */
public final class DataStore {
    private final Map<String, List<Column>> columns = new ConcurrentHashMap<>();

    /** The person's rows of one table, oldest id first, every column. */
    public List<Map<String, Object>> rows(SqlSession sql, PersonalTable table, String personId) throws SQLException {
        return sql.query(rowsQuery(table, hasId(sql, table)), row -> {
            ResultSetMetaData meta = row.getMetaData();
            Map<String, Object> values = new LinkedHashMap<>();
            for (int i = 1; i <= meta.getColumnCount(); i++) {
                values.put(meta.getColumnName(i), row.getObject(i));
            }
            return values;
        }, person(table.rowsOf(), personId));
    }

    /** How many of the person's rows a table holds. */
    public long count(SqlSession sql, String table, String rowsOf, String personId) throws SQLException {
        return sql.queryLong("SELECT COUNT(*) FROM " + table + " WHERE " + rowsOf, person(rowsOf, personId));
    }

    public int delete(SqlSession sql, PersonalTable table, String personId) throws SQLException {
        return sql.update(deleteStatement(table), person(table.rowsOf(), personId));
    }

    public int anonymise(SqlSession sql, PersonalData.Anonymised rule, String personId) throws SQLException {
        Object[] person = person(rule.rowsOf(), personId);
        Object[] params = new Object[person.length + 1];
        params[0] = rule.replacement();
        System.arraycopy(person, 0, params, 1, person.length);
        return sql.update(anonymiseStatement(rule), params);
    }

    /** The SQL of {@link #rows} (its plan is tested: DataQueryPlanTest). */
    static String rowsQuery(PersonalTable table, boolean hasId) {
        return "SELECT * FROM " + table.name() + " WHERE " + table.rowsOf() + (hasId ? " ORDER BY id" : "");
    }

    /** The SQL of {@link #delete}. */
    static String deleteStatement(PersonalTable table) {
        return "DELETE FROM " + table.name() + " WHERE " + table.rowsOf();
    }

    /** The SQL of {@link #anonymise}: the replacement, then the person's id for every {@code ?} of the rule. */
    static String anonymiseStatement(PersonalData.Anonymised rule) {
        return "UPDATE " + rule.table() + " SET " + rule.column() + " = ? WHERE " + rule.rowsOf();
    }

    /**
     * How many messages for the person (reminders, nudges) went, whole or in part, to a server's channel because their
     * direct messages were closed: Discord keeps those messages; deleting the outbox's rows does not reach them.
     */
    public int postedInServers(SqlSession sql, String personId) throws SQLException {
        return (int) sql.queryLong("SELECT COUNT(*) FROM outbox WHERE recipient_id = ?"
                + " AND (delivered_via = 'channel' OR posted_to IS NOT NULL)", personId);
    }

    /** The id of an existing row equal to {@code row} in the table's key columns. */
    public Optional<Long> existing(SqlSession sql, PersonalTable table, Map<String, Object> row) throws SQLException {
        String where = table.key().stream()
                .map(column -> row.get(column) == null ? column + " IS NULL" : column + " = ?")
                .collect(Collectors.joining(" AND "));
        Object[] params = table.key().stream().map(row::get).filter(v -> v != null).toArray();
        String id = hasId(sql, table) ? "id" : "1";
        return sql.queryOne("SELECT " + id + " FROM " + table.name() + " WHERE " + where + " LIMIT 1",
                r -> r.getLong(1), params);
    }

    /** Inserts a row of the given columns and returns its new id (0 for a table without one). */
    public long insert(SqlSession sql, PersonalTable table, Map<String, Object> row) throws SQLException {
        String columns = String.join(", ", row.keySet());
        String values = SqlSession.placeholders(row.size());
        String insert = "INSERT INTO " + table.name() + " (" + columns + ") VALUES (" + values + ")";
        if (hasId(sql, table)) {
            return sql.insertReturningId(insert + " RETURNING id", row.values().toArray());
        }
        sql.update(insert, row.values().toArray());
        return 0;
    }

    /** A table's columns; the schema does not change while the bot runs, so each table is asked once. */
    public List<Column> columns(SqlSession sql, String table) throws SQLException {
        List<Column> known = columns.get(table);
        if (known == null) {
            known = List.copyOf(sql.columns(table));
            columns.put(table, known);
        }
        return known;
    }

    private boolean hasId(SqlSession sql, PersonalTable table) throws SQLException {
        return columns(sql, table.name()).stream().anyMatch(c -> c.name().equals("id"));
    }

    private static Object[] person(String rowsOf, String personId) {
        int count = (int) rowsOf.chars().filter(c -> c == '?').count();
        return Collections.nCopies(count, personId).toArray();
    }
}
