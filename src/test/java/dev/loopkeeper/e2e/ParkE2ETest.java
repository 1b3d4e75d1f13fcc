package dev.loopkeeper.e2e;

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

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Parking through the wire: {@code /park} in a server and in a DM, the duplicate buttons, user text that tries to
 * ping, the "Park a concept" message menu with its modal, and the global command registration.
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

    @Test
    void parkWithWhyAnswersPrivatelyAndSavesTheLoop() {
        FakeUser user = E2E.newUser();

        DataObject reply = E2E.message(E2E.fake().slashCommand("park").by(user)
                .option("concept", "reverse-mode autodiff").option("why", "my tiny autograd needs it").send());

        assertEquals("Parked **reverse-mode autodiff**.\nWhy it matters: my tiny autograd needs it\n"
                + "It will come back when it becomes structurally relevant. 1 open loop.", reply.getString("content"));
        List<OpenLoop> saved = openLoops(user);
        assertEquals(1, saved.size());
        assertEquals("reverse-mode autodiff", saved.get(0).concept());
        assertEquals("my tiny autograd needs it", saved.get(0).why());
        assertEquals(E2E.guildId(), saved.get(0).origin().guildId());
        assertEquals(FakeDiscord.GENERAL.id(), saved.get(0).origin().channelId());
    }

    @Test
    void duplicateOffersKeepBothAndCancelAndEachButtonDoesWhatItSays() {
        FakeUser user = E2E.newUser();
        E2E.park(user, "attention heads");

        InteractionHandle second = E2E.fake().slashCommand("park").by(user).option("concept", "Attention  Heads").send();
        DataObject offer = E2E.message(second);
        assertTrue(offer.getString("content").startsWith("You already have an open loop for **attention heads**"),
                offer.getString("content"));
        assertEquals(List.of("Keep both", "Cancel"), labels(offer));

        InteractionHandle keep = E2E.click(user, second, "Keep both");
        DataObject kept = E2E.reply(keep);
        assertEquals(7, kept.getInt("type"), "the click updates the offer in place");
        assertTrue(kept.getObject("data").getString("content").startsWith("Parked **Attention Heads**."));
        assertTrue(LoopkeeperE2E.buttons(E2E.fake().originalMessage(second)).isEmpty(), "buttons are gone");
        assertEquals(2, openLoops(user).size());

        InteractionHandle third = E2E.fake().slashCommand("park").by(user).option("concept", "attention heads").send();
        E2E.message(third);
        DataObject cancelled = E2E.reply(E2E.click(user, third, "Cancel"));
        assertEquals(7, cancelled.getInt("type"));
        assertEquals("Cancelled. Your earlier loop stays as it was.", cancelled.getObject("data").getString("content"));
        assertEquals(2, openLoops(user).size(), "the cancelled draft was not kept");
    }

    @Test
    void nearDuplicateOffersMergeWhichKeepsOneLoopWithTheWhy() {
        FakeUser user = E2E.newUser();
        E2E.park(user, "attention heads");

        InteractionHandle similar = E2E.fake().slashCommand("park").by(user)
                .option("concept", "attention head").option("why", "to read the GPT-2 code").send();
        DataObject offer = E2E.message(similar);
        assertTrue(offer.getString("content").startsWith("This looks very close to your open loop "
                + "**attention heads**"), offer.getString("content"));
        assertEquals(List.of("Merge", "Keep both"), labels(offer));

        DataObject merged = E2E.reply(E2E.click(user, similar, "Merge"));

        assertEquals(7, merged.getInt("type"));
        assertTrue(merged.getObject("data").getString("content")
                .startsWith("Merged into **attention heads**"), merged.toString());
        List<OpenLoop> open = openLoops(user);
        assertEquals(1, open.size(), "still one loop");
        assertEquals("to read the GPT-2 code", open.get(0).why(), "the draft's why moved to the loop that had none");
    }

    @Test
    void aButtonClickedBySomeoneElseIsRefusedAndChangesNothing() {
        FakeUser owner = E2E.newUser();
        FakeUser intruder = E2E.newUser();
        E2E.park(owner, "bayesian optimisation");
        InteractionHandle duplicate = E2E.fake().slashCommand("park").by(owner)
                .option("concept", "bayesian optimisation").send();
        E2E.message(duplicate);

        DataObject refusal = E2E.message(E2E.click(intruder, duplicate, "Keep both"));

        assertEquals("That belongs to someone else's view. Run the command yourself to get your own.",
                refusal.getString("content"));
        assertEquals(List.of("Keep both", "Cancel"), labels(E2E.fake().originalMessage(duplicate)),
                "the owner's offer is untouched");
        assertEquals(1, openLoops(owner).size());
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
