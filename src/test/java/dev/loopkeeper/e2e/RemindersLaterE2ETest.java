package dev.loopkeeper.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.loopkeeper.e2e.fake.FakeUser;
import dev.loopkeeper.e2e.fake.InteractionHandle;
import java.time.Duration;
import java.time.Instant;
import net.dv8tion.jda.api.utils.data.DataObject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Reminders acted on, or left waiting, hours and days later: a snooze ends when its answer said, also under a focus
 * that stays active for weeks; a match held back by a reminder that is then withdrawn is not lost. Its own bot, as the
 * clock moves hours and a week.
 */
class RemindersLaterE2ETest {

    @RegisterExtension
    static final LoopkeeperE2E E2E = LoopkeeperE2E.withGlobalCommands();

    private static long remindersOf(FakeUser user, String concept) {
        String dm = E2E.fake().directMessageChannelId(user);
        return E2E.fake().messagesIn(dm).stream().filter(m -> WireAssertions.text(m).contains("**" + concept + "** (#"))
                .count();
    }

    private static DataObject awaitReminder(FakeUser user, String concept, long nth) {
        long deadline = System.nanoTime() + LoopkeeperE2E.WAIT.toNanos();
        while (remindersOf(user, concept) < nth) {
            assertTrue(System.nanoTime() < deadline, "reminder " + nth + " of " + concept + " never came\n"
                    + E2E.fake().diagnostics());
            Thread.onSpinWait();
        }
        return E2E.fake().lastMessageIn(E2E.fake().directMessageChannelId(user)).orElseThrow();
    }

    /**
     * Only the snoozed loop comes back: the reminder also showed "LSM trees", left as it was, whose week of rest
     * began when the reminder was made and so has ended too by then; deciding the whole focus again brought it back
     * beside the snoozed one, which the snooze's answer never said.
     */
    @Test
    void aLoopSnoozedForAWeekComesBackAfterTheWeekWhileItsFocusStaysActiveAndOnlyOnce() throws Exception {
        FakeUser user = E2E.newUser();
        E2E.park(user, "Bloom filters");
        E2E.park(user, "LSM trees");
        // Until cleared: the person works on this for weeks and never sets another focus.
        E2E.message(E2E.fake().slashCommand("focus").subcommand("set").by(user)
                .option("text", "sizing Bloom filters for my LSM tree").send());
        DataObject reminder = awaitReminder(user, "Bloom filters", 1);
        assertEquals(1, remindersOf(user, "LSM trees"), "both loops fit the work: " + WireAssertions.text(reminder));
        // The snooze is clicked an hour after the reminder came.
        E2E.clock().advance(Duration.ofHours(1));

        InteractionHandle snooze = E2E.fake().buttonClick(LoopkeeperE2E.button(reminder, "Snooze")
                .getString("custom_id")).by(user).inDirectMessage().onMessage(reminder).send();
        DataObject choice = E2E.message(snooze);
        String answer = E2E.message(E2E.fake().buttonClick(LoopkeeperE2E.button(choice, "1 week").getString("custom_id"))
                .by(user).inDirectMessage().onMessage(E2E.fake().originalMessage(snooze)).send()).getString("content");
        long end = Long.parseLong(answer.replaceAll(".*until <t:(\\d+):f>.*", "$1"));
        assertTrue(answer.startsWith("Snoozed **Bloom filters** for a week, until <t:"), answer);

        // A minute before the end it is still snoozed: nothing comes.
        E2E.clock().advance(Duration.between(E2E.clock().instant(), Instant.ofEpochSecond(end).minusSeconds(60)));
        E2E.bot().sendDue();
        E2E.bot().outbox().deliverDue();
        assertEquals(1, remindersOf(user, "Bloom filters"), "came back before the snooze ended");

        // Once it has ended, the focus that brought it is still the person's work: it comes back, once.
        E2E.clock().advance(Duration.ofSeconds(120));
        E2E.bot().sendDue();
        DataObject again = awaitReminder(user, "Bloom filters", 2);
        assertTrue(WireAssertions.text(again).contains("to **sizing Bloom filters for my LSM tree**"),
                WireAssertions.text(again));
        E2E.bot().sendDue();
        E2E.clock().advance(Duration.ofMinutes(5));
        E2E.bot().sendDue();
        E2E.bot().outbox().deliverDue();
        assertEquals(2, remindersOf(user, "Bloom filters"), "the end of one snooze reminded more than once");
        assertEquals(1, remindersOf(user, "LSM trees"), "a loop not snoozed came back with the snoozed one: "
                + WireAssertions.text(again));
    }

    /** Quiet hours from an hour before the clock's now to {@code hoursAfter} after it: every reminder waits. */
    private static void quietAroundNow(FakeUser user, int hoursAfter) {
        java.time.LocalTime now = E2E.clock().instant().atZone(java.time.ZoneOffset.UTC).toLocalTime()
                .truncatedTo(java.time.temporal.ChronoUnit.MINUTES);
        E2E.message(E2E.fake().slashCommand("focus").subcommand("quiet").by(user).option("from",
                now.minusHours(1).toString()).option("to", now.plusHours(hoursAfter).toString()).option("zone", "UTC")
                .send());
    }

    /** Waits until the person has a reminder scheduled (the decision follows the focus change on its own thread). */
    private static void awaitScheduled(FakeUser user) throws InterruptedException {
        long deadline = System.nanoTime() + LoopkeeperE2E.WAIT.toNanos();
        while (E2E.bot().outbox().scheduledCount(user.id()) == 0) {
            assertTrue(System.nanoTime() < deadline, "no reminder was scheduled");
            Thread.sleep(10);
        }
    }

    /** The clock past the end of the quiet hours that began before {@code start}, and the mail that is due sent. */
    private static void pastQuietHours(FakeUser user, Instant start) throws InterruptedException {
        awaitScheduled(user);
        Instant quietEnd = E2E.bot().settings().person(user.id()).quietHours().orElseThrow().endAfter(start);
        E2E.clock().advance(Duration.between(E2E.clock().instant(), quietEnd.plusSeconds(30)));
        E2E.bot().sendDue();
    }

    @Test
    void aLoopHeldBackByAWaitingReminderThatIsWithdrawnComesForTheOtherFocusItMatches() throws Exception {
        FakeUser user = E2E.newUser();
        // Quiet hours around now: every reminder waits for their end.
        Instant start = E2E.clock().instant();
        quietAroundNow(user, 2);
        E2E.park(user, "Kalman filter");
        E2E.message(E2E.fake().slashCommand("focus").subcommand("set").by(user)
                .option("text", "tracking a drone with a Kalman filter").send());
        awaitScheduled(user);
        // Minutes later, other work that fits the same loop: it waits in the first reminder already.
        E2E.clock().advance(Duration.ofMinutes(3));
        E2E.message(E2E.fake().slashCommand("focus").subcommand("set").by(user)
                .option("text", "tuning the Kalman filter of my robot's IMU").send());
        // The first work is dropped before the quiet hours end: its reminder is withdrawn, unsent.
        E2E.clock().advance(Duration.ofMinutes(3));
        String cleared = E2E.message(E2E.fake().slashCommand("focus").subcommand("clear").by(user)
                .option("item", "drone").send()).getString("content");
        assertTrue(cleared.startsWith("Cleared **tracking a drone with a Kalman filter**."), cleared);

        // When they end, the loop comes for the work still on: held back by a reminder that never went, it was lost.
        pastQuietHours(user, start);
        DataObject reminder = awaitReminder(user, "Kalman filter", 1);
        assertTrue(WireAssertions.text(reminder).contains("to **tuning the Kalman filter of my robot's IMU**"),
                WireAssertions.text(reminder));
    }

    @Test
    void aLoopHeldBackByAWaitingReminderWhoseFocusRunsOutComesForTheOtherFocusItMatches() throws Exception {
        FakeUser user = E2E.newUser();
        Instant start = E2E.clock().instant();
        quietAroundNow(user, 3);
        E2E.park(user, "Huffman coding");
        // For an hour only: it runs out while its reminder waits for the quiet hours' end.
        E2E.message(E2E.fake().slashCommand("focus").subcommand("set").by(user)
                .option("text", "compressing my logs with Huffman coding").option("for", "1h").send());
        awaitScheduled(user);
        E2E.clock().advance(Duration.ofMinutes(2));
        E2E.message(E2E.fake().slashCommand("focus").subcommand("set").by(user)
                .option("text", "a Huffman coding table for my file format").send());

        E2E.clock().advance(Duration.ofMinutes(70)); // the first focus has run out; still quiet hours
        E2E.bot().sendDue();
        pastQuietHours(user, start);
        DataObject reminder = awaitReminder(user, "Huffman coding", 1);
        assertTrue(WireAssertions.text(reminder).contains("to **a Huffman coding table for my file format**"),
                WireAssertions.text(reminder));
    }
}
