package dev.loopkeeper.bench;

import dev.loopkeeper.Loopkeeper;
import dev.loopkeeper.loop.Actor;
import dev.loopkeeper.loop.LoopScope;
import dev.loopkeeper.loop.OpenLoop;
import dev.loopkeeper.loop.Origin;
import dev.loopkeeper.loop.Outcome;
import dev.loopkeeper.loop.ParkRequest;
import dev.loopkeeper.loop.ParkResult;
import dev.loopkeeper.loop.Triage;
import dev.loopkeeper.support.MutableClock;
import dev.loopkeeper.support.TestApp;
import dev.loopkeeper.tree.Tree;
import dev.loopkeeper.tree.TreePicture;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;

/**
 * How long {@code /tree} takes for one person with N loops (default 500): the first picture in a fresh JVM (cold:
 * Java2D loads its fonts) and then warm, split into reading and grouping (database, stored vectors, scorer) and
 * drawing (layout, Java2D, PNG). Run by hand, one JVM per size, so that each cold number is a real first:
 * {@code java -cp $CP dev.loopkeeper.bench.TreeBenchmark 500 [picture.png [warmed]]}; with {@code warmed} the
 * renderer is first warmed up as the bot does at start-up, so "cold" is the first /tree a person sees.
 *
 * <p>The loops are concepts from the shipped concept map, parked with the real model: 8% core (a third of them closed
 * as learned), 30% adjacent, 50% peripheral, 12% left untriaged.
 */
public final class TreeBenchmark {
    private static final int WARM_RUNS = 40;
    private static final String PERSON = "4242";

    private TreeBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        int size = args.length > 0 ? Integer.parseInt(args[0]) : 500;
        Path folder = Files.createTempDirectory("tree-bench");
        try (Loopkeeper app = TestApp.open(folder, MutableClock.at("2026-11-30T08:00:00Z"))) {
            plant(app, concepts(size));
            LoopScope scope = LoopScope.personal(PERSON);
            Actor actor = Actor.person(PERSON);

            if (args.length > 2 && args[2].equals("warmed")) {
                // What the bot does at start-up: draw a tiny tree once, so the first /tree does not load fonts.
                long before = System.nanoTime();
                app.trees().draw(Tree.sample(), false);
                System.out.printf("start-up warm-up (a 4-loop tree, fonts loaded): %.0f ms%n",
                        (System.nanoTime() - before) / 1e6);
            }
            long start = System.nanoTime();
            Tree tree = app.trees().tree(scope, actor);
            long grouped = System.nanoTime();
            TreePicture first = app.trees().draw(tree, false);
            long drawn = System.nanoTime();
            System.out.printf("%d loops, picture %dx%d, %,d bytes, %d labels%n", tree.size(), first.drawing().width(),
                    first.drawing().height(), first.png().length, first.drawing().labels().size());
            System.out.printf("cold: read+group %.0f ms, draw (layout, Java2D, PNG) %.0f ms, total %.0f ms%n",
                    (grouped - start) / 1e6, (drawn - grouped) / 1e6, (drawn - start) / 1e6);

            long[] groups = new long[WARM_RUNS];
            long[] draws = new long[WARM_RUNS];
            long[] totals = new long[WARM_RUNS];
            for (int i = 0; i < WARM_RUNS + 10; i++) {
                long a = System.nanoTime();
                Tree t = app.trees().tree(scope, actor);
                long b = System.nanoTime();
                app.trees().draw(t, false);
                long c = System.nanoTime();
                if (i >= 10) {
                    groups[i - 10] = b - a;
                    draws[i - 10] = c - b;
                    totals[i - 10] = c - a;
                }
            }
            System.out.printf("warm (%d runs after 10): read+group %s; draw %s; total %s%n", WARM_RUNS,
                    Stats.of(groups), Stats.of(draws), Stats.of(totals));
            if (args.length > 1) {
                Files.write(Path.of(args[1]), first.png());
            }
        }
    }

    /** {@code size} distinct concepts from the concept map's foundations, in a fixed shuffled order. */
    static List<String> concepts(int size) throws Exception {
        Set<String> all = new LinkedHashSet<>();
        try (BufferedReader in = new BufferedReader(new InputStreamReader(
                TreeBenchmark.class.getResourceAsStream("/relevance/concept-map.tsv"), StandardCharsets.UTF_8))) {
            String line;
            while ((line = in.readLine()) != null) {
                String[] fields = line.split("\t");
                if (line.startsWith("#") || fields.length < 4) {
                    continue;
                }
                all.add(fields[1]);
                Collections.addAll(all, fields[3].split("\\|"));
            }
        }
        List<String> shuffled = new ArrayList<>(all);
        Collections.shuffle(shuffled, new Random(13));
        return shuffled.subList(0, Math.min(size, shuffled.size()));
    }

    private static void plant(Loopkeeper app, List<String> concepts) {
        Random random = new Random(7);
        for (String concept : concepts) {
            ParkResult result = app.loops().park(new ParkRequest(PERSON, concept, null, Origin.none()));
            if (!(result instanceof ParkResult.Parked parked)) {
                continue;
            }
            OpenLoop loop = parked.loop();
            double roll = random.nextDouble();
            Triage triage = roll < 0.08 ? Triage.CORE : roll < 0.38 ? Triage.ADJACENT : roll < 0.88 ? Triage.PERIPHERAL
                    : Triage.UNTRIAGED;
            if (triage != Triage.UNTRIAGED) {
                app.triage().classify(PERSON, loop.id(), triage);
            }
            if (triage != Triage.UNTRIAGED && random.nextDouble() < (triage == Triage.CORE ? 0.33 : 0.1)) {
                app.loops().close(PERSON, loop.id(), Outcome.LEARNED, null);
            }
        }
    }
}
