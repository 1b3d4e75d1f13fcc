package dev.loopkeeper.tree;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.loopkeeper.loop.Triage;
import dev.loopkeeper.tree.TreeDrawing.Label;
import dev.loopkeeper.tree.TreeDrawing.Role;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * The tree's grouping and layout on known sets, measured with the renderer's real fonts: which loop hangs where, that
 * every loop's label is placed inside the canvas without overlapping another, long concepts shortened, and a big tree
 * aggregated into a picture that still fits.
 */
class TreeLayoutTest {
    private static final TreeRenderer RENDERER = new TreeRenderer();
    private static final TreeLayout LAYOUT = new TreeLayout(RENDERER);

    /** A nearness given as a table: closest holder and score per loop, and cosines per pair. */
    private static final class Table implements Nearness {
        final Map<Long, Closest> near = new HashMap<>();
        final Map<String, Double> cosines = new HashMap<>();

        Table near(long loop, long holder, double score) {
            near.put(loop, new Closest(holder, score));
            return this;
        }

        Table cosine(long a, long b, double value) {
            cosines.put(a + "-" + b, value);
            cosines.put(b + "-" + a, value);
            return this;
        }

        @Override
        public Map<Long, Closest> closest(List<Long> loopIds, List<Long> holderIds) {
            Map<Long, Closest> found = new HashMap<>();
            for (long id : loopIds) {
                Closest c = near.get(id);
                if (c != null && holderIds.contains(c.holderId())) {
                    found.put(id, c);
                }
            }
            return found;
        }

        @Override
        public Optional<Double> cosine(long a, long b) {
            return Optional.ofNullable(cosines.get(a + "-" + b));
        }
    }

    private static TreeLoop loop(long id, String concept, Triage triage) {
        return new TreeLoop(id, concept, triage, false);
    }

    private static final List<TreeLoop> KNOWN = List.of(
            new TreeLoop(1, "reverse-mode autodiff", Triage.CORE, true),
            loop(2, "GPU memory hierarchy", Triage.CORE),
            loop(3, "Jacobian-vector products", Triage.ADJACENT),
            new TreeLoop(4, "computational graph", Triage.ADJACENT, true),
            loop(5, "warp divergence", Triage.ADJACENT),
            loop(6, "dual numbers", Triage.PERIPHERAL),
            loop(7, "tensor cores", Triage.PERIPHERAL),
            loop(8, "medieval castles", Triage.PERIPHERAL),
            loop(9, "sourdough hydration", Triage.UNTRIAGED),
            loop(10, "linear algebra refresher", Triage.ADJACENT));

    private static Tree known() {
        return Tree.grow(KNOWN, new Table()
                .near(3, 1, 0.43).near(4, 1, 0.65).near(5, 2, 0.61)
                .near(6, 1, 0.50).near(7, 2, 0.77)
                .cosine(6, 3, 0.40).cosine(6, 4, 0.20).cosine(7, 5, 0.10));
    }

    @Test
    void loopsHangOnTheCoreLoopTheyAreClosestToAndLeavesOnTheNearestBranch() {
        Tree tree = known();

        assertEquals(List.of(1L, 2L), tree.trunk().stream().map(p -> p.core().id()).collect(Collectors.toList()),
                "the bigger part first");
        Tree.Part autodiff = tree.trunk().get(0);
        assertEquals(List.of(3L, 4L), autodiff.branches().stream().map(b -> b.branch().loop().id())
                .collect(Collectors.toList()), "the branch with a leaf first");
        assertEquals(List.of(6L), autodiff.branches().get(0).leaves().stream().map(n -> n.loop().id())
                .collect(Collectors.toList()), "dual numbers sits on its nearest branch (cosine 0.40 >= 0.35)");
        Tree.Part gpu = tree.trunk().get(1);
        assertEquals(List.of(7L), gpu.leaves().stream().map(n -> n.loop().id()).collect(Collectors.toList()),
                "tensor cores is near no branch of its core loop, so it hangs on the core loop itself");
        assertEquals(List.of(10L), tree.looseBranches().stream().map(b -> b.branch().loop().id())
                .collect(Collectors.toList()));
        assertEquals(List.of(8L), tree.looseLeaves().stream().map(n -> n.loop().id()).collect(Collectors.toList()));
        assertEquals(List.of(9L), tree.seeds().stream().map(TreeLoop::id).collect(Collectors.toList()));
        assertEquals(10, tree.size());
        assertEquals(3, tree.openBranches(), "computational graph has grown");
        assertEquals(1, tree.grownCores());
        assertEquals(2, tree.grown());
    }

    @Test
    void aLoopThatGrewBeforeItWasTriagedIsNotCountedAsNotTriaged() {
        Tree mixedTree = Tree.grow(List.of(new TreeLoop(1, "einsum", Triage.UNTRIAGED, true),
                new TreeLoop(2, "dual numbers", Triage.UNTRIAGED, false)), new Table());
        TreeDrawing mixedDrawing = LAYOUT.layout(mixedTree, false);
        Set<String> mixed = mixedDrawing.labels().stream().map(Label::text).collect(Collectors.toSet());
        String mixedCounts = mixedDrawing.labels().stream().filter(l -> l.role() == Role.SUMMARY).map(Label::text)
                .collect(Collectors.joining(" "));
        Tree grownTree = Tree.grow(List.of(new TreeLoop(1, "einsum", Triage.UNTRIAGED, true)), new Table());
        Set<String> grownOnly = LAYOUT.layout(grownTree, false).labels().stream().map(Label::text)
                .collect(Collectors.toSet());

        // A closed loop needs no triage: it is counted with the grown ones and kept apart from the seeds.
        assertEquals(1, mixedTree.count(Triage.UNTRIAGED));
        assertEquals(List.of(2L), mixedTree.seeds().stream().map(TreeLoop::id).collect(Collectors.toList()));
        assertEquals(2, mixedTree.size());
        assertEquals(1, mixedTree.grown());
        assertEquals("2 loops: 0 core, 0 adjacent, 0 peripheral, 1 not triaged \u00b7 1 grown (1 without a class)",
                mixedCounts, "on two lines");
        assertTrue(mixed.contains("Not triaged yet (1): /triage sorts them"), mixed.toString());
        assertTrue(mixed.contains("Grown without a class (1)"), mixed.toString());
        Label einsum = mixedDrawing.labels().stream().filter(l -> l.loopId() == 1).findFirst().orElseThrow();
        assertEquals(Role.LEAF, einsum.role(), "marked as the legend marks a grown loop, not as a seed");
        assertInsideAndApart(mixedDrawing);

        assertEquals(0, grownTree.count(Triage.UNTRIAGED));
        assertTrue(grownOnly.contains("1 loop: 0 core, 0 adjacent, 0 peripheral \u00b7 1 grown (1 without a class)"),
                grownOnly.toString());
        assertTrue(grownOnly.contains("Grown without a class (1)"), grownOnly.toString());
        assertTrue(grownOnly.stream().noneMatch(text -> text.startsWith("Not triaged")), grownOnly.toString());
        assertEquals("A knowledge tree, 1 loop: 0 core, 0 adjacent, 0 peripheral \u00b7 1 grown (1 without a class). "
                + "Core loops form the trunk, adjacent loops branch off the core loop closest in meaning, peripheral "
                + "loops are leaves.", TreeMessages.altText(false, grownTree));
    }

    @Test
    void everyLoopIsLabelledOnceInsideTheCanvasAndNoLabelsOverlap() {
        TreeDrawing drawing = LAYOUT.layout(known(), false);

        assertEquals(TreeLayout.WIDTH, drawing.width());
        assertTrue(drawing.height() >= TreeLayout.MIN_HEIGHT && drawing.height() <= TreeLayout.MAX_HEIGHT);
        Map<Long, List<Label>> byLoop = drawing.labels().stream().filter(l -> l.loopId() != 0)
                .collect(Collectors.groupingBy(Label::loopId));
        assertEquals(KNOWN.stream().map(TreeLoop::id).collect(Collectors.toSet()), byLoop.keySet());
        byLoop.values().forEach(labels -> assertEquals(1, labels.size(), labels.toString()));
        assertEquals(Role.CORE, byLoop.get(1L).get(0).role());
        assertEquals(Role.BRANCH, byLoop.get(3L).get(0).role());
        assertEquals(Role.LEAF, byLoop.get(6L).get(0).role());
        assertEquals(Role.SEED, byLoop.get(9L).get(0).role());
        assertEquals("reverse-mode autodiff", byLoop.get(1L).get(0).text());
        assertInsideAndApart(drawing);
        Set<String> words = drawing.labels().stream().map(Label::text).collect(Collectors.toSet());
        assertTrue(words.contains("Your knowledge tree"), words.toString());
        assertTrue(words.contains("Depth before breadth: 3 open branches per closed core loop"), words.toString());
        assertTrue(words.contains("10 loops: 2 core, 4 adjacent, 3 peripheral, 1 not triaged \u00b7 2 grown"),
                words.toString());
        // Every grown loop's mark carries the check; the others do not.
        assertEquals(2, drawing.marks().stream().filter(TreeDrawing.Mark::grown).count() - 1,
                "two grown loops, plus the legend's example");
    }

    @Test
    void aLongConceptIsWrappedOnTheTrunkAndShortenedWithAnEllipsisElsewhere() {
        String longCore = "the surprisingly deep connection between reverse-mode automatic differentiation, adjoint "
                + "methods in optimal control and backpropagation through time in recurrent networks";
        String longLeaf = "a very long peripheral concept that nobody could ever fit on one line of a small phone";
        String unbroken = "x".repeat(300);
        Tree tree = Tree.grow(List.of(loop(1, longCore, Triage.CORE), loop(2, longLeaf, Triage.PERIPHERAL),
                loop(3, unbroken, Triage.ADJACENT)), new Table().near(2, 1, 0.5).near(3, 1, 0.5));

        TreeDrawing drawing = LAYOUT.layout(tree, false);

        List<Label> core = drawing.labels().stream().filter(l -> l.loopId() == 1).collect(Collectors.toList());
        assertEquals(2, core.size(), "wrapped onto two lines");
        assertTrue(core.get(1).text().endsWith("\u2026"), core.toString());
        assertTrue(core.get(0).shortened());
        assertTrue(longCore.startsWith(core.get(0).text()), core.get(0).text());
        Label leaf = drawing.labels().stream().filter(l -> l.loopId() == 2).findFirst().orElseThrow();
        Label branch = drawing.labels().stream().filter(l -> l.loopId() == 3).findFirst().orElseThrow();
        for (Label cut : List.of(leaf, branch)) {
            assertTrue(cut.shortened() && cut.text().endsWith("\u2026"), cut.toString());
            assertTrue(cut.text().length() < 200, cut.toString());
        }
        assertInsideAndApart(drawing);
    }

    @Test
    void fiveHundredLoopsFitOnePictureWithWhatIsLeftOutCounted() {
        List<TreeLoop> loops = new ArrayList<>();
        Table table = new Table();
        int cores = 40;
        for (int i = 1; i <= 500; i++) {
            Triage triage = i <= cores ? Triage.CORE : i <= 190 ? Triage.ADJACENT : i <= 440 ? Triage.PERIPHERAL
                    : Triage.UNTRIAGED;
            loops.add(new TreeLoop(i, "concept number " + i + " about something", triage, i % 9 == 0));
            if (triage == Triage.ADJACENT || triage == Triage.PERIPHERAL) {
                table.near(i, 1 + i % cores, 0.5);
            }
        }
        Tree tree = Tree.grow(loops, table);
        assertEquals(500, tree.size());

        TreeDrawing drawing = LAYOUT.layout(tree, false);

        assertTrue(drawing.height() <= TreeLayout.MAX_HEIGHT, "height " + drawing.height());
        List<Label> more = drawing.labels().stream().filter(l -> l.role() == Role.MORE).collect(Collectors.toList());
        assertFalse(more.isEmpty());
        assertTrue(more.stream().anyMatch(l -> l.text().matches("\\+\\d+ more core loops, \\d+ loops in all:")),
                more.toString());
        assertTrue(more.stream().anyMatch(l -> l.text().matches("\\+\\d+ more")), more.toString());
        // What is shown plus what is counted covers every seed (53 open), and every loop that grew without a class (7).
        List<Label> labels = drawing.labels();
        int seedsAt = labels.indexOf(labels.stream().filter(l -> l.text().startsWith("Not triaged yet (53)"))
                .findFirst().orElseThrow());
        int grownAt = labels.indexOf(labels.stream().filter(l -> l.text().equals("Grown without a class (7)"))
                .findFirst().orElseThrow());
        assertTrue(seedsAt < grownAt, "the seeds first");
        assertEquals(53, shownAndCounted(labels.subList(seedsAt + 1, grownAt)));
        assertEquals(7, shownAndCounted(labels.subList(grownAt + 1, labels.size())));
        assertTrue(drawing.labels().size() < 150, "readable, not crammed: " + drawing.labels().size());
        assertInsideAndApart(drawing);
    }

    @Test
    void withNoCoreLoopEverythingIsLooseAndTheHeadingSaysWhy() {
        Tree tree = Tree.grow(List.of(loop(1, "bloom filters", Triage.ADJACENT), loop(2, "skip lists", Triage.PERIPHERAL)),
                new Table());

        TreeDrawing drawing = LAYOUT.layout(tree, true);

        Set<String> words = drawing.labels().stream().map(Label::text).collect(Collectors.toSet());
        assertTrue(words.contains("The server's knowledge tree"), words.toString());
        assertTrue(words.contains(TreeMessages.looseHeading(true, true)), words.toString());
        assertTrue(words.contains("Depth before breadth: 1 open branch, no core loop closed yet"), words.toString());
        assertTrue(drawing.strokes().stream().noneMatch(s -> s.kind() == TreeDrawing.StrokeKind.TRUNK));
    }

    /** The loops a section's labels name, plus the "+N more" it ends with, if any. */
    private static long shownAndCounted(List<Label> section) {
        return section.stream().filter(l -> l.loopId() != 0).count() + section.stream()
                .filter(l -> l.role() == Role.MORE).mapToLong(l -> Long.parseLong(l.text().replaceAll("\\D", ""))).sum();
    }

    /** Every label inside the canvas, and no two labels' boxes overlapping. */
    static void assertInsideAndApart(TreeDrawing drawing) {
        List<Label> labels = drawing.labels();
        for (Label label : labels) {
            assertTrue(label.x() >= 0 && label.x() + label.width() <= drawing.width() - 30, "outside: " + label);
            assertTrue(label.top() >= 0 && label.baseline() <= drawing.height() - 20, "outside: " + label);
        }
        for (int i = 0; i < labels.size(); i++) {
            for (int j = i + 1; j < labels.size(); j++) {
                Label a = labels.get(i);
                Label b = labels.get(j);
                boolean apart = a.x() + a.width() <= b.x() || b.x() + b.width() <= a.x()
                        || a.baseline() <= b.top() + 2 || b.baseline() <= a.top() + 2;
                assertTrue(apart, "overlap: " + a + " and " + b);
            }
        }
    }
}
