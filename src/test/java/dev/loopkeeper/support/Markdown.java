package dev.loopkeeper.support;

import static org.junit.jupiter.api.Assertions.assertTrue;

/** What Discord's Markdown makes of the bot's text, as tests check it. */
public final class Markdown {
    private Markdown() {
    }

    /**
     * Every {@code **} a line opens it closes too (an escaped star is a star). A line cut through its closing
     * {@code **} left its bold open, and the next line's opening {@code **} closed it: everything between read bold and
     * the concepts starred.
     */
    public static void assertBoldClosed(String text) {
        for (String line : text.split("\n")) {
            int marks = 0;
            for (int i = 0; i < line.length(); i++) {
                if (line.charAt(i) == '\\') {
                    i++;
                } else if (line.startsWith("**", i)) {
                    marks++;
                    i++;
                }
            }
            assertTrue(marks % 2 == 0, "a bold left open: " + line);
        }
    }
}
