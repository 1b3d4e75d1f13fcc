package dev.loopkeeper.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.loopkeeper.discord.DiscordMessages;
import dev.loopkeeper.e2e.fake.FakeUser;
import dev.loopkeeper.e2e.fake.InteractionHandle;
import dev.loopkeeper.loop.LoopFilter;
import dev.loopkeeper.loop.LoopScope;
import dev.loopkeeper.loop.OpenLoop;
import dev.loopkeeper.loop.Outcome;
import dev.loopkeeper.loop.Triage;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import net.dv8tion.jda.api.utils.data.DataObject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** {@code /triage}: the queue's cards and buttons, a class set directly, and the Core offer at park time, on the wire. */
class TriageE2ETest {

    @RegisterExtension
    static final LoopkeeperE2E E2E = LoopkeeperE2E.withGlobalCommands();

    private static List<OpenLoop> loops(FakeUser user, LoopFilter filter) {
        return E2E.bot().loops().list(user.id(), filter, 0, 50).loops();
    }

    private static Map<String, Triage> classes(FakeUser user) {
        return loops(user, new LoopFilter(LoopFilter.Stage.ALL, Optional.empty())).stream()
                .collect(Collectors.toMap(OpenLoop::concept, OpenLoop::triage));
    }

    @Test
    void theQueueShowsOneCardAtATimeAdvancesInPlaceAndEndsWithASummary() {
        FakeUser user = E2E.newUser();
        E2E.park(user, "bloom filters");
        E2E.park(user, "plate tectonics");
        E2E.park(user, "jazz harmony");
        E2E.park(user, "medieval castles");
        E2E.park(user, "knitting patterns");

        InteractionHandle queue = E2E.fake().slashCommand("triage").by(user).send();
        DataObject card = E2E.message(queue);
        assertTrue(card.getString("content").startsWith("**bloom filters**"), card.getString("content"));
        assertTrue(card.getString("content").contains("No suggestion"), card.getString("content"));
        assertTrue(card.getString("content").contains("5 cards left in this pass"), card.getString("content"));
        assertEquals(List.of("Core", "Adjacent", "Peripheral", "Let it go", "Skip"),
                LoopkeeperE2E.buttons(card).stream().map(b -> b.getString("label")).collect(Collectors.toList()));
        LoopkeeperE2E.assertPingsNobody(card);

        String firstCore = LoopkeeperE2E.button(E2E.fake().originalMessage(queue), "Core").getString("custom_id");
        DataObject next = E2E.reply(E2E.click(user, queue, "Core"));
        assertEquals(7, next.getInt("type"), "the card is edited in place");
        String second = next.getObject("data").getString("content");
        assertTrue(second.startsWith("**plate tectonics**"), second);
        // Now there is a core loop to compare with: a suggestion appears.
        assertTrue(second.contains("Suggested: **"), second);

        // The first card's Core again (a double click): acknowledged, nothing counts twice, the current card stays.
        DataObject again = E2E.reply(E2E.fake().buttonClick(firstCore).by(user)
                .onMessage(E2E.fake().originalMessage(queue)).send());
        assertEquals(6, again.getInt("type"), again.toString());
        assertTrue(E2E.fake().originalMessage(queue).getString("content").startsWith("**plate tectonics**"));

        E2E.reply(E2E.click(user, queue, "Skip"));
        E2E.reply(E2E.click(user, queue, "Let it go"));
        E2E.reply(E2E.click(user, queue, "Peripheral"));
        DataObject last = E2E.reply(E2E.click(user, queue, "Adjacent"));
        String summary = last.getObject("data").getString("content");
        assertEquals("Triaged 4: 1 core, 1 adjacent, 1 peripheral, 1 let go; 1 skipped. Skipped loops come back after the others "
                + "next time you run /triage.", summary);
        assertTrue(LoopkeeperE2E.buttons(E2E.fake().originalMessage(queue)).isEmpty(), "the summary has no buttons");

        assertEquals(Map.of("bloom filters", Triage.CORE, "plate tectonics", Triage.UNTRIAGED, "jazz harmony",
                Triage.UNTRIAGED, "medieval castles", Triage.PERIPHERAL, "knitting patterns", Triage.ADJACENT), classes(user));
        assertTrue(loops(user, LoopFilter.parse("open", null)).stream().noneMatch(l -> l.concept().equals("jazz harmony")),
                "let go closes the loop");

        // /loops shows each loop's class, and triage:<class> filters by it.
        String list = E2E.message(E2E.fake().slashCommand("loops").by(user).option("triage", "core").send())
                .getArray("embeds").getObject(0).getString("description");
        assertTrue(list.contains("**bloom filters** · core"), list);
        assertTrue(!list.contains("knitting patterns"), list);

        // Coming back later: the skipped loop again.
        E2E.clock().advance(java.time.Duration.ofMinutes(1));
        String resumed = E2E.message(E2E.fake().slashCommand("triage").by(user).send()).getString("content");
        assertTrue(resumed.startsWith("**plate tectonics**"), resumed);
    }

    @Test
    void anOpenedLoopsCardSuggestsCoreBecauseThePersonWorksOnIt() {
        FakeUser user = E2E.newUser();
        E2E.park(user, "knitting patterns");
        E2E.message(E2E.fake().slashCommand("focus").subcommand("set").by(user)
                .option("text", "writing a Raft consensus library").send());
        E2E.message(E2E.fake().slashCommand("open").by(user).option("loop", "knitting").send());

        String card = E2E.message(E2E.fake().slashCommand("triage").by(user).send()).getString("content");

        assertTrue(card.startsWith("**knitting patterns**"), card);
        assertTrue(card.contains("Suggested: **core**: you opened it and work on it now (abstraction)."), card);
    }

    @Test
    void aCardWhoseVectorsAreNotInYetSaysSoRatherThanAskForAFocusThePersonHas() {
        FakeUser user = E2E.newUser();
        E2E.message(E2E.fake().slashCommand("focus").subcommand("set").by(user)
                .option("text", "writing a Raft consensus library").send());
        E2E.park(user, "leader election");
        // As for a minute after an import, or after an update of the model until every loop is embedded again.
        E2E.bot().database().write(sql -> sql.update("UPDATE open_loop SET embedding = NULL, embedding_model = NULL"
                + " WHERE owner_id = ?", user.id()));

        String card = E2E.message(E2E.fake().slashCommand("triage").by(user).send()).getString("content");

        assertTrue(card.startsWith("**leader election**"), card);
        assertTrue(card.contains("\nNo suggestion yet: its meaning is still being worked out (for a minute or so after "
                + "an import or an update), so it cannot be compared with your focus and core loops yet.\n"), card);
        assertTrue(!card.contains("A focus, or a core loop"), card);
    }

    @Test
    void onlyTheOwnerMayClickACard() {
        FakeUser ada = E2E.newUser();
        FakeUser bob = E2E.newUser();
        E2E.park(ada, "quantum tunnelling");
        InteractionHandle queue = E2E.fake().slashCommand("triage").by(ada).send();
        E2E.message(queue);

        DataObject refused = E2E.message(E2E.click(bob, queue, "Core"));

        assertEquals(DiscordMessages.notYours(), refused.getString("content"));
        assertEquals(Triage.UNTRIAGED, classes(ada).get("quantum tunnelling"));
    }

    @Test
    void aCardWhoseLoopWasClosedElsewhereSaysSoAndMovesOnToTheNextCard() {
        FakeUser user = E2E.newUser();
        E2E.park(user, "volcano eruptions");
        E2E.park(user, "knitting patterns");
        InteractionHandle queue = E2E.fake().slashCommand("triage").by(user).send();
        assertTrue(E2E.message(queue).getString("content").startsWith("**volcano eruptions**"));
        OpenLoop volcano = loops(user, LoopFilter.parse("open", null)).stream()
                .filter(l -> l.concept().equals("volcano eruptions")).findFirst().orElseThrow();
        // Elsewhere (the console on the same database, another client): the loop is closed.
        E2E.bot().loops().close(user.id(), volcano.id(), Outcome.APPLIED, null);

        DataObject next = E2E.reply(E2E.click(user, queue, "Core"));

        assertEquals(7, next.getInt("type"), "the card is edited in place: " + next);
        String content = next.getObject("data").getString("content");
        assertTrue(content.startsWith("**volcano eruptions** (#" + volcano.id() + ") was closed as applied elsewhere "
                + "meanwhile, so your answer changed nothing for it.\n\n**knitting patterns**"), content);
        DataObject summary = E2E.reply(E2E.click(user, queue, "Adjacent"));
        assertEquals("Triaged 1: 1 adjacent.", summary.getObject("data").getString("content"));
        assertEquals(Map.of("volcano eruptions", Triage.UNTRIAGED, "knitting patterns", Triage.ADJACENT), classes(user));
        assertEquals(Outcome.APPLIED, E2E.bot().loops().find(user.id(), volcano.id()).orElseThrow().outcome());
    }

    @Test
    void aCardWhoseLoopWasMergedElsewhereNamesTheLoopThatHoldsItNow() {
        FakeUser user = E2E.newUser();
        E2E.park(user, "volcano eruptions");
        E2E.park(user, "knitting patterns");
        InteractionHandle queue = E2E.fake().slashCommand("triage").by(user).send();
        E2E.message(queue);
        Map<String, Long> ids = loops(user, LoopFilter.parse("open", null)).stream()
                .collect(java.util.stream.Collectors.toMap(OpenLoop::concept, OpenLoop::id));
        // Elsewhere (a park's Merge button, the console): the loop on the card goes into the other one.
        E2E.bot().loops().merge(user.id(), ids.get("volcano eruptions"), ids.get("knitting patterns"));

        String content = E2E.reply(E2E.click(user, queue, "Core")).getObject("data").getString("content");

        assertTrue(content.startsWith("**volcano eruptions** (#" + ids.get("volcano eruptions") + ") was merged into "
                + "**knitting patterns** (#" + ids.get("knitting patterns") + ") elsewhere meanwhile, so your answer "
                + "changed nothing for it.\n\n**knitting patterns**"), content);
        assertEquals(Triage.UNTRIAGED, classes(user).get("knitting patterns"));
    }

    @Test
    void twoDevicesOnOneQueueNeverSayEveryLoopHasAClassWhileOneWasOnlySkipped() {
        FakeUser user = E2E.newUser();
        E2E.park(user, "volcano eruptions");
        E2E.park(user, "knitting patterns");
        // The phone and the laptop each run /triage and show the same first card.
        InteractionHandle phone = E2E.fake().slashCommand("triage").by(user).send();
        E2E.message(phone);
        InteractionHandle laptop = E2E.fake().slashCommand("triage").by(user).send();
        E2E.message(laptop);
        // On the laptop: volcano eruptions is core, knitting patterns skipped.
        E2E.reply(E2E.click(user, laptop, "Core"));
        E2E.reply(E2E.click(user, laptop, "Skip"));

        // On the phone, the old first card is answered.
        String content = E2E.reply(E2E.click(user, phone, "Adjacent")).getObject("data").getString("content");

        assertTrue(content.startsWith("**volcano eruptions** (#"), content);
        assertTrue(content.endsWith("was marked core elsewhere meanwhile, so your answer changed nothing for it.\n\n"
                + "Nothing left in this pass: the 1 loop still without a class was skipped in it elsewhere, and comes "
                + "back next time you run /triage."), content);
        assertEquals(Map.of("volcano eruptions", Triage.CORE, "knitting patterns", Triage.UNTRIAGED), classes(user));
    }

    @Test
    void triageWithNoOpenLoopsSaysThereAreNone() {
        FakeUser user = E2E.newUser();

        DataObject answer = E2E.message(E2E.fake().slashCommand("triage").by(user).send());

        assertTrue(answer.getString("content").startsWith("Nothing to triage: you have no open loops."),
                answer.getString("content"));
        assertTrue(LoopkeeperE2E.buttons(answer).isEmpty());
    }

    @Test
    void theLastCardSaysSoAndOnceEveryLoopHasAClassThereIsNothingToTriage() {
        FakeUser user = E2E.newUser();
        E2E.park(user, "tide tables");

        InteractionHandle queue = E2E.fake().slashCommand("triage").by(user).send();
        assertTrue(E2E.message(queue).getString("content").contains("The last card for now."),
                E2E.message(queue).getString("content"));
        E2E.reply(E2E.click(user, queue, "Peripheral"));

        DataObject again = E2E.message(E2E.fake().slashCommand("triage").by(user).send());
        assertEquals("Nothing to triage: every open loop has a class.", again.getString("content"));
        assertTrue(LoopkeeperE2E.buttons(again).isEmpty());
        assertEquals(Map.of("tide tables", Triage.PERIPHERAL), classes(user));
    }

    @Test
    void aClassIsSetDirectlyWithTheLoopPickedByAutocomplete() {
        FakeUser user = E2E.newUser();
        E2E.park(user, "volcano eruptions");
        E2E.park(user, "knitting patterns");

        DataObject choices = E2E.reply(E2E.fake().autocomplete("triage").by(user).focused("loop", "volc").send());
        String picked = LoopkeeperE2E.choiceNamed(choices, "volcano eruptions").orElseThrow().getString("value");
        DataObject set = E2E.message(E2E.fake().slashCommand("triage").by(user).option("loop", picked)
                .option("class", "peripheral").send());

        assertEquals("**volcano eruptions** is peripheral now.", set.getString("content"));
        assertEquals(Triage.PERIPHERAL, classes(user).get("volcano eruptions"));

        DataObject refused = E2E.message(E2E.fake().slashCommand("triage").by(user).option("class", "core").send());
        assertTrue(refused.getString("content").startsWith("A class needs a loop"), refused.getString("content"));
    }

    @Test
    void aParksCoreButtonAWeekAfterItsLoopWasMergedNamesTheLoopThatHoldsItNow() {
        FakeUser user = E2E.newUser();
        E2E.message(E2E.fake().slashCommand("focus").subcommand("set").by(user)
                .option("text", "implementing a Kalman filter for drone state estimation").send());
        E2E.park(user, "state estimation for drones");
        InteractionHandle park = E2E.fake().slashCommand("park").by(user).option("concept", "Kalman filter").send();
        assertTrue(E2E.message(park).getString("content").endsWith("a candidate for core."));
        Map<String, Long> ids = loops(user, LoopFilter.parse("open", null)).stream()
                .collect(Collectors.toMap(OpenLoop::concept, OpenLoop::id));
        E2E.bot().loops().merge(user.id(), ids.get("Kalman filter"), ids.get("state estimation for drones"));
        E2E.clock().advance(java.time.Duration.ofDays(7));

        DataObject refused = E2E.message(E2E.click(user, park, "Core"));

        assertEquals("Loop #" + ids.get("Kalman filter") + " is no longer open: **Kalman filter** was merged into "
                + "**state estimation for drones** (#" + ids.get("state estimation for drones") + "), which keeps its why "
                + "and source. Nothing was changed.", refused.getString("content"));
        assertEquals(Triage.UNTRIAGED, classes(user).get("state estimation for drones"));
    }

    @Test
    void aServersSharedLoopNamedInTriageLoopSaysTheGroupDecidesItsClassByAPoll() {
        FakeUser ada = E2E.newUser();
        FakeUser bob = E2E.newUser();
        E2E.park(bob, "sourdough starter");
        E2E.message(E2E.fake().slashCommand("park").by(ada).option("concept", "Kalman filter for the drone")
                .option("scope", "server").send());
        String lot = LoopScope.server(E2E.guildId()).ownerKey();
        OpenLoop shared = E2E.bot().loops().find(lot, E2E.bot().database().read(sql -> sql.queryLong(
                "SELECT id FROM open_loop WHERE owner_id = ? AND concept = ?", lot, "Kalman filter for the drone")))
                .orElseThrow();

        DataObject refused = E2E.message(E2E.fake().slashCommand("triage").by(bob).option("loop", "Kalman")
                .option("class", "core").send());

        assertEquals("**Kalman filter for the drone** (#" + shared.id() + ") is one of this server's shared loops: the "
                + "group decides its class with a poll, /triage poll:" + shared.id() + " (started by someone with Manage "
                + "Server or the server's poll role). /triage loop: sets the class of your own loops. Nothing was "
                + "changed.", refused.getString("content"));
        LoopkeeperE2E.assertPingsNobody(refused);
        assertEquals(Triage.UNTRIAGED, E2E.bot().loops().find(lot, shared.id()).orElseThrow().triage());
        // In a DM there is no server's lot to point to: the usual answer.
        DataObject inDm = E2E.message(E2E.fake().slashCommand("triage").by(bob).option("loop", "Kalman")
                .option("class", "core").inDirectMessage().send());
        assertTrue(inDm.getString("content").startsWith("I can't find that among your open loops"),
                inDm.getString("content"));
        // A name that fits two of their own loops is theirs to settle, shared loop or not.
        E2E.park(bob, "Kalman smoother");
        E2E.park(bob, "Kalman gain");
        assertTrue(E2E.message(E2E.fake().slashCommand("triage").by(bob).option("loop", "Kalman")
                .option("class", "core").send()).getString("content").contains("Kalman smoother"));
    }

    @Test
    void aParkThatMatchesTheActiveFocusSaysSoAndOffersCore() {
        FakeUser user = E2E.newUser();
        E2E.message(E2E.fake().slashCommand("focus").subcommand("set").by(user)
                .option("text", "implementing a Kalman filter for drone state estimation").send());

        InteractionHandle park = E2E.fake().slashCommand("park").by(user).option("concept", "Kalman filter").send();
        DataObject parked = E2E.message(park);

        assertTrue(parked.getString("content").endsWith("It matches what you work on now, \u201cimplementing a Kalman "
                + "filter for drone state estimation\u201d: a candidate for core."), parked.getString("content"));
        DataObject done = E2E.reply(E2E.click(user, park, "Core"));
        assertEquals(7, done.getInt("type"));
        assertEquals("**Kalman filter** is core now.", done.getObject("data").getString("content"));
        assertEquals(Triage.CORE, classes(user).get("Kalman filter"));

        DataObject unrelated = E2E.park(user, "sourdough starter");
        assertTrue(!unrelated.getString("content").contains("candidate for core"), unrelated.getString("content"));
        assertTrue(LoopkeeperE2E.buttons(unrelated).isEmpty());
    }
}
