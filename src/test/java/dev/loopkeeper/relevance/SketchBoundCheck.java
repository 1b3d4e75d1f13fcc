package dev.loopkeeper.relevance;

import dev.loopkeeper.bench.RelevanceEval;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Counts the pairs whose decision the sign sketches could change: {@code SketchBoundCheck [--map] FILE.tsv...} (the
 * team's development sets, kept outside the repository; read, never copied). {@code --map} first checks every pair of
 * the shipped concept map's topic names and aliases (about 10 million pairs, from their stored vectors). For every work and every loop of a file,
 * the sketch bound on the cosine of the work with the loop's concept vector and with its concept-with-why vector is
 * compared with the exact cosine. A pair can be skipped wrongly only where a bound is below its cosine; the run prints
 * how many there are (and how close the closest came), and how many loops' bounds are below the reminder threshold
 * (such a loop is scored only when shared words or the concept map could lift it). Not a test; run by hand, numbers in docs/BENCHMARKS.md.
 */
public final class SketchBoundCheck {
    private SketchBoundCheck() {
    }

    public static void main(String[] args) throws Exception {
        try (MiniLmEmbedder embedder = new MiniLmEmbedder()) {
            StructuralMap map = StructuralMap.load(embedder);
            RelevanceScorer scorer = new RelevanceScorer(embedder, map);
            if (List.of(args).contains("--map")) {
                everyMapPair(map);
            }
            for (String file : args) {
                if (file.startsWith("--")) {
                    continue;
                }
                List<RelevanceEval.Example> examples = RelevanceEval.read(Path.of(file));
                Set<String> texts = new LinkedHashSet<>();
                for (RelevanceEval.Example e : examples) {
                    texts.add(e.work());
                    texts.add(e.concept());
                    if (!e.why().isBlank()) {
                        texts.add(RelevanceScorer.withWhy(e.concept(), e.why()));
                    }
                }
                List<String> ordered = new ArrayList<>(texts);
                List<float[]> vectors = scorer.vectorsFor(ordered);
                Map<String, float[]> vector = new HashMap<>();
                for (int i = 0; i < ordered.size(); i++) {
                    vector.put(ordered.get(i), vectors.get(i));
                }
                SignSketch sketch = scorer.sketch(vectors.get(0).length);
                long pairs = 0;
                long below = 0;
                long ruledOut = 0;
                double closest = Double.POSITIVE_INFINITY;
                // The same for the work's expanded query (what its topics rest on), which rank also bounds by sketch.
                long restsOnPairs = 0;
                long restsOnBelow = 0;
                double restsOnClosest = Double.POSITIVE_INFINITY;
                float[] bound = new float[1];
                for (RelevanceEval.Example e : examples) {
                    List<String> sides = new ArrayList<>(List.of(e.concept()));
                    if (!e.why().isBlank()) {
                        sides.add(RelevanceScorer.withWhy(e.concept(), e.why()));
                    }
                    float[] work = vector.get(e.work());
                    float[] restsOn = scorer.work(e.work(), work).restsOn();
                    double best = Double.NEGATIVE_INFINITY;
                    for (String side : sides) {
                        SignSketch.Store one = sketch.new Store(1);
                        one.add(vector.get(side));
                        one.bounds(sketch.query(work), 1, bound);
                        double exact = one.dot(work, 0);
                        pairs++;
                        closest = Math.min(closest, bound[0] - exact);
                        below += bound[0] + BlockedVectors.SCAN_MARGIN < exact ? 1 : 0;
                        best = Math.max(best, bound[0]);
                        if (restsOn != null) {
                            one.bounds(sketch.query(restsOn), 1, bound);
                            double exactRestsOn = one.dot(restsOn, 0);
                            restsOnPairs++;
                            restsOnClosest = Math.min(restsOnClosest, bound[0] - exactRestsOn);
                            restsOnBelow += bound[0] + BlockedVectors.SCAN_MARGIN < exactRestsOn ? 1 : 0;
                        }
                    }
                    ruledOut += best < RelevanceScorer.DEFAULT_THRESHOLD ? 1 : 0;
                }
                System.out.printf("%s: %d loops, %d cosines; bounds below their cosine: %d (closest %.4f above); "
                        + "loops whose cosine bound is below %.2f (scored only if words or the map could lift them): "
                        + "%d%n", Path.of(file).getFileName(), examples.size(), pairs, below, closest,
                        RelevanceScorer.DEFAULT_THRESHOLD, ruledOut);
                System.out.printf("  with what the work rests on: %d cosines; bounds below their cosine: %d (closest %.4f "
                        + "above)%n", restsOnPairs, restsOnBelow, restsOnClosest);
            }
        }
    }

    private static void everyMapPair(StructuralMap map) {
        SignSketch sketch = map.sketch();
        int n = map.nameCount();
        SignSketch.Store store = sketch.new Store(n);
        float[][] vectors = new float[n][];
        for (int i = 0; i < n; i++) {
            vectors[i] = map.nameVector(i);
            store.add(vectors[i]);
        }
        float[] bounds = new float[n];
        long pairs = 0;
        long below = 0;
        long underThreshold = 0;
        double closest = Double.POSITIVE_INFINITY;
        for (int i = 0; i < n; i++) {
            store.bounds(sketch.query(vectors[i]), i, bounds);
            for (int j = 0; j < i; j++) {
                double exact = store.dot(vectors[i], j);
                pairs++;
                below += bounds[j] + BlockedVectors.SCAN_MARGIN < exact ? 1 : 0;
                closest = Math.min(closest, bounds[j] - exact);
                underThreshold += bounds[j] < RelevanceScorer.DEFAULT_THRESHOLD ? 1 : 0;
            }
        }
        System.out.printf("concept map: %d names, %d pairs; bounds below their cosine: %d (closest %.4f); bounds below "
                + "%.2f: %.1f %%%n", n, pairs, below, closest, RelevanceScorer.DEFAULT_THRESHOLD,
                100.0 * underThreshold / pairs);
    }
}
