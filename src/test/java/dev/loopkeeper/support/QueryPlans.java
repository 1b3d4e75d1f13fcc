package dev.loopkeeper.support;

import dev.loopkeeper.storage.Database;
import java.nio.file.Path;
import java.util.List;

/** SQLite's plan for a query, step by step ({@code EXPLAIN QUERY PLAN}'s details), on a new database of the schema. */
public final class QueryPlans {
    private QueryPlans() {
    }

    /** The plan of {@code sql} with {@code params}, on a database migrated into {@code folder}. */
    public static List<String> of(Path folder, String sql, Object... params) {
        try (Database database = Database.open(folder.resolve("plans.db"))) {
            return database.read(session -> session.query("EXPLAIN QUERY PLAN " + sql, row -> row.getString("detail"),
                    params));
        }
    }
}
