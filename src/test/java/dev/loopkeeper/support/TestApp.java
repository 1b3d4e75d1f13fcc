package dev.loopkeeper.support;

import dev.loopkeeper.Loopkeeper;
import dev.loopkeeper.config.Config;
import dev.loopkeeper.config.ConfigLoader;
import dev.loopkeeper.storage.Database;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/**
 * Builds a Loopkeeper on a real SQLite file in a test's temporary folder, migrated as in production; with
 * {@code -Dloopkeeper.db=postgres}, on a database of the embedded PostgreSQL server instead ({@link TestPostgres}):
 * each SQLite file path a test names stands for its own PostgreSQL database, the same one each time it is named.
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

    /** Opens the database a SQLite file path stands for (see {@link #config(Path, Map)}), without the rest. */
    public static Database database(Path file) {
        return Loopkeeper.openDatabase(config(file.toAbsolutePath().getParent(),
                Map.of(ConfigLoader.DB, file.toString())));
    }

    public static Loopkeeper open(Path folder, MutableClock clock) {
        return Loopkeeper.open(config(folder), clock, SharedModel.embedder(), SharedModel.map());
    }

    public static Loopkeeper open(Config config, MutableClock clock) {
        return Loopkeeper.open(config, clock, SharedModel.embedder(), SharedModel.map());
    }
}
