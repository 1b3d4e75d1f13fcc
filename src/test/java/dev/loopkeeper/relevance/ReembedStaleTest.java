package dev.loopkeeper.relevance;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.loopkeeper.Loopkeeper;
import dev.loopkeeper.config.Config;
import dev.loopkeeper.loop.Actor;
import dev.loopkeeper.loop.LoopScope;
import dev.loopkeeper.loop.LoopStore;
import dev.loopkeeper.loop.Origin;
import dev.loopkeeper.loop.ParkRequest;
import dev.loopkeeper.loop.ParkResult;
import dev.loopkeeper.support.GateEmbedder;
import dev.loopkeeper.support.MutableClock;
import dev.loopkeeper.support.SharedModel;
import dev.loopkeeper.support.TestApp;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The background re-embedding (a model change, imported loops, vectors a crash lost) on a real database with the real
 * model: an edit committed while it embeds a loop's old text keeps the vectors of the edited text, and processes on one
 * database embed each stale loop once, a dead one's loops being taken over when its lease runs out. The interleavings
 * are driven by holding an embedding at a gate, never by sleeping. Runs on SQLite and on PostgreSQL.
 */
class ReembedStaleTest {
    private static final String OTHER_MODEL = "an-older-model";

    @TempDir
    Path folder;
    private final MutableClock clock = MutableClock.at("2026-03-02T10:00:00Z");
    private final ExecutorService thread = Executors.newSingleThreadExecutor();
    private final GateEmbedder gate = new GateEmbedder();

    @AfterEach
    void stop() {
        gate.release();
        thread.shutdownNow();
    }

    private Loopkeeper open(Embedder embedder) {
        Config config = TestApp.config(folder);
        if (config.postgres().isEmpty()) {
            TestApp.migrated(config.databasePath());
        }
        return Loopkeeper.open(config, clock, embedder, SharedModel.map());
    }

    private static long park(Loopkeeper app, String owner, String concept, String why) {
        return assertInstanceOf(ParkResult.Parked.class,
                app.loops().park(new ParkRequest(owner, concept, why, Origin.none()))).loop().id();
    }

    /** Every loop's vectors as if they came from a model this process no longer runs (an upgrade). */
    private static void modelChanged(Loopkeeper app) {
        app.database().write(sql -> sql.update("UPDATE open_loop SET embedding_model = ?", OTHER_MODEL));
    }

    private static LoopStore.Embedded vectors(Loopkeeper app, String owner, long id) {
        return app.database().read(sql -> new LoopStore().embedded(sql, owner, id, app.relevance().modelId()))
                .orElseThrow(() -> new AssertionError("loop " + id + " has no vectors from the current model"));
    }

    @Test
    void anEditCommittedWhileTheOldTextIsEmbeddedKeepsTheEditedTextsVectors() throws Exception {
        try (Loopkeeper app = open(gate)) {
            long concept = park(app, "ada", "Kalman filter", null);
            long why = park(app, "ada", "quorum intersection", "for the Raft paper");
            long untouched = park(app, "ada", "gradient descent", null);
            modelChanged(app);

            // The re-embedding has read the three loops and is embedding their old texts when the edits commit.
            gate.hold(text -> text.contains("Kalman filter") || text.contains("Raft paper"));
            Future<Integer> reembedding = thread.submit(app.relevance()::reembedStale);
            gate.awaitHeld();
            app.loops().edit(LoopScope.personal("ada"), Actor.person("ada"), concept, "particle filter", null);
            app.loops().edit(LoopScope.personal("ada"), Actor.person("ada"), why, null, "for the Paxos lecture");
            LoopStore.Embedded editedConcept = vectors(app, "ada", concept);
            LoopStore.Embedded editedWhy = vectors(app, "ada", why);
            gate.release();

            int saved = reembedding.get(30, TimeUnit.SECONDS);
            LoopStore.Embedded afterConcept = vectors(app, "ada", concept);
            assertEquals("particle filter", afterConcept.concept());
            assertArrayEquals(editedConcept.embedding(), afterConcept.embedding(), "the edit's vectors stay");
            assertArrayEquals(editedConcept.foundations(), afterConcept.foundations());
            float[] old = Vectors.fromBytes(app.relevance().check("bob", "Kalman filter", null).vectors().embedding());
            assertTrue(Vectors.cosine(old, Vectors.fromBytes(afterConcept.embedding())) < 0.99,
                    "not the old concept's vector");
            LoopStore.Embedded afterWhy = vectors(app, "ada", why);
            assertEquals("for the Paxos lecture", afterWhy.why());
            assertArrayEquals(editedWhy.whyEmbedding(), afterWhy.whyEmbedding(), "the edit's why vector stays");
            vectors(app, "ada", untouched);
            assertEquals(1, saved, "only the loop nobody edited is saved");
            assertEquals(0, app.relevance().reembedStale(), "nothing is left stale");
            assertEquals(concept, app.relevance().rank("ada", "localising a robot with a particle filter", 0.0,
                    java.util.Set.of(), 3).get(0).loopId(), "ranked first for work on its edited text");
        }
    }

    @Test
    void twoProcessesEmbedEachStaleLoopOnceAndTakeOverADeadOnesLoopsAfterItsLease() throws Exception {
        Counting counted = new Counting();
        try (Loopkeeper first = open(gate); Loopkeeper second = open(counted)) {
            List<Long> ids = List.of(park(first, "ada", "Kalman filter", null), park(first, "bob", "quorum intersection",
                    "for the Raft paper"), park(second, "cy", "gradient descent", null));
            modelChanged(first);
            counted.texts.set(0);

            // The first process has taken every stale loop and is embedding them: the second finds none to do.
            gate.hold(text -> text.contains("Kalman filter"));
            Future<Integer> reembedding = thread.submit(first.relevance()::reembedStale);
            gate.awaitHeld();
            assertEquals(0, second.relevance().reembedStale());
            assertEquals(0, counted.texts.get(), "the second embedded nothing");
            assertEquals(clock.instant().plus(RelevanceIndex.REEMBED_LEASE),
                    second.relevance().staleLeasedUntil().orElseThrow(), "when to look again");
            gate.release();
            assertEquals(3, reembedding.get(30, TimeUnit.SECONDS));
            assertTrue(second.relevance().staleLeasedUntil().isEmpty(), "nothing left to take over");
            for (long id : ids) {
                assertTrue(first.database().read(sql -> sql.queryLong(
                        "SELECT COUNT(*) FROM open_loop WHERE id = ? AND embedding_model = ?", id,
                        first.relevance().modelId())) == 1);
            }

            // Again, but the first dies holding them: the second leaves them for the lease, then embeds them.
            modelChanged(first);
            assertEquals(3, first.relevance().claimStale(128).orElseThrow().loops().size());
            assertEquals(0, second.relevance().reembedStale(), "held by a process that may still be alive");
            clock.advance(RelevanceIndex.REEMBED_LEASE.plus(Duration.ofSeconds(1)));
            assertEquals(3, second.relevance().reembedStale(), "taken over once the lease ran out");
            assertEquals(4, counted.texts.get(), "three concepts and one why, each embedded once by the second");
            assertEquals(0, first.relevance().reembedStale());
        }
    }

    @Test
    void aProcessStoppedMidRoundGivesItsLeasesBackSoTheNextEmbedsThemAtOnce() throws Exception {
        Counting counted = new Counting();
        Embedder closing = new Counting() {
            @Override
            public List<float[]> embedAll(List<String> texts) {
                throw new IllegalStateException("the embedding model is closed (Loopkeeper is stopping)");
            }
        };
        try (Loopkeeper first = open(closing); Loopkeeper second = open(counted)) {
            park(second, "ada", "Kalman filter", null);
            park(second, "bob", "quorum intersection", "for the Raft paper");
            modelChanged(first);

            IllegalStateException stopped = org.junit.jupiter.api.Assertions.assertThrows(IllegalStateException.class,
                    first.relevance()::reembedStale);

            assertTrue(stopped.getMessage().contains("closed"), stopped.getMessage());
            assertTrue(second.relevance().staleLeasedUntil().isEmpty(), "no lease left to wait out");
            assertEquals(2, second.relevance().reembedStale(), "embedded at once, not after the lease");
        }
    }

    /** The shared model, counting the texts it embeds. */
    private static class Counting implements Embedder {
        final AtomicInteger texts = new AtomicInteger();

        @Override
        public String modelId() {
            return SharedModel.embedder().modelId();
        }

        @Override
        public float[] embed(String text) {
            texts.incrementAndGet();
            return SharedModel.embedder().embed(text);
        }

        @Override
        public List<float[]> embedAll(List<String> texts) {
            this.texts.addAndGet(texts.size());
            return SharedModel.embedder().embedAll(texts);
        }
    }
}
