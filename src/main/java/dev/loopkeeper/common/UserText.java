package dev.loopkeeper.common;

import java.text.Normalizer;
import java.util.Locale;

/**
 * Cleaning and measuring text people type. Control characters are dropped; emoji, CJK and
 * right-to-left text (including the format characters they rely on) pass through unchanged.
 */
public final class UserText {
    private UserText() {
    }

    /** One line: control characters dropped, whitespace runs collapsed to one space, trimmed. */
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
            } else if (Character.getType(cp) != Character.CONTROL) {
                if (pendingSpace) {
                    out.append(' ');
                    pendingSpace = false;
                }
                out.appendCodePoint(cp);
            }
        }
        return out.toString();
    }

    /** Several lines: control characters other than line breaks dropped, each line's end trimmed. */
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
            } else if (Character.getType(cp) != Character.CONTROL) {
                out.appendCodePoint(cp);
            }
        }
        return out.toString().replaceAll("[ \\u00A0]+\\n", "\n").strip();
    }

    /** Length as a person counts it: one per code point, so an emoji is one, not two. */
    public static int length(String text) {
        return text.codePointCount(0, text.length());
    }

    /** A comparison key that ignores case, width variants and all spacing. */
    public static String key(String text) {
        String folded = Normalizer.normalize(text, Normalizer.Form.NFKC).toLowerCase(Locale.ROOT);
        return folded.replaceAll("[\\s\\p{Z}]+", "");
    }

    /** Shortens to at most {@code max} code points, cutting at a word boundary when one is near, with an ellipsis. */
    public static String shorten(String text, int max) {
        if (length(text) <= max) {
            return text;
        }
        int end = text.offsetByCodePoints(0, max - 1);
        int space = text.lastIndexOf(' ', end);
        if (space > end * 2 / 3) {
            end = space;
        }
        return text.substring(0, end).stripTrailing() + "…";
    }
}
