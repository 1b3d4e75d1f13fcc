package dev.loopkeeper.relevance;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/**
 * The concept map that ships with the bot: topics people work on, each with the foundations it rests on
 * ({@code relevance/concept-map.tsv}, format in its header and in docs/RELEVANCE.md). Parsing validates every line
 * and reports the first broken one by line number.
 */
public final class ConceptMap {

    /** Class-path location of the shipped map. */
    public static final String RESOURCE = "/relevance/concept-map.tsv";

    /** The fields a topic may belong to, in the order the shipped file uses them. */
    public static final List<String> FIELDS = List.of(
            // computing, ML and engineering
            "ml", "ml-systems", "algorithms", "pl", "os", "distributed", "databases", "networking", "security",
            "web", "mobile", "software", "embedded", "dsp", "graphics", "robotics", "engineering",
            // mathematics and the sciences
            "math", "statistics", "physics", "chemistry", "biology", "earth", "astronomy",
            // everything else people learn
            "music", "languages", "cooking", "health", "law", "finance", "economics", "humanities", "design",
            "hobbies");

    /** Longest topic, alias or foundation, in characters. */
    public static final int MAX_LENGTH = 80;

    /** Fewest foundations a topic may list. */
    public static final int MIN_FOUNDATIONS = 3;

    private static final Set<String> FIELD_SET = Set.copyOf(FIELDS);

    /**
     * One topic: the field it belongs to, its name, the other ways people phrase it, and the concepts it rests on,
     * most load-bearing first.
     */
    public record Topic(String field, String name, List<String> aliases, List<String> foundations) {

        /** Copies the lists, so a topic never changes after construction. */
        public Topic {
            aliases = List.copyOf(aliases);
            foundations = List.copyOf(foundations);
        }

        /** The name followed by the aliases: every text a focus may be matched against. */
        public List<String> names() {
            List<String> all = new ArrayList<>(aliases.size() + 1);
            all.add(name);
            all.addAll(aliases);
            return Collections.unmodifiableList(all);
        }
    }

    private final List<Topic> topics;
    private final Map<String, Topic> byName;
    private final Map<String, Integer> foundationCounts;

    private ConceptMap(List<Topic> topics) {
        this.topics = List.copyOf(topics);
        Map<String, Topic> names = new HashMap<>();
        Map<String, Integer> counts = new TreeMap<>();
        for (Topic t : this.topics) {
            for (String n : t.names()) {
                names.put(key(n), t);
            }
            for (String f : t.foundations()) {
                counts.merge(key(f), 1, Integer::sum);
            }
        }
        this.byName = Map.copyOf(names);
        this.foundationCounts = Collections.unmodifiableMap(counts);
    }

    /** Loads and validates the map shipped in the jar; a broken shipped map is a build error, so this throws. */
    public static ConceptMap load() {
        InputStream in = ConceptMap.class.getResourceAsStream(RESOURCE);
        if (in == null) {
            throw new IllegalStateException("concept map not found on the class path: " + RESOURCE);
        }
        try (Reader reader = new InputStreamReader(in, StandardCharsets.UTF_8)) {
            return parse(reader, RESOURCE);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + RESOURCE, e);
        }
    }

    /**
     * Parses and validates a map in the shipped format.
     *
     * @param source named in error messages, e.g. the file name
     * @throws IllegalArgumentException naming {@code source} and the line number of the first broken line
     */
    public static ConceptMap parse(Reader reader, String source) throws IOException {
        BufferedReader lines = reader instanceof BufferedReader b ? b : new BufferedReader(reader);
        List<Topic> topics = new ArrayList<>();
        Map<String, Integer> definedAt = new HashMap<>();
        String line;
        int number = 0;
        while ((line = lines.readLine()) != null) {
            number++;
            if (number == 1 && line.startsWith("\uFEFF")) {
                line = line.substring(1);
            }
            if (line.isBlank() || line.startsWith("#")) {
                continue;
            }
            String where = source + " line " + number + ": ";
            Topic topic = parseLine(line, where);
            for (String name : topic.names()) {
                Integer earlier = definedAt.putIfAbsent(key(name), number);
                if (earlier != null) {
                    throw new IllegalArgumentException(where + "\"" + name + "\" is already defined on line " + earlier);
                }
            }
            topics.add(topic);
        }
        return new ConceptMap(topics);
    }

    private static Topic parseLine(String line, String where) {
        String[] cols = line.split("\t", -1);
        if (cols.length != 4) {
            throw new IllegalArgumentException(where + "expected 4 tab-separated fields "
                    + "(field, topic, aliases, foundations), found " + cols.length);
        }
        String field = cols[0];
        if (!FIELD_SET.contains(field)) {
            throw new IllegalArgumentException(where + "unknown field \"" + field + "\"; known fields: " + FIELDS);
        }
        String name = checkItem(cols[1], "topic", where);
        List<String> aliases = items(cols[2], "alias", where);
        List<String> foundations = items(cols[3], "foundation", where);
        Set<String> names = new HashSet<>();
        names.add(key(name));
        for (String alias : aliases) {
            if (!names.add(key(alias))) {
                throw new IllegalArgumentException(where + "alias \"" + alias + "\" repeats the topic or another alias");
            }
        }
        Set<String> seen = new HashSet<>();
        for (String f : foundations) {
            if (!seen.add(key(f))) {
                throw new IllegalArgumentException(where + "foundation \"" + f + "\" is listed twice");
            }
            if (names.contains(key(f))) {
                throw new IllegalArgumentException(where + "foundation \"" + f + "\" is the topic itself or one of its aliases");
            }
        }
        if (foundations.size() < MIN_FOUNDATIONS) {
            throw new IllegalArgumentException(where + "a topic needs at least " + MIN_FOUNDATIONS
                    + " foundations, found " + foundations.size());
        }
        return new Topic(field, name, aliases, foundations);
    }

    private static List<String> items(String column, String what, String where) {
        String[] parts = column.split("\\|", -1);
        List<String> out = new ArrayList<>(parts.length);
        for (String part : parts) {
            out.add(checkItem(part, what, where));
        }
        return out;
    }

    private static String checkItem(String item, String what, String where) {
        if (item.isEmpty()) {
            throw new IllegalArgumentException(where + "empty " + what);
        }
        if (!item.equals(item.strip())) {
            throw new IllegalArgumentException(where + what + " \"" + item + "\" has leading or trailing spaces");
        }
        if (item.length() > MAX_LENGTH) {
            throw new IllegalArgumentException(where + what + " \"" + item + "\" is longer than " + MAX_LENGTH
                    + " characters");
        }
        return item;
    }

    /** Case-insensitive, trimmed form used to compare names and foundations. */
    static String key(String text) {
        return text.strip().toLowerCase(Locale.ROOT);
    }

    /** All topics, in file order. */
    public List<Topic> topics() {
        return topics;
    }

    /** The topic whose name or alias is {@code nameOrAlias} (case-insensitive), if any. */
    public Optional<Topic> topic(String nameOrAlias) {
        return Optional.ofNullable(byName.get(key(nameOrAlias)));
    }

    /**
     * How many topics each foundation appears under, keyed by its lower-cased, trimmed text, in key order: a prior
     * for how foundational a concept is.
     */
    public Map<String, Integer> foundationCounts() {
        return foundationCounts;
    }

    /** Number of topics per field, in {@link #FIELDS} order; fields without topics are left out. */
    public Map<String, Integer> fieldCounts() {
        Map<String, Integer> counts = new LinkedHashMap<>();
        for (String field : FIELDS) {
            int n = 0;
            for (Topic t : topics) {
                if (t.field().equals(field)) {
                    n++;
                }
            }
            if (n > 0) {
                counts.put(field, n);
            }
        }
        return Collections.unmodifiableMap(counts);
    }
}
