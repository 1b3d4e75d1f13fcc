package dev.loopkeeper.tree;

import java.util.List;
import java.util.Map;

/**
 * Which loop each of some loops is closest to in meaning: the relevance index answers from stored vectors (see
 * {@code RelevanceIndex.closest}); loops near none of the candidates are absent from the answer.
 */
@FunctionalInterface
public interface Nearness {

    /** For each of {@code loopIds}, the closest of {@code holderIds} and how close. */
    Map<Long, Closest> closest(List<Long> loopIds, List<Long> holderIds);

    /** The loop another is closest to, and how close (higher is closer). */
    record Closest(long holderId, double closeness) {
    }

    /** Nothing is near anything: every branch and leaf is loose. */
    Nearness NONE = (loopIds, holderIds) -> Map.of();
}
