package dev.loopkeeper.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.loopkeeper.discord.DiscordMessages;
import dev.loopkeeper.e2e.fake.FakeUser;
import dev.loopkeeper.e2e.fake.InteractionHandle;
import dev.loopkeeper.help.HelpMessages;
import dev.loopkeeper.loop.LoopFilter;
import dev.loopkeeper.loop.OpenLoop;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;
import net.dv8tion.jda.api.utils.data.DataArray;
import net.dv8tion.jda.api.utils.data.DataObject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** {@code /help}, the first park's hint, {@code /edit}, {@code /reopen}, {@code /loops query:}, {@code /related} and its buttons, on the wire. */
class EverydayE2ETest {

    @RegisterExtension
    static final LoopkeeperE2E E2E = LoopkeeperE2E.withGlobalCommands();

    private static List<OpenLoop> loops(FakeUser user, String stage) {
        return E2E.bot().loops().list(user.id(), LoopFilter.parse(stage, null), 0, 50).loops();
    }

    private static long id(FakeUser user, String concept) {
        return E2E.loop(user, concept).id();
    }

    private static String embedText(DataObject message) {
        DataObject embed = message.getArray("embeds").getObject(0);
        StringBuilder text = new StringBuilder(embed.getString("title", "")).append('\n')
                .append(embed.getString("description", ""));
        DataArray fields = embed.optArray("fields").orElseGet(DataArray::empty);
        for (int i = 0; i < fields.length(); i++) {
            text.append('\n').append(fields.getObject(i).getString("name")).append('\n')
                    .append(fields.getObject(i).getString("value"));
        }
        return text.toString();
    }

    @Test
    void helpIsOnePrivateEmbedThatNamesEveryCommand() {
        FakeUser user = E2E.newUser();
        DataObject help = E2E.message(E2E.fake().slashCommand("help").by(user).send());
        assertEquals(64, help.getInt("flags") & 64, "ephemeral");
        LoopkeeperE2E.assertPingsNobody(help);
        String text = embedText(help);
        for (String name : LoopkeeperE2E.COMMAND_NAMES) {
            assertTrue(text.contains("/" + name) || text.contains("**" + name + "**"), name + " in " + text);
        }
        assertTrue(text.contains("How reminders decide") && text.contains("Getting reminders by DM"), text);
        // A reminder that waits for quiet hours is withdrawn if its focus ends first: the rule says so.
        assertTrue(text.contains("Never during your quiet hours (/focus quiet): a reminder waits until they end, and "
                + "goes then if its focus has not ended (below)."), text);
        assertTrue(LoopkeeperE2E.buttons(help).isEmpty());
    }

    @Test
    void helpOpensWithTheOneThingToDoNext() {
        FakeUser user = E2E.newUser();
        assertTrue(helpDescription(user).endsWith("\n\n**Start here:** /park concept:<a concept you want to come back "
                + "to>. Then /focus set text:<what you are working on>: parked loops that match it come back."),
                "a newcomer is told to park");
        E2E.park(user, "Bloom filters");
        assertTrue(helpDescription(user).endsWith("\n\n**Next:** /focus set text:<what you are working on>. Parked "
                + "loops come back only when they match your focus."), "with a loop, to set a focus");
        E2E.message(E2E.fake().slashCommand("focus").subcommand("set").by(user).option("text", "sizing a cache").send());
        String settled = helpDescription(user);
        assertEquals(String.join("\n", HelpMessages.intro()), settled, "both done: no next step");
    }

    private static String helpDescription(FakeUser user) {
        return E2E.message(E2E.fake().slashCommand("help").by(user).send()).getArray("embeds").getObject(0)
                .getString("description");
    }

    @Test
    void theFirstParkSaysHowItWorksOnce() {
        FakeUser user = E2E.newUser();
        String first = E2E.park(user, "bloom filters").getString("content");
        assertTrue(first.endsWith("\n" + E2E.bot().help().firstPark(HelpMessages.Front.DISCORD, false)), first);
        assertFalse(E2E.park(user, "cuckoo filters").getString("content").contains("How it works"));
    }

    @Test
    void aNewcomersFirstParkWithoutAFocusSaysNothingComesBackUntilTheySetOne() {
        FakeUser newcomer = E2E.newUser();
        String first = E2E.park(newcomer, "reverse-mode autodiff").getString("content");
        assertTrue(first.contains("You have no active focus, so nothing comes back until you set one: "
                + "/focus set text:<what you are working on>."), first);

        FakeUser focused = E2E.newUser();
        E2E.message(E2E.fake().slashCommand("focus").subcommand("set").by(focused)
                .option("text", "writing a tiny autograd").send());
        String theirs = E2E.park(focused, "Bloom filters").getString("content");
        assertTrue(theirs.contains("How it works") && !theirs.contains("no active focus"), theirs);
    }

    @Test
    void onceAReminderFindsTheDmsClosedTheNextParkSaysHowToGetRemindersAnyway() {
        FakeUser user = E2E.newUser();
        E2E.fake().rejectDirectMessagesTo(user.id());
        String first = E2E.park(user, "Bloom filters").getString("content");
        assertFalse(first.contains("DMs are closed"), "nothing was sent yet, so nothing is known: " + first);
        E2E.message(E2E.fake().slashCommand("focus").subcommand("set").by(user)
                .option("text", "sizing Bloom filters for the cache").send());
        // The refused DM happens on the bot's relevance thread: wait, boundedly, for the outbox to record it.
        long deadline = System.nanoTime() + LoopkeeperE2E.WAIT.toNanos();
        while (!E2E.bot().outbox().directMessagesClosed(user.id())) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("no refused DM recorded\n" + E2E.fake().diagnostics());
            }
            try {
                Thread.sleep(10);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
        }
        String next = E2E.park(user, "cuckoo filters").getString("content");
        assertTrue(next.endsWith("\n" + HelpMessages.dmsClosed()), next);
        assertFalse(E2E.park(user, "quotient filters").getString("content").contains("DMs are closed"), "once");
    }

    @Test
    void editCorrectsALoopPickedByAutocomplete() {
        FakeUser user = E2E.newUser();
        E2E.park(user, "kalman filtre");
        DataObject choices = E2E.reply(E2E.fake().autocomplete("edit").by(user).focused("loop", "kalm").send());
        String picked = LoopkeeperE2E.choiceNamed(choices, "kalman filtre").orElseThrow().getString("value");

        DataObject edited = E2E.message(E2E.fake().slashCommand("edit").by(user).option("loop", picked)
                .option("concept", "Kalman filter").option("why", "@everyone my drone's state").send());

        assertTrue(edited.getString("content").startsWith("Updated #" + picked + ": **Kalman filter** (was **kalman "
                + "filtre**)."), edited.getString("content"));
        LoopkeeperE2E.assertPingsNobody(edited);
        assertEquals("Kalman filter", loops(user, "open").get(0).concept());
        DataObject nothing = E2E.message(E2E.fake().slashCommand("edit").by(user).option("loop", picked).send());
        assertTrue(nothing.getString("content").startsWith("Say what to change"), nothing.getString("content"));
    }

    @Test
    void reopenBringsBackAClosedLoopPickedByAutocomplete() {
        FakeUser user = E2E.newUser();
        E2E.park(user, "plate tectonics");
        E2E.message(E2E.fake().slashCommand("close").by(user).option("loop", "plate tectonics")
                .option("outcome", "let_go").option("takeaway", "another year").send());
        DataObject choices = E2E.reply(E2E.fake().autocomplete("reopen").by(user).focused("loop", "plate").send());
        String picked = LoopkeeperE2E.choiceNamed(choices, "plate tectonics").orElseThrow().getString("value");

        DataObject reopened = E2E.message(E2E.fake().slashCommand("reopen").by(user).option("loop", picked).send());

        assertTrue(reopened.getString("content").startsWith("Reopened **plate tectonics** (#" + picked + "): it is open "
                + "again"), reopened.getString("content"));
        assertEquals(List.of("plate tectonics"), loops(user, "open").stream().map(OpenLoop::concept)
                .collect(Collectors.toList()));
        String list = embedText(E2E.message(E2E.fake().slashCommand("loops").by(user).send()));
        assertTrue(list.contains("closed before as let go") && list.contains("takeaway: another year"), list);
    }

    @Test
    void anEmptyListSaysWhatWouldFillItWithNoPageCount() {
        DataObject embed = E2E.message(E2E.fake().slashCommand("loops").by(E2E.newUser()).send()).getArray("embeds")
                .getObject(0);
        assertEquals("No open loops. Park one with /park when a concept tugs at you.", embed.getString("description"));
        assertTrue(embed.isNull("footer") || !embed.hasKey("footer"), embed.toString());
    }

    @Test
    void loopsQueryFindsByWordsAndMeaningBestFirst() {
        FakeUser user = E2E.newUser();
        E2E.park(user, "Raft consensus");
        E2E.park(user, "jazz harmony");
        E2E.park(user, "sourdough starter");

        String found = embedText(E2E.message(E2E.fake().slashCommand("loops").by(user)
                .option("query", "distributed agreement").send()));
        assertTrue(found.startsWith("Among your loops: \u201cdistributed agreement\u201d\n`#"), found);
        assertTrue(found.contains("**Raft consensus**") && found.contains("close in meaning"), found);
        assertFalse(found.contains("jazz") || found.contains("sourdough"), found);

        String none = embedText(E2E.message(E2E.fake().slashCommand("loops").by(user).option("query", "volcanoes")
                .send()));
        assertTrue(none.contains("Nothing fits \u201cvolcanoes\u201d"), none);
        // A class filter that hid what the words fit says so.
        String hidden = embedText(E2E.message(E2E.fake().slashCommand("loops").by(user).option("query", "raft")
                .option("triage", "core").send()));
        assertTrue(hidden.contains("Nothing fits \u201craft\u201d by its words or its meaning. Only loops triaged core were "
                + "searched: leave out triage: to search them all."), hidden);

        // Through the concept map, which says why: "database" names neither, nor is it close in meaning alone.
        E2E.park(user, "B-tree");
        String map = embedText(E2E.message(E2E.fake().slashCommand("loops").by(user).option("query", "database")
                .send()));
        assertTrue(map.contains("**B-tree**") && map.contains("rests on B-tree"), map);
    }

    @Test
    void loopsQueryFindsALanguageNamedBySymbolsAsItIsWritten() {
        FakeUser user = E2E.newUser();
        E2E.park(user, "C++ move semantics");
        E2E.park(user, "C# records");

        String found = embedText(E2E.message(E2E.fake().slashCommand("loops").by(user).option("query", "C++")
                .send()));
        assertTrue(found.startsWith("Among your loops: \u201cC++\u201d\n`#"), found);
        assertTrue(found.contains("**C++ move semantics**") && !found.contains("records"), found);
        assertTrue(found.contains("words: C++") && !found.contains("close in meaning"), found);

        E2E.park(user, "R");
        String letter = embedText(E2E.message(E2E.fake().slashCommand("loops").by(user).option("query", "R").send()));
        assertTrue(letter.contains("**R**") && letter.contains("words: R") && !letter.contains("close in meaning"),
                letter);
    }

    @Test
    void aServersLoopsAreSearchedAndEditedByItsRules() {
        FakeUser ada = E2E.newUser();
        FakeUser bob = E2E.newUser();
        E2E.message(E2E.fake().slashCommand("park").by(ada).option("concept", "Raft consensus")
                .option("scope", "server").send());
        E2E.park(ada, "Raft for my homelab");

        String found = embedText(E2E.message(E2E.fake().slashCommand("loops").by(bob).option("scope", "server")
                .option("query", "raft").send()));
        assertTrue(found.startsWith("Among this server's loops: \u201craft\u201d"), found);
        assertTrue(found.contains("**Raft consensus**") && !found.contains("homelab"), found);

        String refused = E2E.message(E2E.fake().slashCommand("edit").by(bob).option("loop", "Raft consensus")
                .option("concept", "Raft").option("scope", "server").send()).getString("content");
        assertEquals(dev.loopkeeper.loop.LoopErrors.mayNotEdit(), refused);
        String edited = E2E.message(E2E.fake().slashCommand("edit").by(ada).option("loop", "Raft consensus")
                .option("concept", "Raft consensus algorithm").option("scope", "server").send()).getString("content");
        assertTrue(edited.startsWith("Updated #"), edited);
    }

    @Test
    void relatedShowsTheClusterAndItsButtonsActOnIt() {
        FakeUser user = E2E.newUser();
        E2E.park(user, "Raft consensus");
        E2E.park(user, "quorum intersection");
        E2E.park(user, "Raft leader election");
        E2E.park(user, "medieval castles");
        long raft = id(user, "Raft consensus");
        long quorum = id(user, "quorum intersection");
        long election = id(user, "Raft leader election");

        InteractionHandle related = E2E.fake().slashCommand("related").by(user).option("loop", String.valueOf(raft))
                .send();
        DataObject shown = E2E.message(related);
        String text = embedText(shown);
        assertTrue(text.startsWith("Near Raft consensus (#" + raft + ")"), text);
        assertTrue(text.contains("implementing Raft rests on quorum intersection"), text);
        assertFalse(text.contains("castles"), text);
        LoopkeeperE2E.assertPingsNobody(shown);
        // Related is mutual: the foundation lists the topic that rests on it, for the same reason.
        String back = embedText(E2E.message(E2E.fake().slashCommand("related").by(user)
                .option("loop", String.valueOf(quorum)).send()));
        assertTrue(back.startsWith("Near quorum intersection (#" + quorum + ")"), back);
        assertTrue(back.contains("Raft consensus") && back.contains("implementing Raft rests on quorum intersection"),
                back);

        // Someone else cannot click it.
        FakeUser bob = E2E.newUser();
        assertEquals(DiscordMessages.notYours(), E2E.message(E2E.click(bob, related, "Open #" + quorum))
                .getString("content"));

        DataObject opened = E2E.reply(E2E.click(user, related, "Open #" + quorum));
        assertEquals(7, opened.getInt("type"), "the message is updated in place");
        assertTrue(opened.getObject("data").getString("content").startsWith("**quorum intersection** is active now"));

        DataObject merged = E2E.reply(E2E.click(user, related, "Merge #" + election + " into #" + raft));
        assertEquals(7, merged.getInt("type"));
        assertTrue(merged.getObject("data").getString("content").startsWith("Merged **Raft leader election**"),
                merged.toString());
        assertEquals(Optional.empty(), loops(user, "open").stream().filter(l -> l.id() == election).findFirst());
        // What it held lives on in the loop it went into: it is not reopened beside it.
        assertEquals(dev.loopkeeper.loop.LoopErrors.reopenMerged(election, raft), E2E.message(E2E.fake()
                .slashCommand("reopen").by(user).option("loop", String.valueOf(election)).send()).getString("content"));

        DataObject all = E2E.reply(E2E.click(user, related, "Open all 2"));
        assertTrue(all.getObject("data").getString("content").startsWith("Active now: **Raft consensus**, **quorum "
                + "intersection**"), all.toString());
        assertEquals(2, loops(user, "active").size());
    }

    @Test
    void openingANeighbourWorksAfterTheLoopTheListWasAboutClosed() {
        FakeUser user = E2E.newUser();
        E2E.park(user, "Raft consensus");
        E2E.park(user, "quorum intersection");
        long raft = id(user, "Raft consensus");
        long quorum = id(user, "quorum intersection");
        InteractionHandle related = E2E.fake().slashCommand("related").by(user).option("loop", String.valueOf(raft))
                .send();
        E2E.message(related);
        E2E.message(E2E.fake().slashCommand("close").by(user).option("loop", String.valueOf(raft))
                .option("outcome", "learned").send());

        DataObject opened = E2E.reply(E2E.click(user, related, "Open #" + quorum));

        assertEquals(7, opened.getInt("type"), "the message is updated in place");
        assertTrue(opened.getObject("data").getString("content").startsWith("**quorum intersection** is active now"),
                opened.toString());
        assertEquals(List.of(quorum), loops(user, "active").stream().map(OpenLoop::id).toList());
    }
}
