package dev.loopkeeper.relevance;

import dev.loopkeeper.common.UserText;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Word-level view of a text for the lexical half of the matcher: tokenising, stop words, Porter stemming and how
 * informative each stem is. Also keeps a readable surface word per stem, to explain a match ("shared words").
 */
public final class TextTerms {

    /** Function words: they say nothing about the topic and are dropped. */
    private static final Set<String> STOP_WORDS = Set.of(
            "a", "an", "the", "and", "or", "nor", "but", "not", "no", "of", "in", "on", "at", "to", "for", "from",
            "by", "with", "without", "into", "onto", "over", "under", "about", "above", "below", "between", "among",
            "through", "during", "before", "after", "via", "per", "as", "than", "then", "so", "if", "else", "when",
            "where", "while", "which", "who", "whom", "whose", "what", "why", "how", "that", "this", "these", "those",
            "it", "its", "itself", "they", "them", "their", "we", "our", "us", "you", "your", "i", "me", "my", "he",
            "she", "his", "her", "is", "are", "was", "were", "be", "been", "being", "am", "do", "does", "did",
            "doing", "done", "have", "has", "had", "having", "can", "could", "may", "might", "must", "shall", "should",
            "will", "would", "also", "just", "only", "very", "more", "most", "much", "many", "some", "any", "all",
            "each", "every", "both", "either", "neither", "other", "others", "such", "same", "own", "there", "here",
            "up", "down", "out", "off", "again", "further", "once", "too", "vs", "versus", "etc", "eg", "ie", "one",
            "two", "three", "first", "second", "new", "way", "ways", "often", "usually", "well", "still", "even",
            "like", "within", "across", "along", "around", "toward", "towards", "upon", "whether", "because",
            // What an apostrophe leaves of a possessive or a contraction ("Dijkstra's", "don't", "I've"): without
            // these, "Dijkstra's algorithm" and "Bresenham's line algorithm" shared the word "s".
            "s", "t", "d", "m", "ll", "re", "ve", "don", "doesn", "didn", "isn", "aren", "wasn", "weren", "won",
            "couldn", "wouldn", "shouldn", "hasn", "haven", "hadn");

    /**
     * Generic academic and workplace words ("method", "introduction", "model"): topical enough to keep, but sharing
     * only them is weak evidence, so they count for {@link #GENERIC_WEIGHT} of a content word. Stored as stems.
     */
    private static final Set<String> GENERIC_STEMS = stems(
            "introduction", "intro", "basic", "basics", "advanced", "overview", "fundamentals", "principles",
            "theory", "theories", "method", "methods", "methodology", "approach", "approaches", "technique",
            "techniques", "algorithm", "algorithms", "model", "models", "modeling", "modelling", "analysis",
            "problem", "problems", "system", "systems", "application", "applications", "applied", "concept",
            "concepts", "general", "generalized", "simple", "use", "using", "used", "based", "type", "types",
            "example", "examples", "part", "step", "steps", "process", "processes", "design", "structure",
            "structures", "tool", "tools", "framework", "frameworks", "study", "studies", "topic", "topics", "note",
            "notes", "project", "work", "working", "task", "tasks", "data", "set", "sets", "form", "forms", "case",
            "cases", "level", "levels", "power", "property", "properties", "rule", "rules", "learning", "learn",
            "computing", "computation", "computational", "function", "functions", "value", "values", "number",
            "numbers", "result", "results", "define", "definition", "definitions", "given", "called", "known",
            "make", "makes", "made", "allow", "allows", "different", "several", "various", "common", "important",
            "key", "main", "standard", "classical", "modern", "practical", "efficient", "large", "small", "high",
            "low", "multiple", "single", "specific", "particular", "certain", "related", "version", "variant",
            "variants", "issue", "issues", "question", "questions", "idea", "ideas", "term", "terms");

    /** Weight of a generic word relative to a content word (1.0); see {@link #GENERIC_STEMS}. */
    public static final double GENERIC_WEIGHT = 0.3;

    private final Map<String, String> stemToWord;

    private TextTerms(Map<String, String> stemToWord) {
        this.stemToWord = stemToWord;
    }

    /** Tokenises, drops stop words and stems {@code text}. */
    public static TextTerms of(String text) {
        Map<String, String> map = new LinkedHashMap<>();
        for (String token : tokens(text)) {
            if (STOP_WORDS.contains(token)) {
                continue;
            }
            map.putIfAbsent(PorterStemmer.stem(token), token);
        }
        return new TextTerms(map);
    }

    /**
     * Lower-cased runs of letters and digits, with the marks that continue them ({@link #inWord}). Hyphens, slashes and apostrophes split words ("k-means" gives "k"
     * and "means"; "Bayes'" gives "bayes"), so both spellings of a compound meet.
     */
    public static List<String> tokens(String text) {
        List<String> out = new ArrayList<>();
        // Composed first: a loop stored before typed text was composed (UserText.composed) may hold "e" + U+0301,
        // which would split the word at the mark and never meet the composed word a query now has.
        String lower = lowered(text);
        StringBuilder word = new StringBuilder();
        for (int i = 0; i < lower.length(); ) {
            int cp = lower.codePointAt(i);
            i += Character.charCount(cp);
            if (Character.isLetterOrDigit(cp) || word.length() > 0 && inWord(cp)) {
                if (!joinsLetters(cp)) {
                    word.appendCodePoint(cp);
                }
            } else if (word.length() > 0) {
                out.add(word.toString());
                word.setLength(0);
            }
        }
        if (word.length() > 0) {
            out.add(word.toString());
        }
        return out;
    }

    /**
     * How many words a reader counts in the text. A word of a language written without spaces is a whole phrase to
     * {@link #tokens}: "今天实现了注意力机制的反向传播" (today I implemented backprop for attention) was one word, so a
     * Chinese or Japanese work-log note read as chat. There, two ideographs or katakana count one word (hiragana, the
     * grammar between them, none: "ありがとうございます" stays chat), and in Thai, Lao, Khmer and Burmese four letters do.
     */
    public static int wordCount(String text) {
        int words = 0;
        for (String token : tokens(text)) {
            int ideographs = 0;
            int unspaced = 0;
            int spaced = 0;
            for (int i = 0; i < token.length(); ) {
                int cp = token.codePointAt(i);
                i += Character.charCount(cp);
                if (!Character.isLetterOrDigit(cp)) {
                    continue; // a mark belongs to its letter
                }
                Character.UnicodeScript script = Character.UnicodeScript.of(cp);
                if (script == Character.UnicodeScript.HAN || script == Character.UnicodeScript.KATAKANA) {
                    ideographs++;
                } else if (script == Character.UnicodeScript.THAI || script == Character.UnicodeScript.LAO
                        || script == Character.UnicodeScript.KHMER || script == Character.UnicodeScript.MYANMAR) {
                    unspaced++;
                } else if (script != Character.UnicodeScript.HIRAGANA) {
                    spaced = 1;
                }
            }
            words += spaced + ideographs / 2 + unspaced / 4;
        }
        return words;
    }

    /**
     * The text composed and in lower case. Turkish capital İ is lowered to i: in the root locale it gives i and a
     * combining dot above, so "İstanbul" and "istanbul" were two words.
     */
    private static String lowered(String text) {
        return UserText.composed(text).replace('\u0130', 'I').toLowerCase(Locale.ROOT);
    }

    /**
     * What continues a word after its first letter without being a letter: a combining mark (a Hindi vowel sign or
     * virama, a Thai or Arabic vowel mark, an accent NFC has no composed letter for), and the zero-width joiners
     * Indic and Persian spelling puts between letters. Split there, "कृत्रिम बुद्धि" (artificial intelligence) was seven
     * one-letter words: no content word to search or remind by, and any two Hindi texts shared "words".
     */
    private static boolean inWord(int cp) {
        int type = Character.getType(cp);
        return type == Character.NON_SPACING_MARK || type == Character.COMBINING_SPACING_MARK
                || type == Character.ENCLOSING_MARK || joinsLetters(cp);
    }

    /** The zero-width non-joiner and joiner: they change how letters are drawn, not the word, and are left out of it. */
    private static boolean joinsLetters(int cp) {
        return cp == 0x200C || cp == 0x200D;
    }

    /**
     * Every word of a text in order, lower-cased and Porter-stemmed, none dropped (not even "the" or "without"). A
     * {@code +} or {@code #} right after a word stays with it ("C++", "B+ tree", "F#"): it names something else.
     * For telling apart two concepts whose embeddings nearly coincide, see {@link #sameWordsInOrder}.
     */
    public static List<String> wordSequence(String text) {
        List<String> words = new ArrayList<>();
        StringBuilder word = new StringBuilder();
        String lower = lowered(text);
        for (int i = 0; i < lower.length(); ) {
            int cp = lower.codePointAt(i);
            i += Character.charCount(cp);
            if (Character.isLetterOrDigit(cp) || word.length() > 0 && !endsInSymbol(word) && inWord(cp)) {
                if (endsInSymbol(word)) {
                    flush(word, words);
                }
                if (!joinsLetters(cp)) {
                    word.appendCodePoint(cp);
                }
            } else if ((cp == '+' || cp == '#') && word.length() > 0) {
                word.appendCodePoint(cp);
            } else {
                flush(word, words);
            }
        }
        flush(word, words);
        return words;
    }

    private static boolean endsInSymbol(StringBuilder word) {
        return word.length() > 0 && (word.charAt(word.length() - 1) == '+' || word.charAt(word.length() - 1) == '#');
    }

    private static void flush(StringBuilder word, List<String> words) {
        if (word.length() > 0) {
            words.add(PorterStemmer.stem(word.toString()));
            word.setLength(0);
        }
    }

    /**
     * Whether one text reads as the other with words added and none replaced or moved: the shorter's
     * {@link #wordSequence} occurs, in order, within the longer's. "the attention mechanism" and "attention mechanism"
     * pass; "L1 regularization" and "L2 regularization" (a word replaced) and "vector-Jacobian product" and
     * "Jacobian-vector product" (the same words reordered) do not. The embedding barely sees either difference.
     */
    public static boolean sameWordsInOrder(List<String> a, List<String> b) {
        List<String> shorter = a.size() <= b.size() ? a : b;
        List<String> longer = shorter == a ? b : a;
        int at = 0;
        for (String word : longer) {
            if (at < shorter.size() && shorter.get(at).equals(word)) {
                at++;
            }
        }
        return at == shorter.size();
    }

    /** Whether a lower-case word is a stop word. */
    public static boolean isStopWord(String word) {
        return STOP_WORDS.contains(word);
    }

    /**
     * How much sharing this stem says about two texts being on one topic: 0.3 for generic words, 0.5 for one- or
     * two-character tokens (symbols and abbreviations such as "k" or "ml", often ambiguous), otherwise 1.
     */
    public static double weight(String stem) {
        if (GENERIC_STEMS.contains(stem)) {
            return GENERIC_WEIGHT;
        }
        if (stem.length() <= 2) {
            return 0.5;
        }
        return 1.0;
    }

    /** Distinct stems of the content words, in order of first appearance. */
    public Set<String> stems() {
        return stemToWord.keySet();
    }

    /** The first surface word that produced {@code stem}, for explanations. */
    public String wordFor(String stem) {
        return stemToWord.getOrDefault(stem, stem);
    }

    /** Whether there are no content words. */
    public boolean isEmpty() {
        return stemToWord.isEmpty();
    }

    /** Sum of {@link #weight(String)} over this text's stems. */
    public double totalWeight() {
        double sum = 0;
        for (String s : stemToWord.keySet()) {
            sum += weight(s);
        }
        return sum;
    }

    private static Set<String> stems(String... words) {
        Set<String> out = new java.util.HashSet<>();
        for (String w : words) {
            out.add(PorterStemmer.stem(w));
        }
        return Set.copyOf(out);
    }
}
