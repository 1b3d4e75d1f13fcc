package dev.loopkeeper.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.loopkeeper.e2e.fake.FakeUser;
import java.time.Duration;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.List;
import net.dv8tion.jda.api.utils.data.DataArray;
import net.dv8tion.jda.api.utils.data.DataObject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Someone who sets {@code /focus} every way it offers, on the wire: the quiet hours' zone picked from suggestions and
 * their times typed as people write them, and a focus whose time ran out.
 */
class FocusEveryWayE2ETest {

    @RegisterExtension
    static final LoopkeeperE2E E2E = LoopkeeperE2E.withGlobalCommands();

    @Test
    void theZoneOfQuietHoursIsSuggestedAsTheNudgesIs() {
        FakeUser user = E2E.newUser();
        E2E.message(E2E.fake().slashCommand("focus").subcommand("set").by(user).option("text", "berlin wall history")
                .send());

        // Before, the focus items were offered here (the one whose text holds "berl"), and no zone at all.
        List<String> offered = LoopkeeperE2E.choiceNames(E2E.reply(E2E.fake().autocomplete("focus").subcommand("quiet")
                .by(user).focused("zone", "berl").send()));

        assertEquals(List.of("Europe/Berlin"), offered);
        String set = E2E.message(E2E.fake().slashCommand("focus").subcommand("quiet").by(user)
                .option("from", "22:00").option("to", "08:00").option("zone", offered.get(0)).send())
                .getString("content");
        assertTrue(set.startsWith("Quiet hours set: 22:00 to 08:00 (Europe/Berlin)."), set);
        // The item's own autocomplete still offers items.
        assertEquals(List.of("berlin wall history"), LoopkeeperE2E.choiceNames(E2E.reply(E2E.fake()
                .autocomplete("focus").subcommand("clear").by(user).focused("item", "berl").send())));
    }

    @Test
    void aTimeWrittenOnTheTwelveHourClockFitsTheBoxDiscordShows() {
        FakeUser user = E2E.newUser();
        String from = "10:30 pm";
        String to = "6:30 a.m.";
        // Discord's own box refuses a value over the option's max_length before anything is sent.
        for (String[] option : new String[][] {{"focus", "quiet", "from"}, {"focus", "quiet", "to"},
                {"nudge", "set", "time"}}) {
            int most = maxLength(option[0], option[1], option[2]);
            assertTrue(most >= "12:30 p.m.".length(), "/" + String.join(" ", option) + " takes " + most);
        }
        assertTrue(maxLength("focus", "quiet", "from") >= from.length()
                && maxLength("focus", "quiet", "to") >= to.length());

        String set = E2E.message(E2E.fake().slashCommand("focus").subcommand("quiet").by(user)
                .option("from", from).option("to", to).option("zone", "Europe/Berlin").send()).getString("content");

        assertTrue(set.startsWith("Quiet hours set: 22:30 to 06:30 (Europe/Berlin)."), set);
    }

    @Test
    void aFocusWhoseTimeRanOutSaysSoInShowUntilItIsSetAgain() {
        FakeUser user = E2E.newUser();
        E2E.message(E2E.fake().slashCommand("focus").subcommand("set").by(user)
                .option("text", "tuning the drone's PID loop").option("for", "2h").send());
        E2E.message(E2E.fake().slashCommand("focus").subcommand("set").by(user)
                .option("text", "reading the raft paper").send());

        E2E.clock().advance(Duration.ofHours(3));
        String shown = show(user);

        // Before, the item was gone from the list without a word, as if it had never been set.
        assertTrue(shown.startsWith("Active focus:\n`#"), shown);
        assertTrue(shown.contains("**reading the raft paper**"), shown);
        assertTrue(shown.contains("\nRan out, so no longer matched (/focus set brings one back):\n"
                + "**tuning the drone's PID loop** · ran out <t:"), shown);
        assertEquals(List.of("reading the raft paper"),
                E2E.bot().focus().active(user.id()).stream().map(f -> f.text()).toList(), "it is not matched");

        E2E.message(E2E.fake().slashCommand("focus").subcommand("set").by(user)
                .option("text", "Tuning the drone's PID loop").send());
        assertFalse(show(user).contains("Ran out"), "set again, it is active, not run out");

        E2E.message(E2E.fake().slashCommand("focus").subcommand("clear").by(user).send());
        String cleared = show(user);
        assertTrue(cleared.startsWith("No active focus. Tell me what you are working on with /focus set.\nNo quiet "),
                "a focus cleared did not run out: " + cleared);
    }

    @Test
    void aFocusThatRanOutWithNothingElseActiveSaysSoUnderNoActiveFocusForADay() {
        FakeUser user = E2E.newUser();
        E2E.message(E2E.fake().slashCommand("focus").subcommand("set").by(user)
                .option("text", "tuning the drone's PID loop").option("for", "30m").send());

        E2E.clock().advance(Duration.ofHours(1));
        String shown = show(user);
        assertTrue(shown.startsWith("No active focus. Tell me what you are working on with /focus set.\n"
                + "Ran out, so no longer matched (/focus set brings one back):\n**tuning the drone's PID loop**"), shown);

        E2E.clock().advance(Duration.ofDays(1));
        assertFalse(show(user).contains("Ran out"), "a day later it is not news");
    }

    /**
     * A person with no zone given (UTC) got their three reminders of the day at 20:00 UTC, and a fourth match waits
     * for their next day, 00:00 UTC. They then give their own zone, New York: 00:00 UTC is 19:00 there, the same day
     * as the three. Before, the waiting reminder kept its moment and came that evening, a fourth reminder in one day
     * of their own calendar.
     */
    @Test
    void aReminderTheDailyLimitHoldsWaitsForTheNextDayOfTheZoneGivenSince() throws InterruptedException {
        FakeUser user = E2E.newUser();
        String dm = fourthWaitsForTomorrow(user);

        String quiet = E2E.message(E2E.fake().slashCommand("focus").subcommand("quiet").by(user)
                .option("from", "23:00").option("to", "07:00").option("zone", "America/New_York").send())
                .getString("content");
        assertTrue(quiet.startsWith("Quiet hours set: 23:00 to 07:00 (America/New_York)."), quiet);

        // Their next day starts where their quiet hours end, 07:00 in New York (12:00 UTC).
        comesOnTheirNextDay(user, dm, Duration.ofHours(12));
    }

    @Test
    void aReminderTheDailyLimitHoldsWaitsForTheNextDayOfAZoneGivenAlone() throws InterruptedException {
        FakeUser user = E2E.newUser();
        String dm = fourthWaitsForTomorrow(user);

        // With no quiet hours, a zone alone is saved as the person's zone: before, nothing waiting moved with it.
        String zone = E2E.message(E2E.fake().slashCommand("focus").subcommand("quiet").by(user)
                .option("zone", "America/New_York").send()).getString("content");
        assertTrue(zone.startsWith("Your time zone is America/New_York now"), zone);

        // Their next day starts at midnight in New York (05:00 UTC).
        comesOnTheirNextDay(user, dm, Duration.ofHours(5));
    }

    /**
     * A person with no zone given (UTC) gets their three reminders of the day at 20:00 UTC, and a fourth match waits
     * for their next day, 00:00 UTC; returns their DM channel. Given their own zone then, New York, 00:00 UTC is 19:00
     * there, the same day as the three: the waiting reminder kept its moment and came that evening, a fourth reminder
     * in one day of their own calendar.
     */
    private static String fourthWaitsForTomorrow(FakeUser user) throws InterruptedException {
        ZonedDateTime now = E2E.clock().instant().atZone(ZoneOffset.UTC);
        ZonedDateTime evening = now.toLocalDate().plusDays(1).atTime(20, 0).atZone(ZoneOffset.UTC);
        E2E.clock().advance(Duration.between(now, evening));
        List<String[]> works = List.of(new String[] {"Kalman filter", "tracking a drone with a Kalman filter"},
                new String[] {"Huffman coding", "a Huffman coding table for my file format"},
                new String[] {"Bloom filter", "a Bloom filter in front of my key-value store"},
                new String[] {"reverse-mode autodiff", "writing reverse-mode autodiff for my tiny autograd"});
        works.forEach(work -> E2E.park(user, work[0]));
        String dm = E2E.fake().directMessageChannelId(user);
        for (int i = 0; i < works.size(); i++) {
            E2E.message(E2E.fake().slashCommand("focus").subcommand("set").by(user).option("text", works.get(i)[1])
                    .send());
            awaitReminders(user, i + 1);
        }
        assertEquals(3, E2E.fake().messagesIn(dm).size(), "three reminders today, the fourth waits for tomorrow");
        return dm;
    }

    /** At 00:30 UTC (19:30 in New York) nothing comes; {@code nextDay} after midnight UTC the fourth reminder does. */
    private static void comesOnTheirNextDay(FakeUser user, String dm, Duration nextDay) throws InterruptedException {
        awaitMatchingThreadIdle();
        E2E.clock().advance(Duration.ofHours(4).plusMinutes(30));
        E2E.bot().sendDue();
        assertEquals(3, E2E.fake().messagesIn(dm).size(), "no fourth reminder on one day of the person's calendar");
        E2E.clock().advance(nextDay.minusMinutes(29));
        E2E.bot().sendDue();
        String fourth = WireAssertions.text(E2E.fake().awaitRequest(r -> r.method().equals("POST")
                && r.path().equals("channels/" + dm + "/messages")
                && WireAssertions.text(r.json()).contains("reverse-mode autodiff"), LoopkeeperE2E.WAIT).json());
        assertTrue(fourth.contains("writing reverse-mode autodiff for my tiny autograd"), fourth);
    }

    /** Waits until the person has {@code count} reminders written (sent, or waiting). */
    private static void awaitReminders(FakeUser user, long count) {
        E2E.await(() -> E2E.bot().database().read(sql -> sql.queryLong(
                "SELECT COUNT(*) FROM reminder WHERE owner_id = ?", user.id())) >= count,
                "reminder " + count + " was never decided");
    }

    /**
     * Waiting reminders move on the thread decisions run on, after the answer: once another person's focus change made
     * later has reminded them, the move before it is done.
     */
    private static void awaitMatchingThreadIdle() throws InterruptedException {
        FakeUser other = E2E.newUser();
        E2E.park(other, "quorum intersection");
        E2E.message(E2E.fake().slashCommand("focus").subcommand("set").by(other)
                .option("text", "implementing Raft in Go").send());
        awaitReminders(other, 1);
    }

    private static String show(FakeUser user) {
        return E2E.message(E2E.fake().slashCommand("focus").subcommand("show").by(user).send()).getString("content");
    }

    /** The max_length Discord registered for an option of a subcommand. */
    private static int maxLength(String command, String subcommand, String option) {
        DataArray registered = E2E.registeredCommands();
        for (int i = 0; i < registered.length(); i++) {
            DataObject c = registered.getObject(i);
            if (!c.getString("name").equals(command)) {
                continue;
            }
            DataArray subs = c.getArray("options");
            for (int j = 0; j < subs.length(); j++) {
                DataObject sub = subs.getObject(j);
                if (!sub.getString("name").equals(subcommand)) {
                    continue;
                }
                DataArray options = sub.getArray("options");
                for (int k = 0; k < options.length(); k++) {
                    if (options.getObject(k).getString("name").equals(option)) {
                        return options.getObject(k).getInt("max_length", 6000);
                    }
                }
            }
        }
        throw new AssertionError("no option /" + command + " " + subcommand + " " + option);
    }
}
