package dev.loopkeeper.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.loopkeeper.e2e.fake.FakeUser;
import dev.loopkeeper.e2e.fake.RecordedRequest;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.Arrays;
import java.util.List;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The bot started again a week after it stopped, its clock a week on: what fell due meanwhile goes as if decided now
 * (never inside the person's quiet hours, never past their daily limit), and nothing goes twice. Its own bot, as the
 * clock's jump would move every other test's time too.
 */
class AWeekLaterE2ETest {

    @RegisterExtension
    static final LoopkeeperE2E E2E = LoopkeeperE2E.withGlobalCommands();

    /** Four loops, each matching its own focus only (as in ReminderE2ETest's daily-cap test). */
    private static final String[][] MATCHES = {
            {"Fenwick trees", "computing prefix sums with a Fenwick tree"},
            {"Huffman coding", "compressing my logs with Huffman coding"},
            {"Rabin-Karp rolling hash", "finding repeated lines with a Rabin-Karp rolling hash"},
            {"Bresenham's line algorithm", "drawing lines with Bresenham's line algorithm on a microcontroller"}};

    private static Predicate<RecordedRequest> dmMentioning(FakeUser user, String text) {
        String dm = E2E.fake().directMessageChannelId(user);
        return r -> r.method().equals("POST") && r.path().equals("channels/" + dm + "/messages")
                && WireAssertions.text(r.json()).contains(text);
    }

    private static long sentOf(FakeUser user, String concept) {
        return E2E.requests(dmMentioning(user, concept)).size();
    }

    @Test
    void remindersThatFellDueWhileTheBotWasDownWaitForQuietHoursAndTheDailyLimitAndGoOnce() throws Exception {
        FakeUser user = E2E.newUser();
        // Quiet hours around now, in UTC (no clock change: a week on, the same hours hold now again).
        Instant start = E2E.clock().instant();
        LocalTime now = start.atZone(ZoneOffset.UTC).toLocalTime().truncatedTo(ChronoUnit.MINUTES);
        String to = now.plusHours(2).toString();
        String quiet = E2E.message(E2E.fake().slashCommand("focus").subcommand("quiet").by(user)
                .option("from", now.minusHours(1).toString()).option("to", to).option("zone", "UTC").send())
                .getString("content");
        assertTrue(quiet.startsWith("Quiet hours set:"), quiet);
        for (String[] match : MATCHES) {
            E2E.park(user, match[0]);
        }
        for (String[] match : MATCHES) {
            E2E.message(E2E.fake().slashCommand("focus").subcommand("set").by(user).option("text", match[1]).send());
        }
        // Three wait for the quiet hours' end, the fourth for the next day (the daily limit is 3).
        long deadline = System.nanoTime() + LoopkeeperE2E.WAIT.toNanos();
        while (E2E.bot().outbox().scheduledCount(user.id()) < MATCHES.length) {
            assertTrue(System.nanoTime() < deadline, "the reminders were never scheduled");
            Thread.sleep(10); // not a spin: the bot needs both cores to embed the four focus texts
        }
        Instant quietEnd = E2E.bot().settings().person(user.id()).quietHours().orElseThrow().endAfter(start);

        // A week later, at the same time of day: inside the same quiet hours again.
        E2E.restart(() -> E2E.clock().advance(Duration.ofDays(7)));
        E2E.bot().sendDue();
        assertEquals(MATCHES.length, E2E.bot().outbox().scheduledCount(user.id()),
                "a reminder whose time passed while the bot was down was sent in the person's quiet hours");
        assertTrue(Arrays.stream(MATCHES).allMatch(m -> sentOf(user, m[0]) == 0));

        // When those quiet hours end: three, the daily limit; the fourth waits for the next day with room.
        E2E.clock().advance(Duration.between(E2E.clock().instant(), quietEnd.plus(Duration.ofDays(7)).plusSeconds(60)));
        E2E.bot().sendDue();
        List<RecordedRequest> three = E2E.fake().awaitRequests(r -> Arrays.stream(MATCHES).limit(3)
                .anyMatch(m -> dmMentioning(user, m[0]).test(r)), 3, LoopkeeperE2E.WAIT);
        assertEquals(3, three.size());
        assertEquals(1, E2E.bot().outbox().scheduledCount(user.id()),
                "more reminders than the daily limit went on the day the bot came back");
        assertEquals(0, sentOf(user, MATCHES[3][0]));

        E2E.clock().advance(Duration.ofDays(1));
        E2E.bot().sendDue();
        RecordedRequest fourth = E2E.fake().awaitRequest(dmMentioning(user, MATCHES[3][0]), LoopkeeperE2E.WAIT);
        assertTrue(WireAssertions.text(fourth.json()).contains("waited for your daily limit"), fourth.json().toString());
        E2E.bot().sendDue();
        for (String[] match : MATCHES) {
            assertEquals(1, sentOf(user, match[0]), match[0] + " went more than once");
        }
    }
}
