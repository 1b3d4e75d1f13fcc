package dev.loopkeeper.relevance;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.loopkeeper.support.SharedModel;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Why a loop matched, in parts (shared words, a foundation through a map topic, the why), with the real model and
 * the shipped map; the words people read hold no score, and the score is what it was.
 */
class MatchReasonTest {
    private final RelevanceScorer scorer = new RelevanceScorer(SharedModel.embedder(), SharedModel.map());

    private RelevanceScorer.Match score(String work, String concept, String why) {
        return scorer.score(scorer.work(work), scorer.loop(concept, why));
    }

    @Test
    void eachKindOfReasonIsNamedInItsOwnPart() {
        MatchReason words = score("tracking a drone with a Kalman filter", "Kalman filter", null).explanation();
        assertEquals(List.of("kalman", "filter"), words.sharedWords());
        assertTrue(words.kinds().contains(MatchReason.Kind.SHARED_WORDS), words.kinds().toString());
        assertEquals("shared words: kalman, filter", words.words());

        MatchReason foundation = score("implementing Raft in Go", "quorum intersection", null).explanation();
        assertEquals(Set.of(MatchReason.Kind.FOUNDATION), foundation.kinds());
        StructuralMap.Support support = foundation.restsOn().orElseThrow();
        assertEquals(support.words(), foundation.words());
        assertTrue(foundation.words().contains(" rests on " + support.foundation()), foundation.words());

        MatchReason why = score("training a small GPT with fp16 and loss scaling", "mixed precision training",
                "fp16 with loss scaling").explanation();
        assertTrue(why.kinds().contains(MatchReason.Kind.WHY), why.kinds().toString());
        assertEquals(Optional.of("fp16 with loss scaling"), why.parkedFor());
        assertTrue(why.words().contains(MatchReason.PARKED_FOR), why.words());
        assertFalse(why.words().contains("fp16"), "the reminder shows the why under its own heading: " + why.words());

        MatchReason foundational = score("implementing principal component analysis from scratch", "linear algebra",
                null).explanation();
        assertTrue(foundational.kinds().contains(MatchReason.Kind.FOUNDATIONAL), foundational.kinds().toString());
        assertTrue(foundational.words().contains("a foundation of much other work"), foundational.words());
        // Named outright, the words say it all.
        assertFalse(score("revising linear algebra for my exam", "linear algebra", null).explanation().kinds()
                .contains(MatchReason.Kind.FOUNDATIONAL));

        MatchReason meaning = new MatchReason(List.of(), Optional.empty(), Optional.empty(), Optional.empty(), false);
        assertEquals(Set.of(MatchReason.Kind.MEANING), meaning.kinds());
        assertEquals("close in meaning", meaning.words());
    }

    @Test
    void theWordsHoldNoScoreAndTheLogLineKeepsIt() {
        RelevanceScorer.Match match = score("tracking a drone with a Kalman filter", "Kalman filter", "my drone drifts");
        assertFalse(match.explanation().words().contains("score"), match.explanation().words());
        assertEquals(match.explanation().words() + String.format(java.util.Locale.ROOT, " (score %.2f)", match.score()),
                match.reason());
    }
    @Test
    void aTopicNamedInThePluralRestsOnInThePluralAndAProblemIsQuoted() {
        for (String singular : List.of("implementing Raft", "Kalman filter", "static analysis", "physics",
                "distributed consensus theory", "Gauss's law", "Paxos", "how TLS works", "crash recovery in databases",
                "writing CUDA kernels", "Kubernetes", "Go concurrency", "playing Go")) {
            assertEquals(singular + " rests on X", new StructuralMap.Support(0.5, singular, "X").words());
        }
        for (String plural : List.of("B-trees", "copy-on-write file systems", "diffusion models", "threads and locks",
                "Bellman-Ford and Floyd-Warshall", "recurrent neural networks for text")) {
            assertEquals(plural + " rest on X", new StructuralMap.Support(0.5, plural, "X").words());
        }
        for (String problem : List.of("query is slow even though an index exists", "my mix sounds muddy",
                "Python threads give no speedup", "lower back hurts after deadlifts or squats")) {
            assertEquals("\u201c" + problem + "\u201d rests on X", new StructuralMap.Support(0.5, problem, "X").words());
        }
    }
    /**
     * A topic the work only borders is not named: the reason says what work like this rests on. Each of these named
     * a topic the person never mentioned ("SAT solvers rest on backtracking" for a sudoku solver).
     */
    @Test
    void aReminderNamesNoTopicTheWorkOnlyBorders() {
        String[][] pairs = {
                {"fine-tuning BERT for sentiment analysis", "tokenization", "deep model loses"},
                {"simulating planetary orbits", "symplectic integrators", "my simulation"},
                {"writing a sudoku solver", "backtracking", "SAT solvers"},
                {"growing tomatoes on a balcony", "soil pH", "leaves turning yellow"},
                {"my Node server leaks memory", "heap snapshots", "single-page app"}};
        for (String[] pair : pairs) {
            MatchReason reason = score(pair[0], pair[1], null).explanation();
            StructuralMap.Support support = reason.restsOn().orElseThrow();
            assertFalse(reason.words().contains(pair[2]), pair[1] + " for " + pair[0] + ": " + reason.words());
            assertEquals(StructuralMap.Support.WORK_LIKE_THIS + support.foundation(), reason.words());
        }
    }

    @Test
    void aReminderKeepsATopicThatIsWhatTheWorkIsAbout() {
        assertEquals("implementing Raft rests on quorum intersection",
                score("implementing Raft in Go", "quorum intersection", null).explanation().words());
        assertEquals("sourdough bread rests on gluten development",
                score("baking sourdough bread", "gluten development", null).explanation().words());
        assertEquals("\u201cdatabase inserts and bulk loads are slow\u201d rests on write-ahead log",
                score("my SQLite inserts are slow", "write-ahead logging", null).explanation().words());
        assertEquals("building a distributed key-value store rests on vector clocks",
                score("designing a distributed key-value store", "vector clocks", null).explanation().words());
    }

    private String related(String a, String b) {
        RelevanceScorer.Match match = scorer.related(scorer.loop(a, null), scorer.loop(b, null),
                SharedModel.map().emptyTopics());
        return match.restsOn().orElseThrow().words();
    }

    /** {@code /related} takes one loop as the work: a topic of that loop's is named only when it is what it is. */
    @Test
    void relatedLoopsNameNoTopicNeitherIsAbout() {
        String kv = related("quorum intersection", "vector clocks");
        assertFalse(kv.contains("key-value"), kv);
        assertEquals(StructuralMap.Support.WORK_LIKE_THIS + "vector clocks", kv);
        assertFalse(related("saliency maps", "Kalman filter").contains("SLAM"));
        assertFalse(related("batch normalization", "tokenization").contains("text preprocessing"));
        assertEquals("CRDTs rest on vector clocks", related("vector clocks", "CRDTs"));
        assertEquals("how TLS works rests on public-key cryptography",
                related("public-key cryptography", "TLS handshake"));
    }

    @Test
    void aSharedTokenOfOneCharacterIsNotNamedAsAWord() {
        MatchReason reason = score("adding a B-tree index to my toy database", "B-tree", null).explanation();
        assertTrue(reason.sharedWords().contains("b"), reason.sharedWords().toString());
        assertFalse(reason.words().matches("(?s).*shared words: b\\b.*|.*, b(,|;|$).*"), reason.words());
        assertTrue(reason.words().startsWith("shared words: tree"), reason.words());
    }
}
