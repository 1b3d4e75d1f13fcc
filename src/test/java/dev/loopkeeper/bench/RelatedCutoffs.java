package dev.loopkeeper.bench;

import dev.loopkeeper.Loopkeeper;
import dev.loopkeeper.loop.LoopStatus;
import dev.loopkeeper.loop.Origin;
import dev.loopkeeper.loop.ParkRequest;
import dev.loopkeeper.loop.ParkResult;
import dev.loopkeeper.relevance.RelevanceIndex;
import dev.loopkeeper.relevance.RelevanceScorer;
import dev.loopkeeper.relevance.StructuralMap;
import dev.loopkeeper.support.MutableClock;
import dev.loopkeeper.support.SharedModel;
import dev.loopkeeper.support.TestApp;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.ToDoubleFunction;

/**
 * Precision and recall of {@code /related}'s and {@code /loops query:}'s cut-offs on the hand-labelled pairs in
 * {@code src/test/resources/relevance/related-pairs.tsv} and {@code search-queries.tsv}, with the real model and the
 * shipped concept map. For related, three scores side by side: one direction (the picked loop as the work, as before),
 * the mean of both directions, and the better of the two (what the bot uses). Run by hand:
 * {@code java -cp $CP dev.loopkeeper.bench.RelatedCutoffs}; numbers in docs/RELEVANCE.md.
 */
public final class RelatedCutoffs {
    private static final double[] CUTOFFS = {0.40, 0.42, 0.45, 0.48, 0.50, 0.52, 0.55, 0.58, 0.60, 0.65};
    private static final String PERSON = "4343";

    private RelatedCutoffs() {
    }

    /** One labelled line: two texts and whether they belong together. */
    public record Pair(String a, String b, boolean related) {
    }

    /** The labelled pairs of a resource under /relevance/ (comment lines start with #). */
    public static List<Pair> pairs(String resource) throws IOException {
        List<Pair> pairs = new ArrayList<>();
        try (BufferedReader in = new BufferedReader(new InputStreamReader(
                RelatedCutoffs.class.getResourceAsStream("/relevance/" + resource), StandardCharsets.UTF_8))) {
            for (String line = in.readLine(); line != null; line = in.readLine()) {
                if (line.isBlank() || line.startsWith("#")) {
                    continue;
                }
                String[] parts = line.split("\t");
                pairs.add(new Pair(parts[0], parts[1], parts[2].strip().equals("1")));
            }
        }
        return pairs;
    }

    public static void main(String[] args) throws IOException {
        RelevanceScorer scorer = new RelevanceScorer(SharedModel.embedder(), SharedModel.map());
        StructuralMap.Topics scratch = SharedModel.map().emptyTopics();
        List<Pair> related = pairs("related-pairs.tsv");
        Map<String, RelevanceScorer.Loop> loops = new HashMap<>();
        for (Pair p : related) {
            loops.computeIfAbsent(p.a(), c -> scorer.loop(c, null));
            loops.computeIfAbsent(p.b(), c -> scorer.loop(c, null));
        }
        List<double[]> scores = new ArrayList<>();
        List<Boolean> listed = new ArrayList<>();
        System.out.println("pair\tlabel\ta->b\tb->a\tbest");
        for (Pair p : related) {
            RelevanceScorer.Loop a = loops.get(p.a());
            RelevanceScorer.Loop b = loops.get(p.b());
            double ab = scorer.directed(a, b, scratch).score();
            double ba = scorer.directed(b, a, scratch).score();
            RelevanceScorer.Match bestMatch = scorer.related(a, b, scratch);
            double best = bestMatch.score();
            listed.add(RelevanceIndex.shownAsRelated(bestMatch));
            scores.add(new double[] {ab, (ab + ba) / 2, best});
            System.out.printf(Locale.ROOT, "%s | %s\t%d\t%.3f\t%.3f\t%.3f%n", p.a(), p.b(), p.related() ? 1 : 0, ab, ba,
                    best);
        }
        String[] names = {"one direction (a as the work)", "mean of both directions", "better of both directions"};
        for (int s = 0; s < names.length; s++) {
            int which = s;
            table("related, " + names[s], related, i -> scores.get(i)[which]);
        }
        relatedAsShown(related, listed);

        List<Pair> queries = pairs("search-queries.tsv");
        Path folder = Files.createTempDirectory("related-cutoffs");
        try (Loopkeeper app = TestApp.open(folder, MutableClock.at("2026-11-30T08:00:00Z"))) {
            Set<String> concepts = new LinkedHashSet<>();
            queries.forEach(q -> concepts.add(q.b()));
            Map<String, Long> ids = new HashMap<>();
            for (String concept : concepts) {
                ParkResult result = app.loops().park(new ParkRequest(PERSON, concept, null, Origin.none()));
                ids.put(concept, ((ParkResult.Parked) result).loop().id());
            }
            Map<String, Map<Long, RelevanceIndex.Found>> byQuery = new HashMap<>();
            List<Double> searchScores = new ArrayList<>();
            for (Pair q : queries) {
                Map<Long, RelevanceIndex.Found> found = byQuery.computeIfAbsent(q.a(), query -> {
                    Map<Long, RelevanceIndex.Found> all = new HashMap<>();
                    for (RelevanceIndex.Found f : app.relevance().search(PERSON, query, LoopStatus.OPEN_STATUSES, -10)) {
                        all.put(f.loopId(), f);
                    }
                    return all;
                });
                RelevanceIndex.Found f = found.get(ids.get(q.b()));
                double score = f == null ? Double.NEGATIVE_INFINITY : f.score();
                searchScores.add(score);
                System.out.printf(Locale.ROOT, "%s -> %s\t%d\t%.3f\t%s%n", q.a(), q.b(), q.related() ? 1 : 0, score,
                        f == null ? "" : f.restsOn().orElse(""));
            }
            table("search (/loops query:)", queries, searchScores::get);
            // What /loops query: shows: the shipped cut-off, and the related loops' line for a loop the map alone lifts.
            Map<String, Set<Long>> shown = new HashMap<>();
            int tp = 0;
            int fp = 0;
            int fn = 0;
            for (Pair q : queries) {
                boolean kept = shown.computeIfAbsent(q.a(), query -> {
                    Set<Long> ids2 = new java.util.HashSet<>();
                    app.relevance().search(PERSON, query, LoopStatus.OPEN_STATUSES).forEach(f -> ids2.add(f.loopId()));
                    return ids2;
                }).contains(ids.get(q.b()));
                tp += kept && q.related() ? 1 : 0;
                fp += kept && !q.related() ? 1 : 0;
                fn += !kept && q.related() ? 1 : 0;
                if (kept != q.related()) {
                    System.out.printf("  as shown, %s: %s -> %s%n", kept ? "unrelated but found" : "missed", q.a(), q.b());
                }
            }
            System.out.printf(Locale.ROOT, "%nsearch as shown (cut-off %.2f): precision %.2f, recall %.2f, %d false pos, "
                    + "%d missed%n", RelevanceIndex.SEARCH_CUTOFF, tp / (double) Math.max(1, tp + fp),
                    tp / (double) Math.max(1, tp + fn), fp, fn);
        }
    }

    /** What {@code /related} lists: the shipped cut-off and the map-only rule ({@link RelevanceIndex#shownAsRelated}). */
    private static void relatedAsShown(List<Pair> related, List<Boolean> listed) {
        int tp = 0;
        int fp = 0;
        int fn = 0;
        for (int i = 0; i < related.size(); i++) {
            boolean kept = listed.get(i);
            tp += kept && related.get(i).related() ? 1 : 0;
            fp += kept && !related.get(i).related() ? 1 : 0;
            fn += !kept && related.get(i).related() ? 1 : 0;
            if (kept != related.get(i).related()) {
                System.out.printf("  as shown, %s: %s | %s%n", kept ? "unrelated but listed" : "missed",
                        related.get(i).a(), related.get(i).b());
            }
        }
        System.out.printf(Locale.ROOT, "%nrelated as shown (cut-off %.2f, map-only pairs need support %.1f): precision %.2f, "
                + "recall %.2f, %d false pos, %d missed%n", RelevanceIndex.RELATED_CUTOFF, 0.3,
                (double) tp / Math.max(1, tp + fp), (double) tp / Math.max(1, tp + fn), fp, fn);
    }

    private static void table(String title, List<Pair> pairs, ToDoubleFunction<Integer> score) {
        System.out.println();
        System.out.println(title + ": " + pairs.size() + " pairs, "
                + pairs.stream().filter(Pair::related).count() + " related");
        System.out.println("cut-off\tprecision\trecall\tF1\tfalse pos\tmissed");
        for (double cutoff : CUTOFFS) {
            int tp = 0;
            int fp = 0;
            int fn = 0;
            for (int i = 0; i < pairs.size(); i++) {
                boolean kept = score.applyAsDouble(i) >= cutoff;
                if (kept && pairs.get(i).related()) {
                    tp++;
                } else if (kept) {
                    fp++;
                } else if (pairs.get(i).related()) {
                    fn++;
                }
            }
            double precision = tp + fp == 0 ? 1 : (double) tp / (tp + fp);
            double recall = tp + fn == 0 ? 1 : (double) tp / (tp + fn);
            double f1 = precision + recall == 0 ? 0 : 2 * precision * recall / (precision + recall);
            System.out.printf(Locale.ROOT, "%.2f\t%.2f\t%.2f\t%.2f\t%d\t%d%n", cutoff, precision, recall, f1, fp, fn);
        }
    }
}
