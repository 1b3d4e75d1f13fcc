package dev.loopkeeper.relevance;

import static org.junit.jupiter.api.Assertions.assertEquals;
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
    void genericWordsWeighLess() {
        assertEquals(TextTerms.GENERIC_WEIGHT, TextTerms.weight(PorterStemmer.stem("method")));
        assertEquals(1.0, TextTerms.weight(PorterStemmer.stem("kalman")));
        assertEquals(0.5, TextTerms.weight("k"));
    }
}
