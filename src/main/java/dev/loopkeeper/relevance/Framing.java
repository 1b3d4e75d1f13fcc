package dev.loopkeeper.relevance;

/**
 * The sentence every text is embedded in, work and concept alike: "The concept of X." A bare noun phrase embeds
 * poorly on its own, and framing both sides the same way keeps them comparable (docs/RELEVANCE.md).
 */
final class Framing {
    static final String START = "The concept of ";
    static final String END = ".";

    private Framing() {
    }

    static String frame(String text) {
        String t = text.strip();
        boolean closed = t.endsWith(".") || t.endsWith("!") || t.endsWith("?");
        return START + t + (closed ? "" : END);
    }
}
