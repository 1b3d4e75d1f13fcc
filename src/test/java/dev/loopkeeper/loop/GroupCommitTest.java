package dev.loopkeeper.loop;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.loopkeeper.Loopkeeper;
import dev.loopkeeper.common.InvalidInputException;
import dev.loopkeeper.config.ConfigLoader;
import dev.loopkeeper.storage.StorageException;
import dev.loopkeeper.support.MutableClock;
import dev.loopkeeper.support.TestApp;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Parks arriving together share one transaction (one commit, one fsync), each under its own rules and in order: a park
 * that fails (the open-loop cap reached mid-batch, a write that throws) fails alone, an exact duplicate of a park earlier
 * in the same batch joins that loop, and no park's result is given before the commit that holds it. The writer is held
 * on a latch while the batch is queued, so the batch is exactly what the test queued.
 */
class GroupCommitTest {
    private static final String ADA = "100";
    private static final String BOB = "200";

    @TempDir
    Path folder;
    private final MutableClock clock = MutableClock.at("2026-03-01T10:00:00Z");
    private Loopkeeper app;
    private LoopService loops;

    @BeforeEach
    void open() {
        app = TestApp.open(TestApp.config(folder, Map.of(ConfigLoader.MAX_OPEN_LOOPS, "3")), clock);
        loops = app.loops();
    }

    @AfterEach
    void close() {
        app.close();
    }

    private CompletableFuture<PendingPark> queue(String owner, String concept) {
        return loops.parkCommittingFirst(new ParkRequest(owner, concept, null, Origin.none()));
    }

    private long open(String owner) {
        return loops.list(owner, LoopFilter.open(), 0, 1).total();
    }

    @Test
    void parksQueuedTogetherCommitOnceEachUnderItsOwnRules() throws Exception {
        loops.park(new ParkRequest(ADA, "reverse-mode autodiff", null, Origin.none()));
        CountDownLatch release = new CountDownLatch(1);
        CountDownLatch holds = new CountDownLatch(1);
        CompletableFuture<Object> holding = app.database().writeGrouped(sql -> {
            holds.countDown();
            try {
                assertTrue(release.await(10, TimeUnit.SECONDS));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return null;
        });
        assertTrue(holds.await(10, TimeUnit.SECONDS), "the writer is held inside its batch: what follows queues");

        List<CompletableFuture<?>> batch = new ArrayList<>();
        CompletableFuture<PendingPark> second = queue(ADA, "topological sort");
        CompletableFuture<PendingPark> third = queue(ADA, "kalman filter");
        CompletableFuture<PendingPark> overCap = queue(ADA, "raft consensus");
        CompletableFuture<Object> broken = app.database().writeGrouped(sql -> sql.update("UPDATE no_such_table SET x = 1"));
        CompletableFuture<PendingPark> bobs = queue(BOB, "sourdough starter");
        CompletableFuture<PendingPark> againTyped = queue(ADA, "  Topological   SORT ");
        // Last in the batch: inside the transaction the parks before it are there; outside it, nothing is yet.
        CompletableFuture<long[]> seen = app.database().writeGrouped(sql -> new long[] {
            sql.queryLong("SELECT count(*) FROM open_loop"),
            app.database().read(outside -> outside.queryLong("SELECT count(*) FROM open_loop"))});
        batch.addAll(List.of(second, third, overCap, broken, bobs, againTyped, seen));
        assertTrue(batch.stream().noneMatch(CompletableFuture::isDone), "nothing answered before its commit");
        assertEquals(1, open(ADA), "nothing of the batch is visible before its commit");

        release.countDown();
        holding.get(10, TimeUnit.SECONDS);
        CompletableFuture.allOf(batch.stream().map(f -> f.handle((r, e) -> null)).toArray(CompletableFuture[]::new))
                .get(10, TimeUnit.SECONDS);

        assertEquals(4, seen.get()[0], "one transaction: the earlier parks of the batch are in it");
        assertEquals(1, seen.get()[1], "and another connection sees none of them before the commit");

        ParkResult.Parked two = assertInstanceOf(ParkResult.Parked.class, second.get().result());
        assertEquals(2, two.openCount());
        ParkResult.Parked three = assertInstanceOf(ParkResult.Parked.class, third.get().result());
        assertEquals(3, three.openCount());
        Throwable full = failure(overCap);
        assertInstanceOf(InvalidInputException.class, full);
        assertTrue(full.getMessage().contains("3"), full.getMessage());
        assertInstanceOf(StorageException.class, failure(broken));
        ParkResult.Parked bob = assertInstanceOf(ParkResult.Parked.class, bobs.get().result());
        assertEquals(1, bob.openCount());
        ParkResult.AlreadyOpen same = assertInstanceOf(ParkResult.AlreadyOpen.class, againTyped.get().result());
        assertEquals(two.loop().id(), same.existing().id(), "the exact duplicate joins the loop parked earlier in the batch");
        assertTrue(againTyped.get().closeTo().isDone(), "no new loop: no check to wait for");

        assertEquals(3, open(ADA));
        assertEquals(1, open(BOB));
        assertTrue(loops.resolve(ADA, "kalman filter").isOpen());
        assertFalse(loops.list(ADA, LoopFilter.open(), 0, 10).loops().stream()
                .anyMatch(l -> l.concept().equals("raft consensus")), "the park over the cap left nothing behind");
    }

    @Test
    void aParkCommittedFirstGetsItsVectorsAndNearDuplicateAfterwards() throws Exception {
        ParkResult.Parked first = assertInstanceOf(ParkResult.Parked.class,
                loops.park(new ParkRequest(ADA, "Kalman filter", null, Origin.none())));
        PendingPark pending = queue(ADA, "Kalman filters").get(10, TimeUnit.SECONDS);

        ParkResult.Parked parked = assertInstanceOf(ParkResult.Parked.class, pending.result());
        assertEquals(Optional.empty(), parked.closeTo(), "committed before the check");
        Optional<OpenLoop> close = pending.closeTo().get(10, TimeUnit.SECONDS);
        assertEquals(first.loop().id(), close.orElseThrow().id());
        assertTrue(app.database().read(sql -> new LoopStore().embedded(sql, ADA, parked.loop().id(),
                app.relevance().modelId())).isPresent(), "its vectors are committed when the check is told");
    }

    private static Throwable failure(CompletableFuture<?> future) {
        try {
            future.join();
            throw new AssertionError("expected a failure");
        } catch (CompletionException e) {
            return e.getCause();
        }
    }
}
