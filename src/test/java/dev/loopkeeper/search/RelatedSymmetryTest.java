package dev.loopkeeper.search;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.loopkeeper.Loopkeeper;
import dev.loopkeeper.bench.RelatedCutoffs;
import dev.loopkeeper.loop.OpenLoop;
import dev.loopkeeper.loop.Origin;
import dev.loopkeeper.loop.ParkRequest;
import dev.loopkeeper.loop.ParkResult;
import dev.loopkeeper.relevance.RelevanceIndex;
import dev.loopkeeper.relevance.StructuralMap;
import dev.loopkeeper.support.MutableClock;
import dev.loopkeeper.support.TestApp;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code /related} is symmetric on the real model and concept map: A lists B exactly when B lists A, with the same
 * score, over a backlog of hand-labelled concepts (src/test/resources/relevance/related-pairs.tsv) whose related pairs
 * scored very differently one way and the other ("Paxos" finds "leader election" through the map; the other way
 * round, nothing did).
 */
class RelatedSymmetryTest {
    private static final String ADA = "100";
    @TempDir
    Path folder;

    @Test
    void loopsStoredBeforeTheirOwnTopicsWereGetThemOnceFromTheirStoredVectorsAndThenListEachOther() throws Exception {
        java.util.concurrent.atomic.AtomicInteger embedded = new java.util.concurrent.atomic.AtomicInteger();
        dev.loopkeeper.relevance.Embedder model = dev.loopkeeper.support.SharedModel.embedder();
        dev.loopkeeper.relevance.Embedder counting = new dev.loopkeeper.relevance.Embedder() {
            @Override
            public String modelId() {
                return model.modelId();
            }

            @Override
            public float[] embed(String text) {
                embedded.incrementAndGet();
                return model.embed(text);
            }

            @Override
            public List<float[]> embedAll(List<String> texts) {
                embedded.addAndGet(texts.size());
                return model.embedAll(texts);
            }
        };
        try (Loopkeeper app = Loopkeeper.open(TestApp.config(folder), MutableClock.at("2026-11-30T10:00:00Z"), counting,
                dev.loopkeeper.support.SharedModel.map())) {
            long paxos = ((ParkResult.Parked) app.loops().park(new ParkRequest(ADA, "Paxos", null, Origin.none())))
                    .loop().id();
            long election = ((ParkResult.Parked) app.loops().park(new ParkRequest(ADA, "leader election", null,
                    Origin.none()))).loop().id();
            // As an older version stored them: foundations alone (no topics), under the map version without "+topics".
            String version = dev.loopkeeper.support.SharedModel.map().version();
            String older = version.substring(0, version.length() - "+topics".length());
            app.database().write(sql -> {
                for (long id : new long[] {paxos, election}) {
                    byte[] stored = sql.queryOne("SELECT foundations FROM open_loop WHERE id = ?", r -> r.getBytes(1), id)
                            .orElseThrow();
                    StructuralMap.Foundations f = StructuralMap.Foundations.fromBytes(stored);
                    assertEquals(StructuralMap.TOPICS_PER_WORK, f.topics().length, "a park stores the loop's own topics");
                    byte[] old = new StructuralMap.Foundations(f.ids(), f.cosines()).toBytes();
                    byte[] withoutTopics = java.util.Arrays.copyOf(old, old.length - 4); // no topic count at all
                    assertEquals(0, StructuralMap.Foundations.fromBytes(withoutTopics).topics().length);
                    sql.update("UPDATE open_loop SET foundations = ?, foundations_version = ? WHERE id = ?",
                            withoutTopics, older, id);
                }
            });
            app.relevance().forget(ADA);
            embedded.set(0);
            assertEquals(2, app.relevance().reembedStale(), "brought up to date once, as after a map change");
            assertEquals(0, embedded.get(), "from the stored vectors: no text embedded again");
            assertEquals(0, app.relevance().reembedStale());
            assertEquals(List.of(election), app.relevance().related(ADA, paxos, 5).stream()
                    .map(RelevanceIndex.Near::loopId).toList());
            assertEquals(List.of(paxos), app.relevance().related(ADA, election, 5).stream()
                    .map(RelevanceIndex.Near::loopId).toList());
        }
    }

    @Test
    void aLoopListsAnotherExactlyWhenTheOtherListsItWithTheSameScore() throws Exception {
        // The first 10 labelled pairs' concepts, and a few unrelated ones: a backlog of 28 loops.
        List<RelatedCutoffs.Pair> pairs = RelatedCutoffs.pairs("related-pairs.tsv");
        Set<String> concepts = new LinkedHashSet<>();
        pairs.subList(0, 10).forEach(p -> {
            concepts.add(p.a());
            concepts.add(p.b());
        });
        concepts.addAll(List.of("mutex", "race condition", "LSTM", "vanishing gradients", "consistent hashing",
                "distributed cache", "jazz harmony", "sourdough starter"));
        try (Loopkeeper app = TestApp.open(folder, MutableClock.at("2026-11-30T10:00:00Z"))) {
            Map<String, Long> ids = new HashMap<>();
            for (String concept : concepts) {
                OpenLoop loop = ((ParkResult.Parked) app.loops().park(new ParkRequest(ADA, concept, null,
                        Origin.none()))).loop();
                ids.put(concept, loop.id());
            }
            Map<Long, Map<Long, Double>> near = new HashMap<>();
            for (long id : ids.values()) {
                near.put(id, app.relevance().related(ADA, id, Integer.MAX_VALUE).stream()
                        .collect(Collectors.toMap(RelevanceIndex.Near::loopId, RelevanceIndex.Near::score)));
            }
            int links = 0;
            for (long a : ids.values()) {
                for (Map.Entry<Long, Double> b : near.get(a).entrySet()) {
                    Double back = near.get(b.getKey()).get(a);
                    assertTrue(back != null, a + " lists " + b.getKey() + " but not the other way round");
                    assertEquals(b.getValue(), back, 0.0, "the same score both ways");
                    links++;
                }
            }
            assertTrue(links >= 20, "enough pairs related to mean something: " + links);
            // Pairs one direction alone scored below the cut-off, now listed both ways.
            for (String[] pair : new String[][] {{"Paxos", "leader election"}, {"mutex", "race condition"},
                    {"LSTM", "vanishing gradients"}, {"consistent hashing", "distributed cache"},
                    {"Kalman filter", "Bayesian inference"}}) {
                assertTrue(near.get(ids.get(pair[0])).containsKey(ids.get(pair[1])), pair[0] + " lists " + pair[1]);
                assertTrue(near.get(ids.get(pair[1])).containsKey(ids.get(pair[0])), pair[1] + " lists " + pair[0]);
            }
            assertTrue(near.get(ids.get("sourdough starter")).keySet().stream().noneMatch(ids.get("Raft consensus")::equals));
        }
    }
}
