package dev.loopkeeper.search;

import dev.loopkeeper.common.UserText;

/** What search says when it refuses a query: the text of the {@code InvalidInputException}s {@link SearchService} throws. */
public final class SearchErrors {
    private SearchErrors() {
    }

    public static String emptyQuery() {
        return "The query is empty. Give a word or a few, such as query:kalman.";
    }

    public static String queryTooLong(int length, int max) {
        return "The query is " + length + " characters; a few words (up to " + max
                + ") find loops best.";
    }

    public static String queryWithoutWords(String query) {
        return "\u201c" + UserText.fitEcho(query, 40) + "\u201d has no word to look for (only short or common words, or symbols). "
                + "Try a word from the concept, such as query:kalman.";
    }

    public static String brokenQuery() {
        return "The query holds a broken character (half of an emoji or other symbol). Retype it.";
    }
}
