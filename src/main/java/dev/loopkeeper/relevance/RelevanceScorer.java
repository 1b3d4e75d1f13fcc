package dev.loopkeeper.relevance;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Scores how relevant a parked concept is to a piece of active work: the cosine of the two texts' embeddings, each
 * embedded inside the frame {@value #FRAME_START}…{@value #FRAME_END}, plus {@value #LEXICAL_WEIGHT} × c³, where
 * c is the share of the concept's content words (stemmed, stop words dropped, generic words such as "method"
 * weighted {@value TextTerms#GENERIC_WEIGHT}) that also occur in the work. A concept named outright gains the full
 * {@value #LEXICAL_WEIGHT}; one shared word out of two gains only an eighth of it, so a single shared word cannot
 * carry an otherwise unrelated concept ("diffusion MRI" against a diffusion-model sampler). Scores are not
 * probabilities and may exceed 1; remind when {@code score >= }{@link #DEFAULT_THRESHOLD}. See docs/RELEVANCE.md.
 */
public final class RelevanceScorer {

    /**
     * Remind at or above this score. On the development set it reminds about 58 % of works with a top-1 precision of
     * 0.84 (docs/RELEVANCE.md); raise it towards 0.8 for fewer, surer reminders.
     */
    public static final double DEFAULT_THRESHOLD = 0.60;

    /** Weight of the cubed word coverage added to the cosine. */
    public static final double LEXICAL_WEIGHT = 0.4;

    /** Start of the frame every text is embedded in; see {@link #embeddingText(String)}. */
    public static final String FRAME_START = "The concept of ";

    /** End of the frame every text is embedded in. */
    public static final String FRAME_END = ".";

    private final Embedder embedder;

    /** A scorer that embeds texts with {@code embedder} (only needed by the methods that embed). */
    public RelevanceScorer(Embedder embedder) {
        this.embedder = embedder;
    }

    /**
     * The text to embed for {@code text}, work or concept alike. A bare noun phrase ("rejection sampling") embeds
     * poorly on its own; putting both sides in the same short sentence frame raised ranking quality on every frame
     * tried (docs/RELEVANCE.md), and doing it for both sides keeps them comparable.
     */
    public static String embeddingText(String text) {
        String t = text.strip();
        boolean closed = t.endsWith(".") || t.endsWith("!") || t.endsWith("?");
        return FRAME_START + t + (closed ? "" : FRAME_END);
    }

    /** Embeds one work or concept text in the form {@link #score} expects. */
    public float[] vectorFor(String text) {
        return embedder.embed(embeddingText(text));
    }

    /** Embeds many texts at once, in order, in the form {@link #score} expects. */
    public List<float[]> vectorsFor(List<String> texts) {
        List<String> framed = new ArrayList<>(texts.size());
        for (String t : texts) {
            framed.add(embeddingText(t));
        }
        return embedder.embedAll(framed);
    }

    /** Scores a pair, embedding both texts; prefer the vector form when vectors are stored. */
    public Match score(String work, String concept) {
        return score(work, vectorFor(work), concept, vectorFor(concept));
    }

    /**
     * Scores a pair from its texts and their vectors, which must come from {@link #vectorFor} or
     * {@link #vectorsFor} (the framed text, L2-normalised) with this scorer's model.
     */
    public Match score(String work, float[] workVec, String concept, float[] conceptVec) {
        return score(TextTerms.of(work), workVec, TextTerms.of(concept), conceptVec);
    }

    /** The same score from terms computed once, for matching one work against many stored loops. */
    public Match score(TextTerms workTerms, float[] workVec, TextTerms conceptTerms, float[] conceptVec) {
        double cosine = Vectors.dot(workVec, conceptVec);
        List<String> shared = new ArrayList<>();
        double sharedWeight = 0;
        for (String stem : conceptTerms.stems()) {
            if (workTerms.stems().contains(stem)) {
                shared.add(conceptTerms.wordFor(stem));
                sharedWeight += TextTerms.weight(stem);
            }
        }
        double total = conceptTerms.totalWeight();
        double coverage = total > 0 ? sharedWeight / total : 0;
        // Cubed: a concept named outright gains the full weight, half its words only an eighth of it, so one shared
        // word adds little to a concept whose other words are unrelated to the work.
        double score = cosine + LEXICAL_WEIGHT * coverage * coverage * coverage;
        return new Match(score, cosine, List.copyOf(shared));
    }

    /**
     * One scored pair.
     *
     * @param score       cosine plus the lexical bonus; compare with {@link #DEFAULT_THRESHOLD}
     * @param cosine      cosine of the framed texts' embeddings
     * @param sharedWords the concept's content words that also occur in the work, as written in the concept
     */
    public record Match(double score, double cosine, List<String> sharedWords) {

        /** Whether this pair reaches {@link #DEFAULT_THRESHOLD}. */
        public boolean isRelevant() {
            return score >= DEFAULT_THRESHOLD;
        }

        /**
         * Why it matched, for the reminder message: the shared words when there are any, e.g.
         * {@code shared words: rejection, sampling (score 0.93)}, else {@code close in meaning (score 0.71)}.
         */
        public String reason() {
            String s = String.format(Locale.ROOT, "score %.2f", score);
            if (!sharedWords.isEmpty()) {
                return "shared words: " + String.join(", ", sharedWords) + " (" + s + ")";
            }
            return "close in meaning (" + s + ")";
        }
    }
}
