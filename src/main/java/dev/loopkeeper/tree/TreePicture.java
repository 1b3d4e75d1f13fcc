package dev.loopkeeper.tree;

/** A drawn tree: the grouping it shows, the layout drawn, and the PNG. */
public record TreePicture(Tree tree, TreeDrawing drawing, byte[] png) {
    /** The attachment's file name (never user text). */
    public static final String FILE_NAME = "knowledge-tree.png";
}
