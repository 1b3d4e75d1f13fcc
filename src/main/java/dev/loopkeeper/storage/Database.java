package dev.loopkeeper.storage;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.sqlite.SQLiteConfig;
import org.sqlite.SQLiteDataSource;

/**
 * The SQLite database: a small connection pool, migrated by Flyway before anyone uses it. Reads run in
 * autocommit; every write runs in one {@code BEGIN IMMEDIATE} transaction, so a crash keeps or loses it whole.
 */
public final class Database implements AutoCloseable {
    private static final int POOL_SIZE = 4;

    private final HikariDataSource dataSource;

    private Database(HikariDataSource dataSource) {
        this.dataSource = dataSource;
    }

    /** Opens (creating if needed) the database file and applies every pending migration. */
    public static Database open(Path file) {
        try {
            Path parent = file.toAbsolutePath().getParent();
            if (parent != null) {
                Files.createDirectories(parent);
            }
        } catch (IOException e) {
            throw new StorageException("Cannot create the folder for " + file, e);
        }
        SQLiteConfig sqlite = new SQLiteConfig();
        sqlite.setJournalMode(SQLiteConfig.JournalMode.WAL);
        // FULL: a committed park survives not only a killed process but a power cut too.
        sqlite.setSynchronous(SQLiteConfig.SynchronousMode.FULL);
        sqlite.enforceForeignKeys(true);
        sqlite.setBusyTimeout(10_000);
        // Take the write lock when a transaction starts, so two writers queue instead of deadlocking.
        sqlite.setTransactionMode(SQLiteConfig.TransactionMode.IMMEDIATE);
        SQLiteDataSource sqliteSource = new SQLiteDataSource(sqlite);
        sqliteSource.setUrl("jdbc:sqlite:" + file.toAbsolutePath());

        HikariConfig pool = new HikariConfig();
        pool.setDataSource(sqliteSource);
        pool.setPoolName("loopkeeper-db");
        pool.setMaximumPoolSize(POOL_SIZE);
        pool.setMinimumIdle(1);
        HikariDataSource dataSource = new HikariDataSource(pool);
        try {
            migrate(dataSource);
        } catch (RuntimeException e) {
            dataSource.close();
            throw e;
        }
        return new Database(dataSource);
    }

    private static void migrate(DataSource dataSource) {
        Flyway.configure()
                .dataSource(dataSource)
                .locations("classpath:db/migration")
                .load()
                .migrate();
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
