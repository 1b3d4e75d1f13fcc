package dev.loopkeeper.support;

import dev.loopkeeper.Loopkeeper;
import dev.loopkeeper.relevance.MiniLmEmbedder;
import dev.loopkeeper.relevance.StructuralMap;

/** The real embedding model and the concept map, loaded once per test JVM and shared by every test. */
public final class SharedModel {
    private SharedModel() {
    }

    private static final class Holder {
        static final MiniLmEmbedder EMBEDDER = new MiniLmEmbedder();
        static final StructuralMap MAP = Loopkeeper.loadMap(EMBEDDER);
    }

    public static MiniLmEmbedder embedder() {
        return Holder.EMBEDDER;
    }

    /** The shipped concept map with its vectors, read once per test JVM. */
    public static StructuralMap map() {
        return Holder.MAP;
    }
}
