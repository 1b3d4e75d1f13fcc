package dev.loopkeeper.relevance;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.loopkeeper.loop.Origin;
import dev.loopkeeper.loop.ParkRequest;
import dev.loopkeeper.loop.ParkResult;
import dev.loopkeeper.support.AppTestBase;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * The knowledge tree's "which holder is each loop nearest" ({@link RelevanceIndex.Neighbourhood#closest}) skips pairs
 * by a bound before scoring them: it must find, for every loop, the score plain scoring of every pair finds
 * ({@link RelevanceIndex#bestLoop}), whenever that reaches the floor (real model and map, loops with and without a why).
 */
class NeighbourhoodMatchesPlainScoringTest extends AppTestBase {
    NeighbourhoodMatchesPlainScoringTest() {
        super("2026-03-01T10:00:00Z");
    }

    @Test
    void closestFindsTheBestScoreOfEveryPair() {
        String[][] parked = {
            {"Raft consensus", "for the homelab cluster"}, {"quorum intersection", null}, {"Paxos", null},
            {"Kalman filter", "drone state estimation"}, {"particle filter", null}, {"B-tree", null},
            {"write-ahead logging", "crash safety"}, {"reverse-mode autodiff", null}, {"topological sort", null},
            {"chain rule", "micrograd backward pass"}, {"sourdough starter", null}, {"jazz harmony", null},
            {"learning styles", "psychology seminar"}, {"learning rate schedules", null}};
        List<Long> ids = new ArrayList<>();
        for (String[] loop : parked) {
            ParkResult result = app.loops().park(new ParkRequest("ada", loop[0], loop[1], Origin.none()));
            ids.add(((ParkResult.Parked) result).loop().id());
        }
        List<Long> holders = ids.subList(0, 7);
        int compared = 0;
        for (double floor : new double[] {0.3, 0.5, 0.7}) {
            Map<Long, RelevanceIndex.Nearest> closest = app.relevance().neighbourhood("ada").closest(ids, holders, floor);
            for (long loopId : ids) {
                Optional<RelevanceIndex.Scored> plain = app.relevance().bestLoop("ada", loopId, holders);
                double best = plain.map(s -> s.match().score()).orElse(Double.NEGATIVE_INFINITY);
                if (best >= floor) {
                    assertTrue(closest.containsKey(loopId), "loop " + loopId + " at floor " + floor);
                    assertEquals(best, closest.get(loopId).score(), 0.0, "loop " + loopId + " at floor " + floor);
                    compared++;
                } else {
                    assertTrue(!closest.containsKey(loopId), "loop " + loopId + " below floor " + floor);
                }
            }
        }
        assertTrue(compared > 10, "the comparison covered only " + compared + " loops");
    }
}
