package dev.loopkeeper.storage;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.loopkeeper.support.TestPostgres;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.postgresql.ds.PGSimpleDataSource;
import org.sqlite.SQLiteDataSource;

/**
 * A database already at {@link Database#SCHEMA_VERSION} opens without Flyway (its start-up is most of a second), so the
 * constant must name the newest migration shipped, and anything short of "every migration applied" must still migrate.
 * On SQLite, and with {@code -Dloopkeeper.db=postgres} on an empty database of the embedded PostgreSQL, which takes
 * the same shortcut ({@code Database.openPostgres}).
 */
class SchemaVersionTest {
    private static final Pattern VERSION = Pattern.compile("V(\\d+)__.*\\.sql");

    @TempDir
    Path folder;

    @Test
    void theConstantIsTheNewestMigrationOfBothDialects() throws IOException, URISyntaxException {
        for (List<String> dialect : List.of(Database.SQLITE_MIGRATIONS, Database.POSTGRES_MIGRATIONS)) {
            int newest = 0;
            for (String location : dialect) {
                Path dir = Path.of(getClass().getClassLoader()
                        .getResource(location.substring("classpath:".length())).toURI());
                try (Stream<Path> files = Files.list(dir)) {
                    for (Path file : files.toList()) {
                        Matcher m = VERSION.matcher(file.getFileName().toString());
                        if (m.matches()) {
                            newest = Math.max(newest, Integer.parseInt(m.group(1)));
                        }
                    }
                }
            }
            assertEquals(newest, Database.SCHEMA_VERSION, "newest migration in " + dialect);
        }
    }

    /** A database not yet migrated, on SQLite (a file) or PostgreSQL (an empty database of the embedded server). */
    private record Fresh(DataSource source, List<String> migrations, Runnable open, String tableCount) {
    }

    private Fresh fresh() {
        if (TestPostgres.enabled()) {
            String url = TestPostgres.emptyDatabase();
            PGSimpleDataSource source = new PGSimpleDataSource();
            source.setURL(url);
            source.setUser(TestPostgres.USER);
            return new Fresh(source, Database.POSTGRES_MIGRATIONS,
                    () -> Database.openPostgres(url, TestPostgres.USER, null).close(),
                    "SELECT COUNT(*) FROM information_schema.tables WHERE table_name = ?");
        }
        Path file = folder.resolve("old.db");
        SQLiteDataSource source = new SQLiteDataSource();
        source.setUrl("jdbc:sqlite:" + file);
        return new Fresh(source, Database.SQLITE_MIGRATIONS, () -> Database.open(file).close(),
                "SELECT COUNT(*) FROM sqlite_master WHERE name = ?");
    }

    @Test
    void aDatabaseBehindIsMigratedAndOneUpToDateIsRecognised() throws SQLException {
        Fresh fresh = fresh();
        DataSource source = fresh.source();
        assertFalse(Database.upToDate(source), "a new database has no history");
        // A database left by an older version: migrated up to 12 only.
        Flyway.configure().dataSource(source).locations(fresh.migrations().toArray(String[]::new))
                .target("12").load().migrate();
        assertFalse(Database.upToDate(source));

        fresh.open().run();

        assertTrue(Database.upToDate(source));
        try (Connection c = source.getConnection(); PreparedStatement q = c.prepareStatement(fresh.tableCount())) {
            q.setString(1, "server_departure");
            try (ResultSet rows = q.executeQuery()) {
                rows.next();
                assertEquals(1, rows.getInt(1), "the newest migration's table exists");
            }
        }
        // A failed migration in the history is not "up to date": Flyway must see it (and refuse to start).
        try (Connection c = source.getConnection(); Statement s = c.createStatement()) {
            s.executeUpdate("UPDATE flyway_schema_history SET success = FALSE WHERE version = '"
                    + Database.SCHEMA_VERSION + "'");
        }
        assertFalse(Database.upToDate(source));
    }
}
