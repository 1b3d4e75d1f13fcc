package dev.loopkeeper.relevance;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.StringReader;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Loads the shipped concept map, checks its format rules and reports its size; checks broken lines are named. */
class ConceptMapTest {

    /** Fields counted as computing, ML and engineering for the coverage rule. */
    private static final Set<String> TECHNICAL = Set.of("ml", "ml-systems", "algorithms", "pl", "os", "distributed",
            "databases", "networking", "security", "web", "mobile", "software", "embedded", "dsp", "graphics",
            "robotics", "engineering");

    private static final String GOOD = "ml\tbackpropagation\tbackprop|reverse-mode autodiff\t"
            + "chain rule|computational graph|topological sort\n";

    private static ConceptMap map;

    @BeforeAll
    static void loadShippedMap() {
        map = ConceptMap.load();
        int entries = 0;
        for (ConceptMap.Topic t : map.topics()) {
            entries += t.foundations().size();
        }
        System.out.printf("concept map: %d topics, %d foundation entries, %d distinct foundations%n",
                map.topics().size(), entries, map.foundationCounts().size());
        System.out.println("concept map per field: " + map.fieldCounts());
    }

    @Test
    void shippedMapFollowsTheFormatRules() {
        assertTrue(map.topics().size() >= 500, "topics: " + map.topics().size());
        List<String> problems = new ArrayList<>();
        for (ConceptMap.Topic t : map.topics()) {
            String at = t.name() + ": ";
            if (!ConceptMap.FIELDS.contains(t.field())) {
                problems.add(at + "field " + t.field());
            }
            if (t.aliases().isEmpty()) {
                problems.add(at + "no alias");
            }
            int n = t.foundations().size();
            if (n < 4 || n > 12) {
                problems.add(at + n + " foundations (the shipped map keeps 4-12)");
            }
            for (String item : t.names()) {
                checkItem(at, item, problems);
            }
            for (String f : t.foundations()) {
                checkItem(at, f, problems);
                int words = f.split("\\s+").length;
                if (words > 6) {
                    problems.add(at + "foundation \"" + f + "\" has " + words + " words (at most 6)");
                }
                if (t.names().stream().anyMatch(name -> name.equalsIgnoreCase(f))) {
                    problems.add(at + "foundation \"" + f + "\" is the topic itself");
                }
            }
        }
        assertTrue(problems.isEmpty(), String.join("\n", problems));
    }

    private static void checkItem(String at, String item, List<String> problems) {
        if (item.isEmpty() || !item.equals(item.strip()) || item.length() > ConceptMap.MAX_LENGTH
                || item.contains("|") || item.contains("\t")) {
            problems.add(at + "bad item \"" + item + "\"");
        }
    }

    @Test
    void everyNameResolvesToItsTopicAndCountsAddUp() {
        int entries = 0;
        for (ConceptMap.Topic t : map.topics()) {
            for (String name : t.names()) {
                assertEquals(t, map.topic(name.toUpperCase(java.util.Locale.ROOT)).orElseThrow(), name);
            }
            entries += t.foundations().size();
        }
        int counted = 0;
        for (Map.Entry<String, Integer> e : map.foundationCounts().entrySet()) {
            assertEquals(e.getKey(), e.getKey().strip().toLowerCase(java.util.Locale.ROOT));
            assertTrue(e.getValue() >= 1);
            counted += e.getValue();
        }
        assertEquals(entries, counted, "every foundation entry is counted once");
        assertTrue(map.foundationCounts().getOrDefault("chain rule", 0) >= 2, "chain rule is shared by several topics");
    }

    @Test
    void computingMlAndEngineeringAreAtLeastSixtyPercent() {
        long technical = map.topics().stream().filter(t -> TECHNICAL.contains(t.field())).count();
        double share = (double) technical / map.topics().size();
        System.out.printf("concept map: %d of %d topics (%.0f %%) are computing, ML or engineering%n",
                technical, map.topics().size(), 100 * share);
        assertTrue(share >= 0.60, "share " + share);
        assertTrue(map.fieldCounts().keySet().containsAll(ConceptMap.FIELDS), "every field has topics: "
                + map.fieldCounts().keySet());
    }

    @Test
    void aWellFormedMapParses() throws IOException {
        ConceptMap m = ConceptMap.parse(new StringReader("# comment\n\n" + GOOD
                + "math\tlinear algebra\tlinalg\tvector space|basis|eigenvalue|chain rule\n"), "test");
        assertEquals(2, m.topics().size());
        ConceptMap.Topic t = m.topic("Backprop").orElseThrow();
        assertEquals("backpropagation", t.name());
        assertEquals(List.of("backpropagation", "backprop", "reverse-mode autodiff"), t.names());
        assertEquals(2, m.foundationCounts().get("chain rule"));
        assertEquals(Map.of("ml", 1, "math", 1), m.fieldCounts());
    }

    @Test
    void brokenLinesAreRejectedWithTheirLineNumber() {
        assertRejected(GOOD + "ml\tattention\tself-attention\n", 2, "4 tab-separated fields");
        assertRejected(GOOD + "cooking\tbread\tbaking\tgluten|yeast|\n", 2, "empty foundation");
        assertRejected(GOOD + "poetry\tsonnets\tsonnet\tmeter|rhyme|volta\n", 2, "unknown field");
        assertRejected("# header\n" + GOOD + "math\tgroups \tgroup theory\tset|function|identity\n", 3,
                "leading or trailing spaces");
        assertRejected(GOOD + "ml\tautodiff\tBackprop\tchain rule|dual numbers|jacobian\n", 2, "already defined on line 1");
        assertRejected(GOOD + "ml\tattention\tself-attention\tsoftmax|dot product\n", 2, "at least 3 foundations");
        assertRejected(GOOD + "ml\tattention\tself-attention\tsoftmax|Attention|dot product\n", 2, "the topic itself");
        assertRejected(GOOD + "ml\tattention\tself-attention|attention\tsoftmax|query|key\n", 2, "repeats the topic");
        assertRejected(GOOD + "ml\tattention\tself-attention\tsoftmax|query|softmax\n", 2, "listed twice");
        assertRejected(GOOD + "ml\tattention\tself-attention\tsoftmax|query|" + "k".repeat(81) + "\n", 2,
                "longer than 80");
    }

    private static void assertRejected(String text, int line, String reason) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> ConceptMap.parse(new StringReader(text), "map.tsv"));
        assertTrue(e.getMessage().startsWith("map.tsv line " + line + ": "), e.getMessage());
        assertTrue(e.getMessage().contains(reason), e.getMessage());
        assertFalse(e.getMessage().isBlank());
    }
}
