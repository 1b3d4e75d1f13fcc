package dev.loopkeeper.storage;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.loopkeeper.common.DatabaseUrls;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Savepoint;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantLock;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.FlywayException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.sqlite.SQLiteConfig;
import org.sqlite.SQLiteConnection;
import org.sqlite.SQLiteConnectionConfig;
import org.sqlite.SQLiteDataSource;
import org.sqlite.SQLiteErrorCode;
import org.sqlite.SQLiteException;

/**
 * The database: SQLite (the default, one process) or PostgreSQL (shared by several processes), a small connection
 * pool, migrated by Flyway before anyone uses it. Reads run in autocommit; every write runs in one transaction
 * ({@code BEGIN IMMEDIATE} on SQLite), so a crash keeps or loses it whole. The stores' SQL is the same on both; the
 * migrations differ where the dialects do: {@code db/common} holds the ones written once for both, {@code db/migration}
 * SQLite's own and {@code db/postgresql} PostgreSQL's, each version in exactly one folder of a dialect's pair.
 */
public final class Database implements AutoCloseable {
    /**
     * The newest migration this version ships, in either dialect's folders. A database already there, every migration
     * applied successfully, is opened without running Flyway; otherwise Flyway migrates and validates as always.
     */
    public static final int SCHEMA_VERSION = 38;
    /** Where SQLite's migrations are, for Flyway. */
    public static final List<String> SQLITE_MIGRATIONS = List.of("classpath:db/common", "classpath:db/migration");
    /** Where PostgreSQL's migrations are. */
    public static final List<String> POSTGRES_MIGRATIONS = List.of("classpath:db/common", "classpath:db/postgresql");
    static final int POOL_SIZE = 4;
    /** How long a write waits for another process's write lock on SQLite before it fails. */
    private static final int BUSY_TIMEOUT_MS = 10_000;
    /** The migrations that may simply run again after failing with their failure recorded in Flyway's history. */
    private static final Set<String> RETRYABLE = Set.of("28");
    /** Statements kept prepared per connection: every statement the bot runs often, with room for IN lists' lengths. */
    static final int KEPT_PER_CONNECTION = 96;
    /** Several processes share a PostgreSQL server: each keeps a few more connections than SQLite's one writer needs. */
    private static final int POSTGRES_POOL_SIZE = 8;
    private static final Logger log = LoggerFactory.getLogger(Database.class);
    /** The advisory lock key every write transaction takes on PostgreSQL ("Loop" in ASCII). */
    private static final long WRITER_LOCK = 0x4c6f6f70L;

    /** The SQL dialect of the open database, for the few statements that must differ. */
    public enum Dialect {
        SQLITE, POSTGRESQL
    }

    private final HikariDataSource dataSource;
    private final Dialect dialect;
    /** The SQLite file, for the note that it was closed cleanly (ClosedCleanly); null on PostgreSQL. */
    private final Path file;
    /** This process's place among those that have the SQLite file open; null on PostgreSQL. */
    private final LiveOpeners live;
    /** How long a SQLite write waits for another program's write lock; null on PostgreSQL. */
    private final Duration busyTimeout;
    /** Write transactions committed (each one fsync of the WAL on SQLite), for benchmarks. */
    private final AtomicLong commits = new AtomicLong();
    /** SQLite's writers in this process take turns here, first come first served. */
    private final ReentrantLock writeLock = new ReentrantLock(true);
    /**
     * A deletion's log not emptied yet: {@link #flushDeleted} found another process reading. Tried again after each
     * commit, by {@link #emptyLogIfOwed} and at {@link #close}.
     */
    private final AtomicBoolean logOwed = new AtomicBoolean();
    /** How long {@link #flushDeleted} waits for another process's readers (every writer of the file waits with it). */
    static final Duration LOG_WAIT = Duration.ofSeconds(1);
    /** Started by the first grouped write. */
    private GroupCommit group;
    /** The page-by-page check of a file a crash left, running beside this process; null when none was needed. */
    private volatile BackgroundCheck check;
    /**
     * SQLite's statements, kept prepared on each connection of the pool (by the connection under the pool's proxy,
     * which would close them at every return), for as long as the connection lives: SQLite parses and plans a statement
     * at every prepare, most of a small read's time, and the same few dozen statements run all day. sqlite-jdbc keeps
     * none itself, and HikariCP leaves it to the driver. SQLite finalizes them when the pool closes a connection.
     * The proxy does not see them run, so its rollback of a connection returned with work uncommitted cannot either:
     * every transaction here ends in its own commit or rollback, and reads run in autocommit.
     * PostgreSQL's driver keeps its server-side statements itself.
     */
    private final Map<Connection, KeptStatements> kept = new ConcurrentHashMap<>();

    private Database(HikariDataSource dataSource, Dialect dialect) {
        this(dataSource, dialect, null, null, null);
    }

    private Database(HikariDataSource dataSource, Dialect dialect, Path file, LiveOpeners live,
            Duration busyTimeout) {
        this.dataSource = dataSource;
        this.dialect = dialect;
        this.file = file;
        this.live = live;
        this.busyTimeout = busyTimeout;
    }

    /** How many write transactions this process committed so far (a group commit's batch counts once). */
    public long commits() {
        return commits.get();
    }

    public Dialect dialect() {
        return dialect;
    }

    /**
     * Connects to a PostgreSQL database ({@code jdbc:postgresql://host:port/database}) and applies every pending
     * migration of {@code db/postgresql}. A null user or password means the URL carries it. A server that cannot be
     * reached, or refuses the login, is reported in one line with what to check.
     */
    public static Database openPostgres(String url, String user, String password) {
        HikariConfig pool = new HikariConfig();
        pool.setJdbcUrl(url);
        if (user != null) {
            pool.setUsername(user);
        }
        if (password != null) {
            pool.setPassword(password);
        }
        pool.setPoolName("loopkeeper-db");
        pool.setMaximumPoolSize(POSTGRES_POOL_SIZE);
        pool.setMinimumIdle(1);
        // The URL as shown, and the driver's own words, which may quote a piece of it: no password in either.
        String shown = DatabaseUrls.redact(url);
        java.util.function.Function<Throwable, String> why = e -> DatabaseUrls.redact(
                DatabaseFile.oneLine(rootMessage(e)), url, password);
        HikariDataSource dataSource;
        try {
            dataSource = new HikariDataSource(pool);
        } catch (RuntimeException e) {
            throw new DatabaseFileException("Loopkeeper cannot connect to PostgreSQL at " + shown + " ("
                    + why.apply(e) + "). Check that the server runs, the database exists, and "
                    + "LOOPKEEPER_DB_USER / LOOPKEEPER_DB_PASSWORD.", e);
        }
        try {
            int applied = migrate(dataSource, POSTGRES_MIGRATIONS);
            log.info("Database {}: applied {} migrations, now at version {}", shown, applied, SCHEMA_VERSION);
        } catch (RuntimeException e) {
            dataSource.close();
            throw new DatabaseFileException("Loopkeeper cannot bring the PostgreSQL database " + shown
                    + " up to date (" + why.apply(e) + "). Run with "
                    + "-Dloopkeeper.log.level=DEBUG to see why.", e);
        }
        return new Database(dataSource, Dialect.POSTGRESQL);
    }

    private static String rootMessage(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return firstLine(root.getMessage());
    }

    /**
     * Opens (creating if needed) the database file and applies every pending migration. A file Loopkeeper cannot or
     * must not use is refused with a {@link DatabaseFileException} before SQLite writes anything to it.
     */
    public static Database open(Path file) {
        return open(file, BUSY_TIMEOUT_MS);
    }

    /** {@link #open(Path)}, waiting at most {@code busyTimeoutMs} for another process's write lock: for tests. */
    static Database open(Path file, int busyTimeoutMs) {
        Path path = DatabaseFile.folderReady(file);
        LiveOpeners live = LiveOpeners.join(path);
        try {
            return open(path, busyTimeoutMs, live);
        } catch (RuntimeException | Error e) {
            live.close();
            throw e;
        }
    }

    private static Database open(Path path, int busyTimeoutMs, LiveOpeners live) {
        // Left by a Loopkeeper process killed with it open: read whole beside the start, not before it (BackgroundCheck).
        boolean checkBeside = live.leftByACrash() && !live.checkedByALiveProcess() && !ClosedCleanly.matches(path);
        DatabaseFile.checkWritable(path, !live.checkedByALiveProcess() && !checkBeside);
        if (!checkBeside) {
            live.checked();
        } // else marked checked only once the check beside finds the file sound: a process joining meanwhile waits for it
        // Alone with a log that holds changes: the last process to write the file died (a crash, a kill) or was stopped
        // before it emptied the log. Its frames may hold rows as they were before a deletion committed just before the
        // end (/forget-me empties the log right after its commit); replayed and kept, they stayed for this whole run.
        boolean logLeftBehind = !live.othersHaveItOpen() && ClosedCleanly.logHoldsAnything(path);
        ClosedCleanly.opening(path);
        SQLiteConfig sqlite = new SQLiteConfig();
        sqlite.setJournalMode(SQLiteConfig.JournalMode.WAL);
        // FULL: a committed park survives not only a killed process but a power cut too.
        sqlite.setSynchronous(SQLiteConfig.SynchronousMode.FULL);
        sqlite.enforceForeignKeys(true);
        sqlite.setBusyTimeout(busyTimeoutMs);
        // Take the write lock when a transaction starts, so two writers queue instead of deadlocking.
        sqlite.setTransactionMode(SQLiteConfig.TransactionMode.IMMEDIATE);
        // Deleted rows are overwritten with zeros, not left in free pages: what /forget-me deletes (and an edit
        // replaces) cannot be read back from the file.
        sqlite.setPragma(SQLiteConfig.Pragma.SECURE_DELETE, "true");
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
            throw cannotOpen(path, e, live, busyTimeoutMs);
        }
        try {
            int applied = migrate(dataSource, SQLITE_MIGRATIONS);
            if (applied > 0) {
                log.info("Database {}: applied {} migrations, now at version {}", path, applied, SCHEMA_VERSION);
            } else {
                log.info("Database {}", path);
            }
        } catch (FlywayException e) {
            dataSource.close();
            throw cannotOpen(path, e, live, busyTimeoutMs);
        } catch (RuntimeException e) {
            dataSource.close();
            throw e;
        }
        Database database = new Database(dataSource, Dialect.SQLITE, path, live, Duration.ofMillis(busyTimeoutMs));
        if (logLeftBehind) {
            database.flushDeleted();
        }
        if (checkBeside) {
            database.check = BackgroundCheck.start(path, live::checkedBeside);
        }
        return database;
    }

    /** Applies the pending migrations and returns how many ran: none when the database is up to date. */
    private static int migrate(DataSource dataSource, List<String> locations) {
        if (upToDate(dataSource)) {
            // Flyway's own start-up (its plugins, the scan of every migration and its checksum) costs most of a second
            // of CPU: spent only when there is something to apply. SchemaVersionTest keeps the constant honest.
            return 0;
        }
        // Flyway itself logs at WARN only. Some migrations rewrite a table (V28 copies the loops): minutes on a large
        // database, which would otherwise be minutes of silence before the bot connects.
        log.info("Bringing the database up to schema version {}: on a large database the first start of a new version "
                + "can take minutes (stopping meanwhile is safe; the next start does it again)", SCHEMA_VERSION);
        Flyway flyway = Flyway.configure()
                .dataSource(dataSource)
                .locations(locations.toArray(String[]::new))
                .load();
        if (failedRetryable(dataSource)) {
            // SQLite's V28 runs outside Flyway's transaction (its own savepoint does the work whole or not at all, and
            // running it again leaves the same table). A failure that SQLite answers by rolling the savepoint back
            // itself (the disk full, an I/O error) lets Flyway record the failure, and every start after refused the
            // database, intact as it is. Repair drops that record, and the migration runs again.
            log.warn("The database's upgrade to schema version 28 failed at an earlier start (see that start's log: "
                    + "often the disk full, as it copies the loops); trying it again");
            flyway.repair();
        }
        return flyway.migrate().migrationsExecuted;
    }

    /** Whether Flyway's history records a failed run of a migration that may simply be run again. */
    private static boolean failedRetryable(DataSource dataSource) {
        try (Connection connection = dataSource.getConnection();
                Statement statement = connection.createStatement();
                java.sql.ResultSet rows = statement.executeQuery(
                        "SELECT version FROM flyway_schema_history WHERE success = 0 AND version IS NOT NULL")) {
            while (rows.next()) {
                if (RETRYABLE.contains(rows.getString(1).strip())) {
                    return true;
                }
            }
            return false;
        } catch (SQLException e) {
            return false; // no history yet: a new database
        }
    }

    /**
     * Whether Flyway's history says every migration up to {@link #SCHEMA_VERSION} is applied, none failed and none is
     * newer. A database without the history (new, or not ours) is not up to date: Flyway decides what it is.
     */
    static boolean upToDate(DataSource dataSource) {
        try (java.sql.Connection connection = dataSource.getConnection();
                java.sql.Statement statement = connection.createStatement();
                java.sql.ResultSet rows = statement.executeQuery(
                        "SELECT version, success FROM flyway_schema_history WHERE version IS NOT NULL")) {
            int newest = 0;
            while (rows.next()) {
                int version = Integer.parseInt(rows.getString(1).strip());
                if (!rows.getBoolean(2)) {
                    return false;
                }
                newest = Math.max(newest, version);
            }
            return newest == SCHEMA_VERSION;
        } catch (SQLException | NumberFormatException e) {
            return false;
        }
    }

    /** The pool's or Flyway's failure as one line, from the SQLite error underneath when there is one. */
    /**
     * {@link #cannotOpen(Path, RuntimeException)}, unless the lock that stopped it is another Loopkeeper process's: most
     * likely bringing the file to a new version first, which takes minutes on a large file ("stop the other program"
     * was the wrong advice then).
     */
    private static DatabaseFileException cannotOpen(Path path, RuntimeException e, LiveOpeners live, int busyTimeoutMs) {
        if (live.othersHaveItOpen() && busy(e)) {
            return new DatabaseFileException(path, "Another Loopkeeper process has " + path + " open and kept it locked "
                    + "for " + Math.max(1, busyTimeoutMs / 1000) + " s, most likely bringing it up to a new version "
                    + "(minutes on a large database; its log says so). Start this one again once that one is running.", e);
        }
        return cannotOpen(path, e);
    }

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
            return work.apply(session(connection, false));
        } catch (SQLException e) {
            throw new StorageException("Database read failed", e);
        }
    }

    /**
     * Runs work in one transaction: it commits when the work returns and rolls back when it throws. Writers take turns,
     * as SQLite's {@code BEGIN IMMEDIATE} makes them: on PostgreSQL the transaction first takes one advisory lock,
     * shared by every process on the database and released at commit, so work that reads, then writes (the open-loop
     * cap, the duplicate check of a park) sees the previous writer's commit, in whichever process it ran.
     */
    public <T> T inTransaction(SqlFunction<T> work) {
        return inTransaction(false, work);
    }

    /**
     * After a deletion that must leave no trace (a person's data forgotten): SQLite copies the log's pages into the
     * database file and empties the log, whose frames still held the rows as they were before. With
     * {@code secure_delete} on, the file then holds none of it. Another process reading the file at that moment (the
     * console beside the bot, a second bot process, a backup) keeps the log from being emptied: waiting for it holds
     * every writer of the file, so this waits {@link #LOG_WAIT} at most, and then the log is emptied after this process's
     * next commit that finds nobody reading, or at {@link #emptyLogIfOwed} (the bot's jobs, the console's next answer),
     * or at {@link #close}. Before, it was left to SQLite's own checkpoints, which copy the log but never empty it: its
     * frames kept what was deleted for as long as the process ran. PostgreSQL keeps deleted rows until its autovacuum
     * reuses their space (docs/DEPLOY.md); nothing is done there.
     */
    public void flushDeleted() {
        if (dialect != Dialect.SQLITE) {
            return;
        }
        logOwed.set(true);
        writeLock.lock();
        try {
            emptyLog(LOG_WAIT);
        } finally {
            writeLock.unlock();
        }
    }

    /** The page-by-page check running beside this process after a crash ({@link BackgroundCheck}), if any. */
    java.util.Optional<BackgroundCheck> backgroundCheck() {
        return java.util.Optional.ofNullable(check);
    }

    /** Whether a deletion's log is still to be emptied (another process was reading each time it was tried). */
    public boolean logOwed() {
        return logOwed.get();
    }

    /**
     * Empties the log a deletion left, when {@link #flushDeleted} could not: at once when nobody reads the file, and
     * otherwise not now (it never waits), to be tried again.
     */
    public void emptyLogIfOwed() {
        if (!logOwed.get()) {
            return;
        }
        writeLock.lock();
        try {
            emptyLog(Duration.ZERO);
        } finally {
            writeLock.unlock();
        }
    }

    /** One try at emptying the log, waiting at most {@code wait} for readers; under {@link #writeLock}. */
    private void emptyLog(Duration wait) {
        if (!logOwed.get()) {
            return;
        }
        try (Connection connection = dataSource.getConnection()) {
            SQLiteConnection sqlite = connection.unwrap(SQLiteConnection.class);
            sqlite.setBusyTimeout((int) wait.toMillis());
            try (Statement statement = connection.createStatement();
                    java.sql.ResultSet result = statement.executeQuery("PRAGMA wal_checkpoint(TRUNCATE)")) {
                // One row: busy (1 when a reader, such as another process or a backup, kept the log from being emptied).
                if (result.next() && result.getInt(1) == 0) {
                    if (logOwed.getAndSet(false) && wait.isZero()) {
                        log.info("The database's log was emptied of what a deletion left, now that no other process "
                                + "was reading");
                    }
                } else if (!wait.isZero()) {
                    log.warn("The database's log could not be emptied after a deletion (something was reading the "
                            + "file: another process, a backup, or the check after a crash); it is emptied after the "
                            + "next write that finds nobody reading");
                }
            } finally {
                sqlite.setBusyTimeout((int) busyTimeout.toMillis());
            }
        } catch (SQLException e) {
            if (!wait.isZero()) {
                log.warn("Could not empty the database's log after a deletion; it is tried again after the next write",
                        e);
            }
        }
    }

    private <T> T inTransaction(boolean grouped, SqlFunction<T> work) {
        if (dialect == Dialect.SQLITE) {
            // One writer at a time in this process, in turn: SQLite's own wait for its write lock polls with sleeps
            // of up to 100 ms, so under load a writer could sleep while the lock stood free (and the group writer
            // starve behind a stream of small transactions). Waiters here wake the moment the last one commits.
            writeLock.lock();
            try {
                T result = transaction(grouped, work);
                // What a deletion left in the log while another process was reading goes with the next commit.
                if (logOwed.get()) {
                    emptyLog(Duration.ZERO);
                }
                return result;
            } finally {
                writeLock.unlock();
            }
        }
        return transaction(grouped, work);
    }

    private <T> T transaction(boolean grouped, SqlFunction<T> work) {
        try (Connection connection = dataSource.getConnection()) {
            begin(connection);
            T result;
            try {
                if (dialect == Dialect.POSTGRESQL) {
                    try (Statement lock = connection.createStatement()) {
                        lock.execute("SELECT pg_advisory_xact_lock(" + WRITER_LOCK + ")");
                    }
                }
                SqlSession session = session(connection, grouped);
                try {
                    result = work.apply(session);
                } finally {
                    session.closeStatements();
                }
            } catch (SQLException | RuntimeException | Error e) {
                // An Error too: restoring autocommit commits an open transaction (JDBC), half-done work with it.
                rollback(connection, e);
                throw e;
            }
            commit(connection);
            commits.incrementAndGet();
            return result;
        } catch (SQLException e) {
            if (busyTimeout != null && isBusy(e)) {
                throw new DatabaseBusyException(busyTimeout, e);
            }
            throw new StorageException("Database write failed", e);
        }
    }

    /** Whether {@code failure} is, or was caused by, SQLite giving up on another connection's lock. */
    private static boolean busy(Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof SQLException sql && isBusy(sql)) {
                return true;
            }
        }
        return false;
    }

    /** Whether SQLite gave up waiting for another connection's lock (SQLITE_BUSY and its extended codes). */
    private static boolean isBusy(SQLException e) {
        int code = e instanceof SQLiteException sqlite ? sqlite.getResultCode().code : e.getErrorCode();
        return (code & 0xff) == SQLiteErrorCode.SQLITE_BUSY.code;
    }

    /**
     * Starts a transaction. sqlite-jdbc marks its connection as in a transaction before its {@code BEGIN IMMEDIATE}
     * runs, and leaves the mark when that fails ({@code SQLITE_BUSY}: another process, such as a second console on the
     * file, kept the write lock past the busy timeout): the next transaction on that connection would begin nothing, each
     * of its statements committed alone, half of it kept when it failed. Such a connection leaves the pool.
     */
    private void begin(Connection connection) throws SQLException {
        try {
            connection.setAutoCommit(false);
        } catch (SQLException | RuntimeException e) {
            dataSource.evictConnection(connection);
            throw e;
        }
    }

    /**
     * Commits and leaves the connection in autocommit. On SQLite by leaving autocommit alone: sqlite-jdbc's
     * {@code commit()} begins the next transaction at once ({@code BEGIN IMMEDIATE}, the write lock taken again), which
     * waits behind another process on the file and, when that wait runs out, fails work that had committed. A commit
     * that fails leaves the pool: SQLite may still hold the transaction open, and the driver would call it autocommit.
     */
    private void commit(Connection connection) throws SQLException {
        try {
            if (dialect == Dialect.POSTGRESQL) {
                connection.commit();
            }
            connection.setAutoCommit(true);
        } catch (SQLException | RuntimeException e) {
            dataSource.evictConnection(connection);
            throw e;
        }
    }

    /**
     * Undoes the transaction after {@code failure} and leaves the connection in autocommit. When that fails too, the
     * connection leaves the pool (closing it undoes what is open) and {@code failure} is still what the caller sees.
     */
    private void rollback(Connection connection, Throwable failure) {
        try {
            if (dialect == Dialect.SQLITE) {
                rollbackSqlite(connection);
            } else {
                connection.rollback();
                connection.setAutoCommit(true);
            }
        } catch (SQLException | RuntimeException e) {
            failure.addSuppressed(e);
            dataSource.evictConnection(connection);
        }
    }

    /**
     * sqlite-jdbc's {@code rollback()}, as its {@code commit()}, begins the next transaction at once in the connection's
     * mode: {@code BEGIN IMMEDIATE}, the write lock taken again, then committed empty when autocommit is restored. A
     * refusal (a rule checked inside the transaction) then waited behind another process on the file before it reached
     * its person. For this one rollback the next transaction begins deferred, which takes no lock.
     */
    private static void rollbackSqlite(Connection connection) throws SQLException {
        SQLiteConnectionConfig config = connection.unwrap(SQLiteConnection.class).getConnectionConfig();
        SQLiteConfig.TransactionMode mode = config.getTransactionMode();
        config.setTransactionMode(SQLiteConfig.TransactionMode.DEFERRED);
        try {
            connection.rollback();
            connection.setAutoCommit(true);
        } finally {
            config.setTransactionMode(mode);
        }
    }

    /**
     * A session on a pooled connection: on SQLite with the connection's kept statements; on PostgreSQL closing each
     * statement after use, except in a grouped batch ({@code grouped}), which runs the same few statements for every
     * write in it and keeps them until it ends.
     */
    private SqlSession session(Connection pooled, boolean grouped) throws SQLException {
        if (dialect == Dialect.POSTGRESQL) {
            return grouped ? new SqlSession(pooled, new KeptStatements(pooled, KEPT_PER_CONNECTION), true)
                    : new SqlSession(pooled);
        }
        Connection physical = pooled.unwrap(SQLiteConnection.class);
        KeptStatements statements = kept.get(physical);
        if (statements == null) {
            // A new connection: the pool may have retired one for it, whose statements SQLite closed with it.
            kept.keySet().removeIf(Database::isClosed);
            statements = new KeptStatements(physical, KEPT_PER_CONNECTION);
            kept.put(physical, statements);
        }
        return new SqlSession(pooled, statements, false);
    }

    /** The connections whose statements are kept, for tests. */
    int connectionsKeepingStatements() {
        return kept.size();
    }

    /** The statements kept over every connection, for tests (while no other thread uses the database). */
    int keptStatements() {
        return kept.values().stream().mapToInt(KeptStatements::size).sum();
    }

    /** Closes the pool's idle connections, as it does when they reach their age: for tests. */
    void retireIdleConnections() {
        dataSource.getHikariPoolMXBean().softEvictConnections();
    }

    private static boolean isClosed(Connection connection) {
        try {
            return connection.isClosed();
        } catch (SQLException e) {
            return true;
        }
    }

    /**
     * Runs work in a transaction shared with the other grouped writes submitted meanwhile, so writes that arrive
     * together share one commit (one fsync): a single writer thread takes what is waiting (at most
     * {@value GroupCommit#MAX_BATCH}), runs each in its own savepoint in the order submitted, and commits once. Work
     * that throws is undone alone (its savepoint rolled back) and its future fails with that exception; the others
     * commit. The future completes after the commit, on the writer thread, once its connection is back in the pool:
     * keep what follows short, or move it to another thread.
     */
    public <T> CompletableFuture<T> writeGrouped(SqlFunction<T> work) {
        GroupCommit writer;
        synchronized (this) {
            if (group == null) {
                group = new GroupCommit(this::inSavepoints);
            }
            writer = group;
        }
        return writer.submit(work);
    }

    /**
     * {@link #writeGrouped}, waited for: the work's result once committed, or its own exception (bad input, a storage
     * failure) as if thrown here. For a write on the way to an answer, which may share its fsync with others.
     */
    public <T> T inGroupedTransaction(SqlFunction<T> work) {
        try {
            return writeGrouped(work).join();
        } catch (CompletionException e) {
            if (e.getCause() instanceof RuntimeException cause) {
                throw cause;
            }
            throw e;
        }
    }

    /**
     * Runs each piece of work in its own savepoint of one transaction and commits once: the results in order, a
     * {@link GroupCommit.Failed} for work that threw (undone alone). Throws only when the transaction itself fails (then nothing
     * of it committed).
     */
    Object[] inSavepoints(List<SqlFunction<?>> works) {
        Object[] results = new Object[works.size()];
        inTransaction(true, session -> {
            SqlSession sql = session;
            Connection connection = sql.connection();
            for (int i = 0; i < works.size(); i++) {
                Savepoint savepoint = connection.setSavepoint();
                try {
                    results[i] = works.get(i).apply(sql);
                    connection.releaseSavepoint(savepoint);
                } catch (SQLException e) {
                    connection.rollback(savepoint);
                    results[i] = new GroupCommit.Failed(new StorageException("Database write failed", e));
                } catch (RuntimeException e) {
                    connection.rollback(savepoint);
                    results[i] = new GroupCommit.Failed(e);
                } catch (Error e) {
                    // Undone whole, as an Error must not leave half of this batch to be committed.
                    connection.rollback(savepoint);
                    throw e;
                }
            }
            return null;
        });
        return results;
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
        GroupCommit writer;
        synchronized (this) {
            writer = group;
        }
        if (writer != null) {
            writer.close();
        }
        if (dialect == Dialect.SQLITE && logOwed.get()) {
            writeLock.lock();
            try {
                emptyLog(LOG_WAIT);
            } finally {
                writeLock.unlock();
            }
        }
        // A check that found damage leaves no note, so the next start reads the file whole first and refuses it; one
        // the stop cut short leaves no note either, and the crash's mark on the lock file, to be checked beside again.
        boolean sound = check == null || check.stopFoundItSound();
        if (!sound && check.result() != BackgroundCheck.Result.DAMAGED && live != null) {
            live.checkStillOwed();
        }
        dataSource.close(); // SQLite finalizes the kept statements with their connections
        kept.clear();
        if (file != null && sound) {
            ClosedCleanly.closed(file);
        }
        if (live != null) {
            live.close();
        }
    }
}
