package dev.loopkeeper.console;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.loopkeeper.storage.DatabaseBusyException;
import dev.loopkeeper.storage.StorageException;
import java.sql.SQLException;
import java.time.Duration;
import org.junit.jupiter.api.Test;

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
}
