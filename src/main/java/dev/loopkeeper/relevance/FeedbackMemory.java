package dev.loopkeeper.relevance;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What one person's feedback says about a loop for a piece of work. Each event counts by how similar the new work is
 * to the work it was given for, through the kernel k(a, b) = clip((cos(a, b) - floor) / (full - floor), 0, 1). A loop's own
 * events move it by {@value #OWN_WEIGHT} × Σ sign·k(work, event work), at most ±{@value #OWN_CAP}; events on other
 * loops move it by {@value #PERSON_WEIGHT} × Σ sign·k(work, event work)·k(loop, event loop), at most
 * ±{@value #PERSON_CAP} ("loops like this one, for work like this"). A loop turned down for similar work also loses
 * that share of the concept map's support. See docs/RELEVANCE.md, "Learning from feedback".
 */
public final class FeedbackMemory {
    /**
     * Framed work texts closer than this are "similar work": about the 99th percentile of the cosine between two
     * different focuses of the development scenarios (median 0.05-0.07), so only the closest 1 % of unrelated pairs
     * count, and those barely.
     */
    public static final double WORK_FLOOR = 0.35;
    /** Framed concepts closer than this are "loops like this one"; the same percentile for two different concepts. */
    public static final double LOOP_FLOOR = 0.35;
    /**
     * From this cosine on, two framed texts count as the same work (or the same kind of loop) in full. Rephrasings
     * of one piece of work sit around 0.45-0.75 ("implementing Raft in Go" and "writing leader election for my Raft
     * cluster": 0.46), far below identical texts, so a kernel reaching 1 only at cosine 1 would barely count them.
     */
    public static final double FULL = 0.7;
    /** Weight of a loop's own events. */
    public static final double OWN_WEIGHT = 0.3;
    /** Most a loop's own events can move its score. */
    public static final double OWN_CAP = 0.3;
    /** Weight of the person's events on other, similar loops. */
    public static final double PERSON_WEIGHT = 0.1;
    /** Most other loops' events can move a loop's score. */
    public static final double PERSON_CAP = 0.1;
    /** Below this an adjustment is too small to name in the reminder's reason. */
    public static final double MEANINGFUL = 0.05;

    /** No feedback yet. */
    public static final FeedbackMemory EMPTY = new FeedbackMemory(List.of());

    private final List<Feedback> events;

    public FeedbackMemory(List<Feedback> events) {
        this.events = List.copyOf(events);
    }

    public int size() {
        return events.size();
    }

    /** k(a, b): 0 up to {@code floor}, rising linearly to 1 at {@link #FULL}. */
    public static double kernel(float[] a, float[] b, double floor) {
        return Math.min(1, Math.max(0, Vectors.dot(a, b) - floor) / (FULL - floor));
    }

    /**
     * The events that bear on {@code work} (its kernel above zero), weighed once, so scoring many loops against one
     * work costs one dot product per event and then only the similar ones per loop.
     */
    public ForWork forWork(float[] work) {
        if (events.isEmpty()) {
            return ForWork.NONE;
        }
        Map<Long, List<Weighed>> byLoop = new HashMap<>();
        List<Weighed> all = new ArrayList<>();
        for (Feedback e : events) {
            double k = kernel(work, e.workVector(), WORK_FLOOR);
            if (k > 0) {
                Weighed w = new Weighed(e, k);
                all.add(w);
                byLoop.computeIfAbsent(e.loopId(), id -> new ArrayList<>()).add(w);
            }
        }
        return all.isEmpty() ? ForWork.NONE : new ForWork(byLoop, all);
    }

    private record Weighed(Feedback event, double workKernel) {
    }

    /** The person's feedback as it bears on one work. */
    public static final class ForWork {
        static final ForWork NONE = new ForWork(Map.of(), List.of());

        private final Map<Long, List<Weighed>> byLoop;
        private final List<Weighed> all;
        /** Most other loops' events can add to any loop: the cap when one of them took a loop up, else nothing. */
        private final double personMost;

        private ForWork(Map<Long, List<Weighed>> byLoop, List<Weighed> all) {
            this.byLoop = byLoop;
            this.all = all;
            this.personMost = all.stream().anyMatch(w -> w.event().sign() > 0) ? PERSON_CAP : 0;
        }

        /**
         * An upper bound on {@link #adjust}'s delta for a loop, without its vector: what lets a matcher skip a loop
         * before asking. Its own events can add at most {@link #OWN_CAP}, others' at most {@link #PERSON_CAP}, and
         * only a "took it up" event adds anything.
         */
        public double mostAdded(long loopId) {
            if (all.isEmpty()) {
                return 0;
            }
            List<Weighed> own = byLoop.get(loopId);
            boolean ownUp = false;
            if (own != null) {
                for (Weighed w : own) {
                    ownUp |= w.event().sign() > 0;
                }
            }
            return (ownUp ? OWN_CAP : 0) + personMost;
        }

        public boolean isEmpty() {
            return all.isEmpty();
        }

        /** How feedback moves one loop's score for this work, and how much of the map's support it keeps. */
        public Adjustment adjust(long loopId, float[] loopVector) {
            if (all.isEmpty()) {
                return Adjustment.NONE;
            }
            double own = 0;
            double turnedDown = 0;
            for (Weighed w : byLoop.getOrDefault(loopId, List.of())) {
                own += w.event().sign() * w.workKernel();
                if (w.event().sign() < 0) {
                    turnedDown += w.workKernel();
                }
            }
            double person = 0;
            for (Weighed w : all) {
                if (w.event().loopId() == loopId) {
                    continue;
                }
                double k = kernel(loopVector, w.event().loopVector(), LOOP_FLOOR);
                person += w.event().sign() * w.workKernel() * k;
            }
            double ownPart = clip(OWN_WEIGHT * own, OWN_CAP);
            double personPart = clip(PERSON_WEIGHT * person, PERSON_CAP);
            Optional<Adjustment.Why> why = Optional.empty();
            if (ownPart >= MEANINGFUL) {
                why = Optional.of(Adjustment.Why.OPENED_IT);
            } else if (personPart >= MEANINGFUL) {
                why = Optional.of(Adjustment.Why.OPENED_SIMILAR);
            }
            return new Adjustment(ownPart + personPart, Math.max(0, 1 - turnedDown), why);
        }

        private static double clip(double value, double cap) {
            return Math.max(-cap, Math.min(cap, value));
        }
    }

    /**
     * What feedback does to one loop's score for one work.
     *
     * @param delta           added to the score (negative when the person turned it or loops like it down)
     * @param structuralShare the share of the concept map's support kept: 1, less after "not relevant" for similar work
     * @param why             what to tell the person when feedback raised it
     */
    public record Adjustment(double delta, double structuralShare, Optional<Why> why) {
        public static final Adjustment NONE = new Adjustment(0, 1, Optional.empty());

        /** Why feedback raised a loop, in the reminder's words. */
        public enum Why {
            OPENED_IT("you opened it for similar work before"),
            OPENED_SIMILAR("you opened loops like it for similar work");

            private final String text;

            Why(String text) {
                this.text = text;
            }

            public String text() {
                return text;
            }
        }
    }
}
