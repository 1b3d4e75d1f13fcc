package dev.loopkeeper.storage;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Path;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Work that throws an Error (memory running out half-way) commits nothing: restoring autocommit after it had committed
 * the open transaction, half-done work with it.
 */
class TransactionErrorTest {

    @TempDir
    Path folder;

    private static long departures(Database database) {
        return database.read(sql -> sql.queryLong("SELECT COUNT(*) FROM server_departure"));
    }

    @Test
    void aTransactionThatThrowsAnErrorCommitsNothing() {
        try (Database database = Database.open(folder.resolve("lk.db"))) {
            assertThrows(OutOfMemoryError.class, () -> database.inTransaction(sql -> {
                sql.update("INSERT INTO server_departure (guild_id, left_at) VALUES ('1', 0)");
                throw new OutOfMemoryError("half-way");
            }));

            assertEquals(0, departures(database));
        }
    }

    @Test
    void aGroupedWriteThatThrowsAnErrorCommitsNothingOfItsBatch() throws Exception {
        try (Database database = Database.open(folder.resolve("lk.db"))) {
            var failing = database.writeGrouped(sql -> {
                sql.update("INSERT INTO server_departure (guild_id, left_at) VALUES ('2', 0)");
                throw new OutOfMemoryError("half-way");
            });

            ExecutionException failed = assertThrows(ExecutionException.class, () -> failing.get(10, TimeUnit.SECONDS));
            assertEquals(0, departures(database), "nothing of the batch: " + failed.getCause());
        }
    }
}
