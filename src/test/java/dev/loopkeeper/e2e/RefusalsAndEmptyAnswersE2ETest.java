package dev.loopkeeper.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.loopkeeper.e2e.fake.FakeDiscord;
import dev.loopkeeper.e2e.fake.FakeUser;
import dev.loopkeeper.e2e.fake.InteractionHandle;
import dev.loopkeeper.help.HelpMessages;
import dev.loopkeeper.loop.LoopErrors;
import dev.loopkeeper.loop.LoopFilter;
import dev.loopkeeper.loop.LoopScope;
import dev.loopkeeper.loop.OpenLoop;
import dev.loopkeeper.nudge.NudgeMessages;
import dev.loopkeeper.search.SearchErrors;
import dev.loopkeeper.triage.TriageMessages;
import java.util.List;
import net.dv8tion.jda.api.utils.data.DataObject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The answers of the less trodden paths on the wire: the empty ones (no nudge yet, no reflections yet), the footers
 * that say how a search ordered its results and what the buttons under {@code /related} do, and the refusals a person
 * meets by typing (a fragment that fits two loops, an edit that changes nothing or takes another loop's concept, a
 * reopen of an open loop, a class left out). Each was tested only on mocked events or in the console; here the harness
 * also checks every answer as Discord would take it (answered once in time, private, within the limits, pinging
 * nobody).
 */
class RefusalsAndEmptyAnswersE2ETest {

    @RegisterExtension
    static final LoopkeeperE2E E2E = LoopkeeperE2E.withGlobalCommands();

    private static String answer(InteractionHandle interaction) {
        DataObject message = E2E.message(interaction);
        WireAssertions.assertEphemeral(message);
        return message.getString("content");
    }

    private static DataObject embed(InteractionHandle interaction) {
        DataObject message = E2E.message(interaction);
        WireAssertions.assertEphemeral(message);
        return message.getArray("embeds").getObject(0);
    }

    @Test
    void helpOpensWithWhatLoopkeeperIsFor() {
        DataObject help = embed(E2E.fake().slashCommand("help").by(E2E.newUser()).send());
        String top = help.getString("title", "") + "\n" + help.getString("description", "");
        for (String line : HelpMessages.intro()) {
            assertTrue(top.contains(line), top);
        }
    }

    @Test
    void aSearchSaysHowItOrderedItsResultsAndRelatedSaysWhatItsButtonsDo() {
        FakeUser user = E2E.newUser();
        E2E.park(user, "Kalman filter");
        E2E.park(user, "extended Kalman filter");
        E2E.park(user, "plate tectonics");

        DataObject found = embed(E2E.fake().slashCommand("loops").by(user).option("query", "kalman").send());
        assertEquals("Best first, by words, meaning and the concept map.", found.getObject("footer").getString("text"));

        long id = E2E.loop(user, "Kalman filter").id();
        DataObject related = embed(E2E.fake().slashCommand("related").by(user).option("loop", Long.toString(id)).send());
        assertTrue(related.getString("description").contains("extended Kalman filter"), related.toString());
        assertEquals("Merge folds a loop into #" + id + " (its why and source are kept there); Open starts on it now; "
                + "Open all starts on the whole cluster.", related.getObject("footer").getString("text"));
    }

    @Test
    void relatedWithNothingCloseSaysSoAndPointsAtSearch() {
        FakeUser user = E2E.newUser();
        E2E.park(user, "jazz harmony");
        E2E.park(user, "plate tectonics");
        long id = E2E.loop(user, "jazz harmony").id();

        DataObject related = embed(E2E.fake().slashCommand("related").by(user).option("loop", Long.toString(id)).send());

        assertEquals("None of your other open loops is close enough to this one to list, by its words, its meaning or "
                + "what it rests on. `/loops query:<words>` searches them all by any word.", related.getString("description"));
        assertTrue(LoopkeeperE2E.buttons(E2E.message(E2E.fake().slashCommand("related").by(user)
                .option("loop", Long.toString(id)).send())).isEmpty(), "no Merge or Open without a neighbour");
    }

    @Test
    void aSearchOfOnlyCommonWordsSaysSoAndChangesNothing() {
        FakeUser user = E2E.newUser();
        E2E.park(user, "the CAP theorem");
        assertEquals(SearchErrors.queryWithoutWords("the"),
                answer(E2E.fake().slashCommand("loops").by(user).option("query", "the").send()));
    }

    @Test
    void theNudgeAndReflectionsSayWhatToDoBeforeThereIsAnything() {
        FakeUser user = E2E.newUser();
        assertEquals(NudgeMessages.notSet(),
                answer(E2E.fake().slashCommand("nudge").subcommand("show").by(user).inDirectMessage().send()));
        // In a DM no server lends its default zone: the first set asks for one and sets nothing.
        assertEquals(NudgeMessages.zoneNeeded(), answer(E2E.fake().slashCommand("nudge").subcommand("set").by(user)
                .inDirectMessage().option("day", "sunday").option("time", "18:00").send()));
        assertEquals(NudgeMessages.notSet(),
                answer(E2E.fake().slashCommand("nudge").subcommand("show").by(user).inDirectMessage().send()));
        // No nudge, so no Reflect button to look for: it says how to get one.
        String none = answer(E2E.fake().slashCommand("reflections").by(user).send());
        assertTrue(none.startsWith("No reflections yet. ") && none.contains("you have none set: /nudge set day:sunday")
                && !none.contains("The Reflect button under"), none);
        answer(E2E.fake().slashCommand("nudge").subcommand("set").by(user).inDirectMessage().option("day", "sunday")
                .option("time", "18:00").option("zone", "Europe/Berlin").send());
        assertEquals("No reflections yet. The Reflect button under a question of your weekly nudge saves one; /nudge "
                + "now shows this week's questions at once.", answer(E2E.fake().slashCommand("reflections").by(user)
                        .send()));
        answer(E2E.fake().slashCommand("nudge").subcommand("off").by(user).inDirectMessage().send());
        String off = answer(E2E.fake().slashCommand("reflections").by(user).send());
        assertTrue(off.contains("it is off: /nudge set turns it on again"), off);
    }

    @Test
    void aNewcomerWhoTypesALoopBeforeParkingAnyIsToldToParkOne() {
        FakeUser newcomer = E2E.newUser();
        // Autocomplete has nothing to offer, so the newcomer types a concept (or a number) and sends it.
        assertTrue(LoopkeeperE2E.choiceNames(E2E.reply(E2E.fake().autocomplete("close").by(newcomer)
                .focused("loop", "auto").send())).isEmpty());
        String expected = "You have no open loops. Park one with /park concept:<text>.";
        assertEquals(expected, answer(E2E.fake().slashCommand("close").by(newcomer).option("loop", "autodiff")
                .option("outcome", "learned").send()));
        assertEquals(expected, answer(E2E.fake().slashCommand("open").by(newcomer).option("loop", "12").send()));
        assertEquals(expected, answer(E2E.fake().slashCommand("triage").by(newcomer).option("loop", "autodiff")
                .option("class", "core").send()));

        // With a loop open, a miss still points at the list.
        E2E.park(newcomer, "Kalman filter");
        assertEquals(LoopErrors.noSuchOpenLoop(), answer(E2E.fake().slashCommand("open").by(newcomer)
                .option("loop", "autodiff").send()));
    }

    @Test
    void aFragmentThatFitsTwoLoopsNamesBothAndOpensNeither() {
        FakeUser user = E2E.newUser();
        E2E.park(user, "Kalman filter");
        E2E.park(user, "Kalman smoother");
        OpenLoop filter = E2E.loop(user, "Kalman filter");
        OpenLoop smoother = E2E.loop(user, "Kalman smoother");

        String refused = answer(E2E.fake().slashCommand("open").by(user).option("loop", "kalman").send());

        assertTrue(refused.startsWith("'kalman' fits 2 of your open loops: "), refused);
        assertTrue(refused.contains("**Kalman filter** (#" + filter.id() + ")")
                && refused.contains("**Kalman smoother** (#" + smoother.id() + ")"), refused);
        assertTrue(refused.endsWith(". Type more of the concept, or its number."), refused);
        assertTrue(E2E.loop(user, "Kalman filter").isParked() && E2E.loop(user, "Kalman smoother").isParked());
    }

    @Test
    void openingAnActiveLoopAgainSaysWhereItIsAndChangesNothing() {
        FakeUser user = E2E.newUser();
        E2E.park(user, "suffix arrays");
        String id = Long.toString(E2E.loop(user, "suffix arrays").id());
        E2E.message(E2E.fake().slashCommand("open").by(user).option("loop", id).send());
        OpenLoop opened = E2E.loop(user, "suffix arrays");

        String again = answer(E2E.fake().slashCommand("open").by(user).option("loop", id).send());

        assertTrue(again.startsWith("**suffix arrays** is already active, in abstraction since "), again);
        assertTrue(again.endsWith(". Nothing changed."), again);
        assertEquals(opened, E2E.loop(user, "suffix arrays"));
    }

    @Test
    void anEditThatChangesNothingOrTakesAnotherLoopsConceptIsRefusedAndTheLoopIsUnchanged() {
        FakeUser user = E2E.newUser();
        E2E.park(user, "B-trees");
        E2E.park(user, "LSM trees");
        OpenLoop btrees = E2E.loop(user, "B-trees");
        OpenLoop lsm = E2E.loop(user, "LSM trees");

        assertEquals(LoopErrors.editChangesNothing(), answer(E2E.fake().slashCommand("edit").by(user)
                .option("loop", Long.toString(btrees.id())).option("concept", "B-trees").send()));
        assertEquals(LoopErrors.editWouldDuplicate(lsm.id(), "LSM trees", LoopScope.Kind.PERSONAL),
                answer(E2E.fake().slashCommand("edit").by(user).option("loop", Long.toString(btrees.id()))
                        .option("concept", "lsm  TREES").send()));
        assertEquals(btrees, E2E.loop(user, "B-trees"));
    }

    @Test
    void reopeningAnOpenLoopOrOneThatIsNotThereIsRefused() {
        FakeUser user = E2E.newUser();
        E2E.park(user, "treaps");
        OpenLoop treaps = E2E.loop(user, "treaps");

        assertEquals(LoopErrors.alreadyOpen(treaps.id(), "treaps"), answer(E2E.fake().slashCommand("reopen").by(user)
                .option("loop", Long.toString(treaps.id())).send()));
        assertEquals(LoopErrors.noSuchClosedLoop(LoopScope.Kind.PERSONAL),
                answer(E2E.fake().slashCommand("reopen").by(user).option("loop", "skip lists").send()));
    }

    @Test
    void reopeningALoopParkedAgainMeanwhileKeepsItClosedAndTheOpenOneCarriesOn() {
        FakeUser user = E2E.newUser();
        E2E.park(user, "Dijkstra's algorithm");
        long first = E2E.loop(user, "Dijkstra's algorithm").id();
        E2E.message(E2E.fake().slashCommand("close").by(user).option("loop", Long.toString(first))
                .option("outcome", "learned").send());
        E2E.park(user, "dijkstra's  Algorithm");
        long again = E2E.bot().loops().list(user.id(), LoopFilter.open(), 0, 10).loops().get(0).id();

        assertEquals(LoopErrors.reopenWouldDuplicate(again, LoopScope.Kind.PERSONAL), answer(E2E.fake()
                .slashCommand("reopen").by(user).option("loop", Long.toString(first)).send()));
        assertEquals(1, E2E.bot().loops().countOpen(user.id()));
    }

    @Test
    void aReflectionsLoopThatIsNotThereIsNamedAsMissing() {
        FakeUser user = E2E.newUser();
        E2E.park(user, "splay trees");
        assertEquals(LoopErrors.noSuchLoop(),
                answer(E2E.fake().slashCommand("reflections").by(user).option("loop", "rope trick").send()));
    }

    @Test
    void forgetMeConfirmedAfterFifteenMinutesDeletesNothingAndSaysWhy() {
        FakeUser user = E2E.newUser();
        E2E.park(user, "count-min sketch");
        InteractionHandle asked = E2E.fake().slashCommand("forget-me").by(user).send();
        E2E.message(asked);
        E2E.clock().advance(java.time.Duration.ofMinutes(16));

        DataObject late = E2E.reply(E2E.click(user, asked, "Delete everything"));

        assertEquals("This question was asked over 15 minutes ago; nothing was deleted. Run /forget-me again if you "
                + "still want to.", late.getObject("data").getString("content"));
        assertEquals(1, E2E.bot().loops().countOpen(user.id()));
    }

    @Test
    void triagingOneLoopWithoutAClassAsksForOneAndSetsNothing() {
        FakeUser user = E2E.newUser();
        E2E.park(user, "Bloom filters");
        assertEquals(TriageMessages.loopNeedsClass(), answer(E2E.fake().slashCommand("triage").by(user)
                .option("loop", "Bloom filters").send()));
        assertEquals(dev.loopkeeper.loop.Triage.UNTRIAGED, E2E.loop(user, "Bloom filters").triage());
    }

    @Test
    void theBuiltOptionBelongsToInstantiation() {
        FakeUser user = E2E.newUser();
        E2E.park(user, "ropes");
        String id = Long.toString(E2E.loop(user, "ropes").id());
        E2E.message(E2E.fake().slashCommand("open").by(user).option("loop", id).send());

        assertEquals(LoopErrors.builtIsForInstantiation(), answer(E2E.fake().slashCommand("progress").by(user)
                .option("loop", id).option("phase", "re-abstraction").option("built", "a rope-based editor").send()));
        assertEquals("abstraction", E2E.loop(user, "ropes").phase().label());
    }

    @Test
    void forgetMeKeptDeletesNothing() {
        FakeUser user = E2E.newUser();
        E2E.park(user, "persistent vectors");
        InteractionHandle asked = E2E.fake().slashCommand("forget-me").by(user).send();
        E2E.message(asked);

        // The question is answered in place: its buttons go, so it cannot be clicked again.
        DataObject kept = E2E.reply(E2E.click(user, asked, "Keep it"));

        assertEquals(7, kept.getInt("type"), "the question's message updated");
        assertEquals("Nothing was deleted.", kept.getObject("data").getString("content"));
        assertTrue(kept.getObject("data").getArray("components").isEmpty(), kept.toString());
        assertEquals(List.of("persistent vectors"), E2E.bot().loops().list(user.id(), LoopFilter.open(), 0, 10).loops()
                .stream().map(OpenLoop::concept).toList());
    }

    @Test
    void focusRefusesWhatItCannotKeepAndClearsNothingItDoesNotHave() {
        FakeUser user = E2E.newUser();
        assertEquals("There was no active focus to clear.",
                answer(E2E.fake().slashCommand("focus").subcommand("clear").by(user).send()));
        assertEquals("That is longer than a year. Leave `for` out to keep the focus until you clear it.",
                answer(E2E.fake().slashCommand("focus").subcommand("set").by(user).option("text", "a long thesis")
                        .option("for", "400d").send()));
        assertEquals("'Mars/Olympus' is not a time zone I know. Use an IANA name such as Europe/Berlin, "
                + "America/New_York or Asia/Tokyo.", answer(E2E.fake().slashCommand("focus").subcommand("quiet")
                        .by(user).option("from", "22:00").option("to", "07:00").option("zone", "Mars/Olympus").send()));
        assertEquals("I can't find that among your active focus items. See /focus show.",
                answer(E2E.fake().slashCommand("focus").subcommand("clear").by(user).option("item", "99").send()));
        assertTrue(E2E.bot().focus().active(user.id()).isEmpty(), "nothing was set");
    }

    @Test
    void aSetNudgeSaysWhenTheNextOneComes() {
        FakeUser user = E2E.newUser();
        E2E.message(E2E.fake().slashCommand("nudge").subcommand("set").by(user).inDirectMessage()
                .option("day", "sunday").option("time", "18:00").option("zone", "Europe/Berlin").send());

        String shown = answer(E2E.fake().slashCommand("nudge").subcommand("show").by(user).inDirectMessage().send());

        assertTrue(shown.startsWith("Your weekly nudge: "), shown);
        assertTrue(shown.contains("Sunday") && shown.contains("18:00") && shown.contains(". The next one: "), shown);
    }

    @Test
    void aButtonFromAnOlderVersionOrACommandNoLongerRegisteredIsAnsweredPrivately() {
        FakeUser user = E2E.newUser();
        E2E.park(user, "Fenwick trees");
        assertEquals(dev.loopkeeper.discord.DiscordMessages.staleComponent(),
                answer(E2E.fake().buttonClick("loops.page:2:old-format").by(user).send()));
        assertEquals(dev.loopkeeper.discord.DiscordMessages.unknownCommand(),
                answer(E2E.fake().slashCommand("bookmark").by(user).send()));
    }

    @Test
    void turningOffWhatIsNotOnSaysSo() {
        String notWorklog = answer(E2E.fake().slashCommand("settings").subcommand("worklog", "remove")
                .by(FakeDiscord.ADA).option("channel", FakeDiscord.GENERAL).send());
        assertEquals("<#" + FakeDiscord.GENERAL.id() + "> was not a work-log channel.", notWorklog);
        assertFalse(E2E.bot().digests().channel(E2E.guildId()).isPresent());
        assertEquals("The weekly digest is off.", answer(E2E.fake().slashCommand("settings").subcommand("digest")
                .by(FakeDiscord.ADA).option("state", "off").send()));
    }
}
