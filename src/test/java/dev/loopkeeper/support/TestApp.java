package dev.loopkeeper.support;

import dev.loopkeeper.Loopkeeper;
import dev.loopkeeper.config.Config;
import dev.loopkeeper.config.ConfigLoader;
import java.nio.file.Path;
import java.util.Map;

/** Builds a Loopkeeper on a real SQLite file in a test's temporary folder, migrated as in production. */
public final class TestApp {
    private TestApp() {
    }

    public static Config config(Path folder) {
        return ConfigLoader.load(Map.of(ConfigLoader.DB, folder.resolve("loopkeeper.db").toString()), folder, false);
    }

    public static Loopkeeper open(Path folder, MutableClock clock) {
        return Loopkeeper.open(config(folder), clock, SharedModel.embedder(), SharedModel.map());
    }

    public static Loopkeeper open(Config config, MutableClock clock) {
        return Loopkeeper.open(config, clock, SharedModel.embedder(), SharedModel.map());
    }
}
