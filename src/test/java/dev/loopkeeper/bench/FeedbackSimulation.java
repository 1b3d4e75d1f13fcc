package dev.loopkeeper.bench;

import dev.loopkeeper.Loopkeeper;
import dev.loopkeeper.relevance.Feedback;
import dev.loopkeeper.relevance.FeedbackMemory;
import dev.loopkeeper.relevance.MiniLmEmbedder;
import dev.loopkeeper.relevance.RelevanceScorer;
import dev.loopkeeper.relevance.StructuralMap;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Replays a person's feedback on labelled scenario sets kept outside the repository and measures what the bot learns
 * from it: {@code FeedbackSimulation FILE.tsv...} (the columns of RelevanceEval). The focuses (groups) are split in two
 * halves by their position; the person works through one half round after round, sees for each focus the top 3 loops
 * at or above their threshold that they have not turned down for it, opens the true ones and marks the others "not
 * relevant" (which, as in the bot, hides that loop for that focus and raises their threshold; an opened loop stays
 * active and may be shown again in a later round, as after the bot's cooldown). The other half is held out: its loops and focuses
 * were never seen, so only what transfers across focuses can move its figures. Both halves take each role once and
 * the held-out figures cover every focus of the set. Not a test; run by hand (docs/RELEVANCE.md).
 */
public final class FeedbackSimulation {
    private static final int[] REPORTED = {0, 1, 5, 20};
    private static final int SHOWN = 3;
    private static final double STEP = 0.02;
    private static final double MAX_OFFSET = 0.2;

    private FeedbackSimulation() {
    }

    private record Row(long id, RelevanceEval.Example example, RelevanceScorer.Work work, RelevanceScorer.Loop loop) {
    }

    /** The person's state: their events and their threshold offset. */
    private static final class Person {
        final List<Feedback> events = new ArrayList<>();
        final Map<String, Set<Long>> turnedDownFor = new HashMap<>();
        double offset;
        int opened;
        int turnedDown;
    }

    public static void main(String[] args) throws IOException {
        try (MiniLmEmbedder embedder = new MiniLmEmbedder()) {
            StructuralMap map = Loopkeeper.loadMap(embedder);
            RelevanceScorer scorer = new RelevanceScorer(embedder, map);
            for (String arg : args) {
                run(Path.of(arg), scorer);
            }
        }
    }

    private static void run(Path file, RelevanceScorer scorer) throws IOException {
        List<RelevanceEval.Example> examples = RelevanceEval.read(file);
        Map<String, RelevanceScorer.Work> works = new HashMap<>();
        Map<String, List<Row>> groups = new TreeMap<>();
        long id = 0;
        for (RelevanceEval.Example e : examples) {
            RelevanceScorer.Work work = works.computeIfAbsent(e.work(), scorer::work);
            groups.computeIfAbsent(e.group(), g -> new ArrayList<>())
                    .add(new Row(++id, e, work, scorer.loop(e.concept(), e.why())));
        }
        List<String> ids = new ArrayList<>(groups.keySet());
        List<List<String>> halves = List.of(new ArrayList<>(), new ArrayList<>());
        for (int i = 0; i < ids.size(); i++) {
            halves.get(i % 2).add(ids.get(i));
        }
        // Per reported round: the scored rows of held-out focuses, of seen focuses, and the person's state.
        Map<Integer, List<EvalMetrics.Row>> heldOut = new LinkedHashMap<>();
        Map<Integer, List<EvalMetrics.Row>> seen = new LinkedHashMap<>();
        Map<Integer, double[]> state = new LinkedHashMap<>(); // offset, opened, turned down, summed over halves
        Map<Integer, List<double[]>> reminded = new LinkedHashMap<>(); // per held-out focus: best score, label, threshold
        for (int r : REPORTED) {
            heldOut.put(r, new ArrayList<>());
            seen.put(r, new ArrayList<>());
            state.put(r, new double[3]);
            reminded.put(r, new ArrayList<>());
        }
        for (int h = 0; h < 2; h++) {
            List<String> train = halves.get(h);
            List<String> test = halves.get(1 - h);
            Person person = new Person();
            for (int round = 0; round <= REPORTED[REPORTED.length - 1]; round++) {
                if (round > 0) {
                    for (String g : train) {
                        see(groups.get(g), g, person, scorer);
                    }
                }
                if (!heldOut.containsKey(round)) {
                    continue;
                }
                FeedbackMemory memory = new FeedbackMemory(person.events);
                double threshold = RelevanceScorer.DEFAULT_THRESHOLD + person.offset;
                for (String g : test) {
                    List<EvalMetrics.Row> scored = score(groups.get(g), memory, scorer);
                    heldOut.get(round).addAll(scored);
                    EvalMetrics.Row best = scored.stream().max(Comparator.comparingDouble(EvalMetrics.Row::score))
                            .orElseThrow();
                    reminded.get(round).add(new double[] {best.score(), best.positive() ? 1 : 0, threshold});
                }
                for (String g : train) {
                    seen.get(round).addAll(score(groups.get(g), memory, scorer));
                }
                double[] s = state.get(round);
                s[0] += person.offset / 2;
                s[1] += person.opened;
                s[2] += person.turnedDown;
            }
        }
        System.out.println(file.getFileName() + " (" + groups.size() + " focuses, two halves of "
                + halves.get(0).size() + " and " + halves.get(1).size() + ")");
        System.out.println("round | held out: AUC   MAP   top-1@55% | at threshold: top-1 (share) | seen focuses: AUC   MAP"
                + "   top-1@55% | opened, turned down (both halves) | offset");
        for (int r : REPORTED) {
            EvalMetrics.Figures held = EvalMetrics.of(heldOut.get(r));
            EvalMetrics.Figures own = EvalMetrics.of(seen.get(r));
            int n = 0;
            int hits = 0;
            for (double[] t : reminded.get(r)) {
                if (t[0] >= t[2]) {
                    n++;
                    hits += (int) t[1];
                }
            }
            double[] s = state.get(r);
            System.out.println(String.format(Locale.ROOT,
                    "%5d |           %.3f %.3f %.3f     |              %.3f (%3.0f%%)    |               %.3f %.3f %.3f"
                            + "     | %4.0f, %4.0f                        | %+.2f",
                    r, held.auc(), held.map(), held.top1At55(), n == 0 ? 0.0 : (double) hits / n,
                    100.0 * n / reminded.get(r).size(), own.auc(), own.map(), own.top1At55(), s[1], s[2], s[0]));
        }
    }

    /** One round on one focus: the top loops at or above the threshold, not turned down for it, get feedback. */
    private static void see(List<Row> group, String focus, Person person, RelevanceScorer scorer) {
        FeedbackMemory memory = new FeedbackMemory(person.events);
        FeedbackMemory.ForWork forWork = memory.forWork(group.get(0).work().vector());
        double threshold = RelevanceScorer.DEFAULT_THRESHOLD + person.offset;
        Set<Long> suppressed = person.turnedDownFor.computeIfAbsent(focus, f -> new HashSet<>());
        List<double[]> ranked = new ArrayList<>(); // score, index
        for (int i = 0; i < group.size(); i++) {
            Row row = group.get(i);
            if (suppressed.contains(row.id())) {
                continue;
            }
            double s = scorer.score(row.work(), row.loop(), forWork.adjust(row.id(), row.loop().conceptVector())).score();
            if (s >= threshold) {
                ranked.add(new double[] {s, i});
            }
        }
        ranked.sort(Comparator.comparingDouble((double[] a) -> a[0]).reversed());
        for (int i = 0; i < Math.min(SHOWN, ranked.size()); i++) {
            Row row = group.get((int) ranked.get(i)[1]);
            boolean positive = row.example().positive();
            person.events.add(new Feedback(row.id(), row.loop().conceptVector(), row.work().vector(), positive ? 1 : -1));
            if (positive) {
                person.opened++;
            } else {
                suppressed.add(row.id());
                person.turnedDown++;
                person.offset = Math.min(MAX_OFFSET, person.offset + STEP);
            }
        }
    }

    private static List<EvalMetrics.Row> score(List<Row> group, FeedbackMemory memory, RelevanceScorer scorer) {
        FeedbackMemory.ForWork forWork = memory.forWork(group.get(0).work().vector());
        List<EvalMetrics.Row> out = new ArrayList<>();
        for (Row row : group) {
            double s = scorer.score(row.work(), row.loop(), forWork.adjust(row.id(), row.loop().conceptVector())).score();
            out.add(new EvalMetrics.Row(row.example().group(), row.example().kind(), row.example().positive(), s));
        }
        return out;
    }
}
