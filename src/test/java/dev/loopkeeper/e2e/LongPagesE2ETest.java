package dev.loopkeeper.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.loopkeeper.config.ConfigLoader;
import dev.loopkeeper.e2e.fake.FakeUser;
import dev.loopkeeper.support.Markdown;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The longest pages {@code LOOPKEEPER_PAGE_SIZE} allows, on the wire: twenty loops whose concepts are long in emoji or
 * in markdown do not fit one embed even one line each, and each line is cut to its share without breaking the page's
 * markdown.
 */
class LongPagesE2ETest {

    @RegisterExtension
    static final LoopkeeperE2E E2E = LoopkeeperE2E.withGlobalCommands().with(ConfigLoader.PAGE_SIZE, "20");

    @Test
    void aPageOfTwentyLongEmojiOrMarkdownConceptsCutsEachInsideItsBoldNeverThroughIt() {
        FakeUser user = E2E.newUser();
        for (int i = 0; i < 20; i++) {
            // Two UTF-16 units a character either way: an emoji, or a markdown sign escaped.
            String filler = i % 2 == 0 ? "\uD83D\uDE80".repeat(96) : "*_".repeat(48);
            E2E.park(user, "n" + i + " " + filler);
        }

        String page = E2E.message(E2E.fake().slashCommand("loops").by(user).send())
                .getArray("embeds").getObject(0).getString("description");

        List<String> lines = Arrays.stream(page.split("\n")).filter(line -> line.startsWith("`#")).toList();
        assertEquals(20, lines.size(), page);
        for (String line : lines) {
            // Cut through its closing **, a line left its bold open and the next line's opening ** closed it: the page
            // read bold between the loops and starred around their concepts.
            Markdown.assertBoldClosed(line);
            assertTrue(line.contains("…** · "), line);
        }
    }

}
