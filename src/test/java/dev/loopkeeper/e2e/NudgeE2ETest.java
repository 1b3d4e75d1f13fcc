package dev.loopkeeper.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.loopkeeper.e2e.fake.FakeDiscord;
import dev.loopkeeper.e2e.fake.FakeUser;
import dev.loopkeeper.e2e.fake.InteractionHandle;
import dev.loopkeeper.e2e.fake.RecordedRequest;
import dev.loopkeeper.loop.LoopStatus;
import dev.loopkeeper.loop.OpenLoop;
import dev.loopkeeper.loop.Origin;
import dev.loopkeeper.loop.Outcome;
import dev.loopkeeper.loop.ParkRequest;
import dev.loopkeeper.loop.ParkResult;
import dev.loopkeeper.loop.Triage;
import dev.loopkeeper.nudge.NudgeService;
import dev.loopkeeper.nudge.Reflection;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.temporal.TemporalAdjusters;
import java.util.List;
import java.util.function.Predicate;
import net.dv8tion.jda.api.utils.data.DataObject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Weekly nudges on the wire: {@code /nudge set|show|off|now}, a due nudge arriving by DM with its Reflect button,
 * the form and the saved answer, the bankruptcy buttons, {@code /reflections}, and a server's digest in its channel.
 */
class NudgeE2ETest {

    @RegisterExtension
    static final LoopkeeperE2E E2E = LoopkeeperE2E.withGlobalCommands();

    private static final String CHANNEL = FakeDiscord.GENERAL.id();

    private static String say(FakeUser user, String sub, String... options) {
        var command = E2E.fake().slashCommand("nudge").subcommand(sub).by(user);
        for (int i = 0; i < options.length; i += 2) {
            command.option(options[i], options[i + 1]);
        }
        return E2E.message(command.send()).getString("content");
    }

    private static OpenLoop parkAndClose(FakeUser user, String concept, Outcome outcome) {
        OpenLoop loop = ((ParkResult.Parked) E2E.bot().loops().park(new ParkRequest(user.id(), concept, null,
                Origin.none()))).loop();
        return E2E.bot().loops().close(user.id(), loop.id(), outcome, null);
    }

    private static Predicate<RecordedRequest> postIn(String channelId, String text) {
        return r -> r.method().equals("POST") && r.path().equals("channels/" + channelId + "/messages")
                && r.json().getString("content", "").contains(text);
    }

    @Test
    void setShowOffAndTheZoneAutocomplete() {
        FakeUser user = E2E.newUser();
        DataObject zones = E2E.reply(E2E.fake().autocomplete("nudge").subcommand("set").by(user)
                .focused("zone", "berl").send());
        assertEquals(List.of("Europe/Berlin"), LoopkeeperE2E.choiceNames(zones));
        DataObject days = E2E.reply(E2E.fake().autocomplete("nudge").subcommand("set").by(user)
                .focused("day", "t").send());
        assertEquals(List.of("tuesday", "thursday"), LoopkeeperE2E.choiceNames(days));

        assertTrue(say(user, "set", "day", "sunday", "time", "18:00").startsWith("Which time zone"));
        assertTrue(say(user, "set", "day", "caturday", "time", "18:00", "zone", "Europe/Berlin")
                .startsWith("'caturday' is not a day I can read."));
        String set = say(user, "set", "day", "sunday", "time", "18:00", "zone", "Europe/Berlin");
        assertTrue(set.startsWith("Weekly nudge set: Sundays at 18:00 (Europe/Berlin). The next one: <t:"), set);
        long epoch = E2E.bot().nudges().nextNudge(user.id()).orElseThrow().getEpochSecond();
        assertTrue(set.contains("<t:" + epoch + ":F> (<t:" + epoch + ":R>)"), set);
        assertTrue(say(user, "show").contains("<t:" + epoch + ":F>"));
        assertEquals("Europe/Berlin", E2E.bot().settings().person(user.id()).zone().getId(), "one zone per person");
        assertTrue(say(user, "off").startsWith("Weekly nudge off."));
        assertTrue(say(user, "show").startsWith("Your weekly nudge is off"));
    }

    @Test
    void aDueNudgeArrivesOnceByDirectMessageAndReflectSavesTheAnswer() {
        FakeUser user = E2E.newUser();
        OpenLoop learned = parkAndClose(user, "reverse-mode autodiff", Outcome.LEARNED);
        say(user, "set", "day", "sunday", "time", "18:00", "zone", "UTC");
        Instant due = E2E.bot().nudges().nextNudge(user.id()).orElseThrow();
        E2E.clock().advance(Duration.between(E2E.clock().instant(), due).plusSeconds(20));
        E2E.bot().sendDue();
        String dm = E2E.fake().directMessageChannelId(user);
        RecordedRequest sent = E2E.fake().awaitRequest(postIn(dm, "Your weekly nudge"), LoopkeeperE2E.WAIT);
        DataObject message = sent.json();
        WireAssertions.assertMessageWithinLimits(message);
        assertTrue(message.getObject("allowed_mentions").getArray("parse").isEmpty());
        assertTrue(message.getString("content").contains("reverse-mode autodiff: learned"), message.toString());
        E2E.bot().sendDue();
        assertEquals(1, E2E.requests(postIn(dm, "Your weekly nudge")).size(), "never twice");

        DataObject stored = E2E.fake().lastMessageIn(dm).orElseThrow();
        String reflectId = LoopkeeperE2E.button(stored, "Reflect").getString("custom_id");
        InteractionHandle click = E2E.fake().buttonClick(reflectId).by(user).inDirectMessage().onMessage(stored).send();
        DataObject modal = E2E.reply(click);
        assertEquals(9, modal.getInt("type"), "Reflect opens a form");
        String modalId = modal.getObject("data").getString("custom_id");
        assertTrue(modal.getObject("data").toString().contains("reverse-mode autodiff"), modal.toString());
        InteractionHandle submit = E2E.fake().modalSubmit(modalId).by(user).inDirectMessage()
                .textInput("answer", "it is the chain rule with caching").send();
        assertTrue(E2E.message(submit).getString("content").startsWith("Saved on **reverse-mode autodiff**."));
        List<Reflection> saved = E2E.bot().nudges().reflections(user.id(), String.valueOf(learned.id()));
        assertEquals(1, saved.size());
        assertEquals("it is the chain rule with caching", saved.get(0).answer());

        String listed = E2E.message(E2E.fake().slashCommand("reflections").by(user).send()).getString("content");
        assertTrue(listed.contains("it is the chain rule with caching"), listed);
        // Someone else replaying the form's id is refused by the router: the answer is not saved for them.
        FakeUser other = E2E.newUser();
        E2E.message(E2E.fake().modalSubmit(modalId).by(other).textInput("answer", "not mine").send());
        assertTrue(E2E.bot().nudges().reflections(other.id(), null).isEmpty());
    }

    @Test
    void reflectionsOffersTheClosedLoopsReflectedOnAndATypedNameFindsThemBeforeAnOpenLoop() {
        FakeUser user = E2E.newUser();
        OpenLoop learned = parkAndClose(user, "Kalman filter", Outcome.LEARNED);
        E2E.bot().nudges().reflect(user.id(), String.valueOf(learned.id()), "the gain weighs model against sensor");
        E2E.park(user, "Kalman smoother");

        DataObject choices = E2E.reply(E2E.fake().autocomplete("reflections").by(user).focused("loop", "kalm").send());
        assertEquals(List.of("Kalman filter"), LoopkeeperE2E.choiceNames(choices),
                "the closed loop reflected on; the open one holds no reflection");
        assertEquals(String.valueOf(learned.id()), choices.getObject("data").getArray("choices").getObject(0)
                .getString("value"));

        String typed = E2E.message(E2E.fake().slashCommand("reflections").by(user).option("loop", "kalman").send())
                .getString("content");
        assertTrue(typed.contains("the gain weighs model against sensor"), typed);
    }

    /** More than a page: Prev/Next turn it in place, page: goes straight to one, and loop: pages that loop's. */
    @Test
    void reflectionsPageWithPrevNextAndPageAllOrOneLoops() {
        FakeUser user = E2E.newUser();
        E2E.park(user, "B-tree");
        E2E.bot().nudges().reflect(user.id(), "B-tree", "pages are the unit of IO");
        OpenLoop kalman = ((ParkResult.Parked) E2E.bot().loops().park(new ParkRequest(user.id(), "Kalman filter",
                null, Origin.none()))).loop();
        for (int i = 1; i <= NudgeService.REFLECTIONS_SHOWN + 2; i++) {
            E2E.bot().nudges().reflect(user.id(), "Kalman filter", "thought " + i);
        }

        InteractionHandle list = E2E.fake().slashCommand("reflections").by(user).send();
        String first = E2E.message(list).getString("content");
        assertTrue(first.startsWith("**Your reflections** (13)"), first);
        assertTrue(first.contains("thought 12") && !first.contains("thought 2\n"), first);
        assertTrue(first.endsWith("\nPage 1 of 2"), first);
        DataObject shown = E2E.fake().originalMessage(list);
        assertTrue(LoopkeeperE2E.button(shown, "Prev").getBoolean("disabled"));
        assertFalse(LoopkeeperE2E.button(shown, "Next").getBoolean("disabled"));

        DataObject next = E2E.reply(E2E.click(user, list, "Next"));
        assertEquals(7, next.getInt("type"), "Next edits the list in place");
        String second = next.getObject("data").getString("content");
        assertTrue(second.contains("thought 2\n") && second.contains("thought 1\n")
                && second.contains("pages are the unit of IO") && !second.contains("thought 3\n"), second);
        assertTrue(second.endsWith("\nPage 2 of 2"), second);
        shown = E2E.fake().originalMessage(list);
        assertFalse(LoopkeeperE2E.button(shown, "Prev").getBoolean("disabled"));
        assertTrue(LoopkeeperE2E.button(shown, "Next").getBoolean("disabled"));
        String back = E2E.reply(E2E.click(user, list, "Prev")).getObject("data").getString("content");
        assertTrue(back.contains("thought 12") && back.endsWith("\nPage 1 of 2"), back);

        InteractionHandle one = E2E.fake().slashCommand("reflections").by(user).option("loop", "kalman")
                .option("page", 2L).send();
        String onLoop = E2E.message(one).getString("content");
        assertTrue(onLoop.startsWith("**Your reflections** (12)"), onLoop);
        assertTrue(onLoop.contains("thought 1\n") && !onLoop.contains("pages are the unit of IO"), onLoop);
        assertTrue(onLoop.endsWith("\nPage 2 of 2"), onLoop);
        String loopBack = E2E.reply(E2E.click(user, one, "Prev")).getObject("data").getString("content");
        assertTrue(loopBack.startsWith("**Your reflections** (12)") && loopBack.contains("thought 12")
                && !loopBack.contains("B-tree"), "the button keeps to the loop: " + loopBack);

        assertEquals("Your reflections (13) fit on 2 pages; there is no page 3.", E2E.message(E2E.fake()
                .slashCommand("reflections").by(user).option("page", 3L).send()).getString("content"));
        assertEquals("Your reflections on #" + kalman.id() + " (12) fit on 2 pages; there is no page 9.",
                E2E.message(E2E.fake().slashCommand("reflections").by(user).option("loop", "Kalman filter")
                        .option("page", 9L).send()).getString("content"));
        assertEquals("page must be a number from 1, got '0'.", E2E.message(E2E.fake().slashCommand("reflections")
                .by(user).option("page", 0L).send()).getString("content"));
        // A crafted or retired page id is answered privately, not as a fault.
        assertEquals(dev.loopkeeper.discord.DiscordMessages.staleComponent(), E2E.message(E2E.fake()
                .buttonClick(user.id() + ":reflections.page:x").by(user).send()).getString("content"));
        // Someone else's Next is refused by the router: it never shows them this person's reflections.
        FakeUser other = E2E.newUser();
        String notTheirs = E2E.message(E2E.fake().buttonClick(LoopkeeperE2E.button(shown, "Prev")
                .getString("custom_id")).by(other).onMessage(shown).send()).getString("content");
        assertFalse(notTheirs.contains("thought"), notTheirs);
    }

    @Test
    void reflectOnALoopMergedSinceTheNudgeSavesTheAnswerOnTheLoopThatHoldsIt() {
        FakeUser user = E2E.newUser();
        OpenLoop kalman = ((ParkResult.Parked) E2E.bot().loops().park(new ParkRequest(user.id(), "Kalman filter",
                null, Origin.none()))).loop();
        OpenLoop estimation = ((ParkResult.Parked) E2E.bot().loops().park(new ParkRequest(user.id(),
                "state estimation", null, Origin.none()))).loop();
        E2E.bot().loops().progress(user.id(), kalman.id(), dev.loopkeeper.loop.Phase.INSTANTIATION, "a drone tracker");
        say(user, "set", "day", "sunday", "time", "18:00", "zone", "UTC");
        Instant due = E2E.bot().nudges().nextNudge(user.id()).orElseThrow();
        E2E.clock().advance(Duration.between(E2E.clock().instant(), due).plusSeconds(20));
        E2E.bot().sendDue();
        String dm = E2E.fake().directMessageChannelId(user);
        E2E.fake().awaitRequest(postIn(dm, "Your weekly nudge"), LoopkeeperE2E.WAIT);
        DataObject stored = E2E.fake().lastMessageIn(dm).orElseThrow();
        assertTrue(stored.getString("content").contains("Kalman filter"), stored.toString());

        E2E.bot().loops().merge(user.id(), kalman.id(), estimation.id());
        String reflectId = LoopkeeperE2E.button(stored, "Reflect on 1").getString("custom_id");
        InteractionHandle click = E2E.fake().buttonClick(reflectId).by(user).inDirectMessage().onMessage(stored).send();
        String modalId = E2E.reply(click).getObject("data").getString("custom_id");
        InteractionHandle submit = E2E.fake().modalSubmit(modalId).by(user).inDirectMessage()
                .textInput("answer", "a Kalman filter is one way to estimate state").send();
        assertEquals("Saved on **state estimation** (#" + estimation.id() + "), which holds **Kalman filter** since it "
                + "was merged. /reflections lists what you wrote.", E2E.message(submit).getString("content"));
        assertEquals(List.of("a Kalman filter is one way to estimate state"), E2E.bot().nudges()
                .reflections(user.id(), String.valueOf(estimation.id())).stream().map(Reflection::answer).toList());
    }

    @Test
    void nowPreviewsAndTheBankruptcyButtonsLetGoOrKeep() {
        FakeUser user = E2E.newUser();
        OpenLoop[] peripheral = new OpenLoop[3];
        String[] concepts = {"medieval siege engines", "origami tessellations", "bell ringing methods"};
        for (int i = 0; i < 3; i++) {
            peripheral[i] = ((ParkResult.Parked) E2E.bot().loops().park(new ParkRequest(user.id(), concepts[i], null,
                    Origin.none()))).loop();
            E2E.bot().triage().classify(user.id(), peripheral[i].id(), Triage.PERIPHERAL);
        }
        E2E.clock().advance(Duration.ofDays(7 * 8 + 1));
        InteractionHandle now = E2E.fake().slashCommand("nudge").subcommand("now").by(user).send();
        DataObject preview = E2E.message(now);
        assertTrue(preview.getString("content").startsWith("**Your weekly nudge (a preview)**"), preview.toString());
        assertTrue(preview.getString("content").contains("medieval siege engines"));
        InteractionHandle letGo = E2E.click(user, now, "Let them go");
        assertEquals("Let go of 3 loops. That is an answer too. Not what you meant? /loops status:closed lists them, "
                + "and /reopen brings one back.", E2E.message(letGo).getString("content"));
        for (OpenLoop loop : peripheral) {
            assertEquals(LoopStatus.CLOSED, E2E.bot().loops().find(user.id(), loop.id()).orElseThrow().status());
        }

        FakeUser keeper = E2E.newUser();
        OpenLoop kept = ((ParkResult.Parked) E2E.bot().loops().park(new ParkRequest(keeper.id(), "jazz harmony", null,
                Origin.none()))).loop();
        E2E.bot().triage().classify(keeper.id(), kept.id(), Triage.PERIPHERAL);
        E2E.clock().advance(Duration.ofDays(7 * 8 + 1));
        InteractionHandle second = E2E.fake().slashCommand("nudge").subcommand("now").by(keeper).send();
        E2E.message(second);
        assertTrue(E2E.message(E2E.click(keeper, second, "Keep it")).getString("content").startsWith("Kept 1 loop."));
        assertTrue(E2E.bot().nudges().preview(keeper.id()).untouched().isEmpty(), "not offered again next week");
        assertTrue(E2E.bot().loops().find(keeper.id(), kept.id()).orElseThrow().isOpen());
    }

    /** A reminder in this person's DM that lists {@code concept} and was made for {@code focus}. */
    private static Predicate<RecordedRequest> reminderIn(FakeUser user, String focus, String concept) {
        String dm = E2E.fake().directMessageChannelId(user);
        return r -> r.method().equals("POST") && r.path().equals("channels/" + dm + "/messages") && r.status() == 200
                && WireAssertions.text(r.json()).contains("to **" + focus + "**")
                && WireAssertions.text(r.json()).contains("**" + concept + "**");
    }

    private static void focus(FakeUser user, String text) {
        E2E.message(E2E.fake().slashCommand("focus").subcommand("set").by(user).option("text", text).send());
    }

    /**
     * Parks {@code concept} and a control loop, gets a reminder for the concept, clicks Snooze, then "Until the weekly
     * review" on the wire, and returns the reply's text.
     */
    private static String snoozeUntilReview(FakeUser user, String concept, String work) {
        E2E.park(user, concept);
        focus(user, work);
        E2E.fake().awaitRequest(reminderIn(user, work, concept), LoopkeeperE2E.WAIT);
        DataObject reminder = E2E.fake().lastMessageIn(E2E.fake().directMessageChannelId(user)).orElseThrow();
        InteractionHandle snooze = E2E.fake().buttonClick(LoopkeeperE2E.button(reminder, "Snooze").getString("custom_id"))
                .by(user).inDirectMessage().onMessage(reminder).send();
        DataObject choice = E2E.message(snooze);
        InteractionHandle review = E2E.fake().buttonClick(LoopkeeperE2E.button(choice, "Until the weekly review")
                .getString("custom_id")).by(user).inDirectMessage().onMessage(E2E.fake().originalMessage(snooze)).send();
        return E2E.message(review).getString("content");
    }

    /**
     * The snoozed loop stays out of reminders until {@code end}: a focus that matches it and a control loop a minute
     * before brings back the control alone; a minute after, the loop comes back.
     */
    private static void comesBackAtAndNotBefore(FakeUser user, String concept, Instant end, String control,
            String before, String after) {
        E2E.park(user, control);
        E2E.clock().advance(Duration.between(E2E.clock().instant(), end.minusSeconds(60)));
        focus(user, before);
        RecordedRequest early = E2E.fake().awaitRequest(reminderIn(user, before, control), LoopkeeperE2E.WAIT);
        assertFalse(WireAssertions.text(early.json()).contains("**" + concept + "**"),
                "still snoozed a minute before " + end + ": " + early.json());
        E2E.clock().advance(Duration.ofSeconds(120));
        focus(user, after);
        E2E.fake().awaitRequest(reminderIn(user, after, concept), LoopkeeperE2E.WAIT);
    }

    @Test
    void snoozeUntilTheReviewWithNoNudgeEndsMondayAtNineInTheirZoneSaysSoAndTheLoopComesBackThen() {
        FakeUser user = E2E.newUser();
        // A zone of their own (Tokyo), then no nudge: the review is Monday 09:00 in Tokyo.
        say(user, "set", "day", "friday", "time", "18:00", "zone", "Asia/Tokyo");
        assertTrue(say(user, "off").startsWith("Weekly nudge off."));
        Instant now = E2E.clock().instant();
        String reply = snoozeUntilReview(user, "Kalman filter", "tracking a drone with a Kalman filter");

        ZonedDateTime tokyo = now.atZone(java.time.ZoneId.of("Asia/Tokyo"));
        ZonedDateTime monday = tokyo.with(TemporalAdjusters.nextOrSame(DayOfWeek.MONDAY)).with(LocalTime.of(9, 0));
        if (!monday.isAfter(tokyo)) {
            monday = monday.plusWeeks(1);
        }
        long epoch = monday.toEpochSecond();
        assertEquals("Snoozed **Kalman filter** until the weekly review, Monday 09:00 in your time zone (<t:" + epoch
                + ":f>, <t:" + epoch + ":R>). /nudge set picks your own day and time.", reply);
        comesBackAtAndNotBefore(user, "Kalman filter", monday.toInstant(), "Bloom filters",
                "fusing IMU readings with a Kalman filter behind a Bloom filter cache",
                "smoothing GPS tracks with a Kalman filter");
    }

    @Test
    void snoozeUntilTheReviewWithNoZoneGivenSaysMondayAtNineUtcNotInYourTimeZone() {
        FakeUser user = E2E.newUser();
        Instant now = E2E.clock().instant();
        String reply = snoozeUntilReview(user, "Fenwick trees", "prefix sums with Fenwick trees");

        ZonedDateTime utc = now.atZone(java.time.ZoneOffset.UTC);
        ZonedDateTime monday = utc.with(TemporalAdjusters.nextOrSame(DayOfWeek.MONDAY)).with(LocalTime.of(9, 0));
        if (!monday.isAfter(utc)) {
            monday = monday.plusWeeks(1);
        }
        long epoch = monday.toEpochSecond();
        // Discord shows the timestamp in the reader's own clock: "09:00 in your time zone" was true for nobody east or
        // west of UTC who had not given a zone.
        assertEquals("Snoozed **Fenwick trees** until the weekly review, Monday 09:00 UTC (<t:" + epoch + ":f>, <t:"
                + epoch + ":R>), as you have given no time zone. /nudge set picks your own day, time and zone.", reply);
    }

    @Test
    void focusQuietWithAZoneAloneAndNoQuietHoursSavesTheZoneTheNudgeThenFollows() {
        FakeUser user = E2E.newUser();
        String quiet = E2E.message(E2E.fake().slashCommand("focus").subcommand("quiet").by(user).inDirectMessage()
                .option("zone", "Asia/Tokyo").send()).getString("content");
        assertEquals("Your time zone is Asia/Tokyo now: your weekly nudge and the weekly review follow it. You have no "
                + "quiet hours to move; /focus quiet from:22:00 to:08:00 sets some.", quiet);
        assertTrue(E2E.bot().settings().person(user.id()).quietHours().isEmpty());

        String set = E2E.message(E2E.fake().slashCommand("nudge").subcommand("set").by(user).inDirectMessage()
                .option("day", "monday").option("time", "08:00").send()).getString("content");
        assertTrue(set.startsWith("Weekly nudge set: Mondays at 08:00 (Asia/Tokyo)."), set);
    }

    @Test
    void snoozeUntilTheReviewWithANudgeEndsAtTheNextNudgeAndTheLoopComesBackThen() {
        FakeUser user = E2E.newUser();
        assertTrue(say(user, "set", "day", "wednesday", "time", "18:30", "zone", "America/Sao_Paulo")
                .startsWith("Weekly nudge set: Wednesdays at 18:30 (America/Sao_Paulo)."));
        Instant nudge = E2E.bot().nudges().nextNudge(user.id()).orElseThrow();
        String reply = snoozeUntilReview(user, "Huffman coding", "compressing my logs with Huffman coding");

        long epoch = nudge.getEpochSecond();
        assertEquals("Snoozed **Huffman coding** until your weekly nudge (<t:" + epoch + ":f>, <t:" + epoch + ":R>).",
                reply);
        ZonedDateTime local = nudge.atZone(java.time.ZoneId.of("America/Sao_Paulo"));
        assertEquals(DayOfWeek.WEDNESDAY, local.getDayOfWeek());
        assertEquals(LocalTime.of(18, 30), local.toLocalTime());
        comesBackAtAndNotBefore(user, "Huffman coding", nudge, "Fenwick trees",
                "Huffman coding of Fenwick tree prefix sums", "a Huffman coding table for my file format");
    }

    @Test
    void aServersWeeklyDigestGoesToItsChannel() {
        String set = E2E.message(E2E.fake().slashCommand("settings").subcommand("digest").by(FakeDiscord.ADA)
                .option("channel", FakeDiscord.GENERAL).send()).getString("content");
        // When it goes, in the server's zone (UTC, and how to change it, until the server sets one).
        assertTrue(set.matches("The weekly digest of this server's shared loops goes to <#" + CHANNEL + ">, Mondays at "
                + "09:00 \\((UTC\\); /settings zone changes it|[A-Za-z_/]+\\))\\."), set);
        String shown = E2E.message(E2E.fake().slashCommand("settings").subcommand("digest").by(FakeDiscord.ADA).send())
                .getString("content");
        assertTrue(shown.matches("The weekly digest goes to <#" + CHANNEL + ">, Mondays at 09:00 \\([A-Za-z_/]+\\)\\."),
                shown);
        FakeUser member = E2E.newUser();
        E2E.message(E2E.fake().slashCommand("park").by(member).option("concept", "the CAP theorem")
                .option("scope", "server").send());
        // A poll the group decided this week has its own section.
        E2E.message(E2E.fake().slashCommand("park").by(member).option("concept", "PACELC")
                .option("scope", "server").send());
        long pacelc = E2E.bot().loops().resolve(dev.loopkeeper.loop.LoopScope.server(E2E.guildId()),
                dev.loopkeeper.loop.Actor.member(member.id(), E2E.guildId(), false), "PACELC").id();
        InteractionHandle poll = E2E.fake().slashCommand("triage").by(FakeDiscord.ADA)
                .option("poll", Long.toString(pacelc)).send();
        E2E.fake().awaitWebhookRequest(poll, "PATCH", LoopkeeperE2E.WAIT); // deferred, then "Poll posted"
        String pollId = E2E.fake().pollsIn(CHANNEL).get(E2E.fake().pollsIn(CHANNEL).size() - 1).getString("id");
        for (String answer : List.of("Adjacent", "Adjacent", "Core")) {
            E2E.fake().vote(E2E.newUser(), pollId, answer);
        }
        E2E.fake().endPoll(pollId, true);
        E2E.fake().awaitRequest(postIn(CHANNEL, "The poll on **PACELC** has closed"), LoopkeeperE2E.WAIT);
        // The first digest slot (Monday 09:00) after the parks, so that its week holds them: the clock starts at the
        // real time, and "next Monday" from a Monday morning would skip that morning's slot and leave the parks before
        // the week it covers.
        ZonedDateTime now = E2E.clock().instant().atZone(ZoneOffset.UTC);
        ZonedDateTime monday = now.with(TemporalAdjusters.nextOrSame(DayOfWeek.MONDAY)).with(LocalTime.of(9, 0));
        if (!monday.isAfter(now)) {
            monday = monday.plusWeeks(1);
        }
        E2E.clock().advance(Duration.between(E2E.clock().instant(), monday.plusSeconds(30).toInstant()));
        E2E.bot().sendDue();
        RecordedRequest digest = E2E.fake().awaitRequest(postIn(CHANNEL, "This week's shared loops"),
                LoopkeeperE2E.WAIT);
        String text = digest.json().getString("content");
        assertTrue(text.contains("**New in the parking lot**\n- PACELC (#") && text.contains("\n- the CAP theorem (#"),
                text);
        assertTrue(text.contains("**Poll results**\n- **PACELC**: adjacent (Core 1 · Adjacent 2 · Peripheral 0 · "
                + "Let it go 0)"), text);
        assertTrue(digest.json().getObject("allowed_mentions").getArray("parse").isEmpty());
        WireAssertions.assertMessageWithinLimits(digest.json());
        E2E.bot().sendDue();
        assertEquals(1, E2E.requests(postIn(CHANNEL, "This week's shared loops")).size(), "once a week");
        String both = E2E.message(E2E.fake().slashCommand("settings").subcommand("digest").by(FakeDiscord.ADA)
                .option("channel", FakeDiscord.GENERAL).option("state", "off").send()).getString("content");
        assertTrue(both.startsWith("state:off stops the digest, so channel: has nothing to set."), both);
        assertTrue(E2E.bot().digests().channel(E2E.guildId()).isPresent(), "nothing was changed");
        E2E.message(E2E.fake().slashCommand("settings").subcommand("digest").by(FakeDiscord.ADA)
                .option("state", "off").send());
        assertTrue(E2E.bot().digests().channel(E2E.guildId()).isEmpty());

        // The server's default zone serves members who never gave one.
        String zone = E2E.message(E2E.fake().slashCommand("settings").subcommand("zone").by(FakeDiscord.ADA)
                .option("zone", "Australia/Sydney").send()).getString("content");
        assertTrue(zone.startsWith("Members' weekly nudges here default to Australia/Sydney"), zone);
        FakeUser newcomer = E2E.newUser();
        String newcomerSet = say(newcomer, "set", "day", "monday", "time", "07:00");
        assertTrue(newcomerSet.startsWith("Weekly nudge set: Mondays at 07:00 (Australia/Sydney)."), newcomerSet);
    }
}
