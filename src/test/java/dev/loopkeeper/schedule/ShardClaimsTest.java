package dev.loopkeeper.schedule;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.loopkeeper.storage.Database;
import dev.loopkeeper.support.MutableClock;
import dev.loopkeeper.support.TestApp;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Bot processes claiming their Discord shards in one database (also run on PostgreSQL, where several processes share
 * it): disjoint shards claim quietly, an overlapping or differently counted process is told who stands against it, a
 * claim that is not renewed runs out, and a clean stop frees its shards at once.
 */
class ShardClaimsTest {
    @TempDir
    Path folder;
    private final MutableClock clock = MutableClock.at("2026-03-02T10:00:00Z");
    private Database database;
    private ShardClaims first;
    private ShardClaims second;

    @BeforeEach
    void open() {
        database = TestApp.database(folder.resolve("loopkeeper.db"));
        first = new ShardClaims(database, clock, "101@host-a started 2026-03-02T09:00:00Z", ShardClaims.LEASE);
        second = new ShardClaims(database, clock, "202@host-b started 2026-03-02T09:30:00Z", ShardClaims.LEASE);
    }

    @AfterEach
    void close() {
        database.close();
    }

    @Test
    void processesWithTheirOwnShardsClaimAndRenewQuietly() {
        assertEquals(List.of(), first.claim(4, List.of(0, 1)));
        assertEquals(List.of(), second.claim(4, List.of(2, 3)));
        clock.advance(ShardClaims.RENEW);
        assertEquals(List.of(), first.claim(4, List.of(0, 1)), "renewing its own claims");
        assertEquals(List.of(), second.claim(4, List.of(2, 3)));
        assertEquals(4L, (long) database.read(sql -> sql.queryLong("SELECT COUNT(*) FROM shard_claim")));
    }

    @Test
    void aProcessStartedForAShardAnotherLiveProcessRunsIsToldWhichAndTheShardStaysWithTheFirst() {
        assertEquals(List.of(), first.claim(2, List.of(0, 1)));
        clock.advance(Duration.ofSeconds(10));
        List<ShardClaims.Conflict> conflicts = second.claim(2, List.of(1));
        Instant until = Instant.parse("2026-03-02T10:00:00Z").plus(ShardClaims.LEASE);
        assertEquals(List.of(new ShardClaims.Conflict(1, 2, first.process(), until)), conflicts);
        String line = ShardClaims.describe(conflicts.get(0), 2);
        assertTrue(line.startsWith("Shard 1 of 2 is run by another bot process too (101@host-a started "
                + "2026-03-02T09:00:00Z): Discord sends its events to both"), line);
        assertTrue(line.contains("LOOPKEEPER_SHARD_IDS") && line.contains("its claim runs out at " + until), line);
        // The first keeps renewing: it still holds the shard, and is not told about a process that holds nothing.
        assertEquals(List.of(), first.claim(2, List.of(0, 1)));
    }

    @Test
    void aClaimNobodyRenewsRunsOutAndAnotherProcessTakesTheShard() {
        assertEquals(List.of(), first.claim(2, List.of(0, 1))); // then it dies (SIGKILL): no release
        clock.advance(ShardClaims.LEASE.plusSeconds(1));
        assertEquals(List.of(), second.claim(2, List.of(0, 1)), "the dead process's claims have run out");
        List<ShardClaims.Conflict> late = first.claim(2, List.of(0, 1));
        assertEquals(List.of(0, 1), late.stream().map(ShardClaims.Conflict::shard).toList(),
                "a process that comes back (after a long pause) hears that its shards are run by another now");
        assertEquals(List.of(second.process()), late.stream().map(ShardClaims.Conflict::process).distinct().toList());
    }

    @Test
    void aProcessCountingAnotherTotalIsToldEvenOnShardsOfItsOwn() {
        assertEquals(List.of(), first.claim(2, List.of(0)));
        List<ShardClaims.Conflict> conflicts = second.claim(4, List.of(2, 3));
        assertEquals(List.of(new ShardClaims.Conflict(0, 2, first.process(), clock.instant().plus(ShardClaims.LEASE))),
                conflicts);
        String line = ShardClaims.describe(conflicts.get(0), 4);
        assertTrue(line.startsWith("Another bot process (101@host-a started 2026-03-02T09:00:00Z) runs with "
                + "LOOPKEEPER_SHARDS=2, this one with 4"), line);
    }

    @Test
    void aShardNoLiveProcessClaimsUnderTheSameTotalIsUnclaimed() {
        assertEquals(List.of(), first.claim(4, List.of(0, 1)));
        // A process counting 8 shards takes shard 2 (it is told of the other count): that is not shard 2 of 4.
        assertEquals(List.of(0, 1), second.claim(8, List.of(2)).stream().map(ShardClaims.Conflict::shard).toList());
        assertEquals(List.of(2, 3), first.unclaimed(4));
        String line = ShardClaims.describeUnclaimed(List.of(2, 3), 4);
        assertEquals("Shards 2, 3 of 4 are run by no bot process (none has claimed them for 30 s): commands in servers "
                + "on them go unanswered. Start a process whose LOOPKEEPER_SHARD_IDS includes them (docs/DEPLOY.md).",
                line);
        assertTrue(ShardClaims.describeUnclaimed(List.of(3), 4).startsWith("Shard 3 of 4 is run by no bot process"));

        ShardClaims third = new ShardClaims(database, clock, "303@host-c started 2026-03-02T09:45:00Z",
                ShardClaims.LEASE);
        second.release();
        assertEquals(List.of(), third.claim(4, List.of(2, 3)));
        assertEquals(List.of(), first.unclaimed(4), "every shard is run");
        clock.advance(ShardClaims.RENEW);
        assertEquals(List.of(), first.claim(4, List.of(0, 1)));
        clock.advance(ShardClaims.LEASE.minus(ShardClaims.RENEW).plusSeconds(1));
        assertEquals(List.of(2, 3), first.unclaimed(4), "the third stopped renewing: its claims ran out");
    }

    @Test
    void aRenewalSaysEachConflictOnceAndTheUnclaimedShardsWhenTheyChange() {
        assertEquals(List.of(), first.renew(4, List.of(0, 1)), "the others may still be starting: nothing to say yet");
        List<ShardClaims.Notice> told = second.renew(4, List.of(1, 2));
        assertEquals(List.of(new ShardClaims.Notice(true, ShardClaims.describe(new ShardClaims.Conflict(1, 4,
                first.process(), Instant.parse("2026-03-02T10:00:00Z").plus(ShardClaims.LEASE)), 4))), told);
        clock.advance(ShardClaims.RENEW);
        assertEquals(List.of(new ShardClaims.Notice(true, ShardClaims.describeUnclaimed(List.of(3), 4))),
                first.renew(4, List.of(0, 1)), "shard 3 has had a renewal's time to be claimed");
        assertEquals(List.of(new ShardClaims.Notice(true, ShardClaims.describeUnclaimed(List.of(3), 4))),
                second.renew(4, List.of(1, 2)), "each process says it once; the same conflict is not said again");
        clock.advance(ShardClaims.RENEW);
        assertEquals(List.of(), first.renew(4, List.of(0, 1)), "nor the same unclaimed shard");
        ShardClaims third = new ShardClaims(database, clock, "303@host-c started 2026-03-02T09:45:00Z",
                ShardClaims.LEASE);
        assertEquals(List.of(), third.renew(4, List.of(3)));
        assertEquals(List.of(new ShardClaims.Notice(false, "Every shard of 4 is run by a bot process again")),
                first.renew(4, List.of(0, 1)));
        assertEquals(List.of(), new ShardClaims(database, clock, "404@host-d", ShardClaims.LEASE)
                .renew(1, List.of(0)).stream().filter(n -> !n.warning()).toList(), "a process running all shards "
                + "never looks for unclaimed ones");
    }

    @Test
    void aCleanStopFreesItsShardsAtOnce() {
        assertEquals(List.of(), first.claim(2, List.of(0, 1)));
        first.release();
        assertEquals(List.of(), second.claim(2, List.of(0, 1)), "free again the moment the first stopped");
        assertEquals(List.of(second.process()), database.read(sql -> sql.query(
                "SELECT DISTINCT process FROM shard_claim", row -> row.getString(1))));
    }
}
