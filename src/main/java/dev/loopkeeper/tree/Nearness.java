package dev.loopkeeper.tree;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Which loops are close in meaning, from their stored vectors: the relevance index answers (see
 * {@code RelevanceIndex.Neighbourhood}).
 */
public interface Nearness {

    /**
     * For each of {@code loopIds}, the closest of {@code holderIds} and how close, as the relevance scorer scores it;
     * loops near none of them are absent.
     */
    Map<Long, Closest> closest(List<Long> loopIds, List<Long> holderIds);

    /** The cosine of two loops' concept vectors, or empty when either has no vector. */
    Optional<Double> cosine(long a, long b);

    /** The loop another is closest to, and how close (higher is closer). */
    record Closest(long holderId, double closeness) {
    }

    /** Nothing is near anything: every branch and leaf is loose. */
    Nearness NONE = new Nearness() {
        @Override
        public Map<Long, Closest> closest(List<Long> loopIds, List<Long> holderIds) {
            return Map.of();
        }

        @Override
        public Optional<Double> cosine(long a, long b) {
            return Optional.empty();
        }
    };
}
