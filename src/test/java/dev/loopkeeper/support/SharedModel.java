package dev.loopkeeper.support;

import dev.loopkeeper.relevance.MiniLmEmbedder;

/** The real embedding model, loaded once per test JVM (about a second) and shared by every test. */
public final class SharedModel {
    private SharedModel() {
    }

    private static final class Holder {
        static final MiniLmEmbedder EMBEDDER = new MiniLmEmbedder();
    }

    public static MiniLmEmbedder embedder() {
        return Holder.EMBEDDER;
    }
}
