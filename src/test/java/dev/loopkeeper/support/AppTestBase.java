package dev.loopkeeper.support;

import dev.loopkeeper.Loopkeeper;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;

/**
 * A test of the services on a real Loopkeeper ({@link TestApp}): each test method gets a fresh database in its own
 * temporary folder, opened before it (before the subclass's own {@code @BeforeEach}) and closed after it, with a
 * {@link MutableClock} that starts where the subclass says. With {@code -Dloopkeeper.db=postgres} the database is
 * PostgreSQL's, as for every {@link TestApp}. A test may {@link #restart} it, or close {@link #app} and open another
 * itself: whichever is in {@link #app} at the end is closed.
 */
public abstract class AppTestBase {
    @TempDir
    protected Path folder;
    protected final MutableClock clock;
    protected Loopkeeper app;

    protected AppTestBase(String start) {
        this.clock = MutableClock.at(start);
    }

    /** The settings this test's Loopkeeper runs with besides the tests' defaults ({@link TestApp#config}); none here. */
    protected Map<String, String> settings() {
        return Map.of();
    }

    @BeforeEach
    final void openApp() {
        app = TestApp.open(TestApp.config(folder, settings()), clock);
    }

    /** Closes {@link #app} and opens another on the same database, as a new process would. */
    protected final void restart() {
        app.close();
        app = TestApp.open(TestApp.config(folder, settings()), clock);
    }

    @AfterEach
    final void closeApp() {
        if (app != null) {
            app.close();
        }
    }
}
