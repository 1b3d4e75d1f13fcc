package dev.loopkeeper.support;

import dev.loopkeeper.Loopkeeper;
import dev.loopkeeper.config.Config;
import dev.loopkeeper.config.ConfigLoader;
import dev.loopkeeper.storage.Database;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/**
 * Builds a Loopkeeper on a real SQLite file in a test's temporary folder, migrated as in production; with
 * {@code -Dloopkeeper.db=postgres}, on a database of the embedded PostgreSQL server instead ({@link TestPostgres}):
 * each SQLite file path a test names stands for its own PostgreSQL database, the same one each time it is named.
 *
 * <p>On SQLite, as on PostgreSQL, the migrations run once per test JVM, into a template file; a database {@link #open}
 * creates starts as a copy of it (a few milliseconds instead of Flyway's few hundred), which {@link Database#open} finds up to
 * date. The migrations themselves are still run by Flyway, for the template, and tested on their own
 * ({@code SchemaVersionTest}, {@code DraftMigrationTest}, {@code ScopeMigrationTest}, {@code MainTest}).
 */
public final class TestApp {
    private TestApp() {
    }

    public static Config config(Path folder) {
        return config(folder, Map.of());
    }

    /**
     * The configuration with these settings; {@code LOOPKEEPER_DB}, when given, is a SQLite file path (default
     * {@code loopkeeper.db} in the folder), which on PostgreSQL names that file's database.
     */
    public static Config config(Path folder, Map<String, String> settings) {
        Map<String, String> values = new HashMap<>(settings);
        Path file = Path.of(values.getOrDefault(ConfigLoader.DB, folder.resolve("loopkeeper.db").toString()));
        if (TestPostgres.enabled()) {
            values.put(ConfigLoader.DB, TestPostgres.database(file));
            values.put(ConfigLoader.DB_USER, TestPostgres.USER);
        } else {
            values.put(ConfigLoader.DB, file.toString());
        }
        return ConfigLoader.load(values, folder, false);
    }

    /**
     * Makes {@code file}, when it does not exist yet and its folder does, a copy of the migrated template, as the
     * database is after Loopkeeper's first start; an existing file (a test reopening its data) is left as it is.
     */
    public static void migrated(Path file) {
        if (Files.exists(file) || !Files.isDirectory(file.toAbsolutePath().getParent())) {
            return;
        }
        try {
            Files.copy(Template.FILE, file);
        } catch (FileAlreadyExistsException e) {
            // Made by someone else in the meantime: theirs stands.
        } catch (IOException e) {
            throw new UncheckedIOException("Could not copy the migrated template database to " + file, e);
        }
    }

    /** The SQLite file migrated once per JVM by the real {@link Database#open}; closed, so it has no WAL left. */
    private static final class Template {
        static final Path FILE = create();

        private static Path create() {
            try {
                Path folder = Files.createTempDirectory("loopkeeper-template-");
                Path file = folder.resolve("template.db");
                Database.open(file).close();
                try (var files = Files.list(folder)) {
                    // Beside it only the note that it was closed cleanly (which its copies, named otherwise, lack).
                    files.filter(f -> !f.equals(file) && !f.getFileName().toString().equals("template.db-closed"))
                            .findAny().ifPresent(leftover -> {
                        throw new IllegalStateException("The template database left " + leftover + " behind");
                    });
                }
                // Deleted in the reverse order of these calls: the files, then their folder.
                folder.toFile().deleteOnExit();
                file.toFile().deleteOnExit();
                folder.resolve("template.db-closed").toFile().deleteOnExit();
                return file;
            } catch (IOException e) {
                throw new UncheckedIOException("Could not create the template database", e);
            }
        }
    }

    /** Opens the database a SQLite file path stands for (see {@link #config(Path, Map)}), without the rest. */
    public static Database database(Path file) {
        return Loopkeeper.openDatabase(fresh(config(file.toAbsolutePath().getParent(),
                Map.of(ConfigLoader.DB, file.toString()))));
    }

    public static Loopkeeper open(Path folder, MutableClock clock) {
        return open(config(folder), clock);
    }

    public static Loopkeeper open(Config config, MutableClock clock) {
        return Loopkeeper.open(fresh(config), clock, SharedModel.embedder(), SharedModel.map());
    }

    /** The configuration, its SQLite file made a copy of the template first if it does not exist yet. */
    private static Config fresh(Config config) {
        if (config.postgres().isEmpty()) {
            migrated(config.databasePath());
        }
        return config;
    }
}
