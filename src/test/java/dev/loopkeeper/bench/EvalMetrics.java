package dev.loopkeeper.bench;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The relevance quality figures docs/RELEVANCE.md reports, computed as scripts/relevance-metrics.py does: ROC-AUC
 * over all rows, mean average precision per group, and top-1 precision when the most confident share of groups is
 * reminded.
 */
public final class EvalMetrics {
    private EvalMetrics() {
    }

    /** One labelled, scored row. */
    public record Row(String group, String kind, boolean positive, double score) {
    }

    /** The figures for one scorer on one set. */
    public record Figures(double auc, double map, double top1At55, double top1At30, double cutAt55) {
        @Override
        public String toString() {
            return String.format(Locale.ROOT, "AUC %.3f  MAP %.3f  top-1@55%% %.3f (cut %.2f)  top-1@30%% %.3f",
                    auc, map, top1At55, cutAt55, top1At30);
        }
    }

    public static Figures of(List<Row> rows) {
        List<Double> pos = new ArrayList<>();
        List<Double> neg = new ArrayList<>();
        Map<String, List<Row>> groups = new LinkedHashMap<>();
        for (Row row : rows) {
            (row.positive() ? pos : neg).add(row.score());
            groups.computeIfAbsent(row.group(), g -> new ArrayList<>()).add(row);
        }
        double apSum = 0;
        int apCount = 0;
        List<double[]> tops = new ArrayList<>(); // best score, label of best
        for (List<Row> group : groups.values()) {
            List<Row> ranked = new ArrayList<>(group);
            ranked.sort(Comparator.comparingDouble(Row::score).reversed()); // stable: input order on ties
            int hits = 0;
            double total = 0;
            for (int i = 0; i < ranked.size(); i++) {
                if (ranked.get(i).positive()) {
                    hits++;
                    total += (double) hits / (i + 1);
                }
            }
            if (hits > 0) {
                apSum += total / hits;
                apCount++;
            }
            tops.add(new double[] {ranked.get(0).score(), ranked.get(0).positive() ? 1 : 0});
        }
        tops.sort(Comparator.comparingDouble((double[] t) -> t[0]).reversed());
        return new Figures(auc(pos, neg), apSum / apCount, top1(tops, 0.55), top1(tops, 0.30),
                tops.get(Math.max(0, (int) Math.rint(tops.size() * 0.55) - 1))[0]);
    }

    private static double top1(List<double[]> sortedTops, double share) {
        int n = Math.max(1, (int) Math.rint(sortedTops.size() * share));
        double hits = 0;
        for (int i = 0; i < n; i++) {
            hits += sortedTops.get(i)[1];
        }
        return hits / n;
    }

    /** Mann-Whitney U with average ranks for ties. */
    public static double auc(List<Double> pos, List<Double> neg) {
        List<double[]> all = new ArrayList<>();
        pos.forEach(s -> all.add(new double[] {s, 1}));
        neg.forEach(s -> all.add(new double[] {s, 0}));
        all.sort(Comparator.comparingDouble(a -> a[0]));
        double rankSum = 0;
        int i = 0;
        while (i < all.size()) {
            int j = i;
            while (j + 1 < all.size() && all.get(j + 1)[0] == all.get(i)[0]) {
                j++;
            }
            double avg = (i + j) / 2.0 + 1;
            for (int k = i; k <= j; k++) {
                if (all.get(k)[1] == 1) {
                    rankSum += avg;
                }
            }
            i = j + 1;
        }
        double np = pos.size();
        double nn = neg.size();
        return (rankSum - np * (np + 1) / 2) / (np * nn);
    }
}
