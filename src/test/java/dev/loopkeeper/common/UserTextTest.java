package dev.loopkeeper.common;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class UserTextTest {
    /** Every character is one Discord escapes, so escaping doubles the length. */
    private static final String MARKDOWN = "*_~`|[]\\";

    private static String markdown(int length) {
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < length; i++) {
            text.append(MARKDOWN.charAt(i % MARKDOWN.length()));
        }
        return text.toString();
    }

    @Test
    void escapingShowsMarkdownAsTypedAndQuotesOnlyAtALineStart() {
        assertEquals("\\*\\*bold\\*\\* a\\_b \\`x\\`", UserText.escapeMarkdown("**bold** a_b `x`"));
        assertEquals("\\> quoted <@&123> a > b", UserText.escapeMarkdown("> quoted <@&123> a > b"));
        // What makes a heading, small text or a list counts only at a line's start (after spaces, too).
        assertEquals("\\# BUY NOW\n\\-# small\n  \\- item\n\\+ item\ntext\n\\---\nC# and a-b = c",
                UserText.escapeMarkdown("# BUY NOW\n-# small\n  - item\n+ item\ntext\n---\nC# and a-b = c"));
        assertEquals(2 * 300, UserText.escapeMarkdown(markdown(300)).length());
    }

    @Test
    void aWebAddressKeepsItsUnderscoresAndTildesSoDiscordStillLinksIt() {
        // Discord shows a backslash inside an address as part of it: Kalman\_filter was a broken link.
        assertEquals("see https://en.wikipedia.org/wiki/Kalman_filter, and a\\_b",
                UserText.escapeMarkdown("see https://en.wikipedia.org/wiki/Kalman_filter, and a_b"));
        assertEquals("(http://www.cs.example.edu/~ada/notes_v2). \\_",
                UserText.escapeMarkdown("(http://www.cs.example.edu/~ada/notes_v2). _"));
        // What could close the bold an echo is shown in, or strike out the rest, is escaped inside an address too.
        assertEquals("https://x.org/a\\*\\*b\\~\\~c\\`d\\|\\|e", UserText.escapeMarkdown("https://x.org/a**b~~c`d||e"));
        // A masked link stays text; its address is a plain link; "xhttp://" and a bare "https://" are no address.
        assertEquals("\\[x\\](http://y_z) xhttp://a\\_b https://\\_",
                UserText.escapeMarkdown("[x](http://y_z) xhttp://a_b https://_"));
    }

    @Test
    void aCutKeepsAnEmojiAFlagOrAnAccentedLetterWholeOrLeavesItOut() {
        String family = "\uD83D\uDC68\u200D\uD83D\uDC69\u200D\uD83D\uDC67"; // five code points, one emoji
        assertEquals("aaaaaaaaaa…", UserText.shorten("aaaaaaaaaa" + family + "bbbbbbbbbb", 13));
        assertEquals("aaaaaaaaaa" + family + "…", UserText.shorten("aaaaaaaaaa" + family + "bbbbbbbbbb", 16));
        String flags = "\uD83C\uDDE9\uD83C\uDDEA\uD83C\uDDEB\uD83C\uDDF7"; // Germany, France
        assertEquals("\uD83C\uDDE9\uD83C\uDDEA…", UserText.shorten(flags + "!", 4), "never a lone letter F");
        // q with an acute accent has no composed form: cut after the q, it would read as another letter.
        assertEquals("x…", UserText.shorten("xq\u0301yz", 3));
        assertEquals("ab…", UserText.shortenUnits("ab\u2764\uFE0Fcd", 4), "the heart and its emoji selector go together");
        String marks = "a" + "\u0301".repeat(20);
        assertEquals(5, UserText.length(UserText.shorten(marks, 5)), "one character longer than the room is still cut");
    }

    @Test
    void anEchoThatFitsIsOnlyEscaped() {
        assertEquals("\\*x\\*", UserText.fitEcho("*x*", 6));
    }

    @Test
    void anEchoTooLongOnceEscapedIsShortenedBeforeEscapingSoNoEscapeIsCutInHalf() {
        String echo = UserText.fitEcho(markdown(1000), 101);
        assertTrue(UserText.length(echo) <= 101, echo);
        assertTrue(echo.endsWith("…"), echo);
        assertEquals(UserText.escapeMarkdown(markdown(50)) + "…", echo, "50 characters escaped, then the ellipsis");
        assertEquals("", UserText.fitEcho("**", 0));
        assertEquals("…", UserText.fitEcho("**", 2));
    }

    @Test
    void aMessageIsBuiltWholeWhenItFitsAndOtherwiseItsLongestEchoesAreShortenedToOneCap() {
        assertEquals("a \\*b\\* c", UserText.fitMessage(20, List.of("*b*"), e -> "a " + e.get(0) + " c"));

        String concept = markdown(200);
        String why = markdown(1000);
        String message = UserText.fitMessage(UserText.MESSAGE_LIMIT, List.of(concept, why),
                e -> "Parked **" + e.get(0) + "**.\nWhy it matters: " + e.get(1) + "\nfixed tail");
        assertTrue(UserText.length(message) <= UserText.MESSAGE_LIMIT, message.length() + "");
        assertTrue(message.startsWith("Parked **" + UserText.escapeMarkdown(concept) + "**."),
                "the short echo is kept whole");
        assertTrue(UserText.length(message) > UserText.MESSAGE_LIMIT - 10, "no more is cut than needed");
        assertTrue(message.endsWith("…\nfixed tail"), "the template's own text is never cut");
    }

    @Test
    void manyEchoesShareTheRoomEvenly() {
        List<String> texts = java.util.Collections.nCopies(25, markdown(1000));
        String message = UserText.fitMessage(2000, texts, e -> String.join("\n", e));
        assertTrue(UserText.length(message) <= 2000);
        for (String line : message.split("\n")) {
            assertTrue(line.length() >= 70, "each gets its share: " + line.length());
        }
    }

    @Test
    void halfASurrogatePairIsNotWellFormedAndCleaningReplacesIt() {
        assertTrue(UserText.isWellFormed("emoji 🧠 and 注意"));
        assertFalse(UserText.isWellFormed("broken \uD83E"));
        assertFalse(UserText.isWellFormed("\uDDE0 broken"));
        assertEquals("broken \uFFFD", UserText.singleLine("broken \uD83E"));
        assertEquals("a\uFFFD\nb", UserText.multiLine("a\uDDE0\nb"));
    }
    @Test
    void aValueTypedInFullWidthOrAnotherScriptsDigitsReadsAsItsPlainForm() {
        assertEquals("22:00", UserText.narrow("\uFF12\uFF12\uFF1A\uFF10\uFF10"));
        assertEquals("07:30", UserText.narrow("\u0660\u0667:\u0663\u0660"));
        assertEquals("3d #12 sunday", UserText.narrow("\uFF13\uFF44 \uFF03\uFF11\uFF12 \uFF53\uFF55\uFF4E\uFF44\uFF41\uFF59"));
        assertEquals("42", UserText.narrow("\u096A\u0968"), "Devanagari digits");
        assertEquals("22:00", UserText.narrow("22:00"));
    }

    @Test
    void anEchoFittedInUtf16UnitsIsEscapedAfterItIsCutAndKeepsEmojiWhole() {
        String rockets = "\uD83D\uDE80".repeat(10);
        assertEquals(rockets + "\\*", UserText.fitEchoUnits(rockets + "*", 22));
        String cut = UserText.fitEchoUnits(rockets + "*", 9);
        assertEquals("\uD83D\uDE80".repeat(4) + "\u2026", cut, "four emoji (eight units) and the ellipsis");
        assertEquals("\\*\\*\u2026", UserText.fitEchoUnits("**bold**", 5), "never half an escape");
        assertEquals("\u2026", UserText.fitEchoUnits("**", 1), "no room for an escaped star: the cut alone");
    }

    @Test
    void aTextOfOnlyInvisibleCharactersIsEmptyButThoseCharactersStayInsideOtherText() {
        for (String invisible : new String[] {"\u200B\u200B", "\u2060", "\uFEFF", "\u200E\u200F", "\u3164", "\u2800",
                " \u200B \u3000 ", "\uFE0F\uFE0F", "\uDB40\uDD00", "\u17B4\u17B5", "\u00AD"}) {
            assertEquals("", UserText.singleLine(invisible), invisible.codePoints().mapToObj(Integer::toHexString)
                    .toList().toString());
            assertEquals("", UserText.multiLine(invisible + "\n" + invisible));
        }
        String family = "\uD83D\uDC68\u200D\uD83D\uDC69\u200D\uD83D\uDC67"; // joined by zero-width joiners
        assertEquals("family " + family, UserText.singleLine("family " + family));
        assertEquals(UserText.key("Kalman filter"), UserText.key("Kal\u00ADman\u200B filter"), "one concept, as typed or "
                + "pasted from a web page");
    }

    @Test
    void cleanedTextIsComposedSoAnAccentTypedAsAMarkIsOneCharacterAndTheSameText() {
        String decomposed = "cafe\u0301 cre\u0300me bru\u0302le\u0301e";
        String composed = "caf\u00E9 cr\u00E8me br\u00FBl\u00E9e";
        assertEquals(composed, UserText.singleLine(decomposed));
        assertEquals(composed + "\n" + composed, UserText.multiLine(decomposed + "\n" + decomposed));
        assertEquals(4, UserText.length(UserText.singleLine("cafe\u0301")), "é is one character, typed either way");
        assertEquals(150, UserText.length(UserText.singleLine("e\u0301".repeat(150))));
        String korean = "\u1112\u1161\u11AB"; // 한 in conjoining jamo
        assertEquals("\uD55C", UserText.singleLine(korean));
        assertEquals(composed, UserText.composed(composed), "composed text stays as it is");
        // A mark with no letter before it stays, and one of the rare characters NFC lengthens is measured after it.
        assertEquals("\u0301x", UserText.singleLine("\u0301x"));
        assertEquals(2, UserText.length(UserText.singleLine("\u0344")));
    }

    @Test
    void directionalOverridesAreDroppedSoNoTextTurnsTheRestOfALineAroundButRightToLeftTextStays() {
        assertEquals("evil rtl override", UserText.singleLine("\u202Eevil rtl override"));
        assertEquals("a b c", UserText.multiLine("a \u2067b\u2069 \u202Ac\u202C"));
        assertEquals("", UserText.singleLine("\u202E\u2066"), "nothing left to show");
        assertEquals("\u05E9\u05DC\u05D5\u05DD \u200Fworld", UserText.singleLine("\u05E9\u05DC\u05D5\u05DD \u200Fworld"),
                "Hebrew and a right-to-left mark stay as typed");
        // Echoed (a refused option, a text stored before this rule) and whole texts (an import) lose them too.
        assertEquals("'UTC' \\*", UserText.escapeMarkdown("'\u202EUTC' *"));
        assertEquals("two\n  lines", UserText.withoutOverrides("two\n \u2066 lines\u2069"));
    }

    @Test
    void joinWithinShowsWholeItemsThatFitAndCountsTheRest() {
        List<String> items = List.of("<#1>", "<#22>", "<#4444444444>");
        assertEquals("<#1>, <#22>, <#4444444444>", UserText.joinWithin(items, ", ", 26, n -> " and " + n + " more"));
        assertEquals("<#1>, <#22> and 1 more", UserText.joinWithin(items, ", ", 22, n -> " and " + n + " more"));
        assertEquals("<#1> and 2 more", UserText.joinWithin(items, ", ", 21, n -> " and " + n + " more"));
        assertEquals(" and 3 more", UserText.joinWithin(items, ", ", 5, n -> " and " + n + " more"));
    }
}
