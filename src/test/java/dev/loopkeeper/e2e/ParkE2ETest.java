package dev.loopkeeper.e2e;

import dev.loopkeeper.discord.ComponentHandler;
import dev.loopkeeper.e2e.fake.FakeDiscord;
import dev.loopkeeper.e2e.fake.FakeUser;
import dev.loopkeeper.e2e.fake.InteractionHandle;
import dev.loopkeeper.e2e.fake.InteractionBuilder;
import dev.loopkeeper.loop.LoopFilter;
import dev.loopkeeper.loop.OpenLoop;
import net.dv8tion.jda.api.utils.data.DataArray;
import net.dv8tion.jda.api.utils.data.DataObject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Parking through the wire: {@code /park} in a server and in a DM, the same concept again, a near-duplicate and its
 * merge button, user text that tries to ping, the "Park a concept" message menu with its modal, and the global
 * command registration.
 */
class ParkE2ETest {

    @RegisterExtension
    static final LoopkeeperE2E E2E = LoopkeeperE2E.withGlobalCommands();

    @Test
    void commandsAreRegisteredGloballyAndDiscordWouldAcceptThem() {
        DataArray registered = E2E.fake().registeredCommands();

        CommandDefinitionRules.assertValid(registered);
        Set<String> names = new TreeSet<>();
        for (int i = 0; i < registered.length(); i++) {
            names.add(registered.getObject(i).getString("name"));
        }
        assertEquals(new TreeSet<>(LoopkeeperE2E.COMMAND_NAMES), names);
        assertTrue(E2E.fake().registeredGuildCommands(E2E.guildId()).isEmpty(), "no guild commands without a dev guild");
    }

    /**
     * Messages already sent carry these keys in their buttons' and modals' ids: changing one breaks every such button
     * after an upgrade. Change this list only on purpose. Several keys are not the command's name ({@code forget},
     * {@code parkmsg}) and two belong to no command ({@code remind}, {@code group}).
     */
    @Test
    void everyComponentKeyIsPinned() {
        Map<String, String> pinned = new TreeMap<>(Map.ofEntries(
                Map.entry("park", "ParkCommand"), Map.entry("parkmsg", "ParkMessageCommand"),
                Map.entry("loops", "LoopsCommand"), Map.entry("open", "OpenCommand"),
                Map.entry("progress", "ProgressCommand"), Map.entry("close", "CloseCommand"),
                Map.entry("edit", "EditCommand"), Map.entry("reopen", "ReopenCommand"),
                Map.entry("related", "RelatedCommand"), Map.entry("help", "HelpCommand"),
                Map.entry("triage", "TriageCommand"), Map.entry("tree", "TreeCommand"),
                Map.entry("focus", "FocusCommand"), Map.entry("nudge", "NudgeCommand"),
                Map.entry("reflections", "ReflectionsCommand"), Map.entry("settings", "SettingsCommand"),
                Map.entry("export", "ExportCommand"), Map.entry("import", "ImportCommand"),
                Map.entry("forget", "ForgetMeCommand"), Map.entry("remind", "DiscordReminders"),
                Map.entry("group", "GroupLoops")));

        Map<String, String> routed = new TreeMap<>();
        for (ComponentHandler handler : E2E.bot().componentHandlers()) {
            assertNull(routed.put(handler.key(), handler.getClass().getSimpleName()), "one handler per key");
        }
        assertEquals(pinned, routed);
    }

    @Test
    void parkWithWhyAnswersPrivatelyAndSavesTheLoop() {
        FakeUser user = E2E.newUser();

        DataObject reply = E2E.message(E2E.fake().slashCommand("park").by(user)
                .option("concept", "reverse-mode autodiff").option("why", "my tiny autograd needs it").send());

        assertEquals("Parked **reverse-mode autodiff**.\nWhy it matters: my tiny autograd needs it\n"
                + "It will come back when it becomes structurally relevant. 1 open loop.\n"
                + E2E.bot().help().firstPark(dev.loopkeeper.help.HelpMessages.Front.DISCORD, false), reply.getString("content"));
        List<OpenLoop> saved = openLoops(user);
        assertEquals(1, saved.size());
        assertEquals("reverse-mode autodiff", saved.get(0).concept());
        assertEquals("my tiny autograd needs it", saved.get(0).why());
        assertEquals(E2E.guildId(), saved.get(0).origin().guildId());
        assertEquals(FakeDiscord.GENERAL.id(), saved.get(0).origin().channelId());
    }

    @Test
    void theSameConceptAgainNamesTheLoopAndAddsItsWhyWithoutAnyQuestion() {
        FakeUser user = E2E.newUser();
        E2E.park(user, "attention heads");
        long id = openLoops(user).get(0).id();

        DataObject reply = E2E.message(E2E.fake().slashCommand("park").by(user).inDirectMessage()
                .option("concept", "Attention  Heads").option("why", "to read the GPT-2 code").send());

        String content = reply.getString("content");
        assertTrue(content.startsWith("You already have **attention heads** open, #" + id + ", parked <t:"), content);
        assertTrue(content.endsWith(":R>. I added this why and where it came from to it:\nto read the GPT-2 code"), content);
        assertTrue(LoopkeeperE2E.buttons(reply).isEmpty(), "nothing to answer");
        assertEquals(1, openLoops(user).size(), "no second loop");
        DataObject list = E2E.message(E2E.fake().slashCommand("loops").by(user).send());
        String body = list.getArray("embeds").getObject(0).getString("description");
        assertTrue(body.contains("\n  + to read the GPT-2 code · <t:"), body);
    }

    @Test
    void aNearDuplicateIsSavedAtOnceAndItsMergeButtonMergesIt() {
        FakeUser user = E2E.newUser();
        E2E.park(user, "attention heads");
        long heads = openLoops(user).get(0).id();

        InteractionHandle similar = E2E.fake().slashCommand("park").by(user)
                .option("concept", "attention head").option("why", "to read the GPT-2 code").send();
        DataObject offer = E2E.message(similar);
        assertTrue(offer.getString("content").startsWith("Parked **attention head**."), offer.getString("content"));
        assertTrue(offer.getString("content").contains("It looks close to your open loop **attention heads** (#"
                + heads + ", parked <t:"), offer.getString("content"));
        assertEquals(List.of("Merge into #" + heads), labels(offer));
        assertEquals(2, openLoops(user).size(), "saved before the reply, like any park");

        DataObject merged = E2E.reply(E2E.click(user, similar, "Merge into #" + heads));

        assertEquals(7, merged.getInt("type"), "the click updates the reply in place");
        assertTrue(merged.getObject("data").getString("content")
                .startsWith("Merged **attention head** (#"), merged.toString());
        assertTrue(LoopkeeperE2E.buttons(E2E.fake().originalMessage(similar)).isEmpty(), "the button is gone");
        List<OpenLoop> open = openLoops(user);
        assertEquals(1, open.size(), "one loop left");
        assertEquals(heads, open.get(0).id());
        assertEquals("to read the GPT-2 code", E2E.bot().loops().list(user.id(), LoopFilter.open(), 0, 20)
                .notesOf(heads).get(0).why(), "the merged loop's why is kept on the one left");
    }

    @Test
    void theMergeButtonCarriesTheMergedLoopsClassToALoopWithoutOne() {
        FakeUser user = E2E.newUser();
        E2E.park(user, "attention heads");
        long heads = openLoops(user).get(0).id();
        InteractionHandle similar = E2E.fake().slashCommand("park").by(user).option("concept", "attention head").send();
        E2E.message(similar);
        long head = openLoops(user).stream().filter(l -> l.id() != heads).findFirst().orElseThrow().id();
        E2E.message(E2E.fake().slashCommand("triage").by(user).option("loop", String.valueOf(head))
                .option("class", "core").send());

        DataObject merged = E2E.reply(E2E.click(user, similar, "Merge into #" + heads));

        assertEquals("Merged **attention head** (#" + head + ") into **attention heads** (#" + heads + "), which keeps "
                + "its why and source and stays parked. #" + heads + " had no class, so it takes #" + head + "'s: core.",
                merged.getObject("data").getString("content"));
        assertEquals(dev.loopkeeper.loop.Triage.CORE, openLoops(user).get(0).triage());
    }

    /**
     * Interactions that reach the bot 2.5 s after Discord created them (a busy gateway or worker queue) are acknowledged
     * at once, as each is answered: Discord's 3 seconds count from the interaction's creation, not from when a worker
     * takes it.
     */
    @Test
    void aParkItsMergeButtonAndTheMenusFormThatArriveLateAreAcknowledgedAtOnce() {
        Duration late = Duration.ofMillis(2_500);
        FakeUser user = E2E.newUser();
        E2E.park(user, "attention heads");
        long heads = openLoops(user).get(0).id();

        InteractionHandle similar = E2E.fake().slashCommand("park").by(user).option("concept", "attention head")
                .createdAgo(late).send();
        assertEquals(5, E2E.reply(similar).getInt("type"), "deferred at once");
        E2E.fake().awaitWebhookRequest(similar, "PATCH", LoopkeeperE2E.WAIT);
        DataObject offer = E2E.fake().originalMessage(similar);
        assertTrue(offer.getString("content").startsWith("Parked **attention head**."), offer.getString("content"));
        InteractionHandle merge = E2E.fake().buttonClick(LoopkeeperE2E.button(offer, "Merge into #" + heads)
                .getString("custom_id")).by(user).onMessage(offer).createdAgo(late).send();
        assertEquals(6, E2E.reply(merge).getInt("type"), "the click deferred as an update of its message");
        E2E.fake().awaitWebhookRequest(merge, "PATCH", LoopkeeperE2E.WAIT);
        DataObject merged = E2E.fake().originalMessage(similar);
        assertTrue(merged.getString("content").startsWith("Merged **attention head** (#"), merged.toString());
        assertTrue(LoopkeeperE2E.buttons(merged).isEmpty(), "the button is gone");
        assertEquals(1, openLoops(user).size());

        DataObject form = E2E.reply(E2E.fake().messageCommand("Park a concept").by(user)
                .target(FakeDiscord.ADA, "sparse attention").send()).getObject("data");
        InteractionHandle submit = E2E.fake().modalSubmit(form.getString("custom_id")).by(user)
                .textInput("concept", "sparse attention").createdAgo(late).send();
        assertEquals(5, E2E.reply(submit).getInt("type"), "deferred at once");
        E2E.fake().awaitWebhookRequest(submit, "PATCH", LoopkeeperE2E.WAIT);
        assertTrue(E2E.fake().originalMessage(submit).getString("content").startsWith("Parked **sparse attention**."));
    }

    @Test
    void aButtonClickedBySomeoneElseIsRefusedAndChangesNothing() {
        FakeUser owner = E2E.newUser();
        FakeUser intruder = E2E.newUser();
        E2E.park(owner, "positional encoding");
        InteractionHandle similar = E2E.fake().slashCommand("park").by(owner)
                .option("concept", "positional encodings").send();
        DataObject offer = E2E.message(similar);
        String label = labels(offer).get(0);

        DataObject refusal = E2E.message(E2E.click(intruder, similar, label));

        assertEquals("That belongs to someone else's view. Run the command yourself to get your own.",
                refusal.getString("content"));
        assertEquals(List.of(label), labels(E2E.fake().originalMessage(similar)), "the owner's offer is untouched");
        assertEquals(2, openLoops(owner).size());
        assertTrue(openLoops(intruder).isEmpty());
    }

    @Test
    void mentionsInAConceptAreEchoedButPingNobody() {
        FakeUser user = E2E.newUser();
        String concept = "@everyone <@&1000000000000000777> <@" + FakeDiscord.ADA.id() + "> look at this";

        InteractionHandle park = E2E.fake().slashCommand("park").by(user).option("concept", concept).send();
        DataObject reply = E2E.message(park);

        // Shown as typed ("<@...>" comes back with its ">" escaped as markdown); allowed_mentions does the real work.
        String content = reply.getString("content");
        assertTrue(content.startsWith("Parked **@everyone <@&1000000000000000777"), content);
        assertTrue(content.contains("<@" + FakeDiscord.ADA.id()), content);
        WireAssertions.assertMentionsSuppressed(reply);
        DataObject shown = E2E.fake().originalMessage(park);
        assertFalse(shown.getBoolean("mention_everyone"));
        assertTrue(shown.getArray("mentions").isEmpty());
        assertTrue(shown.getArray("mention_roles").isEmpty());
    }

    @Test
    void emptyConceptGetsASpecificPrivateAnswer() {
        FakeUser user = E2E.newUser();

        DataObject reply = E2E.message(E2E.fake().slashCommand("park").by(user).option("concept", "  \t ").send());

        assertEquals("The concept is empty. Give it a few words, such as `/park concept:reverse-mode autodiff`.",
                reply.getString("content"));
        assertTrue(openLoops(user).isEmpty());
    }

    @Test
    void parkInADirectMessageWorks() {
        FakeUser user = E2E.newUser();

        DataObject reply = E2E.message(E2E.fake().slashCommand("park").by(user).inDirectMessage()
                .option("concept", "information geometry").send());

        assertTrue(reply.getString("content").startsWith("Parked **information geometry**."), reply.toString());
        List<OpenLoop> saved = openLoops(user);
        assertEquals(1, saved.size());
        assertNull(saved.get(0).origin().guildId(), "a DM has no server");
    }

    @Test
    void messageMenuOpensAPrefilledModalAndTheLoopKeepsTheJumpLink() {
        FakeUser user = E2E.newUser();
        InteractionBuilder.MessageCommand menu = E2E.fake().messageCommand("Park a concept").by(user)
                .target(FakeDiscord.ADA, "look at   multi-head attention\nand the second line too");

        InteractionHandle opened = menu.send();
        DataObject modal = E2E.reply(opened);

        assertEquals(9, modal.getInt("type"), "the menu answers with a modal");
        DataObject data = modal.getObject("data");
        assertEquals("look at multi-head attention", LoopkeeperE2E.textInput(data, "concept").getString("value"));
        InteractionHandle submit = E2E.fake().modalSubmit(data.getString("custom_id")).by(user)
                .textInput("concept", "multi-head attention").textInput("why", "").send();
        assertTrue(E2E.message(submit).getString("content").startsWith("Parked **multi-head attention**."));

        String link = "https://discord.com/channels/" + E2E.guildId() + "/" + FakeDiscord.GENERAL.id() + "/"
                + menu.targetId();
        OpenLoop saved = openLoops(user).get(0);
        assertEquals(link, saved.origin().messageUrl());
        assertEquals("look at multi-head attention and the second line too", saved.origin().excerpt());
        DataObject list = E2E.message(E2E.fake().slashCommand("loops").by(user).send());
        String body = list.getArray("embeds").getObject(0).getString("description");
        assertTrue(body.contains("[source](" + link + ")"), body);
    }

    @Test
    void messageMenuInAThreadLinksToTheThreadsMessage() {
        FakeUser user = E2E.newUser();
        String thread = E2E.fake().createThread(FakeDiscord.ADA, E2E.guildId(), FakeDiscord.GENERAL.id(), "reading group");
        InteractionBuilder.MessageCommand menu = E2E.fake().messageCommand("Park a concept").by(user).inThread(thread)
                .target(FakeDiscord.ADA, "```python\nlru_cache(maxsize=None)\n```");

        DataObject modal = E2E.reply(menu.send()).getObject("data");
        assertEquals("lru_cache(maxsize=None)", LoopkeeperE2E.textInput(modal, "concept").getString("value"));
        InteractionHandle submit = E2E.fake().modalSubmit(modal.getString("custom_id")).by(user).inThread(thread)
                .textInput("concept", "lru_cache").send();

        assertTrue(E2E.message(submit).getString("content").startsWith("Parked **lru\\_cache**."));
        assertEquals("https://discord.com/channels/" + E2E.guildId() + "/" + thread + "/" + menu.targetId(),
                openLoops(user).get(0).origin().messageUrl());
    }

    @Test
    void messageMenuInADirectMessageLinksToTheDm() {
        FakeUser user = E2E.newUser();
        InteractionBuilder.MessageCommand menu = E2E.fake().messageCommand("Park a concept").by(user).inDirectMessage()
                .target(user, "note to self: optimal transport");

        DataObject modal = E2E.reply(menu.send()).getObject("data");
        InteractionHandle submit = E2E.fake().modalSubmit(modal.getString("custom_id")).by(user).inDirectMessage()
                .textInput("concept", LoopkeeperE2E.textInput(modal, "concept").getString("value")).send();

        assertTrue(E2E.message(submit).getString("content").startsWith("Parked **note to self: optimal transport**."));
        OpenLoop saved = openLoops(user).get(0);
        assertNull(saved.origin().guildId());
        assertEquals("https://discord.com/channels/@me/" + E2E.fake().directMessageChannelId(user) + "/"
                + menu.targetId(), saved.origin().messageUrl());
    }

    private static List<OpenLoop> openLoops(FakeUser user) {
        return E2E.bot().loops().list(user.id(), LoopFilter.open(), 0, 20).loops();
    }

    private static List<String> labels(DataObject message) {
        List<String> labels = new ArrayList<>();
        LoopkeeperE2E.buttons(message).forEach(b -> labels.add(b.getString("label")));
        return labels;
    }
}
