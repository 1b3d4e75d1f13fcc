package dev.loopkeeper.architecture;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * All SQL on {@code open_loop} lives in {@code loop/LoopStore}: read on the main source tree, every string literal and
 * text block that names the table must be in LoopStore. Comments may name it.
 *
 * <p>The one exception is the generic data-ownership registry: {@code ownership/PersonalData} and
 * {@code ownership/ServerData} list every table with an SQL predicate that picks a person's (or a server's) rows, and
 * the tables that hang off a loop pick theirs through {@code open_loop}; {@code DataStore} walks that list by table
 * name for export, import and forget. Moving those predicates into LoopStore would special-case one table in a
 * registry designed to be uniform, so they stay there. Elsewhere in {@code ownership/} the table's bare name
 * {@code "open_loop"} (a key of the export document and of the registry) is allowed, never SQL.
 */
class OpenLoopSqlTest {
    private static final Path MAIN = Path.of("src/main/java");
    private static final Pattern TABLE = Pattern.compile("\\bopen_loop\\b");
    private static final String STORE = "dev/loopkeeper/loop/LoopStore.java";
    private static final List<String> REGISTRY = List.of("dev/loopkeeper/ownership/PersonalData.java",
            "dev/loopkeeper/ownership/ServerData.java");
    private static final String OWNERSHIP = "dev/loopkeeper/ownership/";

    @Test
    void onlyLoopStoreHoldsOpenLoopSql() throws IOException {
        Map<String, List<String>> found = naming(MAIN);
        assertTrue(found.containsKey(STORE), "the scan found no open_loop SQL in LoopStore: is it reading the sources?");
        Map<String, List<String>> outside = new TreeMap<>();
        found.forEach((file, literals) -> {
            if (file.equals(STORE) || REGISTRY.contains(file)) {
                return;
            }
            List<String> sql = literals.stream()
                    .filter(literal -> !(file.startsWith(OWNERSHIP) && literal.equals("open_loop"))).toList();
            if (!sql.isEmpty()) {
                outside.put(file, sql);
            }
        });
        assertEquals(Map.of(), outside, "SQL naming open_loop outside LoopStore: move it into a LoopStore method");
    }

    @Test
    void theScanSeesLiteralsAndTextBlocksButNotComments() {
        String source = String.join("\n",
                "class X {",
                "    // SELECT id FROM open_loop, in a line comment",
                "    /* UPDATE open_loop SET x = 1, in a block comment */",
                "    char quote = '\"';",
                "    char apostrophe = '\\'';",
                "    String a = \"SELECT id FROM \" + \"open_loop\";",
                "    String b = \"\"\"",
                "            SELECT \"open_loop\".id FROM open_loop\\\"\"\" still inside",
                "            \"\"\";",
                "    String c = \"not the open_loop_snoozed index, nor \\\"open_loops\\\"\";",
                "}");
        List<String> literals = naming(source);
        assertEquals(2, literals.size(), literals.toString());
        assertEquals("open_loop", literals.get(0));
        assertTrue(literals.get(1).contains("still inside"), literals.get(1));
    }

    /** Per file (relative to {@code root}, with forward slashes), the literals that name the table. */
    private static Map<String, List<String>> naming(Path root) throws IOException {
        Map<String, List<String>> found = new TreeMap<>();
        try (Stream<Path> files = Files.walk(root)) {
            for (Path file : files.filter(f -> f.toString().endsWith(".java")).toList()) {
                List<String> literals = naming(Files.readString(file));
                if (!literals.isEmpty()) {
                    found.put(root.relativize(file).toString().replace('\\', '/'), literals);
                }
            }
        }
        return found;
    }

    private static List<String> naming(String source) {
        return literals(source).stream().filter(literal -> TABLE.matcher(literal).find()).toList();
    }

    /** The string literals and text blocks of a Java source, as written (escapes left in), comments skipped. */
    static List<String> literals(String source) {
        List<String> literals = new ArrayList<>();
        int i = 0;
        int n = source.length();
        while (i < n) {
            if (source.startsWith("//", i)) {
                int end = source.indexOf('\n', i);
                i = end < 0 ? n : end + 1;
            } else if (source.startsWith("/*", i)) {
                int end = source.indexOf("*/", i + 2);
                i = end < 0 ? n : end + 2;
            } else if (source.startsWith("\"\"\"", i)) {
                int start = i + 3;
                int j = start;
                while (j < n && !source.startsWith("\"\"\"", j)) {
                    j += source.charAt(j) == '\\' ? 2 : 1;
                }
                literals.add(source.substring(start, Math.min(j, n)));
                i = j + 3;
            } else if (source.charAt(i) == '"' || source.charAt(i) == '\'') {
                char quote = source.charAt(i);
                int start = i + 1;
                int j = start;
                while (j < n && source.charAt(j) != quote) {
                    j += source.charAt(j) == '\\' ? 2 : 1;
                }
                if (quote == '"') {
                    literals.add(source.substring(start, Math.min(j, n)));
                }
                i = j + 1;
            } else {
                i++;
            }
        }
        return literals;
    }
}
