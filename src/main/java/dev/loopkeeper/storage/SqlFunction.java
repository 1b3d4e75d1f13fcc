package dev.loopkeeper.storage;

import java.sql.SQLException;

/** A unit of database work that may throw {@link SQLException}. */
@FunctionalInterface
public interface SqlFunction<T> {
    T apply(SqlSession session) throws SQLException;
}
