package dev.loopkeeper.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.loopkeeper.config.ConfigLoader;
import dev.loopkeeper.e2e.fake.FakeDiscord;
import dev.loopkeeper.e2e.fake.FakeUser;
import dev.loopkeeper.e2e.fake.RecordedRequest;
import dev.loopkeeper.focus.Focus;
import dev.loopkeeper.focus.FocusSource;
import java.time.Duration;
import java.time.LocalTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.function.Predicate;
import net.dv8tion.jda.api.requests.GatewayIntent;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Work-log channels on the wire, with {@code LOOPKEEPER_MESSAGE_CONTENT=true}: the bot asks for the message intents,
 * and an opted-in person's message in a marked channel becomes their focus and can bring a parked loop back.
 */
class WorklogE2ETest {

    @RegisterExtension
    static final LoopkeeperE2E E2E = LoopkeeperE2E.withGlobalCommands().with(ConfigLoader.MESSAGE_CONTENT, "true");

    private static final String CHANNEL = FakeDiscord.DEFAULT_GUILD.defaultChannel().id();
    private static final DateTimeFormatter HOURS = DateTimeFormatter.ofPattern("HH:mm");

    @Test
    void theBotAsksForMessageContentOnlyWhenWorkLogsAreOn() {
        long intents = E2E.fake().identifiedIntents();
        assertEquals(GatewayIntent.MESSAGE_CONTENT.getRawValue(), intents & GatewayIntent.MESSAGE_CONTENT.getRawValue());
        assertEquals(GatewayIntent.GUILD_MESSAGES.getRawValue(), intents & GatewayIntent.GUILD_MESSAGES.getRawValue());
    }

    @Test
    void anOptedInPersonsWorkLogMessageBecomesFocusAndRemindsThem() {
        FakeUser user = follower("Kalman filter");

        E2E.fake().userMessage(user, E2E.guildId(), CHANNEL, "today: tracking a drone with a Kalman filter");

        String dm = E2E.fake().directMessageChannelId(user);
        E2E.fake().awaitRequest(r -> r.method().equals("POST") && r.path().equals("channels/" + dm + "/messages")
                && WireAssertions.text(r.json()).contains("Kalman filter"), LoopkeeperE2E.WAIT);
        List<Focus> focus = E2E.bot().focus().active(user.id());
        assertEquals(1, focus.size());
        assertEquals(FocusSource.WORK_LOG, focus.get(0).source());
        assertTrue(focus.get(0).expiresAt() != null);
    }

    @Test
    void chatUnderThreeWordsLeavesTheFocusAsTheLastNoteSaidAndRemindsOfNothing() {
        FakeUser user = E2E.newUser();
        E2E.bot().settings().addWorklog(E2E.guildId(), CHANNEL, user.id());
        E2E.park(user, "consistent hashing");
        String following = follow(user);
        assertTrue(following.contains("A message of one or two words (“wip”, “merged”) is chat"), following);
        E2E.fake().userMessage(user, E2E.guildId(), CHANNEL, "today: tuning the drone's PID loop");

        // As a focus, "merged" reminded of consistent hashing (git branching and merging rests on hash tables).
        E2E.fake().userMessage(user, E2E.guildId(), CHANNEL, "merged");
        E2E.fake().userMessage(user, E2E.guildId(), CHANNEL, "lgtm 👍");
        awaitEarlierMessagesHandled();

        assertEquals(List.of("today: tuning the drone's PID loop"),
                E2E.bot().focus().active(user.id()).stream().map(Focus::text).toList());
        assertEquals(0L, (long) E2E.bot().database().read(sql -> sql.queryLong(
                "SELECT COUNT(*) FROM reminder WHERE owner_id = ?", user.id())), "no reminder was decided");
        assertTrue(E2E.fake().requests().stream().noneMatch(r -> r.method().equals("POST")
                && r.path().matches("channels/[^/]+/messages") && WireAssertions.text(r.json()).contains(
                        "consistent hashing")), "no reminder of consistent hashing");
    }

    @Test
    void aNoteInChineseOrJapaneseIsANoteThoughItHasNoSpacesAndTheirChatStaysChat() {
        FakeUser user = follower();
        // "Today: implementing backprop for the attention mechanism", then "OK", "thank you very much" and "roger".
        String chinese = "\u4ECA\u5929\u5B9E\u73B0\u6CE8\u610F\u529B\u673A\u5236\u7684\u53CD\u5411\u4F20\u64AD";
        E2E.fake().userMessage(user, E2E.guildId(), CHANNEL, chinese);
        awaitEarlierMessagesHandled();
        assertEquals(List.of(chinese), E2E.bot().focus().active(user.id()).stream().map(Focus::text).toList(),
                "a note of one unspaced phrase was taken for chat");

        E2E.fake().userMessage(user, E2E.guildId(), CHANNEL, "\u597D\u7684");
        E2E.fake().userMessage(user, E2E.guildId(), CHANNEL, "\u3042\u308A\u304C\u3068\u3046\u3054\u3056\u3044"
                + "\u307E\u3059");
        E2E.fake().userMessage(user, E2E.guildId(), CHANNEL, "\u4E86\u89E3\u3057\u307E\u3057\u305F");
        awaitEarlierMessagesHandled();
        assertEquals(List.of(chinese), E2E.bot().focus().active(user.id()).stream().map(Focus::text).toList());

        // "Implemented the attention mechanism in a Transformer" in Japanese: kanji and katakana carry its words.
        String japanese = "\u30C8\u30E9\u30F3\u30B9\u30D5\u30A9\u30FC\u30DE\u30FC\u306E\u6CE8\u610F\u6A5F"
                + "\u69CB\u3092\u5B9F\u88C5\u3057\u305F";
        E2E.fake().userMessage(user, E2E.guildId(), CHANNEL, japanese);
        awaitEarlierMessagesHandled();
        assertEquals(List.of(japanese), E2E.bot().focus().active(user.id()).stream().map(Focus::text).toList());
    }

    @Test
    void aPersonsNotesAreRecordedInTheOrderTheyWroteThem() {
        FakeUser user = follower();
        List<String> notes = List.of("today: reading the autograd engine", "now: writing the backward pass for matmul",
                "then: testing the gradients against finite differences");
        notes.forEach(note -> E2E.fake().userMessage(user, E2E.guildId(), CHANNEL, note));
        awaitEarlierMessagesHandled();
        // Each note replaces the one before: the focus is the last one written, whichever finished computing first.
        assertEquals(List.of(notes.get(2)), E2E.bot().focus().active(user.id()).stream().map(Focus::text).toList());
    }

    @Test
    void aNoteThatReplacesAnotherWhileItsReminderWaitsForQuietHoursStillBringsTheLoopThatFitsBoth() {
        FakeUser user = followingInQuietHours("Kalman filter");
        E2E.fake().userMessage(user, E2E.guildId(), CHANNEL, "today: tracking a drone with a Kalman filter");
        E2E.fake().userMessage(user, E2E.guildId(), CHANNEL, "now: tuning the Kalman filter's noise covariances");
        awaitEarlierMessagesHandled();
        String dm = E2E.fake().directMessageChannelId(user);
        Predicate<RecordedRequest> reminder = r -> r.method().equals("POST")
                && r.path().equals("channels/" + dm + "/messages") && WireAssertions.text(r.json()).contains("Kalman");
        assertTrue(E2E.requests(reminder).isEmpty(), "quiet hours: nothing yet");

        E2E.clock().advance(Duration.ofMinutes(31));
        E2E.bot().outbox().deliverDue();

        String text = WireAssertions.text(E2E.fake().awaitRequest(reminder, LoopkeeperE2E.WAIT).json());
        assertTrue(text.contains("now: tuning the Kalman filter's noise covariances"), text);
        assertEquals(1L, (long) E2E.bot().database().read(sql -> sql.queryLong("""
                SELECT COUNT(*) FROM reminder r JOIN outbox o ON o.kind = 'reminder' AND o.ref_id = r.id
                 WHERE r.owner_id = ? AND o.status <> 'dropped'""", user.id())),
                "one reminder goes, for the note that stands; the first note's was withdrawn");
    }

    @Test
    void someoneWhoDidNotOptInIsNotFollowed() {
        FakeUser user = E2E.newUser();
        E2E.bot().settings().addWorklog(E2E.guildId(), CHANNEL, user.id());
        E2E.fake().userMessage(user, E2E.guildId(), CHANNEL, "just chatting about the Kalman filter today");
        awaitEarlierMessagesHandled();
        assertTrue(E2E.bot().focus().active(user.id()).isEmpty());
    }

    @Test
    void editingTheNoteThatIsYourFocusMakesTheFocusReadAsItDoesAndMatchesItAgain() {
        FakeUser user = follower("Kalman filter");
        String note = E2E.fake().userMessage(user, E2E.guildId(), CHANNEL, "today: fixing the CSS of the login page");
        awaitEarlierMessagesHandled();
        assertEquals(0L, (long) E2E.bot().database().read(sql -> sql.queryLong(
                "SELECT COUNT(*) FROM reminder WHERE owner_id = ?", user.id())), "the note before the edit fits no loop");
        Focus before = E2E.bot().focus().active(user.id()).get(0);

        E2E.fake().editUserMessage(user, E2E.guildId(), CHANNEL, note, "today: tracking a drone with a Kalman filter");

        String dm = E2E.fake().directMessageChannelId(user);
        String reminder = WireAssertions.text(E2E.fake().awaitRequest(r -> r.method().equals("POST")
                && r.path().equals("channels/" + dm + "/messages")
                && WireAssertions.text(r.json()).contains("Kalman filter"), LoopkeeperE2E.WAIT).json());
        assertTrue(reminder.contains("today: tracking a drone with a Kalman filter"), reminder);
        List<Focus> after = E2E.bot().focus().active(user.id());
        assertEquals(List.of("today: tracking a drone with a Kalman filter"), after.stream().map(Focus::text).toList());
        assertEquals(FocusSource.WORK_LOG, after.get(0).source());
        assertEquals(before.expiresAt(), after.get(0).expiresAt(), "an edit gives the note no more time than it had");
    }

    @Test
    void anEditThatChangesNoWordAndAnEditOfAnOlderNoteLeaveTheFocusAsItWas() {
        FakeUser user = follower();
        String older = E2E.fake().userMessage(user, E2E.guildId(), CHANNEL, "today: reading the autograd engine");
        String latest = E2E.fake().userMessage(user, E2E.guildId(), CHANNEL, "now: writing the backward pass");
        awaitEarlierMessagesHandled();
        Focus before = E2E.bot().focus().active(user.id()).get(0);

        // Discord sends an edit when a link's preview arrives, and people mend spacing and case.
        E2E.fake().editUserMessage(user, E2E.guildId(), CHANNEL, latest, "Now:  writing the backward pass");
        E2E.fake().editUserMessage(user, E2E.guildId(), CHANNEL, older, "today: reading the Kalman filter chapter");
        awaitEarlierMessagesHandled();

        assertEquals(List.of(before), E2E.bot().focus().active(user.id()));
    }

    @Test
    void deletingTheNoteThatIsYourFocusEndsItAndWithdrawsTheReminderWaitingForIt() {
        FakeUser user = followingInQuietHours("Kalman filter");
        String note = E2E.fake().userMessage(user, E2E.guildId(), CHANNEL,
                "today: tracking a drone with a Kalman filter");
        awaitEarlierMessagesHandled();
        assertEquals(1L, waitingReminders(user), "the note's reminder waits for the quiet hours");

        E2E.fake().deleteUserMessage(E2E.guildId(), CHANNEL, note);
        awaitEarlierMessagesHandled();

        assertTrue(E2E.bot().focus().active(user.id()).isEmpty(), "the deleted note is no longer the focus");
        assertEquals(0L, waitingReminders(user), "its reminder is withdrawn");
        E2E.clock().advance(Duration.ofMinutes(31));
        E2E.bot().outbox().deliverDue();
        awaitEarlierMessagesHandled();
        String dm = E2E.fake().directMessageChannelId(user);
        assertTrue(E2E.requests(r -> r.method().equals("POST") && r.path().equals("channels/" + dm + "/messages"))
                .isEmpty(), "nothing is sent for a note its author deleted");
        assertEquals(1L, (long) E2E.bot().database().read(sql -> sql.queryLong(
                "SELECT COUNT(*) FROM open_loop WHERE owner_id = ? AND status = 'open'", user.id())),
                "the loop stays parked");
    }

    @Test
    void aNoteEditedIntoChatIsNoLongerTheFocus() {
        FakeUser user = follower();
        String note = E2E.fake().userMessage(user, E2E.guildId(), CHANNEL, "today: reading the autograd engine");
        awaitEarlierMessagesHandled();

        E2E.fake().editUserMessage(user, E2E.guildId(), CHANNEL, note, "nvm");
        awaitEarlierMessagesHandled();

        assertTrue(E2E.bot().focus().active(user.id()).isEmpty());
    }

    private static long waitingReminders(FakeUser user) {
        return E2E.bot().database().read(sql -> sql.queryLong("""
                SELECT COUNT(*) FROM reminder r JOIN outbox o ON o.kind = 'reminder' AND o.ref_id = r.id
                 WHERE r.owner_id = ? AND o.status = 'scheduled'""", user.id()));
    }

    /** A person who parked {@code concept}, follows the work log, and is in quiet hours for the next 30 minutes. */
    private static FakeUser followingInQuietHours(String concept) {
        FakeUser user = follower(concept);
        LocalTime now = LocalTime.ofInstant(E2E.clock().instant(), ZoneOffset.UTC);
        E2E.bot().settings().setQuietHours(user.id(), HOURS.format(now.minusHours(1)),
                HOURS.format(now.plusMinutes(30)), "UTC");
        return user;
    }

    /** A new person whose channel is a work log, who parked {@code concepts} and then turned following on. */
    private static FakeUser follower(String... concepts) {
        FakeUser user = E2E.newUser();
        E2E.bot().settings().addWorklog(E2E.guildId(), CHANNEL, user.id());
        for (String concept : concepts) {
            E2E.park(user, concept);
        }
        follow(user);
        return user;
    }

    private static String follow(FakeUser user) {
        return E2E.message(E2E.fake().slashCommand("focus").subcommand("follow").by(user).option("state", "on").send())
                .getString("content");
    }

    /**
     * Work-log messages are recorded one at a time, in the order they arrive, and their reminders decided one at a
     * time in the same order: once someone else's later note has reminded them of a loop, every earlier message was
     * recorded (or left out) and any reminder it would bring was decided.
     */
    private static void awaitEarlierMessagesHandled() {
        FakeUser other = E2E.newUser();
        E2E.park(other, "Kalman filter");
        follow(other);
        String dm = E2E.fake().directMessageChannelId(other);
        E2E.fake().userMessage(other, E2E.guildId(), CHANNEL, "today: tracking a drone with a Kalman filter");
        E2E.fake().awaitRequest(r -> r.method().equals("POST") && r.path().equals("channels/" + dm + "/messages")
                && WireAssertions.text(r.json()).contains("Kalman filter"), LoopkeeperE2E.WAIT);
    }
}
