package dev.loopkeeper.console;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.loopkeeper.Loopkeeper;
import dev.loopkeeper.storage.DatabaseBusyException;
import dev.loopkeeper.storage.StorageException;
import dev.loopkeeper.support.MutableClock;
import dev.loopkeeper.support.TestApp;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.sql.SQLException;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What the console says when a command fails other than for what was typed. A write that waited out another
 * program's lock on the file (a second console, the bot beside it: OtherWriterTest makes one) said "Sorry, something
 * went wrong on my side (StorageException)", as if the fault were Loopkeeper's.
 */
class ConsoleFailureTest {
    @Test
    void aWriteAnotherProgramKeptWaitingSaysWhoHeldItAndToTryAgain() {
        String said = ConsoleFront.failed("/park concept:raft", new StorageException("Database write failed",
                new DatabaseBusyException(Duration.ofSeconds(10), new SQLException("[SQLITE_BUSY]"))));

        assertEquals("The database file was kept locked by another program using it (another console, or the bot) "
                + "for 10 s, so I could not finish that. Anything I confirmed is saved; try again in a moment.", said);
    }

    @Test
    void anyOtherFailureIsStillAnApologyNamingWhatFailed() {
        String said = ConsoleFront.failed("/park concept:raft", new IllegalStateException("a bug"));

        assertTrue(said.startsWith("Sorry, something went wrong on my side (IllegalStateException)."), said);
    }

    /**
     * A start reads what it needs without the write lock: looking for focus changes a stop left undecided took it, and
     * another program holding it (an import in another console) kept the console from starting at all.
     */
    @Test
    void theConsoleStartsWhileAnotherProgramHoldsTheWriteLock(@TempDir Path folder) throws Exception {
        MutableClock clock = MutableClock.at("2026-03-02T10:00:00Z");
        TestApp.open(folder, clock).close();
        try (Connection other = DriverManager.getConnection("jdbc:sqlite:" + folder.resolve("loopkeeper.db"));
                Statement statement = other.createStatement()) {
            statement.execute("BEGIN IMMEDIATE");
            try (Loopkeeper app = TestApp.open(folder, clock)) {
                java.io.ByteArrayOutputStream printed = new java.io.ByteArrayOutputStream();
                app.console().run(new java.io.BufferedReader(new java.io.StringReader("/loops\n")),
                        new java.io.PrintStream(printed, true, java.nio.charset.StandardCharsets.UTF_8), false);
                String out = printed.toString(java.nio.charset.StandardCharsets.UTF_8);
                assertTrue(out.contains("Open loops (0)"), out);
            } finally {
                statement.execute("ROLLBACK");
            }
        }
    }
}
