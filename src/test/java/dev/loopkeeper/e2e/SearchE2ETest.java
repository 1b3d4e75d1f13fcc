package dev.loopkeeper.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.loopkeeper.discord.DiscordMessages;
import dev.loopkeeper.e2e.fake.FakeUser;
import dev.loopkeeper.e2e.fake.InteractionHandle;
import dev.loopkeeper.loop.LoopFilter;
import dev.loopkeeper.loop.OpenLoop;
import dev.loopkeeper.loop.Origin;
import dev.loopkeeper.loop.Outcome;
import dev.loopkeeper.loop.ParkRequest;
import dev.loopkeeper.loop.ParkResult;
import java.util.List;
import net.dv8tion.jda.api.utils.data.DataObject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Finding again what months of loops taught, on the wire: {@code /loops query:} reaches closed loops (with how they
 * ended, their takeaway and reflections) unless {@code status} narrows it, and pages with Prev/Next and {@code page:}.
 */
class SearchE2ETest {

    @RegisterExtension
    static final LoopkeeperE2E E2E = LoopkeeperE2E.withGlobalCommands();

    /** Fourteen loops the word "attention" finds, and one it does not. */
    private static final List<String> ATTENTION = List.of("attention heads", "attention masks", "attention span",
            "attention economy", "visual attention", "cross attention", "flash attention", "sparse attention",
            "attention sinks", "attention rollout", "selective attention in psychology", "attention deficit",
            "paying attention in meetings", "attention weights", "sourdough starter");

    private static OpenLoop parked(FakeUser user, String concept) {
        return ((ParkResult.Parked) E2E.bot().loops().park(new ParkRequest(user.id(), concept, null, Origin.none())))
                .loop();
    }

    private static DataObject embed(DataObject message) {
        return message.getArray("embeds").getObject(0);
    }

    private static DataObject search(FakeUser user, String query, String status) {
        var command = E2E.fake().slashCommand("loops").by(user).option("query", query);
        return E2E.message(status == null ? command.send() : command.option("status", status).send());
    }

    @Test
    void whatWasClosedIsFoundWithItsEndingTakeawayAndReflections() {
        FakeUser user = E2E.newUser();
        E2E.park(user, "Raft consensus");
        E2E.park(user, "Raft log compaction");
        E2E.park(user, "jazz harmony");
        long raft = E2E.loop(user, "Raft consensus").id();
        // A takeaway that would ping everyone, were user text ever allowed to.
        E2E.message(E2E.fake().slashCommand("close").by(user).option("loop", String.valueOf(raft))
                .option("outcome", Outcome.LEARNED.db()).option("takeaway", "@everyone terms fence off stale leaders")
                .send());
        E2E.bot().nudges().reflect(user.id(), String.valueOf(raft), "elections are leases in disguise");

        DataObject all = search(user, "raft", null);
        LoopkeeperE2E.assertPingsNobody(all);
        String title = embed(all).getString("title");
        String body = embed(all).getString("description");
        assertEquals("Among your loops: \u201craft\u201d", title);
        assertTrue(body.contains("`#" + raft + "` **Raft consensus** \u00b7 learned \u00b7 closed "), body);
        assertTrue(body.contains("\n  Takeaway: @everyone terms fence off stale leaders\n"), body);
        assertTrue(body.contains("1 reflection: `/reflections loop:" + raft + "`"), body);
        assertTrue(body.contains("**Raft log compaction**") && !body.contains("jazz"), body);
        assertTrue(LoopkeeperE2E.buttons(all).isEmpty(), "one page: no Prev/Next");

        String open = embed(search(user, "raft", "open")).getString("description");
        assertTrue(open.contains("Raft log compaction") && !open.contains("Raft consensus"), open);
        String closed = embed(search(user, "raft", "closed")).getString("description");
        assertTrue(closed.contains("Raft consensus") && !closed.contains("compaction"), closed);
        String none = embed(search(user, "jazz", "closed")).getString("description");
        assertTrue(none.contains("Only closed loops were searched: leave out status: to search them all, open and "
                + "closed."), none);
    }

    @Test
    void aSearchOfMoreThanAPagePagesWithPrevAndNextInPlace() {
        FakeUser user = E2E.newUser();
        FakeUser bob = E2E.newUser();
        ATTENTION.forEach(concept -> parked(user, concept));

        InteractionHandle first = E2E.fake().slashCommand("loops").by(user).option("query", "attention").send();
        DataObject shown = embed(E2E.message(first));
        assertEquals("14 found, best first, by words, meaning and the concept map \u00b7 page 1 of 2",
                shown.getObject("footer").getString("text"));
        assertEquals(10, shown.getString("description").lines().filter(l -> l.startsWith("`#")).count());
        DataObject message = E2E.fake().originalMessage(first);
        assertTrue(LoopkeeperE2E.button(message, "Prev").getBoolean("disabled"));
        assertFalse(LoopkeeperE2E.button(message, "Next").getBoolean("disabled"));
        String nextId = LoopkeeperE2E.button(message, "Next").getString("custom_id");
        assertTrue(nextId.startsWith(user.id() + ":loops.find:") && nextId.length() <= 100, nextId);

        assertEquals(DiscordMessages.notYours(), E2E.message(E2E.click(bob, first, "Next")).getString("content"));
        DataObject next = E2E.reply(E2E.click(user, first, "Next"));
        assertEquals(7, next.getInt("type"), "Next edits the results in place");
        DataObject second = embed(next.getObject("data"));
        assertEquals("14 found, best first, by words, meaning and the concept map \u00b7 page 2 of 2",
                second.getObject("footer").getString("text"));
        assertEquals(4, second.getString("description").lines().filter(l -> l.startsWith("`#")).count());
        assertFalse(second.getString("description").contains("sourdough"));
        DataObject now = E2E.fake().originalMessage(first);
        assertFalse(LoopkeeperE2E.button(now, "Prev").getBoolean("disabled"));
        assertTrue(LoopkeeperE2E.button(now, "Next").getBoolean("disabled"));

        // page: goes straight there, and past the last says how many there are.
        DataObject direct = embed(E2E.message(E2E.fake().slashCommand("loops").by(user).option("query", "attention")
                .option("page", 2L).send()));
        assertEquals(second.getString("description"), direct.getString("description"));
        assertEquals("What fits \u201cattention\u201d fills 2 pages; there is no page 5.", E2E.message(E2E.fake()
                .slashCommand("loops").by(user).option("query", "attention").option("page", 5L).send())
                .getString("content"));
    }

    /**
     * Ten loops too long to fit one embed with all their reasons: every one of them is on the page, their reasons
     * shortened, and the page says so. Before, the last ones were left out "to fit one message" while Next started at
     * the eleventh: they could not be reached on any page.
     */
    @Test
    void aPageTooLongForOneEmbedKeepsEveryLoopAndShortensTheirReasons() {
        FakeUser user = E2E.newUser();
        String words = "quantization pruning distillation sparsity transformer tokenizer embeddings gradients "
                + "optimizer dropout normalization residual softmax convolution pooling attention";
        for (int i = 0; i < 12; i++) {
            E2E.bot().loops().park(new ParkRequest(user.id(), "n" + i + " " + "\uD83D\uDE80".repeat(98), words,
                    Origin.none()));
        }

        // A query this long rides on no button: page: turns the page.
        String one = embed(search(user, words, null)).getString("description");
        String two = embed(E2E.message(E2E.fake().slashCommand("loops").by(user).option("query", words)
                .option("page", 2L).send())).getString("description");

        assertEquals(10, one.lines().filter(l -> l.startsWith("`#")).count(), one);
        assertTrue(one.endsWith("\n(Some takeaways, reasons or reflection counts are shortened or left out to fit one "
                + "message.)"), one);
        assertEquals(2, two.lines().filter(l -> l.startsWith("`#")).count(), two);
        List<Long> shown = (one + "\n" + two).lines().filter(l -> l.startsWith("`#"))
                .map(l -> Long.parseLong(l.substring(2, l.indexOf('`', 2)))).sorted().toList();
        assertEquals(E2E.bot().loops().list(user.id(), LoopFilter.open(), 0, 20).loops().stream().map(OpenLoop::id)
                .sorted().toList(), shown);
    }

    /** A Next clicked after loops were closed shows the list as it is now: one page, no buttons. */
    @Test
    void aNextClickedAfterLoopsClosedShowsWhatIsLeft() {
        FakeUser user = E2E.newUser();
        List<OpenLoop> loops = ATTENTION.stream().map(concept -> parked(user, concept)).toList();
        InteractionHandle first = E2E.fake().slashCommand("loops").by(user).option("query", "attention")
                .option("status", "open").send();
        E2E.message(first);
        for (OpenLoop loop : loops.subList(0, 5)) {
            E2E.bot().loops().close(user.id(), loop.id(), Outcome.LET_GO, null);
        }
        DataObject data = E2E.reply(E2E.click(user, first, "Next")).getObject("data");
        String body = embed(data).getString("description");
        assertEquals(9, body.lines().filter(l -> l.startsWith("`#")).count(), body);
        assertTrue(LoopkeeperE2E.buttons(E2E.fake().originalMessage(first)).isEmpty(), "one page left: no buttons");
    }

    /** /related names the closed loops near one, apart from the open ones its buttons act on. */
    @Test
    void relatedShowsWhatWasClosedNearTheLoopWithoutButtonsForIt() {
        FakeUser user = E2E.newUser();
        E2E.park(user, "Raft consensus");
        long raft = E2E.loop(user, "Raft consensus").id();
        E2E.message(E2E.fake().slashCommand("close").by(user).option("loop", String.valueOf(raft))
                .option("outcome", Outcome.APPLIED.db()).option("takeaway", "terms fence off stale leaders").send());
        E2E.park(user, "leader election");
        long election = E2E.loop(user, "leader election").id();
        E2E.park(user, "Paxos consensus");
        long paxos = E2E.loop(user, "Paxos consensus").id();

        DataObject shown = E2E.message(E2E.fake().slashCommand("related").by(user).option("loop", String.valueOf(paxos))
                .send());
        LoopkeeperE2E.assertPingsNobody(shown);
        String body = embed(shown).getString("description");
        assertTrue(body.contains("**Closed before, near it**\n`#" + raft + "` **Raft consensus** \u00b7 applied"), body);
        assertTrue(body.contains("Takeaway: terms fence off stale leaders"), body);
        List<String> labels = LoopkeeperE2E.buttons(shown).stream().map(b -> b.getString("label")).toList();
        assertTrue(labels.contains("Open #" + election) && labels.stream().noneMatch(l -> l.contains("#" + raft)),
                labels.toString());
    }

    /** A query holding a colon rides in the button's id escaped; one too long for an id gets page: in the footer. */
    @Test
    void queriesWithColonsPageAndTooLongOnesSayToUsePage() {
        FakeUser user = E2E.newUser();
        ATTENTION.forEach(concept -> parked(user, concept));

        InteractionHandle colon = E2E.fake().slashCommand("loops").by(user).option("query", "attention: 100%").send();
        assertEquals("Among your loops: \u201cattention: 100%\u201d", embed(E2E.message(colon)).getString("title"));
        DataObject turned = E2E.reply(E2E.click(user, colon, "Next")).getObject("data");
        assertEquals("Among your loops: \u201cattention: 100%\u201d", embed(turned).getString("title"));
        assertTrue(embed(turned).getObject("footer").getString("text").endsWith("page 2 of 2"));

        String longQuery = "attention " + "attention heads and attention masks and attention weights ".repeat(2);
        DataObject message = E2E.message(E2E.fake().slashCommand("loops").by(user).option("query", longQuery).send());
        assertTrue(LoopkeeperE2E.buttons(message).isEmpty(), "no id holds this query");
        assertTrue(embed(message).getObject("footer").getString("text")
                .endsWith("page 1 of 2 \u00b7 next: the same search with page:2"), embed(message).toString());

        assertEquals(DiscordMessages.staleComponent(), E2E.message(E2E.fake().buttonClick(user.id()
                + ":loops.find:all:any:1").by(user).send()).getString("content"));
    }
}
