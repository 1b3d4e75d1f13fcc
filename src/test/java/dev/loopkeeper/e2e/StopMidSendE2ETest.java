package dev.loopkeeper.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.loopkeeper.Loopkeeper;
import dev.loopkeeper.config.ConfigLoader;
import dev.loopkeeper.e2e.fake.FakeDiscord;
import dev.loopkeeper.e2e.fake.Fault;
import dev.loopkeeper.e2e.fake.FakeUser;
import dev.loopkeeper.e2e.fake.RecordedRequest;
import dev.loopkeeper.e2e.fake.Stall;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import net.dv8tion.jda.api.utils.data.DataObject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A stop in the ~100 ms the delivery job waits for Discord's answer to a reminder, followed by a downtime longer than
 * the few minutes Discord holds a message's nonce. The stop interrupted the job's wait and recorded nothing: the row
 * stayed 'sending', the next start sent it again with the same nonce, and Discord, past its window, showed the person
 * a second reminder. Now the stop waits for the answer and records it; and a row whose outcome no one knows (the
 * answer did not come before the stop's limit, or the process was killed) is first looked for in the person's DM.
 */
class StopMidSendE2ETest {

    @RegisterExtension
    static final LoopkeeperE2E E2E = LoopkeeperE2E.withGlobalCommands()
            .with(ConfigLoader.STOP_SECONDS, "2")
            // The delivery job, whose send a stop interrupts, looks for due mail every second.
            .with(ConfigLoader.DELIVERY_SECONDS, "1");

    /** Longer than Discord holds a nonce, and than the mail's lease. */
    private static final Duration DOWNTIME = Duration.ofMinutes(10);

    @Test
    void aStopWhileDiscordAnswersASendRecordsItAndTheReminderIsShownOnce() throws InterruptedException {
        FakeUser user = E2E.newUser();
        String dm = "channels/" + E2E.fake().directMessageChannelId(user) + "/messages";
        Stall answer = reminderMidSendOnTheDeliveryJob(user, dm, "Bloom filters", "sizing Bloom filters for the cache");
        Loopkeeper stopping = E2E.bot();
        // Discord answers once the stop has begun: while the bot is still connected.
        Thread answers = new Thread(() -> {
            long deadline = System.nanoTime() + LoopkeeperE2E.WAIT.toNanos();
            while (!stopping.outbox().stopping() && System.nanoTime() < deadline) {
                Thread.onSpinWait();
            }
            answer.release();
        }, "answer-once-stopping");
        answers.start();

        E2E.restart(() -> {
            E2E.fake().forgetNonces();
            E2E.clock().advance(DOWNTIME);
        });
        answers.join();

        // The stop recorded the answer: the next start has nothing to send again, nor to look for.
        assertEquals("delivered 2", row(user), "the attempt the stop waited for is recorded");
        E2E.bot().outbox().deliverAllDue();
        assertEquals(1, remindersNaming(user, "Bloom filters"), "one reminder in the DM");
        assertTrue(E2E.requests(r -> r.method().equals("GET") && r.path().equals(dm)).isEmpty(),
                "nothing to look for: the outcome was known");
        assertEquals(1, E2E.requests(r -> r.method().equals("POST") && r.path().equals(dm) && r.succeeded()).size());
    }

    /**
     * Discord's answer comes only after the stop's limit (as with a kill mid-send, whether the message went out is
     * unknown): the row is left 'sending'. The next start, after more than the nonce's window, finds the message in the
     * person's DM and does not send it again.
     */
    @Test
    void aSendWhoseOutcomeIsUnknownIsLookedForInTheDmBeforeItGoesAgain() throws InterruptedException {
        FakeUser user = E2E.newUser();
        String dm = "channels/" + E2E.fake().directMessageChannelId(user) + "/messages";
        Stall answer = reminderMidSendOnTheDeliveryJob(user, dm, "Kalman filter",
                "tracking a drone with a Kalman filter");

        E2E.restart(() -> {
            answer.release(); // to a bot that has gone
            E2E.fake().forgetNonces();
            E2E.clock().advance(DOWNTIME);
        });

        awaitRow(user, "delivered 3");
        assertEquals(1, remindersNaming(user, "Kalman filter"), "one reminder in the DM");
        assertEquals(1, E2E.requests(r -> r.method().equals("GET") && r.path().equals(dm) && r.succeeded()).size(),
                "looked for in the DM");
        assertEquals(1, E2E.requests(r -> r.method().equals("POST") && r.path().equals(dm) && r.succeeded()).size(),
                "not sent again");
    }

    /**
     * The same for a reminder posted in the server's channel (the person's DMs closed): the post's outcome is unknown
     * when the process goes, and the next start, past the nonce's window, finds it in the channel instead of posting it
     * a second time. A server channel's part was not looked for, and the channel showed the reminder twice.
     */
    @Test
    void aChannelPostWhoseOutcomeIsUnknownIsLookedForInTheChannelBeforeItGoesAgain() throws InterruptedException {
        FakeUser user = E2E.newUser();
        String channel = FakeDiscord.DEFAULT_GUILD.defaultChannel().id();
        String posts = "channels/" + channel + "/messages";
        E2E.fake().rejectDirectMessagesTo(user.id());
        E2E.bot().settings().setReminderChannel(E2E.guildId(), channel);
        // The post right after the focus change, by the deciding thread: Discord makes the message, its answer is held.
        Stall answer = E2E.fake().stallAnswerOfNext("POST", posts);
        E2E.park(user, "Merkle trees");
        E2E.message(E2E.fake().slashCommand("focus").subcommand("set").by(user)
                .option("text", "syncing replicas with Merkle trees").send());
        RecordedRequest sent = answer.awaitArrival(LoopkeeperE2E.WAIT);
        assertTrue(WireAssertions.text(sent.json()).contains("Merkle trees"), sent.json().toString());

        E2E.restart(() -> {
            answer.release(); // to a bot that has gone
            E2E.fake().forgetNonces();
            E2E.clock().advance(DOWNTIME);
        });

        awaitRow(user, "delivered 2");
        assertEquals(1, E2E.fake().messagesIn(channel).stream()
                .filter(m -> WireAssertions.text(m).contains("<@" + user.id() + "> A loop you parked")).count(),
                "one reminder in the channel");
        assertEquals(1, E2E.requests(r -> r.method().equals("GET") && r.path().equals(posts) && r.succeeded()).size(),
                "looked for in the channel");
    }

    /**
     * Without any stop: a focus change that matched nothing (it writes no reminder, so no commit of its own marks it
     * decided) is marked by the job, so a crash later does not have the next start decide it again.
     */
    @Test
    void aDecisionThatWroteNothingIsMarkedDecidedByTheJobWithoutAStop() {
        FakeUser user = E2E.newUser();
        E2E.message(E2E.fake().slashCommand("focus").subcommand("set").by(user)
                .option("text", "reading about sourdough starters").send());
        long deadline = System.nanoTime() + LoopkeeperE2E.WAIT.toNanos();
        while (undecided(user) > 0 && System.nanoTime() < deadline) {
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(20));
        }
        assertEquals(0, undecided(user), "marked within a run of the job (every second here)");
        assertEquals(1L, (long) E2E.bot().database().read(sql -> sql.queryLong(
                "SELECT COUNT(*) FROM focus WHERE owner_id = ?", user.id())), "the focus is there");
    }

    private static long undecided(FakeUser user) {
        return E2E.bot().database().read(sql -> sql.queryLong(
                "SELECT COUNT(*) FROM focus WHERE owner_id = ? AND undecided_since IS NOT NULL", user.id()));
    }

    /**
     * A reminder whose first attempt fails (Discord answers 500), so that its retry a minute later is the delivery
     * job's; that retry is served and its answer held back. Returns the held answer once the message exists.
     */
    private static Stall reminderMidSendOnTheDeliveryJob(FakeUser user, String dm, String concept, String focus) {
        E2E.fake().failNext(1, "POST", dm, Fault.serverError(500));
        E2E.expectLogLine("Direct message to " + user.id() + " failed");
        E2E.park(user, concept);
        E2E.message(E2E.fake().slashCommand("focus").subcommand("set").by(user).option("text", focus).send());
        E2E.fake().awaitRequest(r -> r.method().equals("POST") && r.path().equals(dm) && r.status() == 500,
                LoopkeeperE2E.WAIT);
        awaitRow(user, "scheduled 1");
        Stall answer = E2E.fake().stallAnswerOfNext("POST", dm);
        E2E.clock().advance(Duration.ofMinutes(1));
        RecordedRequest sent = answer.awaitArrival(LoopkeeperE2E.WAIT);
        assertTrue(WireAssertions.text(sent.json()).contains(concept), sent.json().toString());
        return answer;
    }

    /** The person's reminders in their DM that name {@code concept}. */
    private static long remindersNaming(FakeUser user, String concept) {
        List<DataObject> messages = E2E.fake().messagesIn(E2E.fake().directMessageChannelId(user));
        return messages.stream().filter(m -> WireAssertions.text(m).contains(concept)).count();
    }

    /** The person's outbox row: its status and attempts. */
    private static String row(FakeUser user) {
        return E2E.bot().database().read(sql -> sql.queryOne(
                "SELECT status, attempts FROM outbox WHERE recipient_id = ?",
                r -> r.getString(1) + " " + r.getInt(2), user.id())).orElse("none");
    }

    private static void awaitRow(FakeUser user, String expected) {
        long deadline = System.nanoTime() + LoopkeeperE2E.WAIT.toNanos();
        while (!row(user).equals(expected) && System.nanoTime() < deadline) {
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(20));
        }
        assertEquals(expected, row(user));
    }
}
