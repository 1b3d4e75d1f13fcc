package dev.loopkeeper.storage;

import org.sqlite.SQLiteConnection;
import org.sqlite.SQLiteLimits;

/**
 * Lowers SQLite's limit of bound parameters a statement may hold on every connection of a database's pool: to 999, as
 * SQLite before 3.32 had it (and some builds still do), so that a test meets an {@code IN (...)} list grown with what a
 * person keeps without first making 32,767 loops (PostgreSQL's driver's limit, and SQLite's today).
 */
public final class BindLimit {
    private BindLimit() {
    }

    /** Whether the database is SQLite's (the limit is SQLite's own). */
    public static boolean applies(Database database) {
        return database.dialect() == Database.Dialect.SQLITE;
    }

    /** Every pooled connection (all borrowed at once, so none is missed) takes at most {@code max} parameters. */
    public static void lower(Database database, int max) {
        borrowAndLower(database, max, Database.POOL_SIZE);
    }

    private static void borrowAndLower(Database database, int max, int left) {
        if (left == 0) {
            return;
        }
        database.read(sql -> {
            sql.connection().unwrap(SQLiteConnection.class).setLimit(SQLiteLimits.SQLITE_LIMIT_VARIABLE_NUMBER, max);
            borrowAndLower(database, max, left - 1);
            return null;
        });
    }
}
