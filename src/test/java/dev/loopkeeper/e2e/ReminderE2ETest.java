package dev.loopkeeper.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.loopkeeper.e2e.fake.Fault;
import dev.loopkeeper.e2e.fake.FakeDiscord;
import dev.loopkeeper.e2e.fake.FakeGuild;
import dev.loopkeeper.e2e.fake.FakeUser;
import dev.loopkeeper.e2e.fake.InteractionHandle;
import dev.loopkeeper.e2e.fake.RecordedRequest;
import dev.loopkeeper.focus.FocusSource;
import dev.loopkeeper.loop.LoopStatus;
import java.util.List;
import java.util.Optional;
import java.util.function.Predicate;
import net.dv8tion.jda.api.utils.data.DataObject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Reminders on the wire: a focus change that matches a parked loop sends a DM with buttons; closed DMs fall back
 * to the server's reminder channel, pinging only the owner; with no way to post, the reminder waits for the
 * person's next command.
 */
class ReminderE2ETest {

    @RegisterExtension
    static final LoopkeeperE2E E2E = LoopkeeperE2E.withGlobalCommands();

    private static final String CHANNEL = FakeDiscord.DEFAULT_GUILD.defaultChannel().id();
    /** VIEW_CHANNEL alone: the bot sees the channel but may not send messages there. */
    private static final String VIEW_CHANNEL_ONLY = "1024";

    private static Predicate<RecordedRequest> messageMentioning(String text) {
        return r -> r.method().equals("POST") && r.path().matches("channels/[^/]+/messages")
                && WireAssertions.text(r.json()).contains(text);
    }

    /** The reminder sent to this person's DM that mentions {@code text} (never another test's). */
    private static RecordedRequest awaitDm(FakeUser user, String text) {
        String dm = E2E.fake().directMessageChannelId(user);
        return E2E.fake().awaitRequest(r -> r.path().equals("channels/" + dm + "/messages") && r.status() == 200
                && WireAssertions.text(r.json()).contains(text), LoopkeeperE2E.WAIT);
    }

    private static void focus(FakeUser user, String text) {
        E2E.message(E2E.fake().slashCommand("focus").subcommand("set").by(user).option("text", text).send());
    }

    @Test
    void withoutPermissionToPostInTheChannelTheReminderIsHeldNotLost() {
        FakeUser user = E2E.newUser();
        E2E.fake().rejectDirectMessagesTo(user.id());
        E2E.bot().settings().setReminderChannel(E2E.guildId(), CHANNEL);
        E2E.fake().setEveryonePermissions(E2E.guildId(), VIEW_CHANNEL_ONLY);
        E2E.expectLogLine("No permission to post in channel " + CHANNEL);
        try {
            E2E.park(user, "Bloom filters");
            focus(user, "sizing Bloom filters for the cache");
            awaitHeld(user);
            assertTrue(E2E.requests(r -> r.path().equals("channels/" + CHANNEL + "/messages")
                    && WireAssertions.text(r.json()).contains("Bloom filters")).isEmpty(),
                    "JDA refuses locally: nothing reaches the channel");
            E2E.message(E2E.fake().slashCommand("loops").by(user).send());
            E2E.fake().awaitRequest(r -> r.method().equals("POST") && r.path().startsWith("webhooks/")
                    && WireAssertions.text(r.json()).contains("Bloom filters"), LoopkeeperE2E.WAIT);
        } finally {
            E2E.fake().setEveryonePermissions(E2E.guildId(), FakeGuild.DEFAULT_PERMISSIONS);
        }
    }

    @Test
    void aReminderWhoseAnswerIsLostOnTheWayIsSentAgainWithItsNonceAndShownOnce() {
        FakeUser user = E2E.newUser();
        String dm = E2E.fake().directMessageChannelId(user);
        // Discord creates the message, then its edge answers 502: JDA sends the same request again.
        E2E.fake().failNext(1, "POST", "channels/" + dm + "/messages", Fault.answerLost(502));
        E2E.park(user, "Bloom filters");
        focus(user, "sizing Bloom filters for the cache");

        awaitDm(user, "Bloom filters");

        List<RecordedRequest> attempts = E2E.requests(r -> r.method().equals("POST")
                && r.path().equals("channels/" + dm + "/messages"));
        assertEquals(List.of(502, 200), attempts.stream().map(RecordedRequest::status).toList());
        String nonce = attempts.get(0).json().getString("nonce");
        assertTrue(nonce.startsWith("lk") && nonce.length() <= 25, nonce);
        assertTrue(attempts.stream().allMatch(r -> nonce.equals(r.json().getString("nonce"))
                && r.json().getBoolean("enforce_nonce")), "both attempts carry the outbox row's nonce");
        assertEquals(1, E2E.fake().messagesIn(dm).stream()
                .filter(m -> WireAssertions.text(m).contains("Bloom filters")).count(), "shown once");
    }

    @Test
    void aLoopThePersonOpenedIsLeftOutOfTheReminder() {
        FakeUser user = E2E.newUser();
        E2E.park(user, "Kalman filter");
        E2E.park(user, "particle filter");
        String opened = E2E.message(E2E.fake().slashCommand("open").by(user).option("loop", "Kalman filter").send())
                .getString("content");
        assertTrue(opened.contains("**Kalman filter** is active now"), opened);

        focus(user, "tracking a drone with a Kalman filter and a particle filter");

        String dm = WireAssertions.text(awaitDm(user, "particle filter").json());
        assertFalse(dm.contains("**Kalman filter** (#"), "the opened loop is the work, not a parked one to bring back: " + dm);
    }

    @Test
    void aLoopInHindiIsFoundByItsWordsAndComesBackWhenTheFocusNamesIt() {
        FakeUser user = E2E.newUser();
        // "Artificial intelligence": its vowel signs and viramas are combining marks, which once split every word.
        String concept = "\u0915\u0943\u0924\u094D\u0930\u093F\u092E \u092C\u0941\u0926\u094D\u0927\u093F";
        E2E.park(user, concept);

        DataObject answer = E2E.message(E2E.fake().slashCommand("loops").option("query", concept).by(user).send());
        // Before, the answer had no list but "... has no word to look for".
        String found = answer.optArray("embeds").filter(embeds -> !embeds.isEmpty())
                .map(embeds -> embeds.getObject(0).getString("description")).orElse(answer.toString());
        assertTrue(found.contains("**" + concept + "**") && found.contains("words: \u0915\u0943\u0924\u094D"
                + "\u0930\u093F\u092E, \u092C\u0941\u0926\u094D\u0927\u093F"), found);

        focus(user, concept + " \u0915\u093E \u0905\u0927\u094D\u092F\u092F\u0928"); // "the study of AI"
        String dm = WireAssertions.text(awaitDm(user, concept).json());
        assertTrue(dm.contains("shared words: \u0915\u0943\u0924\u094D\u0930\u093F\u092E"), dm);
    }

    /** A reminder held for the person's next command: their DMs closed, and no server channel the bot can see. */
    private static void heldReminder(FakeUser user, String concept, String focusText) {
        E2E.fake().rejectDirectMessagesTo(user.id());
        E2E.bot().settings().setReminderChannel(E2E.guildId(), "999999999999999999"); // a channel the bot cannot see
        E2E.park(user, concept);
        focus(user, focusText);
        awaitHeld(user);
    }

    /** The refused DM and the fallback happen on the bot's relevance thread: wait, boundedly, for the outcome. */
    private static void awaitHeld(FakeUser user) {
        long deadline = System.nanoTime() + LoopkeeperE2E.WAIT.toNanos();
        while (E2E.bot().outbox().heldCount(user.id()) == 0) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("no reminder was held for " + user.id() + "\n" + E2E.fake().diagnostics());
            }
            pause();
        }
    }

    private static void pause() {
        try {
            Thread.sleep(10);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    @Test
    void aMatchTheDailyCapHoldsBackArrivesOnThePersonsNextDaySayingSo() {
        FakeUser user = E2E.newUser();
        String[][] matches = {
                {"Fenwick trees", "computing prefix sums with a Fenwick tree"},
                {"Huffman coding", "compressing my logs with Huffman coding"},
                // Four loops each matching its own focus only (a foundational one such as Dijkstra's algorithm also
                // matches the Fenwick tree's focus, through the generality prior and the map).
                {"Rabin-Karp rolling hash", "finding repeated lines with a Rabin-Karp rolling hash"},
                {"Bresenham's line algorithm", "drawing lines with Bresenham's line algorithm on a microcontroller"}};
        for (String[] match : matches) {
            E2E.park(user, match[0]);
        }
        for (String[] match : matches) {
            focus(user, match[1]);
        }
        for (int i = 0; i < 3; i++) {
            E2E.fake().awaitRequest(messageMentioning(matches[i][0]), LoopkeeperE2E.WAIT);
        }
        // The fourth match waits for the next day: a scheduled row in the outbox, nothing on the wire.
        long deadline = System.nanoTime() + LoopkeeperE2E.WAIT.toNanos();
        while (E2E.bot().outbox().scheduledCount(user.id()) == 0) {
            assertTrue(System.nanoTime() < deadline, "the fourth match was never scheduled");
            Thread.onSpinWait();
        }
        assertTrue(E2E.requests(messageMentioning("Bresenham")).isEmpty());

        E2E.clock().advance(java.time.Duration.ofDays(1));
        E2E.bot().outbox().deliverDue();
        RecordedRequest waited = E2E.fake().awaitRequest(messageMentioning("Bresenham"), LoopkeeperE2E.WAIT);
        assertTrue(WireAssertions.text(waited.json()).contains("waited for your daily limit"), waited.json().toString());
        WireAssertions.assertMessageWithinLimits(waited.json());
    }

    /** {@code /settings caps} by the guild's owner, with {@code daily} (when not null) and {@code state}. */
    private static String caps(Long daily, String state) {
        var command = E2E.fake().slashCommand("settings").subcommand("caps").by(FakeDiscord.ADA);
        if (daily != null) {
            command = command.option("daily", daily.longValue());
        }
        if (state != null) {
            command = command.option("state", state);
        }
        return E2E.message(command.send()).getString("content");
    }

    @Test
    void aServersReminderCapHoldsBackItsOwnWorksRemindersToTheNextDayAndCountsNothingElse() {
        FakeUser user = E2E.newUser();
        E2E.park(user, "Fenwick trees");
        E2E.park(user, "Huffman coding");
        E2E.park(user, "Dijkstra's algorithm");
        // Above the bot's own limit (3 in the tests) is refused, saying why, and changes nothing.
        String refused = caps(7L, null);
        assertTrue(refused.startsWith("This bot sends each person at most 3 reminders a day"), refused);
        assertTrue(caps(null, null).startsWith("This server sets no cap of its own"), "nothing was saved");
        String both = caps(1L, "off");
        assertTrue(both.startsWith("Give daily:<n> for a cap, or state:off"), both);

        String saved = caps(1L, null);
        assertEquals("Saved. Members get at most 1 reminder a day from work in this server (a /focus set here, or a "
                + "message in its work-log channels), and at most 3 a day in all (the bot's own limit). A reminder a cap "
                + "holds back waits for the member's next day with room and says so; if the work it came from ends first, it "
                + "is not sent, and its loops stay parked for later work.", saved);
        try {
            String shown = E2E.message(E2E.fake().slashCommand("settings").subcommand("show").by(FakeDiscord.ADA).send())
                    .getString("content");
            assertTrue(shown.contains("• Reminder cap of this server: at most 1 reminder a day per member from work "
                    + "done here (`/settings caps`)"), shown);

            // Renamed before the focus commands: JDA applies gateway events in order, so the new name is in its cache
            // long before the held reminder is rendered. The name is user text: markdown, and a ping that must not ping.
            E2E.fake().renameGuild(E2E.guildId(), "Study *Group* @everyone");
            focus(user, "computing prefix sums with a Fenwick tree");
            awaitDm(user, "Fenwick trees");
            // The second match from work in this server waits for the next day: scheduled, nothing on the wire.
            focus(user, "compressing my logs with Huffman coding");
            long deadline = System.nanoTime() + LoopkeeperE2E.WAIT.toNanos();
            while (E2E.bot().outbox().scheduledCount(user.id()) == 0) {
                assertTrue(System.nanoTime() < deadline, "the second match was never scheduled");
                Thread.onSpinWait();
            }
            // Work in a DM is not this server's: the bot's own limit (3) still has room today.
            E2E.message(E2E.fake().slashCommand("focus").subcommand("set").by(user).inDirectMessage()
                    .option("text", "routing packets with Dijkstra's algorithm").send());
            awaitDm(user, "Dijkstra");
            E2E.bot().outbox().deliverDue();
            String dm = E2E.fake().directMessageChannelId(user);
            assertTrue(E2E.requests(messageMentioning("Huffman").and(r -> r.path().equals("channels/" + dm + "/messages")))
                    .isEmpty(), "held back by the server's cap");

            E2E.clock().advance(java.time.Duration.ofDays(1));
            E2E.bot().outbox().deliverDue();
            RecordedRequest waited = awaitDm(user, "Huffman coding");
            assertTrue(WireAssertions.text(waited.json()).contains("(This waited for the daily limit of reminders set "
                    + "in **Study \\*Group\\* @everyone**, where you set this focus, so it comes later than the "
                    + "match (<t:"), waited.json().toString());
            WireAssertions.assertMentionsSuppressed(waited.json());
            WireAssertions.assertMessageWithinLimits(waited.json());
        } finally {
            E2E.fake().renameGuild(E2E.guildId(), FakeDiscord.DEFAULT_GUILD.name());
            String off = caps(null, "off");
            assertTrue(off.startsWith("Saved. This server sets no cap of its own: members get at most 3 reminders"), off);
        }
    }

    /** A server the bot does not see (it left, or another process runs its shard) is not named: the wording says whose. */
    @Test
    void aReminderHeldByTheCapOfAServerTheBotDoesNotSeeSaysWhoseCapWithoutAName() {
        FakeUser user = E2E.newUser();
        String elsewhere = "1000000000000009999";
        E2E.park(user, "Aho-Corasick automaton");
        E2E.park(user, "Rabin-Karp hashing");
        E2E.bot().settings().setReminderCap(elsewhere, Optional.of(1L), 3);
        try {
            E2E.bot().focus().set(user.id(), "matching many patterns with an Aho-Corasick automaton", Optional.empty(),
                    FocusSource.COMMAND, elsewhere, "1000000000000009998");
            awaitDm(user, "Aho-Corasick automaton");
            E2E.bot().focus().set(user.id(), "rolling hashes for Rabin-Karp hashing", Optional.empty(),
                    FocusSource.COMMAND, elsewhere, "1000000000000009998");
            long deadline = System.nanoTime() + LoopkeeperE2E.WAIT.toNanos();
            while (E2E.bot().outbox().scheduledCount(user.id()) == 0) {
                assertTrue(System.nanoTime() < deadline, "the second match was never scheduled");
                Thread.onSpinWait();
            }

            E2E.clock().advance(java.time.Duration.ofDays(1));
            E2E.bot().outbox().deliverDue();
            RecordedRequest waited = awaitDm(user, "Rabin-Karp hashing");
            assertTrue(WireAssertions.text(waited.json()).contains("(This waited for the daily limit of reminders the "
                    + "server you set this focus in chose, so it comes later than the match (<t:"),
                    waited.json().toString());
        } finally {
            E2E.bot().settings().setReminderCap(elsewhere, Optional.empty(), 3);
        }
    }

    @Test
    void aMatchingFocusSendsADirectMessageWhoseButtonsWork() {
        FakeUser user = E2E.newUser();
        E2E.park(user, "Kalman filter");
        focus(user, "tracking a drone with a Kalman filter");

        RecordedRequest dm = E2E.fake().awaitRequest(messageMentioning("Kalman filter"), LoopkeeperE2E.WAIT);
        DataObject message = dm.json();
        assertTrue(WireAssertions.text(message).contains(
                "A loop you parked may be structurally relevant now, to **tracking a drone with a Kalman filter**:"),
                message.toString());
        assertTrue(WireAssertions.text(message).contains("shared words: kalman, filter"), message.toString());
        assertFalse(WireAssertions.text(message).contains("score"), "no raw score in a person's view: " + message);
        assertTrue(message.getObject("allowed_mentions").getArray("parse").isEmpty());
        WireAssertions.assertMessageWithinLimits(message);

        DataObject stored = E2E.fake().lastMessageIn(E2E.fake().directMessageChannelId(user)).orElseThrow();
        String openId = LoopkeeperE2E.button(stored, "Open it now").getString("custom_id");
        InteractionHandle open = E2E.fake().buttonClick(openId).by(user).inDirectMessage().onMessage(stored).send();
        DataObject reply = E2E.message(open);
        assertTrue(reply.getString("content").contains("is active now"), reply.toString());
        assertEquals(LoopStatus.ACTIVE, E2E.bot().loops().resolve(user.id(), "Kalman filter").status());
        // The opened loop is in abstraction, and the answer offers the next moves.
        assertEquals(dev.loopkeeper.loop.Phase.ABSTRACTION, E2E.bot().loops().resolve(user.id(), "Kalman filter").phase());
        // The reminder's other buttons now meet a loop the person took up: nothing to snooze or turn down.
        assertEquals("**Kalman filter** is open now (in abstraction): it is your work, and reminders leave it out. "
                + "Nothing was changed; /close ends it, and /reopen parks it again once closed.",
                E2E.message(clickInDm(user, stored, "Not relevant", 0)).getString("content"));
        DataObject snooze = E2E.message(clickInDm(user, stored, "Snooze", 0));
        assertTrue(snooze.getString("content").startsWith("**Kalman filter** is open now"), snooze.toString());
        assertTrue(LoopkeeperE2E.buttons(snooze).isEmpty(), "no choice of how long to offer: " + snooze);
        DataObject back = E2E.message(E2E.click(user, open, "I stepped back"));
        assertTrue(back.getString("content").contains("is in re-abstraction now"), back.toString());
    }

    @Test
    void aFoundationalLoopTheWorkDoesNotNameSaysSo() {
        FakeUser user = E2E.newUser();
        E2E.park(user, "linear algebra");
        focus(user, "implementing principal component analysis from scratch");

        DataObject message = awaitDm(user, "linear algebra").json();
        assertTrue(WireAssertions.text(message).contains("a foundation of much other work"), message.toString());
        WireAssertions.assertMessageWithinLimits(message);
    }

    @Test
    void everyReminderButtonWorksOnTheWire() {
        // Quiet hours through the wire, for someone else: this test's reminder must not wait for the clock.
        DataObject quiet = E2E.message(E2E.fake().slashCommand("focus").subcommand("quiet").by(E2E.newUser())
                .option("from", "22:00").option("to", "07:00").option("zone", "Pacific/Kiritimati").send());
        assertTrue(quiet.getString("content").startsWith("Quiet hours set: 22:00 to 07:00 (Pacific/Kiritimati)."));
        FakeUser user = E2E.newUser();
        E2E.park(user, "Raft consensus");
        E2E.park(user, "vector clocks");
        DataObject reminder = reminderFor(user, "Merkle trees", "implementing Raft consensus with vector clocks and Merkle trees for anti-entropy");
        assertEquals(3, LoopkeeperE2E.buttons(reminder).stream().filter(b -> "Snooze".equals(b.getString("label", ""))).count());

        // Snooze opens a private choice; "1 week" snoozes the first loop listed.
        InteractionHandle snooze = clickInDm(user, reminder, "Snooze", 0);
        DataObject choice = E2E.message(snooze);
        assertTrue(choice.getString("content").startsWith("Snooze **"), choice.toString());
        InteractionHandle week = E2E.fake().buttonClick(LoopkeeperE2E.button(choice, "1 week").getString("custom_id"))
                .by(user).inDirectMessage().onMessage(E2E.fake().originalMessage(snooze)).send();
        String snoozed = E2E.message(week).getString("content");
        long weekOn = E2E.clock().instant().plus(java.time.Duration.ofDays(7)).getEpochSecond();
        // Said with the day it ends, as /loops shows it, not a bare "for a week".
        assertTrue(snoozed.matches("Snoozed \\*\\*.*\\*\\* for a week, until <t:(\\d+):f>, <t:\\1:R>\\.")
                && Math.abs(Long.parseLong(snoozed.replaceAll(".*<t:(\\d+):f>.*", "$1")) - weekOn) < 120, snoozed);
        // /loops says which loop is snoozed, and until when (a Discord timestamp).
        String listed = E2E.message(E2E.fake().slashCommand("loops").by(user).send()).getArray("embeds").getObject(0)
                .getString("description");
        assertEquals(1, listed.lines().filter(line -> line.matches(".* · snoozed until <t:\\d+:f> · .*")).count(), listed);
        // So does a search that finds it.
        String found = E2E.message(E2E.fake().slashCommand("loops").option("query", "Raft vector clocks Merkle trees")
                .by(user).send()).getArray("embeds").getObject(0).getString("description");
        assertEquals(3, found.lines().filter(line -> line.startsWith("`#")).count(), found);
        assertEquals(1, found.lines().filter(line -> line.matches(".* · snoozed until <t:\\d+:f> · parked .*")).count(),
                found);

        // "Until this focus ends" snoozes the second loop as long as the focus it was reminded for lasts.
        InteractionHandle second = clickInDm(user, reminder, "Snooze", 1);
        DataObject secondChoice = E2E.message(second);
        String secondConcept = secondChoice.getString("content").split("\\*\\*")[1];
        InteractionHandle untilFocusEnds = E2E.fake().buttonClick(LoopkeeperE2E.button(secondChoice, "Until this focus "
                + "ends").getString("custom_id")).by(user).inDirectMessage().onMessage(E2E.fake().originalMessage(second))
                .send();
        assertEquals("Snoozed **" + secondConcept + "** until this focus ends.",
                E2E.message(untilFocusEnds).getString("content"));

        assertTrue(E2E.message(clickInDm(user, reminder, "Not relevant", 1)).getString("content").startsWith("Noted:"));
        assertTrue(E2E.message(clickInDm(user, reminder, "Let it go", 2)).getString("content").startsWith("Let go of"));
        assertEquals(2, E2E.bot().loops().countOpen(user.id()));
    }

    @Test
    void notRelevantClickedTwiceSaysTheSecondTimeThatNothingChanged() {
        FakeUser user = E2E.newUser();
        DataObject reminder = reminderFor(user, "vector clocks", "implementing vector clocks for my distributed store");

        assertEquals("Noted: **vector clocks** won't come back for this focus, and I'll be a little more selective "
                + "with your reminders.", E2E.message(clickInDm(user, reminder, "Not relevant", 0)).getString("content"));
        assertEquals("**vector clocks** is marked not relevant for this focus already, so it won't come back for it. "
                + "Nothing changed.", E2E.message(clickInDm(user, reminder, "Not relevant", 0)).getString("content"));
        assertEquals(0.02, E2E.bot().settings().person(user.id()).thresholdOffset(), 1e-9, "the bar rose once");
    }

    /** The person's "Not relevant" marks on the loop and the lessons learned from their answers on it. */
    private static long marksAndLessons(FakeUser user, long loop) {
        return E2E.bot().database().read(sql -> sql.queryLong(
                "SELECT COUNT(*) FROM suppression WHERE owner_id = ? AND loop_id = ?", user.id(), loop)
                + sql.queryLong("SELECT COUNT(*) FROM loop_feedback WHERE owner_id = ? AND loop_id = ?", user.id(),
                        loop));
    }

    @Test
    void notRelevantClickedByMistakeIsTakenBackFromItsAnswerOnceAndTheLoopMayComeBackForThatFocus() {
        FakeUser user = E2E.newUser();
        String work = "implementing vector clocks for my distributed store";
        DataObject reminder = reminderFor(user, "vector clocks", work);
        long loop = E2E.loop(user, "vector clocks").id();
        InteractionHandle click = clickInDm(user, reminder, "Not relevant", 0);
        DataObject noted = E2E.message(click);
        assertTrue(noted.getString("content").startsWith("Noted: **vector clocks** won't come back"), noted.toString());
        assertEquals(0.02, E2E.bot().settings().person(user.id()).thresholdOffset(), 1e-9);
        assertEquals(2, marksAndLessons(user, loop), "the click left its mark and its lesson");

        DataObject undone = E2E.message(E2E.click(user, click, "Take it back"));
        assertEquals("Taken back: **vector clocks** may come back for this focus again, and your reminders are as "
                + "selective as before.", undone.getString("content"));
        assertEquals(0.0, E2E.bot().settings().person(user.id()).thresholdOffset(), 1e-9, "the bar is back down");
        assertEquals(0, marksAndLessons(user, loop), "neither the mark nor the lesson stays");
        // A second press (a double click) takes back nothing more, and says so.
        assertEquals("**vector clocks** is not marked not relevant for this focus, so there was nothing to take back. "
                + "Nothing changed.", E2E.message(E2E.click(user, click, "Take it back")).getString("content"));
        assertEquals(0.0, E2E.bot().settings().person(user.id()).thresholdOffset(), 1e-9);
        // Marked again, it counts again, once.
        assertTrue(E2E.message(clickInDm(user, reminder, "Not relevant", 0)).getString("content").startsWith("Noted:"));
        assertEquals(0.02, E2E.bot().settings().person(user.id()).thresholdOffset(), 1e-9);
    }

    @Test
    void aNotRelevantClickGivesNoTimeZoneSoTheNudgeStillAsksForOne() {
        FakeUser user = E2E.newUser();
        DataObject reminder = reminderFor(user, "Merkle trees", "building Merkle trees for anti-entropy repair");
        assertTrue(E2E.message(clickInDm(user, reminder, "Not relevant", 0)).getString("content").startsWith("Noted:"));

        DataObject nudge = E2E.message(E2E.fake().slashCommand("nudge").subcommand("set").by(user).inDirectMessage()
                .option("day", "sunday").option("time", "18:00").send());
        assertEquals(dev.loopkeeper.nudge.NudgeMessages.zoneNeeded(), nudge.getString("content"));
        assertTrue(E2E.bot().nudges().schedule(user.id()).isEmpty(), "no nudge in a zone the person never gave");
    }

    @Test
    void aReminderShowingThreeOfFourMatchesSaysTheOtherStaysParked() {
        FakeUser user = E2E.newUser();
        for (String concept : new String[] {"particle filter", "particle filter resampling", "particle filter "
            + "degeneracy", "particle filter proposals"}) {
            E2E.park(user, concept);
        }
        focus(user, "tuning the particle filter of a robot");

        DataObject body = awaitDm(user, "particle filter").json();

        WireAssertions.assertMessageWithinLimits(body);
        String text = WireAssertions.text(body);
        assertEquals(3, text.split("\\(#", -1).length - 1, "three loops shown: " + text);
        assertTrue(text.contains("More of your parked loops match this too; they stay parked"), text);
    }

    @Test
    void aReminderWithThreeLoopsShowsEachInItsOwnBlockWhoseButtonsActOnThatLoop() {
        FakeUser user = E2E.newUser();
        String[] concepts = {"Raft consensus", "vector clocks", "Merkle trees"};
        for (String concept : concepts) {
            E2E.park(user, concept);
        }
        focus(user, "implementing Raft consensus with vector clocks and Merkle trees for anti-entropy");
        RecordedRequest sent = awaitDm(user, "Merkle trees");
        DataObject body = sent.json();
        assertEquals(1 << 15, body.getInt("flags") & (1 << 15), "a layout (Components V2) message");
        assertFalse(body.hasKey("content") && !body.isNull("content") && !body.getString("content").isEmpty());
        WireAssertions.assertMessageWithinLimits(body);
        assertFalse(WireAssertions.text(body).contains("score"), WireAssertions.text(body));

        DataObject reminder = E2E.fake().lastMessageIn(E2E.fake().directMessageChannelId(user)).orElseThrow();
        java.util.Map<String, DataObject> blocks = new java.util.LinkedHashMap<>();
        net.dv8tion.jda.api.utils.data.DataArray top = reminder.getArray("components");
        for (int i = 0; i < top.length(); i++) {
            DataObject container = top.getObject(i);
            if (container.getInt("type") != 17) {
                continue;
            }
            String text = container.getArray("components").getObject(0).getString("content");
            String concept = java.util.Arrays.stream(concepts).filter(c -> text.startsWith("**" + c + "**"))
                    .findFirst().orElseThrow(() -> new AssertionError("a block names no loop: " + text));
            assertTrue(text.contains("\nWhy now: shared words: "), text);
            assertTrue(text.contains("\nParked <t:") && text.contains(" in <#" + CHANNEL + "> · [source](https://discord.com/channels/"),
                    "when and where, with a link: " + text);
            blocks.put(concept, container);
        }
        assertEquals(3, blocks.size(), "one block per loop: " + reminder);

        // Each block's buttons act on that block's loop: open the first, "not relevant" the second, let go the third.
        String[] labels = {"Open it now", "Not relevant", "Let it go"};
        for (int i = 0; i < 3; i++) {
            String customId = LoopkeeperE2E.button(blocks.get(concepts[i]), labels[i]).getString("custom_id");
            DataObject reply = E2E.message(E2E.fake().buttonClick(customId).by(user).inDirectMessage()
                    .onMessage(reminder).send());
            assertTrue(reply.getString("content").contains("**" + concepts[i] + "**"), reply.toString());
        }
        assertEquals(LoopStatus.ACTIVE, E2E.bot().loops().resolve(user.id(), "Raft consensus").status());
        assertEquals(LoopStatus.OPEN, E2E.bot().loops().resolve(user.id(), "vector clocks").status());
        assertEquals(2, E2E.bot().loops().countOpen(user.id()), "Merkle trees was let go, the other two are open");
        assertTrue(E2E.bot().loops().list(user.id(), dev.loopkeeper.loop.LoopFilter.parse("closed", null), 0, 10)
                .loops().stream().allMatch(l -> l.concept().equals("Merkle trees")));
    }

    /** Clicks the n-th button with this label (one per reminded loop) on a DM the bot sent. */
    /** Parks {@code concept}, sets a focus that brings it back, and returns the reminder's direct message as stored. */
    private static DataObject reminderFor(FakeUser user, String concept, String work) {
        E2E.park(user, concept);
        focus(user, work);
        awaitDm(user, concept);
        return E2E.fake().lastMessageIn(E2E.fake().directMessageChannelId(user)).orElseThrow();
    }

    private static InteractionHandle clickInDm(FakeUser user, DataObject message, String label, int n) {
        DataObject button = LoopkeeperE2E.buttons(message).stream().filter(b -> label.equals(b.getString("label", "")))
                .skip(n).findFirst().orElseThrow();
        return E2E.fake().buttonClick(button.getString("custom_id")).by(user).inDirectMessage().onMessage(message).send();
    }

    /** The button with this label in the block (container) of the reminder that shows {@code concept}. */
    private static String blockButton(DataObject reminder, String concept, String label) {
        net.dv8tion.jda.api.utils.data.DataArray top = reminder.getArray("components");
        for (int i = 0; i < top.length(); i++) {
            DataObject container = top.getObject(i);
            if (container.getInt("type") == 17 && container.getArray("components").getObject(0).getString("content")
                    .startsWith("**" + concept + "** (#")) {
                return LoopkeeperE2E.button(container, label).getString("custom_id");
            }
        }
        throw new AssertionError("no block of " + concept + " in " + reminder);
    }

    private static String clickInBlock(FakeUser user, DataObject reminder, String concept, String label) {
        return E2E.message(E2E.fake().buttonClick(blockButton(reminder, concept, label)).by(user).inDirectMessage()
                .onMessage(reminder).send()).getString("content");
    }

    @Test
    void aButtonOfALoopMergedSinceNamesTheLoopThatHoldsItAndLetGoSaysHowToTakeItBack() {
        FakeUser user = E2E.newUser();
        E2E.park(user, "quorum intersection");
        DataObject reminder = reminderFor(user, "Raft consensus", "implementing Raft consensus in Go");
        long raft = E2E.loop(user, "Raft consensus").id();
        long quorum = E2E.loop(user, "quorum intersection").id();
        E2E.bot().loops().merge(user.id(), raft, quorum); // as /related's Merge button does, days later

        String merged = "Loop #" + raft + " is no longer open: **Raft consensus** was merged into **quorum "
                + "intersection** (#" + quorum + "), which keeps its why and source. Nothing was changed.";
        assertEquals(merged, clickInBlock(user, reminder, "Raft consensus", "Open it now"));
        assertEquals(merged, clickInBlock(user, reminder, "Raft consensus", "Let it go"));

        assertEquals("Let go of **quorum intersection**. That is an answer too. Not what you meant? /reopen loop:"
                + quorum + " brings it back.", clickInBlock(user, reminder, "quorum intersection", "Let it go"));
        String reopened = E2E.message(E2E.fake().slashCommand("reopen").by(user).option("loop", Long.toString(quorum))
                .send()).getString("content");
        assertTrue(reopened.startsWith("Reopened **quorum intersection** (#" + quorum + ")"), reopened);
        assertEquals(LoopStatus.OPEN, E2E.bot().loops().find(user.id(), quorum).orElseThrow().status());
        // Taken back, the click teaches nothing: kept, the lesson scored the reopened loop down for this work for good.
        assertEquals(0L, (long) E2E.bot().database().read(sql -> sql.queryLong("SELECT COUNT(*) FROM loop_feedback WHERE "
                + "owner_id = ? AND loop_id = ?", user.id(), quorum)), "the let go's lesson stays after /reopen");
    }

    @Test
    void aReminderButtonClickedAfterForgetMeSaysTheReminderIsGoneAndStoresNothing() {
        FakeUser user = E2E.newUser();
        DataObject reminder = reminderFor(user, "Fenwick tree", "computing prefix sums with a Fenwick tree");
        InteractionHandle forget = E2E.fake().slashCommand("forget-me").by(user).send();
        E2E.message(forget);
        E2E.reply(E2E.click(user, forget, "Delete everything"));

        // A button was clicked, nothing typed: "give its number or a word of its concept" did not fit.
        String gone = "That reminder is no longer stored (its loop was deleted, or you asked Loopkeeper to forget you), "
                + "so nothing was changed. /loops shows what you have now.";
        assertEquals(gone, E2E.message(clickInDm(user, reminder, "Not relevant", 0)).getString("content"));
        assertEquals(gone, E2E.message(clickInDm(user, reminder, "Open it now", 0)).getString("content"));
        assertEquals(0, E2E.bot().loops().list(user.id(), new dev.loopkeeper.loop.LoopFilter(
                dev.loopkeeper.loop.LoopFilter.Stage.ALL, java.util.Optional.empty()), 0, 10).loops().size());
    }

    @Test
    void snoozingUntilAFocusThatEndedIsRefusedNamingIt() {
        FakeUser user = E2E.newUser();
        DataObject reminder = reminderFor(user, "Bloom filters", "sizing Bloom filters for my LSM tree");
        E2E.message(E2E.fake().slashCommand("focus").subcommand("clear").by(user).send());
        InteractionHandle snooze = clickInDm(user, reminder, "Snooze", 0);
        DataObject choice = E2E.message(snooze);
        InteractionHandle untilFocus = E2E.fake().buttonClick(LoopkeeperE2E.button(choice, "Until this focus ends")
                .getString("custom_id")).by(user).inDirectMessage().onMessage(E2E.fake().originalMessage(snooze)).send();
        String answer = E2E.message(untilFocus).getString("content");
        assertTrue(answer.startsWith("The focus this reminder came from (sizing Bloom filters for my LSM tree) has ended, "
                + "so nothing was snoozed."), answer);
        assertTrue(E2E.bot().loops().list(user.id(), dev.loopkeeper.loop.LoopFilter.open(), 0, 10).snoozes().isEmpty());
    }

    @Test
    void closedDirectMessagesFallBackToTheServersReminderChannelPingingOnlyTheOwner() {
        FakeUser user = E2E.newUser();
        E2E.fake().rejectDirectMessagesTo(user.id());
        E2E.bot().settings().setReminderChannel(E2E.guildId(), CHANNEL);
        E2E.park(user, "B-tree indexes");
        focus(user, "building a B-tree index for my database");

        RecordedRequest posted = E2E.fake().awaitRequest(r -> r.path().equals("channels/" + CHANNEL + "/messages")
                && WireAssertions.text(r.json()).contains("B-tree indexes"), LoopkeeperE2E.WAIT);
        DataObject message = posted.json();
        assertTrue(WireAssertions.text(message).startsWith("<@" + user.id() + ">"), message.toString());
        WireAssertions.assertMessageWithinLimits(message);
        DataObject allowed = message.getObject("allowed_mentions");
        assertTrue(allowed.getArray("parse").isEmpty(), allowed.toString());
        assertEquals(1, allowed.getArray("users").length());
        assertEquals(user.id(), allowed.getArray("users").getString(0));
        assertEquals(0, allowed.optArray("roles").map(a -> a.length()).orElse(0));
        // The server's part has its own nonce, not the refused DM's, so a resend of it is recognised as well.
        String dmNonce = E2E.requests(r -> r.method().equals("POST") && r.path().equals("channels/"
                + E2E.fake().directMessageChannelId(user) + "/messages")).get(0).json().getString("nonce");
        assertTrue(message.getBoolean("enforce_nonce") && message.getString("nonce").startsWith("lk")
                && !message.getString("nonce").equals(dmNonce), message.toString());
    }

    @Test
    void withNoWayToPostTheReminderWaitsForTheNextCommand() {
        FakeUser user = E2E.newUser();
        heldReminder(user, "Raft consensus", "implementing Raft consensus for leader election");
        String dm = E2E.fake().directMessageChannelId(user);
        E2E.fake().awaitRequest(r -> r.path().equals("channels/" + dm + "/messages") && r.status() == 403,
                LoopkeeperE2E.WAIT);

        InteractionHandle next = E2E.fake().slashCommand("loops").by(user).send();
        E2E.message(next);
        RecordedRequest followup = E2E.fake().awaitRequest(r -> r.method().equals("POST")
                && r.path().startsWith("webhooks/") && WireAssertions.text(r.json()).contains("Raft consensus"),
                LoopkeeperE2E.WAIT);
        DataObject held = followup.json();
        assertTrue(WireAssertions.text(held).startsWith("I couldn't reach you by direct message"), held.toString());
        WireAssertions.assertMessageWithinLimits(held);
        assertEquals(64, held.getInt("flags", 0) & 64, "shown privately");
    }

    @Test
    void aHeldReminderWhoseMessageDiscordRefusesWaitsForTheCommandAfter() {
        FakeUser user = E2E.newUser();
        heldReminder(user, "Paxos", "implementing Paxos for a replicated log");
        long heldId = E2E.bot().database().read(sql -> sql.queryLong(
                "SELECT id FROM outbox WHERE recipient_id = ? AND status = 'held'", user.id()));
        // The interaction's token has run out by the time the held reminder follows the answer.
        E2E.fake().failNext(1, "POST", "webhooks/.*", Fault.discordError(404, 10015, "Unknown Webhook"));
        E2E.expectLogLine("Could not show held mail to " + user.id());

        E2E.message(E2E.fake().slashCommand("loops").by(user).send());
        E2E.fake().awaitRequest(r -> r.method().equals("POST") && r.path().startsWith("webhooks/") && r.status() == 404
                && WireAssertions.text(r.json()).contains("Paxos"), LoopkeeperE2E.WAIT);
        awaitHeld(user);
        assertEquals("held", E2E.bot().outbox().status(heldId), "not lost: held for the next command");

        E2E.message(E2E.fake().slashCommand("loops").by(user).send());
        E2E.fake().awaitRequest(r -> r.method().equals("POST") && r.path().startsWith("webhooks/") && r.status() == 200
                && WireAssertions.text(r.json()).contains("Paxos"), LoopkeeperE2E.WAIT);
        // The follow-up's answer is recorded on JDA's callback thread.
        long deadline = System.nanoTime() + LoopkeeperE2E.WAIT.toNanos();
        while (!E2E.bot().outbox().status(heldId).equals("delivered") && System.nanoTime() < deadline) {
            pause();
        }
        assertEquals("delivered", E2E.bot().outbox().status(heldId));
        assertEquals(0, E2E.bot().outbox().heldCount(user.id()));
    }

    @Test
    void aReminderMadeMinutesAfterForgetMeIsShownNotTakenForTheForgottenOne() {
        FakeUser user = E2E.newUser();
        String dm = E2E.fake().directMessageChannelId(user);
        E2E.park(user, "Bloom filters");
        focus(user, "sizing Bloom filters for the cache");
        awaitDm(user, "Bloom filters");
        InteractionHandle forget = E2E.fake().slashCommand("forget-me").by(user).send();
        E2E.message(forget);
        E2E.reply(E2E.click(user, forget, "Delete everything"));

        // The forgotten reminder's outbox row had the newest id; the next reminder must not carry its nonce, which
        // Discord (and the fake) answers with the earlier message instead of posting the new one.
        E2E.park(user, "Raft consensus");
        focus(user, "implementing Raft consensus for leader election");
        awaitDm(user, "Raft consensus");

        List<String> shown = E2E.fake().messagesIn(dm).stream().map(WireAssertions::text).toList();
        assertEquals(2, shown.size(), shown.toString());
        assertTrue(shown.get(1).contains("Raft consensus"), shown.toString());
    }
}
