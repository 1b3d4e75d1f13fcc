package dev.loopkeeper.relevance;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class TextTermsTest {

    @Test
    void tokensSplitOnPunctuationAndLowerCase() {
        assertEquals(List.of("k", "means", "clustering", "on", "gpus"), TextTerms.tokens("K-means clustering (on GPUs)!"));
        assertEquals(List.of("bayes", "rule"), TextTerms.tokens("Bayes' rule"));
    }

    @Test
    void porterStemsLikeTheReferenceAlgorithm() {
        // Examples from Porter's paper and its reference vocabulary.
        assertEquals("caress", PorterStemmer.stem("caresses"));
        assertEquals("poni", PorterStemmer.stem("ponies"));
        assertEquals("relat", PorterStemmer.stem("relational"));
        assertEquals("hop", PorterStemmer.stem("hopping"));
        assertEquals("gener", PorterStemmer.stem("generalization"));
        assertEquals("sampl", PorterStemmer.stem("sampling"));
        assertEquals("sampl", PorterStemmer.stem("samples"));
        assertEquals("grammar", PorterStemmer.stem("grammars"));
        assertEquals("filter", PorterStemmer.stem("filtering"));
        assertEquals("gpu2", PorterStemmer.stem("gpu2"));
    }

    @Test
    void stopWordsAreDroppedAndStemsKeepASurfaceWord() {
        TextTerms t = TextTerms.of("The training of neural networks");
        assertEquals(Set.of("train", "neural", "network"), t.stems());
        assertEquals("networks", t.wordFor("network"));
        assertTrue(TextTerms.isStopWord("the"));
    }

    @Test
    void whatAnApostropheLeavesIsNoWord() {
        // "Dijkstra's algorithm" and "Bresenham's line algorithm" share "algorithm", not "s".
        assertEquals(Set.of("dijkstra", "algorithm"), TextTerms.of("Dijkstra's algorithm").stems());
        assertEquals(Set.of("bresenham", "line", "algorithm"), TextTerms.of("Bresenham's line algorithm").stems());
        assertEquals(Set.of(PorterStemmer.stem("stop"), PorterStemmer.stem("tried")),
                TextTerms.of("don't stop, I've tried").stems());
        // A single letter that is a name stays: "C", "R".
        assertTrue(TextTerms.of("pointers in C").stems().contains("c"));
    }

    @Test
    void genericWordsWeighLess() {
        assertEquals(TextTerms.GENERIC_WEIGHT, TextTerms.weight(PorterStemmer.stem("method")));
        assertEquals(1.0, TextTerms.weight(PorterStemmer.stem("kalman")));
        assertEquals(0.5, TextTerms.weight("k"));
    }

    @Test
    void aWordSequenceKeepsEveryWordInOrderStemmedWithNameFormingSymbols() {
        assertEquals(List.of("the", "kalman", "filter"), TextTerms.wordSequence("The Kalman filters"));
        assertEquals(List.of("vector", "jacobian", "product"), TextTerms.wordSequence("vector-Jacobian product"));
        assertEquals(List.of("sgd", "without", "momentum"), TextTerms.wordSequence("SGD without momentum"));
        assertEquals(List.of("c++", "templat"), TextTerms.wordSequence("C++ templates"));
        assertEquals(List.of("b+", "tree", "index"), TextTerms.wordSequence("B+ tree indexes"));
        assertEquals(List.of("f#", "x"), TextTerms.wordSequence("F#x"));
        assertEquals(List.of("注意力機構"), TextTerms.wordSequence("注意力機構 🧠"));
        assertEquals(List.of(), TextTerms.wordSequence("+ # --"));
    }

    @Test
    void sameWordsInOrderAllowsAddedWordsButNoReplacedOrMovedOne() {
        assertTrue(same("attention mechanism", "the attention mechanism"));
        assertTrue(same("KV cache", "kv-cache"));
        assertTrue(same("topological sort", "topological sorting"));
        assertTrue(same("KV cache", "the KV cache in transformers"), "words added on either side");
        assertFalse(same("vector-Jacobian product", "Jacobian-vector product"), "moved");
        assertFalse(same("L1 regularization", "L2 regularization"), "replaced");
        assertFalse(same("min-heap", "max-heap"));
        assertFalse(same("SGD with momentum", "SGD without momentum"));
        assertFalse(same("B-tree indexes", "B+ tree indexes"));
        assertFalse(same("SGD with momentum", "momentum SGD"), "a reorder is refused even when it means the same");
    }

    private static boolean same(String a, String b) {
        return TextTerms.sameWordsInOrder(TextTerms.wordSequence(a), TextTerms.wordSequence(b));
    }
}
