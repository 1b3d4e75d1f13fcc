package dev.loopkeeper.support;

import dev.loopkeeper.Loopkeeper;
import dev.loopkeeper.config.Config;
import dev.loopkeeper.config.ConfigLoader;
import java.nio.file.Path;
import java.util.Map;

/**
 * Builds a Loopkeeper on a real SQLite file in a test's temporary folder, migrated as in production; with
 * {@code -Dloopkeeper.db=postgres}, on a fresh database of the embedded PostgreSQL server ({@link TestPostgres}).
 */
public final class TestApp {
    private TestApp() {
    }

    public static Config config(Path folder) {
        if (TestPostgres.enabled()) {
            return ConfigLoader.load(Map.of(ConfigLoader.DB, TestPostgres.database(folder), ConfigLoader.DB_USER,
                    TestPostgres.USER), folder, false);
        }
        return ConfigLoader.load(Map.of(ConfigLoader.DB, folder.resolve("loopkeeper.db").toString()), folder, false);
    }

    public static Loopkeeper open(Path folder, MutableClock clock) {
        return Loopkeeper.open(config(folder), clock, SharedModel.embedder(), SharedModel.map());
    }

    public static Loopkeeper open(Config config, MutableClock clock) {
        return Loopkeeper.open(config, clock, SharedModel.embedder(), SharedModel.map());
    }
}
