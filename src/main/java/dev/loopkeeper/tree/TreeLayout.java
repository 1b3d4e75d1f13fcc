package dev.loopkeeper.tree;

import dev.loopkeeper.tree.TreeDrawing.Label;
import dev.loopkeeper.tree.TreeDrawing.Mark;
import dev.loopkeeper.tree.TreeDrawing.MarkKind;
import dev.loopkeeper.tree.TreeDrawing.Role;
import dev.loopkeeper.tree.TreeDrawing.Stroke;
import dev.loopkeeper.tree.TreeDrawing.StrokeKind;
import dev.loopkeeper.tree.TreeDrawing.Style;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Places a {@link Tree} on a canvas of fixed width: a header (title, counts, the depth-before-breadth line, a legend),
 * then the trunk top to bottom, one part per core loop with its branches, each branch followed by its leaves flowing
 * in rows, then the loose loops, the seeds and the loops that grew without a class. Pure: it measures text through a
 * {@link TextMeasure} and draws nothing.
 *
 * <p>The canvas is {@link #WIDTH} pixels wide and at most {@link #MAX_HEIGHT} tall, so that Discord's preview on a
 * phone (about 360-400 points wide) shows the text at 9-13 points. A tree that does not fit is shown at a lower level
 * of detail: fewer rows of leaves per branch, fewer branches per core loop, then fewer core loops; what is left out is
 * counted ("+37 more").
 */
public final class TreeLayout {
    public static final int WIDTH = 1000;
    public static final int MAX_HEIGHT = 1400;
    static final int MIN_HEIGHT = 360;
    private static final double PAD = 36;
    private static final double TRUNK_X = PAD + 22;
    private static final double CORE_R = 15;
    private static final double CORE_TEXT_X = TRUNK_X + 32;
    private static final double BRANCH_X = TRUNK_X + 58;
    private static final double BRANCH_R = 9;
    private static final double BRANCH_TEXT_X = BRANCH_X + 20;
    private static final double LEAF_R = 8;
    private static final double LEAF_TEXT_GAP = 22;
    private static final double CHIP_GAP = 26;
    private static final double MAX_LEAF_WIDTH = 450;
    private static final double RIGHT = WIDTH - PAD;
    private static final double CORE_LINE = 42;
    private static final double BRANCH_LINE = 40;
    private static final double LEAF_LINE = 35;
    private static final double PART_GAP = 14;
    private static final double SECTION_GAP = 26;
    private static final String ELLIPSIS = "\u2026";

    /** Levels of detail: rows of leaves per branch, branches per core loop, rows of loose leaves and of seeds. */
    private static final int[][] LEVELS = {{3, 99, 3}, {2, 8, 2}, {1, 6, 2}, {1, 4, 1}, {1, 3, 1}, {1, 2, 1}};
    /** When even the lowest level is too tall: core loops shown whole before the rest are listed by name. */
    private static final int[][] CROWDED = {{1, 2, 1}, {1, 1, 1}, {1, 0, 1}};

    private final TextMeasure measure;

    public TreeLayout(TextMeasure measure) {
        this.measure = measure;
    }

    /** Lays out the tree; {@code server} says whose it is, for the title. */
    public TreeDrawing layout(Tree tree, boolean server) {
        // Each level of detail measures the same texts again: measure each once.
        Map<Style, Map<String, Double>> widths = new EnumMap<>(Style.class);
        TextMeasure outer = measure;
        TreeLayout cached = new TreeLayout((text, style) -> widths.computeIfAbsent(style, s -> new HashMap<>())
                .computeIfAbsent(text, t -> outer.width(t, style)));
        return cached.fitted(tree, server);
    }

    private TreeDrawing fitted(Tree tree, boolean server) {
        TreeDrawing drawing = null;
        for (int[] level : LEVELS) {
            drawing = new Pass(tree, server, level[0], level[1], level[2], tree.trunk().size()).run();
            if (drawing.height() <= MAX_HEIGHT) {
                return drawing;
            }
        }
        // Still too tall: fewer core loops shown whole, the rest named in a row of their own and counted.
        // The height grows with the parts shown, so the most that fit is found by halving (a person may have hundreds).
        for (int[] level : CROWDED) {
            TreeDrawing best = null;
            int lo = 1;
            int hi = tree.trunk().size() - 1;
            while (lo <= hi) {
                int parts = (lo + hi) / 2;
                drawing = new Pass(tree, server, level[0], level[1], level[2], parts).run();
                if (drawing.height() <= MAX_HEIGHT) {
                    best = drawing;
                    lo = parts + 1;
                } else {
                    hi = parts - 1;
                }
            }
            if (best != null) {
                return best;
            }
        }
        return new Pass(tree, server, 1, 0, 1, 0).run();
    }

    /** One attempt at a level of detail. */
    private final class Pass {
        private final Tree tree;
        private final boolean server;
        private final int leafRows;
        private final int maxBranches;
        private final int otherRows;
        private final int maxParts;
        private final List<Label> labels = new ArrayList<>();
        private final List<Mark> marks = new ArrayList<>();
        private final List<Stroke> strokes = new ArrayList<>();
        private double y = PAD;

        Pass(Tree tree, boolean server, int leafRows, int maxBranches, int otherRows, int maxParts) {
            this.tree = tree;
            this.server = server;
            this.leafRows = leafRows;
            this.maxBranches = maxBranches;
            this.otherRows = otherRows;
            this.maxParts = maxParts;
        }

        TreeDrawing run() {
            header();
            trunk();
            loose();
            seeds();
            grownWithoutClass();
            int height = (int) Math.ceil(Math.max(MIN_HEIGHT, y + PAD));
            return new TreeDrawing(WIDTH, height, labels, marks, strokes);
        }

        private void header() {
            y += Style.TITLE.size();
            text(TreeMessages.title(server), PAD, Style.TITLE, Role.TITLE);
            y += 40;
            List<String> counts = wrap(TreeMessages.counts(tree), Style.LINE, RIGHT - PAD, 2);
            for (int i = 0; i < counts.size(); i++) {
                y += i == 0 ? 0 : 34;
                text(counts.get(i), PAD, Style.LINE, Role.SUMMARY);
            }
            y += 38;
            text(fit(TreeMessages.depth(tree.openBranches(), tree.grownCores()), Style.LINE, RIGHT - PAD).text(), PAD,
                    Style.LINE, Role.DEPTH);
            y += 40;
            legend();
            y += 20;
            strokes.add(new Stroke(StrokeKind.RULE, PAD, y, RIGHT, y));
            y += 14;
        }

        private void legend() {
            double x = PAD;
            Object[][] entries = {
                {MarkKind.CORE, false, TreeMessages.LEGEND_CORE}, {MarkKind.BRANCH, false, TreeMessages.LEGEND_BRANCH},
                {MarkKind.LEAF, false, TreeMessages.LEGEND_LEAF}, {MarkKind.SEED, false, TreeMessages.LEGEND_SEED},
                {MarkKind.LEAF, true, TreeMessages.LEGEND_GROWN}};
            for (Object[] entry : entries) {
                String words = (String) entry[2];
                double w = 2 * 11 + 8 + measure.width(words, Style.LEGEND);
                if (x > PAD && x + w > RIGHT) {
                    x = PAD;
                    y += 34;
                }
                marks.add(new Mark((MarkKind) entry[0], x + 11, y - 8, 11, (Boolean) entry[1]));
                text(words, x + 30, Style.LEGEND, Role.LEGEND);
                x += w + 24;
            }
        }

        private void trunk() {
            if (tree.trunk().isEmpty()) {
                return;
            }
            int shown = Math.min(maxParts, tree.trunk().size());
            double trunkTop = y + 8 + CORE_LINE - 12;
            double trunkBottom = trunkTop;
            for (int i = 0; i < shown; i++) {
                y += i == 0 ? 8 : PART_GAP;
                trunkBottom = part(tree.trunk().get(i));
            }
            if (shown < tree.trunk().size()) {
                int loops = 0;
                for (int i = shown; i < tree.trunk().size(); i++) {
                    loops += tree.trunk().get(i).size();
                }
                y += PART_GAP + BRANCH_LINE - 8;
                trunkBottom = y - 9;
                marks.add(new Mark(MarkKind.CORE, TRUNK_X, trunkBottom, CORE_R * 0.6, false));
                text(TreeMessages.moreCores(tree.trunk().size() - shown, loops), CORE_TEXT_X, Style.MORE, Role.MORE);
                // The rest by name, in a row of their own.
                List<Tree.Near> rest = new ArrayList<>();
                for (int i = shown; i < tree.trunk().size(); i++) {
                    rest.add(new Tree.Near(tree.trunk().get(i).core(), 0));
                }
                y += LEAF_LINE;
                chips(rest, CORE_TEXT_X, CORE_TEXT_X, 2, Role.CORE);
            }
            // The trunk runs from the first core loop to the last, and a little below: its root.
            strokes.add(0, new Stroke(StrokeKind.TRUNK, TRUNK_X, trunkTop, TRUNK_X, trunkBottom + 18));
            y += 18;
        }

        /** One core loop with its leaves and branches; returns the y of its lowest attachment to the trunk. */
        private double part(Tree.Part part) {
            List<String> lines = wrap(part.core().concept(), Style.CORE, RIGHT - CORE_TEXT_X, 2);
            boolean shortened = !String.join(" ", lines).equals(part.core().concept().strip());
            y += CORE_LINE - 8;
            double nodeY = y - 11;
            marks.add(new Mark(MarkKind.CORE, TRUNK_X, nodeY, CORE_R, part.core().grown()));
            double lowest = nodeY;
            for (int i = 0; i < lines.size(); i++) {
                if (i > 0) {
                    y += CORE_LINE - 4;
                }
                labels.add(new Label(lines.get(i), CORE_TEXT_X, y, measure.width(lines.get(i), Style.CORE), Style.CORE,
                        Role.CORE, part.core().id(), shortened));
            }
            if (!part.leaves().isEmpty()) {
                y += LEAF_LINE;
                double rowY = y - 8;
                strokes.add(new Stroke(StrokeKind.STEM, TRUNK_X, rowY, BRANCH_X - LEAF_R, rowY));
                chips(part.leaves(), BRANCH_X - LEAF_R * 2 + 2, BRANCH_X - LEAF_R * 2 + 2, leafRows, Role.LEAF);
                lowest = rowY;
            }
            int branches = Math.min(maxBranches, part.branches().size());
            for (int i = 0; i < branches; i++) {
                lowest = branch(part.branches().get(i), true);
            }
            if (branches < part.branches().size()) {
                int leaves = 0;
                for (int i = branches; i < part.branches().size(); i++) {
                    leaves += part.branches().get(i).leaves().size();
                }
                y += BRANCH_LINE - 4;
                double rowY = y - 9;
                strokes.add(new Stroke(StrokeKind.BRANCH, TRUNK_X, rowY, BRANCH_X - BRANCH_R, rowY));
                text(TreeMessages.moreBranches(part.branches().size() - branches, leaves), BRANCH_X, Style.MORE,
                        Role.MORE);
                lowest = rowY;
            }
            return lowest;
        }

        /** One branch and its leaves; returns the y where it meets the trunk. */
        private double branch(Tree.Branch branch, boolean onTrunk) {
            y += BRANCH_LINE;
            double rowY = y - 9;
            double nodeX = onTrunk ? BRANCH_X : PAD + BRANCH_R;
            double textX = nodeX + 20;
            if (onTrunk) {
                strokes.add(new Stroke(StrokeKind.BRANCH, TRUNK_X, rowY, nodeX - BRANCH_R, rowY));
            }
            TreeLoop loop = branch.branch().loop();
            marks.add(new Mark(MarkKind.BRANCH, nodeX, rowY, BRANCH_R, loop.grown()));
            double room = RIGHT - textX;
            // A branch with leaves keeps room for them on its own line.
            Fitted name = fit(loop.concept(), Style.BRANCH, branch.leaves().isEmpty() ? room : room * 0.5);
            labels.add(new Label(name.text(), textX, y, name.width(), Style.BRANCH, Role.BRANCH, loop.id(),
                    name.shortened()));
            if (!branch.leaves().isEmpty()) {
                double first = textX + name.width() + CHIP_GAP;
                strokes.add(new Stroke(StrokeKind.STEM, textX + name.width() + 6, rowY, first - 2, rowY));
                // Leaves continue on the branch's own line, then in rows under its name.
                chipsFrom(branch.leaves(), first, textX, leafRows, Role.LEAF, Style.BRANCH);
            }
            return rowY;
        }

        private void loose() {
            if (tree.looseBranches().isEmpty() && tree.looseLeaves().isEmpty()) {
                return;
            }
            section(TreeMessages.looseHeading(tree.trunk().isEmpty(), server));
            int branches = Math.min(Math.max(maxBranches, 1), tree.looseBranches().size());
            for (int i = 0; i < branches; i++) {
                branch(tree.looseBranches().get(i), false);
            }
            if (branches < tree.looseBranches().size()) {
                int leaves = 0;
                for (int i = branches; i < tree.looseBranches().size(); i++) {
                    leaves += tree.looseBranches().get(i).leaves().size();
                }
                y += BRANCH_LINE - 4;
                text(TreeMessages.moreBranches(tree.looseBranches().size() - branches, leaves), PAD, Style.MORE,
                        Role.MORE);
            }
            if (!tree.looseLeaves().isEmpty()) {
                y += LEAF_LINE;
                chips(tree.looseLeaves(), PAD, PAD, otherRows, Role.LEAF);
            }
            y += 10;
        }

        private void seeds() {
            if (tree.seeds().isEmpty()) {
                return;
            }
            section(TreeMessages.seedsHeading(tree.seeds().size(), server));
            apart(tree.seeds(), Role.SEED);
        }

        /**
         * Loops that grew before they had a class: no seeds (nothing to triage), each marked as the legend shows a grown
         * loop.
         */
        private void grownWithoutClass() {
            if (tree.grownWithoutClass().isEmpty()) {
                return;
            }
            section(TreeMessages.grownWithoutClassHeading(tree.grownWithoutClass().size()));
            apart(tree.grownWithoutClass(), Role.LEAF);
        }

        /** Loops with no class, in rows of chips under their heading. */
        private void apart(List<TreeLoop> loops, Role role) {
            List<Tree.Near> chips = new ArrayList<>();
            loops.forEach(s -> chips.add(new Tree.Near(s, 0)));
            y += LEAF_LINE;
            chips(chips, PAD, PAD, otherRows, role);
            y += 10;
        }

        private void section(String heading) {
            y += SECTION_GAP;
            strokes.add(new Stroke(StrokeKind.RULE, PAD, y - 6, RIGHT, y - 6));
            y += 34;
            text(fit(heading, Style.HEADING, RIGHT - PAD).text(), PAD, Style.HEADING, Role.HEADING);
        }

        /** Leaf chips in up to {@code rows} rows, the first at the current line (already advanced by the caller). */
        private void chips(List<Tree.Near> loops, double firstX, double indent, int rows, Role role) {
            chipsFrom(loops, firstX, indent, rows, role, null);
        }

        /**
         * Flows chips from {@code firstX} on the current line, wrapping to rows at {@code indent}; at most {@code rows}
         * rows, the last ending with "+N more" when some do not fit. {@code lineStyle} is the style of the text the
         * first row shares its line with (null: the row is the chips' own).
         */
        private void chipsFrom(List<Tree.Near> loops, double firstX, double indent, int rows, Role role,
                Style lineStyle) {
            double x = firstX;
            int row = 1;
            double rowY = y - (lineStyle == null ? 8 : 9);
            List<double[]> placed = new ArrayList<>(); // per shown chip: x where it starts
            int shown = 0;
            for (Tree.Near near : loops) {
                TreeLoop loop = near.loop();
                Fitted name = fit(loop.concept(), Style.LEAF, Math.min(MAX_LEAF_WIDTH, RIGHT - indent - LEAF_TEXT_GAP));
                double w = LEAF_TEXT_GAP + name.width();
                if (x + w > RIGHT && x > indent) {
                    if (row == rows) {
                        break;
                    }
                    row++;
                    y += LEAF_LINE;
                    rowY = y - 8;
                    x = indent;
                }
                placed.add(new double[] {x, labels.size(), marks.size()});
                MarkKind kind = role == Role.SEED ? MarkKind.SEED : role == Role.CORE ? MarkKind.CORE : MarkKind.LEAF;
                marks.add(new Mark(kind, x + LEAF_R, rowY, LEAF_R, loop.grown()));
                labels.add(new Label(name.text(), x + LEAF_TEXT_GAP, y, name.width(), Style.LEAF, role, loop.id(),
                        name.shortened()));
                x += w + CHIP_GAP;
                shown++;
            }
            int left = loops.size() - shown;
            if (left == 0) {
                return;
            }
            // Make room for "+N more" on the last row, taking back chips from its end if needed.
            while (true) {
                String more = TreeMessages.more(left);
                double w = measure.width(more, Style.MORE);
                if (x + w <= RIGHT || placed.isEmpty()) {
                    text(more, x, Style.MORE, Role.MORE);
                    return;
                }
                double[] last = placed.remove(placed.size() - 1);
                labels.remove((int) last[1]);
                marks.remove((int) last[2]);
                x = last[0];
                left++;
            }
        }

        private void text(String text, double x, Style style, Role role) {
            labels.add(new Label(text, x, y, measure.width(text, style), style, role, 0, false));
        }
    }

    /** A text cut to a width, with whether it was cut. */
    private record Fitted(String text, double width, boolean shortened) {
    }

    /** The text as is when it fits in {@code max} pixels, else its longest start that fits with an ellipsis. */
    private Fitted fit(String raw, Style style, double max) {
        String text = raw.strip();
        double full = measure.width(text, style);
        if (full <= max) {
            return new Fitted(text, full, false);
        }
        int[] points = text.codePoints().toArray();
        int lo = 0;
        int hi = points.length;
        while (lo < hi) {
            int mid = (lo + hi + 1) / 2;
            if (measure.width(cut(points, mid), style) <= max) {
                lo = mid;
            } else {
                hi = mid - 1;
            }
        }
        String cut = cut(points, lo);
        return new Fitted(cut, measure.width(cut, style), true);
    }

    private static String cut(int[] points, int count) {
        return new String(points, 0, count).stripTrailing() + ELLIPSIS;
    }

    /**
     * Wraps a text at spaces into at most {@code maxLines} lines of {@code max} pixels; a word longer than a line is
     * broken, and what does not fit in the last line ends with an ellipsis.
     */
    private List<String> wrap(String raw, Style style, double max, int maxLines) {
        String text = raw.strip();
        List<String> lines = new ArrayList<>();
        String rest = text;
        while (!rest.isEmpty() && lines.size() < maxLines - 1) {
            if (measure.width(rest, style) <= max) {
                break;
            }
            int end = breakAt(rest, style, max);
            lines.add(rest.substring(0, end).strip());
            rest = rest.substring(end).strip();
        }
        if (!rest.isEmpty() || lines.isEmpty()) {
            lines.add(fit(rest, style, max).text());
        }
        return lines;
    }

    /** Where to end a line of {@code text} that is too wide: after the last space that fits, else mid-word. */
    private int breakAt(String text, TreeDrawing.Style style, double max) {
        int lastSpace = -1;
        for (int i = text.indexOf(' '); i > 0; i = text.indexOf(' ', i + 1)) {
            if (measure.width(text.substring(0, i), style) > max) {
                break;
            }
            lastSpace = i;
        }
        if (lastSpace > 0) {
            return lastSpace + 1;
        }
        int end = text.offsetByCodePoints(0, 1);
        while (end < text.length()) {
            int next = text.offsetByCodePoints(end, 1);
            if (measure.width(text.substring(0, next), style) > max) {
                break;
            }
            end = next;
        }
        return end;
    }
}
