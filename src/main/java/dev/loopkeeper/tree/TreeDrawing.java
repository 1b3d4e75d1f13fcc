package dev.loopkeeper.tree;

import java.util.List;

/**
 * What a tree picture shows, as plain data in pixels: every text with where it stands, every mark (a trunk node, a
 * branch node, a leaf, a seed) and every stroke. The layout makes it and tests read it; the renderer only draws it.
 */
public record TreeDrawing(int width, int height, List<Label> labels, List<Mark> marks, List<Stroke> strokes) {

    public TreeDrawing {
        labels = List.copyOf(labels);
        marks = List.copyOf(marks);
        strokes = List.copyOf(strokes);
    }

    /** The text styles a picture uses; each has one size and weight (see {@link #size()}). */
    public enum Style {
        TITLE(40, true), LINE(27, false), LEGEND(23, false), HEADING(26, true), CORE(33, true), BRANCH(28, false),
        LEAF(24, false), MORE(23, false);

        private final int size;
        private final boolean bold;

        Style(int size, boolean bold) {
            this.size = size;
            this.bold = bold;
        }

        /** The font size in pixels. */
        public int size() {
            return size;
        }

        public boolean bold() {
            return bold;
        }
    }

    /** What a label names: a loop of some class, an aggregate ("+37 more"), or the picture's own words. */
    public enum Role {
        TITLE, SUMMARY, DEPTH, LEGEND, HEADING, CORE, BRANCH, LEAF, SEED, MORE
    }

    /**
     * One text: {@code x} its left edge, {@code baseline} its baseline, {@code width} as measured; {@code loopId} the
     * loop it names (0 for none) and {@code shortened} whether the loop's concept was cut to fit.
     */
    public record Label(String text, double x, double baseline, double width, Style style, Role role, long loopId,
            boolean shortened) {

        /** The top of the text's box (its ascent taken as the font size). */
        public double top() {
            return baseline - style.size();
        }
    }

    /** The kinds of mark: a core loop on the trunk, a branch's node, a leaf, an untriaged seed. */
    public enum MarkKind {
        CORE, BRANCH, LEAF, SEED
    }

    /** A mark centred at ({@code x}, {@code y}) with radius {@code r}; a grown loop's mark carries a check. */
    public record Mark(MarkKind kind, double x, double y, double r, boolean grown) {
    }

    /** The kinds of stroke: the trunk, a branch from the trunk, a stem from a branch to its leaves, a separator. */
    public enum StrokeKind {
        TRUNK, BRANCH, STEM, RULE
    }

    /** A straight stroke. */
    public record Stroke(StrokeKind kind, double x1, double y1, double x2, double y2) {
    }
}
