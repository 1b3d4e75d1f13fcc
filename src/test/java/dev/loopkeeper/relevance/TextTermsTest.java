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
    void aCombiningMarkContinuesItsWordInEveryScript() {
        // Hindi "artificial intelligence", Thai "machine learning", Bengali "intelligence": vowel signs and viramas are
        // marks, not letters; split at them, each word fell into one-letter pieces that any other text shared.
        String hindi = "\u0915\u0943\u0924\u094D\u0930\u093F\u092E \u092C\u0941\u0926\u094D\u0927\u093F";
        assertEquals(List.of("\u0915\u0943\u0924\u094D\u0930\u093F\u092E", "\u092C\u0941\u0926\u094D\u0927\u093F"),
                TextTerms.tokens(hindi));
        assertEquals(TextTerms.tokens(hindi), TextTerms.wordSequence(hindi));
        String thai = "\u0E01\u0E32\u0E23\u0E40\u0E23\u0E35\u0E22\u0E19\u0E23\u0E39\u0E49";
        assertEquals(List.of(thai), TextTerms.tokens(thai + "!"));
        assertEquals(1, TextTerms.tokens("\u09AC\u09C1\u09A6\u09CD\u09A7\u09BF\u09AE\u09A4\u09CD\u09A4\u09BE").size());
        // "kal" (tomorrow) and "kaal" (time) differ only in a vowel sign: two words, never the same wording.
        assertFalse(same("\u0915\u0932", "\u0915\u093E\u0932"));
        // A zero-width non-joiner inside a Persian word changes how it is drawn, not the word.
        assertEquals(List.of("\u0645\u06CC\u062E\u0648\u0627\u0647\u0645"),
                TextTerms.tokens("\u0645\u06CC\u200C\u062E\u0648\u0627\u0647\u0645"));
        // A letter outside the Basic Multilingual Plane is a letter; a mark with no letter before it starts no word.
        assertEquals(List.of("\uD835\uDC38x"), TextTerms.tokens("\uD835\uDC38x"));
        assertEquals(List.of("a"), TextTerms.tokens("\u0301 a"));
        // Turkish capital I with a dot is the i of the same word in lower case, not an i with a mark.
        assertEquals(List.of("istanbul", "istanbul"), TextTerms.tokens("\u0130stanbul \u0130STANBUL"));
        assertEquals(List.of("i\u015Fletim"), TextTerms.wordSequence("\u0130\u015Fletim"));
    }

    @Test
    void aReaderCountsWordsInLanguagesWrittenWithoutSpaces() {
        assertEquals(TextTerms.tokens("tuning the drone's PID loop").size(), TextTerms.wordCount("tuning the drone's PID loop"));
        assertEquals(7, TextTerms.wordCount("\u4ECA\u5929\u5B9E\u73B0\u6CE8\u610F\u529B\u673A\u5236\u7684"
                + "\u53CD\u5411\u4F20\u64AD"));
        assertEquals(1, TextTerms.wordCount("\u597D\u7684"), "OK");
        assertEquals(0, TextTerms.wordCount("\u3042\u308A\u304C\u3068\u3046"), "hiragana alone is grammar or chat");
        assertEquals(2, TextTerms.wordCount("PID\u5236\u5FA1\u5668"), "PID controller: a Latin word and one of ideographs");
        assertEquals(2, TextTerms.wordCount("\u0E02\u0E2D\u0E1A\u0E04\u0E38\u0E13\u0E04\u0E23\u0E31\u0E1A"),
                "Thai for thank you: eight letters and two marks");
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
