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
 * A snooze ends when its answer said, also under a focus that stays active for weeks: the loop comes back then, once,
 * without waiting for the person's next change of focus. Its own bot, as the clock moves a week.
 */
class SnoozeEndsE2ETest {

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

    @Test
    void aLoopSnoozedForAWeekComesBackAfterTheWeekWhileItsFocusStaysActiveAndOnlyOnce() throws Exception {
        FakeUser user = E2E.newUser();
        E2E.park(user, "Bloom filters");
        // Until cleared: the person works on this for weeks and never sets another focus.
        E2E.message(E2E.fake().slashCommand("focus").subcommand("set").by(user)
                .option("text", "sizing Bloom filters for my LSM tree").send());
        DataObject reminder = awaitReminder(user, "Bloom filters", 1);

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
    }
}
