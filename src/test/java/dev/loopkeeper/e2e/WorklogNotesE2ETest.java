package dev.loopkeeper.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.loopkeeper.config.ConfigLoader;
import dev.loopkeeper.e2e.fake.FakeChannel;
import dev.loopkeeper.e2e.fake.FakeDiscord;
import dev.loopkeeper.e2e.fake.FakeUser;
import dev.loopkeeper.focus.Focus;
import java.util.List;
import java.util.Optional;
import net.dv8tion.jda.api.utils.data.DataObject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A study group's work-log notes after they are written, on the wire: a member who stopped following, a channel
 * unmarked by the admin, a purge, Discord's own notices, a restart between a note and its edit; and threads started,
 * renamed and deleted under a work log.
 */
class WorklogNotesE2ETest {
    private static final FakeChannel STANDUP = new FakeChannel("1000000000000000210", "standup");

    @RegisterExtension
    static final LoopkeeperE2E E2E = LoopkeeperE2E.withGlobalCommands().with(ConfigLoader.MESSAGE_CONTENT, "true")
            .world(FakeDiscord.builder().guild(FakeDiscord.DEFAULT_GUILD.withChannel(STANDUP)));

    private static final String CHANNEL = FakeDiscord.DEFAULT_GUILD.defaultChannel().id();

    @Test
    void aMemberWhoStoppedFollowingEditsAnOldNoteAndTheFocusStaysAsTheNoteWas() {
        FakeUser user = E2E.newUser();
        E2E.bot().settings().addWorklog(E2E.guildId(), CHANNEL, user.id());
        E2E.park(user, "Kalman filter");
        follow(user, "on");
        String note = E2E.fake().userMessage(user, E2E.guildId(), CHANNEL, "today: fixing the CSS of the login page");
        awaitEarlierMessagesHandled();
        String off = follow(user, "off");
        assertTrue(off.startsWith("Not following: your work-log messages, and your edits of them, no longer change "
                + "your focus. A note that is your focus now stays so for its few hours, unless you delete it"), off);

        // Before, the edit was read as a note: the focus became the edited text and reminded of the Kalman filter.
        E2E.fake().editUserMessage(user, E2E.guildId(), CHANNEL, note, "today: tracking a drone with a Kalman filter");
        awaitEarlierMessagesHandled();

        assertEquals(List.of("today: fixing the CSS of the login page"), texts(user),
                "a member who stopped following has their edits read no more");
        assertEquals(0L, reminders(user), "nothing reminded of what an edit said");

        E2E.fake().deleteUserMessage(E2E.guildId(), CHANNEL, note);
        awaitEarlierMessagesHandled();
        assertEquals(List.of(), texts(user), "as the answer says, deleting the note still ends its focus");
    }

    @Test
    void aNoteDeletedAfterItsChannelWasUnmarkedEndsItsFocus() {
        FakeUser user = E2E.newUser();
        E2E.bot().settings().addWorklog(E2E.guildId(), STANDUP.id(), user.id());
        follow(user, "on");
        String note = E2E.fake().userMessage(user, E2E.guildId(), STANDUP.id(), "today: reading the autograd engine");
        awaitEarlierMessagesHandled();
        assertEquals(List.of("today: reading the autograd engine"), texts(user));
        E2E.bot().settings().removeWorklog(E2E.guildId(), STANDUP.id());

        E2E.fake().editUserMessage(user, E2E.guildId(), STANDUP.id(), note, "today: reading the raft paper instead");
        awaitEarlierMessagesHandled();
        assertEquals(List.of("today: reading the autograd engine"), texts(user),
                "a channel no longer a work log is not read, edits included");
        // Before, the deletion was not looked at either: the note taken back stayed the focus for its hours.
        E2E.fake().deleteUserMessage(E2E.guildId(), STANDUP.id(), note);
        awaitEarlierMessagesHandled();

        assertEquals(List.of(), texts(user), "the note is gone, and so is the focus it made");
    }

    @Test
    void aPurgeEndsTheFocusOfEachNoteItDeletes() {
        FakeUser ada = E2E.newUser();
        FakeUser bo = E2E.newUser();
        E2E.bot().settings().addWorklog(E2E.guildId(), CHANNEL, ada.id());
        follow(ada, "on");
        follow(bo, "on");
        String adas = E2E.fake().userMessage(ada, E2E.guildId(), CHANNEL, "today: reading the autograd engine");
        String bos = E2E.fake().userMessage(bo, E2E.guildId(), CHANNEL, "today: writing the raft log compaction");
        String chat = E2E.fake().userMessage(bo, E2E.guildId(), CHANNEL, "lol");
        awaitEarlierMessagesHandled();

        E2E.fake().purgeUserMessages(E2E.guildId(), CHANNEL, List.of(adas, bos, chat));
        awaitEarlierMessagesHandled();

        assertEquals(List.of(), texts(ada));
        assertEquals(List.of(), texts(bo));
    }

    @Test
    void theNoticeOfAThreadStartedInAWorkLogIsNotANote() {
        FakeUser user = E2E.newUser();
        E2E.bot().settings().addWorklog(E2E.guildId(), CHANNEL, user.id());
        follow(user, "on");
        E2E.fake().userMessage(user, E2E.guildId(), CHANNEL, "today: reading the autograd engine");
        awaitEarlierMessagesHandled();

        E2E.fake().threadCreatedNotice(user, E2E.guildId(), CHANNEL, "why does my Kalman filter diverge");
        awaitEarlierMessagesHandled();

        assertEquals(List.of("today: reading the autograd engine"), texts(user),
                "Discord's notice of a thread is not what the member wrote");
    }

    @Test
    void aNoteEditedAfterARestartStillMovesTheFocus() throws InterruptedException {
        FakeUser user = E2E.newUser();
        E2E.bot().settings().addWorklog(E2E.guildId(), CHANNEL, user.id());
        follow(user, "on");
        String note = E2E.fake().userMessage(user, E2E.guildId(), CHANNEL, "today: reading the autograd engine");
        awaitEarlierMessagesHandled();
        E2E.restart(() -> { });

        E2E.fake().editUserMessage(user, E2E.guildId(), CHANNEL, note, "today: writing the backward pass for matmul");
        awaitEarlierMessagesHandled();

        assertEquals(List.of("today: writing the backward pass for matmul"), texts(user));
    }

    @Test
    void aNoteEditedWhileItsReminderWaitsForTheServersCapHasOneWaitingReminderForTheWordsItNowHas() {
        FakeUser user = E2E.newUser();
        E2E.bot().settings().addWorklog(E2E.guildId(), STANDUP.id(), user.id());
        E2E.bot().settings().setReminderCap(E2E.guildId(), Optional.of(1L), 3);
        try {
            E2E.park(user, "PID controller tuning");
            E2E.park(user, "consistent hashing");
            follow(user, "on");
            E2E.fake().userMessage(user, E2E.guildId(), STANDUP.id(), "today: tuning the PID controller of the drone");
            awaitEarlierMessagesHandled();
            String note = E2E.fake().userMessage(user, E2E.guildId(), STANDUP.id(),
                    "now: sharding the cache with consistent hashing");
            awaitEarlierMessagesHandled();
            assertEquals(List.of("now: sharding the cache with consistent hashing"), waitingFocusTexts(user),
                    "the server's cap of one holds the second reminder");

            E2E.fake().editUserMessage(user, E2E.guildId(), STANDUP.id(), note,
                    "now: sharding the cache with consistent hashing and virtual nodes");
            awaitEarlierMessagesHandled();

            assertEquals(List.of("now: sharding the cache with consistent hashing and virtual nodes"),
                    waitingFocusTexts(user),
                    "the held reminder reads as the note does now, and is not held twice");
        } finally {
            E2E.bot().settings().setReminderCap(E2E.guildId(), Optional.empty(), 3);
        }
    }

    private static List<String> waitingFocusTexts(FakeUser user) {
        return E2E.bot().database().read(sql -> sql.query("""
                SELECT r.focus_text FROM reminder r JOIN outbox o ON o.kind = 'reminder' AND o.ref_id = r.id
                 WHERE r.owner_id = ? AND o.status = 'scheduled'""", row -> row.getString(1), user.id()));
    }

    /** The first end-to-end run of a thread's title as focus: the thread Discord announces, and the reminder it brings. */
    @Test
    void aThreadStartedUnderAWorkLogIsItsOwnersFocusAndRemindsOfWhatFits() {
        FakeUser user = E2E.newUser();
        E2E.bot().settings().addWorklog(E2E.guildId(), CHANNEL, user.id());
        E2E.park(user, "Kalman filter");
        follow(user, "on");

        E2E.fake().createThread(user, E2E.guildId(), CHANNEL, "why does my Kalman filter diverge");

        String dm = "channels/" + E2E.fake().directMessageChannelId(user) + "/messages";
        E2E.fake().awaitRequest(r -> r.method().equals("POST") && r.path().equals(dm)
                && WireAssertions.text(r.json()).contains("Kalman filter"), LoopkeeperE2E.WAIT);
        assertEquals(List.of("why does my Kalman filter diverge"), texts(user));
    }

    @Test
    void aRenamedThreadsFocusReadsAsItsNewTitleEvenAShortOne() {
        FakeUser user = E2E.newUser();
        E2E.bot().settings().addWorklog(E2E.guildId(), CHANNEL, user.id());
        E2E.park(user, "Kalman filter");
        follow(user, "on");
        String thread = E2E.fake().createThread(user, E2E.guildId(), CHANNEL, "reading the autograd engine");
        awaitEarlierMessagesHandled();
        assertEquals(List.of("reading the autograd engine"), texts(user));

        // Before, a rename changed nothing: the old title stayed the focus for hours and the loop never came back.
        // A title is anyone's text: the reminder quoting it pings no one.
        E2E.fake().renameThread(user, E2E.guildId(), CHANNEL, thread, "@everyone tuning the gains of a Kalman filter");

        String dm = "channels/" + E2E.fake().directMessageChannelId(user) + "/messages";
        DataObject reminder = E2E.fake().awaitRequest(r -> r.method().equals("POST") && r.path().equals(dm)
                && WireAssertions.text(r.json()).contains("Kalman filter"), LoopkeeperE2E.WAIT).json();
        assertTrue(reminder.getObject("allowed_mentions").getArray("parse").isEmpty(), reminder.toString());
        assertEquals(List.of("@everyone tuning the gains of a Kalman filter"), texts(user));
        // A title names a subject on purpose: one word is not chat, as it would be in a note.
        E2E.fake().renameThread(user, E2E.guildId(), CHANNEL, thread, "innovation");
        awaitEarlierMessagesHandled();
        assertEquals(List.of("innovation"), texts(user));
    }

    @Test
    void aDeletedThreadsFocusEndsAndTheOwnersNoteStays() {
        FakeUser user = E2E.newUser();
        E2E.bot().settings().addWorklog(E2E.guildId(), CHANNEL, user.id());
        follow(user, "on");
        E2E.fake().userMessage(user, E2E.guildId(), CHANNEL, "today: reading the autograd engine");
        String thread = E2E.fake().createThread(user, E2E.guildId(), CHANNEL, "why is my matmul backward wrong");
        awaitEarlierMessagesHandled();
        assertEquals(List.of("why is my matmul backward wrong", "today: reading the autograd engine"), texts(user));

        E2E.fake().deleteThread(E2E.guildId(), CHANNEL, thread);
        awaitEarlierMessagesHandled();

        assertEquals(List.of("today: reading the autograd engine"), texts(user), "the thread is gone, and its focus");
    }

    private static List<String> texts(FakeUser user) {
        return E2E.bot().focus().active(user.id()).stream().map(Focus::text).toList();
    }

    private static long reminders(FakeUser user) {
        return E2E.bot().database().read(sql -> sql.queryLong("SELECT COUNT(*) FROM reminder WHERE owner_id = ?",
                user.id()));
    }

    private static String follow(FakeUser user, String state) {
        return E2E.message(E2E.fake().slashCommand("focus").subcommand("follow").by(user).option("state", state).send())
                .getString("content");
    }

    /** As WorklogE2ETest's: once a later person's note has reminded them, every earlier event was handled. */
    private static void awaitEarlierMessagesHandled() {
        FakeUser other = E2E.newUser();
        // Its own channel marked here, so that a test run alone (whose notes are elsewhere) has it too.
        E2E.bot().settings().addWorklog(E2E.guildId(), CHANNEL, other.id());
        E2E.park(other, "Kalman filter");
        follow(other, "on");
        String dm = E2E.fake().directMessageChannelId(other);
        E2E.fake().userMessage(other, E2E.guildId(), CHANNEL, "today: tracking a drone with a Kalman filter");
        E2E.fake().awaitRequest(r -> r.method().equals("POST") && r.path().equals("channels/" + dm + "/messages")
                && WireAssertions.text(r.json()).contains("Kalman filter"), LoopkeeperE2E.WAIT);
    }
}
