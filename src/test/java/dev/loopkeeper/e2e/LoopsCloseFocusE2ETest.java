package dev.loopkeeper.e2e;

import dev.loopkeeper.e2e.fake.FakeUser;
import dev.loopkeeper.e2e.fake.InteractionHandle;
import dev.loopkeeper.loop.LoopFilter;
import dev.loopkeeper.loop.LoopStatus;
import dev.loopkeeper.loop.OpenLoop;
import dev.loopkeeper.loop.Outcome;
import net.dv8tion.jda.api.utils.data.DataObject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code /loops} paging, {@code /close} with its autocomplete, and {@code /focus}, through the wire. */
class LoopsCloseFocusE2ETest {

    @RegisterExtension
    static final LoopkeeperE2E E2E = LoopkeeperE2E.withGlobalCommands();

    private static final List<String> TOPICS = List.of("fourier transform", "bloom filters", "raft consensus",
            "sourdough starter", "jazz harmony", "plate tectonics", "quantum tunnelling", "medieval castles",
            "knitting patterns", "volcano eruptions", "tax law");

    @Test
    void loopsWithMoreThanAPageShowsPrevAndNextAndNextUpdatesInPlace() {
        FakeUser user = E2E.newUser();
        // Unrelated topics, so the near-duplicate check offers no merge; one at a time, so the oldest is known.
        for (String concept : TOPICS) {
            E2E.park(user, concept);
        }

        InteractionHandle list = E2E.fake().slashCommand("loops").by(user).send();
        DataObject first = E2E.message(list).getArray("embeds").getObject(0);
        assertEquals("Open loops (11)", first.getString("title"));
        assertEquals("Page 1 of 2", first.getObject("footer").getString("text"));
        assertEquals(10, first.getString("description").lines().count());
        assertTrue(LoopkeeperE2E.button(E2E.fake().originalMessage(list), "Prev").getBoolean("disabled"));
        assertFalse(LoopkeeperE2E.button(E2E.fake().originalMessage(list), "Next").getBoolean("disabled"));

        DataObject next = E2E.reply(E2E.click(user, list, "Next"));

        assertEquals(7, next.getInt("type"), "Next edits the list in place");
        DataObject second = next.getObject("data").getArray("embeds").getObject(0);
        assertEquals("Page 2 of 2", second.getObject("footer").getString("text"));
        assertTrue(second.getString("description").contains("**" + TOPICS.get(0) + "**"), "the oldest is on page 2");
        DataObject shown = E2E.fake().originalMessage(list);
        assertFalse(LoopkeeperE2E.button(shown, "Prev").getBoolean("disabled"));
        assertTrue(LoopkeeperE2E.button(shown, "Next").getBoolean("disabled"));
    }

    @Test
    void closeAutocompleteOffersOnlyTheCallersOwnLoops() {
        FakeUser ada = E2E.newUser();
        FakeUser bob = E2E.newUser();
        E2E.park(ada, "attention heads");
        E2E.park(ada, "attention span");
        E2E.park(ada, "bayes");
        E2E.park(bob, "attention economy");

        DataObject choices = E2E.reply(E2E.fake().autocomplete("close").by(ada).focused("loop", "atten").send());

        assertEquals(8, choices.getInt("type"));
        assertEquals(List.of("attention heads", "attention span"),
                LoopkeeperE2E.choiceNames(choices).stream().sorted().collect(Collectors.toList()));
        List<String> adaIds = open(ada).stream().map(l -> Long.toString(l.id())).collect(Collectors.toList());
        String picked = LoopkeeperE2E.choiceNamed(choices, "attention heads").orElseThrow().getString("value");
        assertTrue(adaIds.contains(picked), "choice values are the caller's loop ids");
    }

    @Test
    void closeRefusesAnotherUsersLoopIdAndClosesTheCallersOwn() {
        FakeUser ada = E2E.newUser();
        FakeUser bob = E2E.newUser();
        E2E.park(ada, "gradient checkpointing");
        E2E.park(bob, "bob's private loop");
        String bobsId = Long.toString(open(bob).get(0).id());

        DataObject refused = E2E.message(E2E.fake().slashCommand("close").by(ada)
                .option("loop", bobsId).option("outcome", "learned").send());

        assertEquals("I can't find that among your open loops. Pick one from the list as you type, or see /loops.",
                refused.getString("content"));
        assertEquals(LoopStatus.OPEN, open(bob).get(0).status(), "bob's loop is untouched");

        String adasId = Long.toString(open(ada).get(0).id());
        DataObject closed = E2E.message(E2E.fake().slashCommand("close").by(ada).option("loop", adasId)
                .option("outcome", "let_go").option("takeaway", "not needed for inference").send());

        assertEquals("Closed **gradient checkpointing** as let go.\nTakeaway: not needed for inference",
                closed.getString("content"));
        assertTrue(open(ada).isEmpty());
        OpenLoop stored = E2E.bot().loops().list(ada.id(), new LoopFilter(LoopFilter.Stage.CLOSED, Optional.empty()),
                0, 10).loops().get(0);
        assertEquals(Outcome.LET_GO, stored.outcome());
    }

    @Test
    void focusSetShowAndClearWithAutocomplete() {
        FakeUser user = E2E.newUser();

        String set = E2E.message(E2E.fake().slashCommand("focus").subcommand("set").by(user)
                .option("text", "writing a tiny autograd").option("for", "3h").send()).getString("content");
        assertTrue(set.startsWith("Focus set: **writing a tiny autograd** (until <t:"), set);
        E2E.message(E2E.fake().slashCommand("focus").subcommand("set").by(user)
                .option("text", "reading about attention").send());

        String shown = E2E.message(E2E.fake().slashCommand("focus").subcommand("show").by(user).send())
                .getString("content");
        assertTrue(shown.startsWith("Active focus:\n"), shown);
        assertTrue(shown.contains("**writing a tiny autograd**") && shown.contains("**reading about attention**"), shown);

        DataObject choices = E2E.reply(E2E.fake().autocomplete("focus").subcommand("clear").by(user)
                .focused("item", "tiny").send());
        assertEquals(List.of("writing a tiny autograd"), LoopkeeperE2E.choiceNames(choices));
        String item = LoopkeeperE2E.choiceNamed(choices, "writing a tiny autograd").orElseThrow().getString("value");

        assertEquals("Cleared **writing a tiny autograd**.", E2E.message(E2E.fake().slashCommand("focus")
                .subcommand("clear").by(user).option("item", item).send()).getString("content"));
        assertEquals(List.of("reading about attention"),
                E2E.bot().focus().active(user.id()).stream().map(f -> f.text()).collect(Collectors.toList()));
        assertEquals("Cleared your focus.", E2E.message(E2E.fake().slashCommand("focus").subcommand("clear")
                .by(user).send()).getString("content"));
        assertEquals("No active focus. Tell me what you are working on with /focus set.", E2E.message(E2E.fake()
                .slashCommand("focus").subcommand("show").by(user).send()).getString("content"));
    }

    @Test
    void focusWithAnUnreadableDurationExplainsAndSavesNothing() {
        FakeUser user = E2E.newUser();

        DataObject reply = E2E.message(E2E.fake().slashCommand("focus").subcommand("set").by(user)
                .option("text", "ship the release").option("for", "soon").send());

        assertEquals("'soon' is not a duration I can read. Use a number and a unit: 90m, 3h, 2d, 1w "
                + "(or combined, like 1d12h).", reply.getString("content"));
        assertTrue(E2E.bot().focus().active(user.id()).isEmpty());
    }

    @Test
    void focusInADirectMessageWorks() {
        FakeUser user = E2E.newUser();

        String set = E2E.message(E2E.fake().slashCommand("focus").subcommand("set").by(user).inDirectMessage()
                .option("text", "learning category theory").send()).getString("content");

        assertTrue(set.startsWith("Focus set: **learning category theory** (until you clear it)."), set);
        assertEquals(1, E2E.bot().focus().active(user.id()).size());
    }

    private static List<OpenLoop> open(FakeUser user) {
        return E2E.bot().loops().list(user.id(), LoopFilter.open(), 0, 20).loops();
    }
}
