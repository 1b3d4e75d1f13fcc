package dev.loopkeeper.storage;

import java.sql.SQLException;

/** A unit of database work with no result. */
@FunctionalInterface
public interface SqlAction {
    void run(SqlSession session) throws SQLException;
}
