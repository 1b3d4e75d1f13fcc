package dev.loopkeeper.storage;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.FlywayException;
import org.flywaydb.core.api.output.MigrateResult;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.sqlite.SQLiteConfig;
import org.sqlite.SQLiteDataSource;

/**
 * The SQLite database: a small connection pool, migrated by Flyway before anyone uses it. Reads run in
 * autocommit; every write runs in one {@code BEGIN IMMEDIATE} transaction, so a crash keeps or loses it whole.
 */
public final class Database implements AutoCloseable {
    private static final int POOL_SIZE = 4;
    private static final Logger log = LoggerFactory.getLogger(Database.class);

    private final HikariDataSource dataSource;

    private Database(HikariDataSource dataSource) {
        this.dataSource = dataSource;
    }

    /**
     * Opens (creating if needed) the database file and applies every pending migration. A file Loopkeeper cannot or
     * must not use is refused with a {@link DatabaseFileException} before SQLite writes anything to it.
     */
    public static Database open(Path file) {
        Path path = DatabaseFile.checkWritable(file);
        SQLiteConfig sqlite = new SQLiteConfig();
        sqlite.setJournalMode(SQLiteConfig.JournalMode.WAL);
        // FULL: a committed park survives not only a killed process but a power cut too.
        sqlite.setSynchronous(SQLiteConfig.SynchronousMode.FULL);
        sqlite.enforceForeignKeys(true);
        sqlite.setBusyTimeout(10_000);
        // Take the write lock when a transaction starts, so two writers queue instead of deadlocking.
        sqlite.setTransactionMode(SQLiteConfig.TransactionMode.IMMEDIATE);
        SQLiteDataSource sqliteSource = new SQLiteDataSource(sqlite);
        sqliteSource.setUrl("jdbc:sqlite:" + path);

        HikariConfig pool = new HikariConfig();
        pool.setDataSource(sqliteSource);
        pool.setPoolName("loopkeeper-db");
        pool.setMaximumPoolSize(POOL_SIZE);
        pool.setMinimumIdle(1);
        HikariDataSource dataSource;
        try {
            dataSource = new HikariDataSource(pool);
        } catch (RuntimeException e) {
            throw cannotOpen(path, e);
        }
        try {
            MigrateResult result = migrate(dataSource);
            if (result.migrationsExecuted > 0) {
                log.info("Database {}: applied {} migrations, now at version {}", path, result.migrationsExecuted,
                        result.targetSchemaVersion);
            } else {
                log.info("Database {}", path);
            }
        } catch (FlywayException e) {
            dataSource.close();
            throw cannotOpen(path, e);
        } catch (RuntimeException e) {
            dataSource.close();
            throw e;
        }
        return new Database(dataSource);
    }

    private static MigrateResult migrate(DataSource dataSource) {
        return Flyway.configure()
                .dataSource(dataSource)
                .locations("classpath:db/migration")
                .load()
                .migrate();
    }

    /** The pool's or Flyway's failure as one line, from the SQLite error underneath when there is one. */
    private static DatabaseFileException cannotOpen(Path path, RuntimeException e) {
        for (Throwable cause = e; cause != null; cause = cause.getCause()) {
            if (cause instanceof SQLException sql) {
                return DatabaseFile.unreadable(path, sql);
            }
        }
        return new DatabaseFileException(path, "Loopkeeper cannot bring " + path + " up to date ("
                + DatabaseFile.oneLine(firstLine(e.getMessage())) + "). Restore your latest backup, or run with "
                + "-Dloopkeeper.log.level=DEBUG to see why.", e);
    }

    private static String firstLine(String message) {
        return message == null ? "" : message.lines().findFirst().orElse("");
    }

    /** Runs read-only work on a pooled connection in autocommit mode. */
    public <T> T read(SqlFunction<T> work) {
        try (Connection connection = dataSource.getConnection()) {
            return work.apply(new SqlSession(connection));
        } catch (SQLException e) {
            throw new StorageException("Database read failed", e);
        }
    }

    /** Runs work in one transaction: it commits when the work returns and rolls back when it throws. */
    public <T> T inTransaction(SqlFunction<T> work) {
        try (Connection connection = dataSource.getConnection()) {
            connection.setAutoCommit(false);
            try {
                T result = work.apply(new SqlSession(connection));
                connection.commit();
                return result;
            } catch (SQLException | RuntimeException e) {
                connection.rollback();
                throw e;
            } finally {
                connection.setAutoCommit(true);
            }
        } catch (SQLException e) {
            throw new StorageException("Database write failed", e);
        }
    }

    /** Runs work with no result in one transaction. */
    public void write(SqlAction work) {
        inTransaction(sql -> {
            work.run(sql);
            return null;
        });
    }

    @Override
    public void close() {
        dataSource.close();
    }
}
