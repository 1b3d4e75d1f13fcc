package dev.loopkeeper.tree;

/** How wide a text is drawn in a style, in pixels: the layout asks, the renderer's fonts answer. */
@FunctionalInterface
public interface TextMeasure {
    double width(String text, TreeDrawing.Style style);
}
