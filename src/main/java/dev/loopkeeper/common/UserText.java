package dev.loopkeeper.common;

import java.text.Normalizer;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;
import java.util.function.IntFunction;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Cleaning, measuring and echoing text people type. Control characters are dropped; emoji, CJK and
 * right-to-left text (including the format characters they rely on) pass through unchanged. Cleaned text is composed
 * to Unicode NFC ({@link #singleLine}, {@link #multiLine}: every typed text passes one of them before it is measured,
 * stored or searched), so "café" typed with a combining accent is the "café" of a composed keyboard, one character of
 * {@link #length} per accented letter. Half of a UTF-16
 * surrogate pair cannot be stored (SQLite would keep a {@code ?}): services refuse typed text that holds one
 * ({@link #isWellFormed}), and cleaning turns any that slip through into U+FFFD.
 */
public final class UserText {
    private static final Logger log = LoggerFactory.getLogger(UserText.class);
    /** Spaces left at the end of a line; compiled once (every why and note of every park goes through it). */
    private static final Pattern SPACES_BEFORE_LINE_BREAK = Pattern.compile("[ \\u00A0]+\\n");

    /** The longest message any front sends: Discord's limit for a message's content, in code points. */
    public static final int MESSAGE_LIMIT = 2000;

    private UserText() {
    }

    /**
     * One line: control characters and directional overrides ({@link #turnsLinesAround}) dropped, whitespace runs
     * collapsed to one space, trimmed, composed to NFC ({@link #composed}).
     */
    public static String singleLine(String text) {
        if (text == null) {
            return "";
        }
        StringBuilder out = new StringBuilder(text.length());
        boolean pendingSpace = false;
        for (int i = 0; i < text.length(); ) {
            int cp = text.codePointAt(i);
            i += Character.charCount(cp);
            if (Character.isWhitespace(cp) || Character.isSpaceChar(cp)) {
                pendingSpace = out.length() > 0;
            } else if (Character.getType(cp) != Character.CONTROL && !turnsLinesAround(cp)) {
                if (pendingSpace) {
                    out.append(' ');
                    pendingSpace = false;
                }
                out.appendCodePoint(wellFormed(cp));
            }
        }
        return invisible(out) ? "" : composed(out.toString());
    }

    /**
     * The text in Unicode NFC: an accent typed as a combining mark after its letter (e + U+0301, as macOS file names
     * and some keyboards give it) joined to the letter (é), as most keyboards type it. Without it the two spellings were
     * the same concept by {@link #key} but not by word search, and a decomposed "é" counted two characters against a
     * limit. NFC leaves text that is composed already as it is, and makes no text longer but for a few rare characters
     * (such as U+0344, or Hebrew presentation forms): limits are checked on the composed text, which is what is stored.
     */
    public static String composed(String text) {
        return Normalizer.isNormalized(text, Normalizer.Form.NFC) ? text : Normalizer.normalize(text, Normalizer.Form.NFC);
    }

    /**
     * The text with full-width letters, digits and signs in their plain forms (Unicode NFKC), and every script's
     * decimal digits as 0 to 9: {@code ２２：００}, {@code ３ｄ} and {@code ｓｕｎｄａｙ}, as a Japanese or Chinese input
     * method types them, and {@code ٢٢:٠٠}, read as {@code 22:00}, {@code 3d} and {@code sunday}. Only for reading a
     * value typed as a time, a duration, a weekday or a number; text that is stored keeps its forms.
     */
    public static String narrow(String text) {
        String folded = Normalizer.normalize(text, Normalizer.Form.NFKC);
        if (folded.codePoints().noneMatch(cp -> cp > '9' && Character.getType(cp) == Character.DECIMAL_DIGIT_NUMBER)) {
            return folded;
        }
        StringBuilder out = new StringBuilder(folded.length());
        folded.codePoints().forEach(cp -> {
            if (cp > '9' && Character.getType(cp) == Character.DECIMAL_DIGIT_NUMBER) {
                out.append((char) ('0' + Character.digit(cp, 10)));
            } else {
                out.appendCodePoint(cp);
            }
        });
        return out.toString();
    }

    /**
     * Whether nothing in the text would show ({@link #showsNothing} for every character). Such a text is empty to a
     * person, as spaces are; inside other text these characters stay (a zero-width joiner builds emoji).
     */
    private static boolean invisible(CharSequence text) {
        return text.codePoints().allMatch(UserText::showsNothing);
    }

    /**
     * Spacing, and what draws nothing: format characters (zero-width spaces and joiners, direction marks, the byte
     * order mark, a soft hyphen), variation selectors and blank fillers (Hangul fillers, the braille blank, Khmer's
     * inherent vowels).
     */
    private static boolean showsNothing(int cp) {
        return Character.getType(cp) == Character.FORMAT || Character.isWhitespace(cp) || Character.isSpaceChar(cp)
                || cp == 0x115F || cp == 0x1160 || cp == 0x3164 || cp == 0xFFA0 || cp == 0x2800 || cp == 0x034F
                || cp == 0x17B4 || cp == 0x17B5 || cp >= 0x180B && cp <= 0x180F || cp >= 0xFE00 && cp <= 0xFE0F
                || cp >= 0xE0100 && cp <= 0xE01EF;
    }

    /**
     * Directional embeddings, overrides and isolates (U+202A to U+202E, U+2066 to U+2069). Typed text never needs them
     * (letters carry their own direction, and the marks U+200E and U+200F stay), and one left open reverses what
     * follows it on the line: the bot's own words after a concept in a list ("Trojan Source" text).
     */
    static boolean turnsLinesAround(int cp) {
        return cp >= 0x202A && cp <= 0x202E || cp >= 0x2066 && cp <= 0x2069;
    }

    /**
     * The text with its directional overrides ({@link #withoutOverrides}) and control characters dropped but for line
     * breaks and tabs: for text that arrives whole rather than typed (an imported file's), which keeps its lines and
     * spacing as they were saved. Typed text never holds the others, and a file's reached the console's terminal as
     * they were: escape sequences that cleared the screen or retitled the window, a carriage return that overprinted
     * a line.
     */
    public static String asSaved(String text) {
        String kept = withoutOverrides(text);
        if (kept == null || kept.chars().noneMatch(c -> Character.getType(c) == Character.CONTROL && c != '\n' && c != '\t')) {
            return kept;
        }
        StringBuilder out = new StringBuilder(kept.length());
        kept.chars().filter(c -> Character.getType(c) != Character.CONTROL || c == '\n' || c == '\t')
                .forEach(c -> out.append((char) c));
        return out.toString();
    }

    /**
     * The text with its directional overrides dropped and nothing else changed: for text shown again as it was (the
     * console's plain form of a message).
     */
    public static String withoutOverrides(String text) {
        if (text == null || text.codePoints().noneMatch(UserText::turnsLinesAround)) {
            return text;
        }
        StringBuilder out = new StringBuilder(text.length());
        text.codePoints().filter(cp -> !turnsLinesAround(cp)).forEach(out::appendCodePoint);
        return out.toString();
    }

    /**
     * Several lines: control characters other than line breaks and directional overrides dropped, ends trimmed, composed
     * to NFC ({@link #composed}).
     */
    public static String multiLine(String text) {
        if (text == null) {
            return "";
        }
        StringBuilder out = new StringBuilder(text.length());
        for (int i = 0; i < text.length(); ) {
            int cp = text.codePointAt(i);
            i += Character.charCount(cp);
            if (cp == '\n') {
                out.append('\n');
            } else if (cp == '\t') {
                out.append(' ');
            } else if (Character.getType(cp) != Character.CONTROL && !turnsLinesAround(cp)) {
                out.appendCodePoint(wellFormed(cp));
            }
        }
        return invisible(out) ? "" : composed(SPACES_BEFORE_LINE_BREAK.matcher(out).replaceAll("\n").strip());
    }

    /**
     * Whether a text ends a sentence itself ("What is a monad?", "wait…", "ch. 1."), so an answer that quotes it at
     * its own end adds no full stop: never "Parked wait….".
     */
    public static boolean endsASentence(String text) {
        return text.matches("(?s).*[.!?\u2026]");
    }

    /** Length as a person counts it: one per code point, so an emoji is one, not two. */
    public static int length(String text) {
        return text.codePointCount(0, text.length());
    }

    /** A comparison key that ignores case, width variants and all spacing. */
    public static String key(String text) {
        String folded = Normalizer.normalize(text, Normalizer.Form.NFKC).toLowerCase(Locale.ROOT);
        // Without spacing and what shows nothing, "Kal\u00ADman filter" (a soft hyphen from a web page) is the Kalman
        // filter already open.
        StringBuilder key = new StringBuilder(folded.length());
        folded.codePoints().filter(cp -> !showsNothing(cp)).forEach(key::appendCodePoint);
        return key.toString();
    }

    /**
     * Shortens to at most {@code max} code points, cutting at a word boundary when one is near, and never inside a
     * character as a person sees it ({@link #wholeCharacters}), with an ellipsis.
     */
    public static String shorten(String text, int max) {
        if (length(text) <= max) {
            return text;
        }
        int end = wholeCharacters(text, text.offsetByCodePoints(0, max - 1));
        int space = text.lastIndexOf(' ', end);
        if (space > end * 2 / 3) {
            end = space;
        }
        return text.substring(0, end).stripTrailing() + "…";
    }

    /** One character as a person sees it: an emoji of several code points, a flag, a letter with its marks. */
    private static final Pattern CHARACTER = Pattern.compile("\\X");

    /**
     * The last boundary between characters as a person sees them ({@link #CHARACTER}) at or before {@code end}, so a cut
     * there keeps a family emoji, a flag, a skin tone or an accent whole, or leaves it out whole: cut between code
     * points, 👨‍👩‍👧 ended as 👨‍👩 and 🇩🇪 as a letter D. {@code end} itself when the first such character already
     * passes it (a letter with hundreds of marks), so a cut never leaves nothing.
     */
    private static int wholeCharacters(String text, int end) {
        if (end >= text.length()) {
            return end;
        }
        Matcher character = CHARACTER.matcher(text);
        int boundary = 0;
        while (character.find() && character.end() <= end) {
            boundary = character.end();
        }
        return boundary == 0 ? end : boundary;
    }

    /**
     * At most {@code max} UTF-16 units, cut between characters as a person sees them (never inside an emoji), with an
     * ellipsis when cut. For
     * an embed's text, which JDA measures in UTF-16 units (an emoji is two), unlike a message's content (code points).
     */
    public static String shortenUnits(String text, int max) {
        if (text.length() <= max) {
            return text;
        }
        int end = 0;
        while (end < text.length()) {
            int next = text.offsetByCodePoints(end, 1);
            if (next + 1 > max) {
                break;
            }
            end = next;
        }
        return text.substring(0, wholeCharacters(text, end)).stripTrailing() + "…";
    }

    /** Whether the text holds no half of a UTF-16 surrogate pair (which no encoding can store as typed). */
    /** Refuses text holding half a surrogate pair (it would be stored changed), naming {@code what} it is. */
    public static void requireWellFormed(String text, String what) {
        if (text != null && !isWellFormed(text)) {
            throw new InvalidInputException(brokenCharacter(what));
        }
    }

    /** The refusal for text holding half a surrogate pair. */
    public static String brokenCharacter(String what) {
        return "The " + what + " holds a broken character (half of an emoji or other symbol), which I can't store "
                + "as typed. Retype or paste it again. Nothing was saved.";
    }

    public static boolean isWellFormed(String text) {
        for (int i = 0; i < text.length(); ) {
            int cp = text.codePointAt(i);
            if (Character.getType(cp) == Character.SURROGATE) {
                return false;
            }
            i += Character.charCount(cp);
        }
        return true;
    }

    private static int wellFormed(int codePoint) {
        return Character.getType(codePoint) == Character.SURROGATE ? '\uFFFD' : codePoint;
    }

    /** What {@link #escapeMarkdown} escapes anywhere. */
    public static final String INLINE_MARKERS = "\\*_~`|[]";
    /** What {@link #escapeMarkdown} escapes at the start of a line only. */
    public static final String LINE_MARKERS = ">#-+=";

    /**
     * Escapes Discord markdown so text such as {@code **x**} shows as typed. The markers that only count at the start
     * of a line ({@code >} a quote, {@code #} a heading, {@code -#} small text, {@code -} or {@code +} a list, and
     * {@code -} or {@code =} under a line, which CommonMark reads as a heading in a Markdown export) are escaped there
     * alone, so elsewhere {@code <@&123>} or {@code a-b} read as typed (a mention pings nobody: allowed mentions are
     * always empty). Messages show whys on one line; the Markdown export keeps their lines, where a line typed as
     * {@code ## Notes} had made a loop heading of its own. A web address keeps its {@code _} and {@code ~}
     * ({@link #linkEnd}), or Discord would link it with the backslash. Escaping can double the length: see
     * {@link #fitEcho}.
     */
    public static String escapeMarkdown(String text) {
        StringBuilder out = new StringBuilder(text.length() + 8);
        boolean lineStart = true; // nothing but spaces since the line began
        int linkEnd = -1; // inside a web address up to here
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (turnsLinesAround(c)) {
                continue; // shown as typed, except what would turn the rest of the line around
            }
            if (i >= linkEnd) {
                linkEnd = linkEnd(text, i);
            }
            boolean inLink = i < linkEnd && keptInLink(text, i);
            if (!inLink && (INLINE_MARKERS.indexOf(c) >= 0 || lineStart && LINE_MARKERS.indexOf(c) >= 0)) {
                out.append('\\');
            }
            out.append(c);
            lineStart = c == '\n' || lineStart && (c == ' ' || c == '\t');
        }
        return out.toString();
    }

    /**
     * Where the web address starting at {@code i} ends, as Discord links one ({@code https?://}, up to a space or
     * {@code <}, without closing punctuation); {@code i} when none starts there. Discord shows a backslash inside an
     * address as part of it, so an escaped {@code _} broke every Wikipedia link ({@code Kalman\_filter}).
     */
    private static int linkEnd(String text, int i) {
        if (i > 0 && Character.isLetterOrDigit(text.charAt(i - 1))
                || !text.regionMatches(true, i, "http://", 0, 7) && !text.regionMatches(true, i, "https://", 0, 8)) {
            return i;
        }
        int end = i;
        while (end < text.length() && !Character.isWhitespace(text.charAt(end)) && text.charAt(end) != '<') {
            end++;
        }
        while (end > i && ".,:;\"')]".indexOf(text.charAt(end - 1)) >= 0) {
            end--;
        }
        return end - (text.indexOf("://", i) + 3) >= 2 ? end : i; // Discord links two characters or more
    }

    /**
     * What a web address keeps unescaped: {@code _} and a lone {@code ~}, common in addresses and harmless there (no
     * formatting of the bot's own is made of them). The rest is escaped still, so no address closes the bold it is shown
     * in, nor makes {@code ~~} strike out what follows.
     */
    private static boolean keptInLink(String text, int i) {
        char c = text.charAt(i);
        return c == '_' || c == '~' && (i == 0 || text.charAt(i - 1) != '~')
                && (i + 1 == text.length() || text.charAt(i + 1) != '~');
    }

    /**
     * The text as a message echoes it: markdown escaped, and if that passes {@code max} characters, shortened (with an
     * ellipsis) before escaping so that the escaped echo fits. Only the echo is cut, never the stored text.
     */
    public static String fitEcho(String text, int max) {
        String escaped = escapeMarkdown(text);
        if (length(escaped) <= max) {
            return escaped;
        }
        // The most code points of the text that still fit once shortened and escaped: at least 0, fewer than all.
        int fits = 0;
        int tooMany = length(text);
        while (tooMany - fits > 1) {
            int middle = (fits + tooMany) >>> 1;
            if (length(escapeMarkdown(shorten(text, middle))) <= max) {
                fits = middle;
            } else {
                tooMany = middle;
            }
        }
        return fits == 0 ? "" : escapeMarkdown(shorten(text, fits));
    }

    /**
     * The same as {@link #fitEcho} in at most {@code max} UTF-16 units: for an embed's text, which JDA counts so (an
     * emoji is two).
     */
    public static String fitEchoUnits(String text, int max) {
        String escaped = escapeMarkdown(text);
        if (escaped.length() <= max) {
            return escaped;
        }
        int fits = 0;
        int tooMany = length(text);
        while (tooMany - fits > 1) {
            int middle = (fits + tooMany) >>> 1;
            if (escapeMarkdown(shorten(text, middle)).length() <= max) {
                fits = middle;
            } else {
                tooMany = middle;
            }
        }
        return fits == 0 ? "" : escapeMarkdown(shorten(text, fits));
    }

    /**
     * Builds a message that echoes {@code texts} and fits in {@code limit} characters by construction: the template
     * gets the texts escaped ({@link #escapeMarkdown}); if the result is too long, the longest echoes are shortened
     * (each to the same cap, so a short concept stays whole beside a long why) until it fits. The template must place
     * each echo once, as plain concatenation, so its length is its fixed text plus the echoes.
     */
    public static String fitMessage(int limit, List<String> texts, Function<List<String>, String> template) {
        List<String> escaped = new ArrayList<>(texts.size());
        texts.forEach(text -> escaped.add(escapeMarkdown(text)));
        String message = template.apply(escaped);
        if (length(message) <= limit) {
            return message;
        }
        int budget = limit - length(template.apply(Collections.nCopies(texts.size(), "")));
        String fitted = template.apply(fitEchoes(texts, budget));
        if (length(fitted) <= limit) {
            return fitted;
        }
        // Only a template that breaks the rule above could still be too long; cut it rather than fail to answer, and
        // say so (the reflections' list cut its newest-but-last answer this way, unseen).
        log.warn("A message template is not plain concatenation: {} characters after fitting, {} allowed; cut at its end",
                length(fitted), limit);
        return shorten(fitted, limit);
    }

    /**
     * Items joined by {@code separator}, as many as fit in {@code max} code points together with what {@code rest} says
     * of the ones left out (given how many; not asked when all fit). For a list that grows with what people do, such
     * as a server's marked channels, which a message must hold however long it gets.
     */
    public static String joinWithin(List<String> items, String separator, int max, IntFunction<String> rest) {
        String all = String.join(separator, items);
        if (length(all) <= max) {
            return all;
        }
        StringBuilder shown = new StringBuilder();
        int shownLength = 0;
        int count = 0;
        for (String item : items) {
            String next = (count == 0 ? "" : separator) + item;
            int nextLength = length(next);
            if (shownLength + nextLength + length(rest.apply(items.size() - count - 1)) > max) {
                break;
            }
            shown.append(next);
            shownLength += nextLength;
            count++;
        }
        return shown + rest.apply(items.size() - count);
    }

    /** Escaped echoes, each cut to one common cap, the highest at which they fit in {@code budget} together. */
    private static List<String> fitEchoes(List<String> texts, int budget) {
        int fits = 0;
        int tooMany = 0;
        for (String text : texts) {
            tooMany = Math.max(tooMany, length(escapeMarkdown(text)) + 1);
        }
        while (tooMany - fits > 1) {
            int middle = (fits + tooMany) >>> 1;
            if (totalLength(echoes(texts, middle)) <= budget) {
                fits = middle;
            } else {
                tooMany = middle;
            }
        }
        return echoes(texts, fits);
    }

    private static List<String> echoes(List<String> texts, int cap) {
        List<String> echoes = new ArrayList<>(texts.size());
        texts.forEach(text -> echoes.add(fitEcho(text, cap)));
        return echoes;
    }

    private static int totalLength(List<String> texts) {
        return texts.stream().mapToInt(UserText::length).sum();
    }
}
