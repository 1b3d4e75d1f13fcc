package dev.loopkeeper.console;

import static dev.loopkeeper.support.ConsoleScript.assertShows;
import static dev.loopkeeper.support.ConsoleScript.run;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.loopkeeper.Loopkeeper;
import dev.loopkeeper.loop.LoopFilter;
import dev.loopkeeper.loop.LoopStatus;
import dev.loopkeeper.loop.OpenLoop;
import dev.loopkeeper.support.AppTestBase;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** A reminder shown in the console is acted on by typing what Discord's buttons would do: {@code /remind}. */
class ConsoleRemindersTest extends AppTestBase {
    ConsoleRemindersTest() {
        // A Monday, 10:00 UTC: the next weekly review is Monday 9 March, 09:00.
        super("2026-03-02T10:00:00Z");
    }

    private static Map<String, LoopStatus> statuses(Loopkeeper app) {
        return app.loops().list(ConsoleFront.LOCAL_USER, LoopFilter.parse("all", null), 0, 20).loops().stream()
                .collect(Collectors.toMap(OpenLoop::concept, OpenLoop::status));
    }

    @Test
    void theHintSaysWhatToTypeAndSnoozeAsksHowLong() {
        String out = run(app, """
                /park concept:Kalman filter
                /park concept:B-tree indexes
                /park concept:Raft consensus
                /focus set text:tracking a drone with a Kalman filter
                /remind loop:1 action:snooze
                review
                /focus set text:building a B-tree index for my database
                /remind loop:2 action:not relevant
                /focus set text:implementing Raft consensus for leader election
                /remind loop:3 action:snooze
                /loops
                """);

        assertShows(out,
                "Kalman filter (#1)\nWhy now: shared words: kalman, filter\nParked ",
                "Act on it here: /remind loop:1 action:open (or action:snooze, action:not relevant, "
                        + "action:let go). It can also stay parked.",
                "Snooze Kalman filter for how long? Type week (1 week), focus (until this focus ends) "
                        + "or review (until the weekly review): Snoozed Kalman filter until the weekly review, Monday 09:00 "
                        + "UTC (Mon 9 Mar 09:00 UTC, in 7 days), as you have given no time zone. /nudge set picks your own "
                        + "day, time and zone.",
                "Noted: B-tree indexes won't come back for this focus");
        assertTrue(app.settings().person(ConsoleFront.LOCAL_USER).thresholdOffset() > 0, "not relevant is remembered");
        // The question's answer line was a command: nothing is snoozed, and the command still runs.
        assertTrue(out.contains("or review (until the weekly review): No answer, so nothing was snoozed.\nOpen loops (3)"),
                out);
    }

    /** The answer to "not relevant" on loop 1, vector clocks, with the line that takes it back. */
    private static final String NOTED = "Noted: vector clocks won't come back for this focus, and I'll be a little "
            + "more selective with your reminders.\nTyped by mistake? /remind loop:1 action:undo takes it back.\n";

    @Test
    void notRelevantTypedTwiceSaysTheSecondTimeThatItWasNotedAlready() {
        String out = run(app, """
                /park concept:vector clocks
                /focus set text:implementing vector clocks for my distributed store
                /remind loop:1 action:not relevant
                /remind loop:1 action:not relevant
                """);

        assertShows(out, NOTED + "vector clocks is marked not relevant for this focus already, so it won't come back for it. "
                        + "Nothing changed.");
        assertEquals(1, out.split("Noted:", -1).length - 1, "noted once: " + out);
        assertEquals(0.02, app.settings().person(ConsoleFront.LOCAL_USER).thresholdOffset(), 1e-9, "the bar rose once");
    }

    @Test
    void notRelevantTypedByMistakeIsTakenBackWithUndoOnce() {
        String out = run(app, """
                /park concept:vector clocks
                /focus set text:implementing vector clocks for my distributed store
                /remind loop:1 action:not relevant
                /remind loop:1 action:undo
                /remind loop:1 action:undo
                """);

        assertShows(out, NOTED + "Taken back: vector clocks may come back for this focus again, and your reminders are as selective as "
                + "before.\n"
                + "vector clocks is not marked not relevant for this focus, so there was nothing to take back. Nothing "
                + "changed.");
        assertEquals(0.0, app.settings().person(ConsoleFront.LOCAL_USER).thresholdOffset(), 1e-9, "the bar is back");
    }

    @Test
    void aLoopOpenedSinceItsReminderIsRefusedASnoozeBeforeTheQuestion() {
        String out = run(app, """
                /park concept:Kalman filter
                /focus set text:tracking a drone with a Kalman filter
                /open loop:1
                /remind loop:1 action:snooze
                week
                """);

        assertShows(out, "Kalman filter is open now (in abstraction): it is your work, and reminders leave it out. "
                + "Nothing was changed; /close ends it, and /reopen parks it again once closed.");
        assertFalse(out.contains("for how long?"), "refused before asking: " + out);
    }

    @Test
    void openLetGoAndSnoozeWithUntilActOnTheLoopTheReminderShowed() {
        String out = run(app, """
                /park concept:Kalman filter
                /park concept:B-tree indexes
                /park concept:Raft consensus
                /remind loop:2 action:open
                /focus set text:tracking a drone with a Kalman filter for:2d
                /remind loop:kalman action:dance
                /remind loop:1 action:OPEN
                /focus set text:building a B-tree index for my database
                /remind loop:2 action:Let Go
                /focus set text:implementing Raft consensus for leader election
                /remind loop:#3 action:snooze
                forever
                /remind loop:#3 action:snooze until:focus
                /loops
                /loops query:raft consensus
                """);

        assertShows(out,
                "No reminder shown here lists B-tree indexes (#2). Any open loop can be started with "
                        + "/open or ended with /close.",
                "action must be one of open, snooze, not relevant, let go, undo; got 'dance'.",
                "Kalman filter is active now.",
                "Let go of B-tree indexes. That is an answer too. Not what you meant? /reopen loop:2 brings it back.",
                "'forever' is not one of week, focus, review, so nothing was done. Type /remind loop:#3 action:snooze "
                        + "to be asked again.",
                "Snoozed Raft consensus until this focus ends.");
        // The list says why it stays out of reminders for now.
        assertTrue(out.lines().anyMatch(line -> line.contains("Raft consensus") && line.contains("snoozed until your focus “implementing Raft consensus for leader…” ends")),
                out);
        // So does a search that finds it.
        assertTrue(out.lines().anyMatch(line -> line.contains("#3 Raft consensus · snoozed until your focus “implementing "
                + "Raft consensus for leader…” ends · parked")), out);
        assertEquals(Map.of("Kalman filter", LoopStatus.ACTIVE, "B-tree indexes", LoopStatus.CLOSED,
                "Raft consensus", LoopStatus.OPEN), statuses(app));
    }
    @Test
    void aReminderShownBeforeARestartIsStillActedOnAndABadActionIsNamedFirst() {
        String before = run(app, """
                /park concept:Kalman filter
                /remind loop:1 action:dance
                /focus set text:tracking a drone with a Kalman filter
                /remind loop:1 action:open until:week
                """);
        assertShows(before, "action must be one of open, snooze, not relevant, let go, undo; got 'dance'.",
                "Act on it here: /remind loop:1 action:open",
                "until: says how long to snooze, so it goes with action:snooze only. Nothing was done.");

        restart();
        String after = run(app, """
                /remind loop:1 action:open
                /remind loop:1 action:open
                """);

        assertShows(after, "Kalman filter is active now.", "Kalman filter is already active, in abstraction since");
        assertEquals(LoopStatus.ACTIVE, statuses(app).get("Kalman filter"));
    }
    @Test
    void aMatchTheDailyLimitOrQuietHoursHoldBackIsSaidAtTheFocusChange() {
        String out = run(app, """
                /park concept:Kalman filter
                /park concept:B-tree indexes
                /park concept:Raft consensus
                /park concept:Huffman coding
                /focus set text:tracking a drone with a Kalman filter
                /focus set text:building a B-tree index for my database
                /focus set text:implementing Raft consensus for leader election
                /focus set text:compressing logs with Huffman coding
                """);
        // Monday 10:00 UTC: the next day with room is Tuesday, from midnight (no quiet hours yet).
        assertShows(out, "Focus set: compressing logs with Huffman coding (until you clear it). You have 4 active focus "
                + "items.\nA reminder waits for your next day with room, as today's daily limit is used: it comes Tue 3 Mar "
                + "00:00 UTC, in 14 hours, if this focus is still active then.");
        assertEquals(1, out.split("waits for your next day", -1).length - 1, "only the fourth is held: " + out);

        clock.advance(java.time.Duration.ofDays(1)); // a new day: the held one goes out, the cap has room again
        app.outbox().deliverDueFor(ConsoleFront.LOCAL_USER); // as the console does at its next command
        String quiet = run(app, """
                /park concept:Bloom filters
                /focus quiet from:00:00 to:23:59
                /focus set text:sizing a Bloom filter for my cache
                """);
        assertShows(quiet, "A reminder waits for your quiet hours to end: it comes Tue 3 Mar 23:59 UTC, in 14 hours, if "
                + "this focus is still active then.");
        String cleared = run(app, "/focus clear item:bloom\n");
        assertShows(cleared, "A reminder waiting for it (the daily limit or quiet hours) was withdrawn: its loops stay "
                + "parked and come back with work they fit.");
    }

    @Test
    void aMatchWaitingForQuietHoursThatOutlastTheFocusIsSaidNotToCome() {
        // Monday 10:00 UTC, quiet until 16:00: a focus for 2 hours ends first, and its reminder would be withdrawn.
        String out = run(app, """
                /focus quiet from:09:00 to:16:00 zone:UTC
                /park concept:Kalman filter
                /focus set text:tracking a drone with a Kalman filter for:2h
                /park concept:sourdough starter
                /focus set text:knitting a scarf for:3h
                """);

        assertShows(out, "Focus set: tracking a drone with a Kalman filter (until Mon 2 Mar 12:00 UTC, in 2 hours). It is "
                + "your only active focus.\nA reminder waits for your quiet hours to end (Mon 2 Mar 16:00 UTC, in 6 hours), "
                + "but this focus ends before then, so it won't be sent unless you set this focus again for longer or end "
                + "quiet hours sooner (/focus quiet).",
                // Nothing matched: the answer says what comes of any match, in place of "will come back to you".
                "Focus set: knitting a scarf (until Mon 2 Mar 13:00 UTC, in 3 hours). You have 2 active focus items. It "
                        + "ends before your quiet hours do (Mon 2 Mar 16:00 UTC), so no reminder will come for it unless "
                        + "you set it for longer or end quiet hours sooner (/focus quiet).");
        assertFalse(out.contains("will come back to you"), out);

        // Set again for longer, the same focus keeps its reminder, which now comes when the quiet hours end.
        String longer = run(app, "/focus set text:tracking a drone with a Kalman filter for:1d\n");
        assertShows(longer, "Focus refreshed: tracking a drone with a Kalman filter (until Tue 3 Mar 10:00 UTC, in 1 day). "
                + "You have 2 active focus items.\nA reminder waits for your quiet hours to end: it comes Mon 2 Mar 16:00 "
                + "UTC, in 6 hours, if this focus is still active then.");
        clock.advance(java.time.Duration.ofHours(7));
        assertShows(run(app, "/focus show\n"), "Kalman filter (#1)");
    }

    @Test
    void aConsoleOpenedAWeekLaterInQuietHoursPrintsWhatWaitedWhenTheyEndAndNoMoreThanTheDailyLimit() {
        // Monday 05:00 in New York; quiet hours 04:00 to 08:00. Four matches: three wait for 08:00, the fourth (the
        // daily limit is 3) for Tuesday.
        String out = run(app, """
                /focus quiet from:04:00 to:08:00 zone:America/New_York
                /park concept:Fenwick trees
                /park concept:Huffman coding
                /park concept:Rabin-Karp rolling hash
                /park concept:Bresenham's line algorithm
                /focus set text:computing prefix sums with a Fenwick tree
                /focus set text:compressing my logs with Huffman coding
                /focus set text:finding repeated lines with a Rabin-Karp rolling hash
                /focus set text:drawing lines with Bresenham's line algorithm on a microcontroller
                """);
        assertEquals(3, out.split("A reminder waits for your quiet hours to end", -1).length - 1, out);
        assertShows(out, "A reminder waits for your next day with room");

        // The console closed, and opened again a week later (across the change to summer time): Monday 06:00 EDT,
        // inside the same quiet hours.
        clock.advance(java.time.Duration.ofDays(7));
        restart();
        out = run(app, "/loops\n");
        assertFalse(out.contains("may be structurally relevant now"), "printed in quiet hours:\n" + out);

        clock.advance(java.time.Duration.ofHours(2).plusMinutes(1)); // 08:01 EDT: they ended
        out = run(app, "/loops\n");
        assertEquals(3, out.split("may be structurally relevant now", -1).length - 1, "the daily limit:\n" + out);
        assertFalse(out.contains("Bresenham's line algorithm (#4)"), out);

        clock.advance(java.time.Duration.ofDays(1));
        out = run(app, "/loops\n");
        assertShows(out, "Bresenham's line algorithm (#4)", "waited for your daily limit");
        assertEquals(1, out.split("may be structurally relevant now", -1).length - 1, out);
    }

    @Test
    void aLateReminderMovedByQuietHoursToAFullDayWaitsForTheNextDayWithRoom() {
        // Monday 12:00 in New York, quiet hours 22:00 to 07:00. Seven matches: three print now (Monday is full), three
        // wait for Tuesday 07:00 and the seventh for Wednesday.
        clock.advance(java.time.Duration.ofHours(7));
        String out = run(app, """
                /focus quiet from:22:00 to:07:00 zone:America/New_York
                /park concept:Fenwick trees
                /park concept:Huffman coding
                /park concept:Rabin-Karp rolling hash
                /park concept:Bresenham's line algorithm
                /park concept:Bloom filter
                /park concept:Levenshtein distance
                /park concept:sourdough starter
                /focus set text:computing prefix sums with a Fenwick tree
                /focus set text:compressing my logs with Huffman coding
                /focus set text:finding repeated lines with a Rabin-Karp rolling hash
                /focus set text:drawing lines with Bresenham's line algorithm on a microcontroller
                /focus set text:checking set membership with a Bloom filter
                /focus set text:fuzzy matching names by Levenshtein distance
                /focus set text:feeding a sourdough starter for rye bread
                """);
        assertEquals(3, out.split("may be structurally relevant now", -1).length - 1, out);
        assertEquals(4L, (long) app.database().read(sql -> sql.queryLong(
                "SELECT COUNT(*) FROM outbox WHERE kind = 'reminder' AND status = 'scheduled'")), out);
        // The one waiting for Wednesday was instead due Monday 21:30, not for the limit (as a reminder held for quiet
        // hours that ended then would be), and nothing sent it: the bot was down from 21:00.
        long latest = app.database().read(sql -> sql.queryLong("""
                SELECT o.id FROM outbox o WHERE o.kind = 'reminder' AND o.status = 'scheduled'
                 ORDER BY o.deliver_after DESC, o.id DESC LIMIT 1"""));
        app.database().write(sql -> {
            sql.update("UPDATE outbox SET deliver_after = ? WHERE id = ?",
                    java.time.Instant.parse("2026-03-03T02:30:00Z").toEpochMilli(), latest);
            sql.update("UPDATE reminder SET waited_for_cap = 0 WHERE id = (SELECT ref_id FROM outbox WHERE id = ?)",
                    latest);
        });

        // Found at 23:00, inside quiet hours: it lands on Tuesday, which has its three already.
        clock.advance(java.time.Duration.ofHours(11));
        restart();
        out = run(app, "/loops\n");
        assertFalse(out.contains("may be structurally relevant now"), "printed in quiet hours:\n" + out);
        clock.advance(java.time.Duration.ofHours(8).plusMinutes(1)); // Tuesday 07:01
        out = run(app, "/loops\n");
        assertEquals(3, out.split("may be structurally relevant now", -1).length - 1, "Tuesday's limit:\n" + out);
        clock.advance(java.time.Duration.ofDays(1)); // Wednesday 07:01
        out = run(app, "/loops\n");
        assertEquals(1, out.split("may be structurally relevant now", -1).length - 1, out);
        assertShows(out, "waited for your daily limit");
    }

    @Test
    void aWeeksSnoozeAcrossTheChangeToSummerTimeEndsAtTheSameTimeOfDay() {
        // Monday 2 March, 05:00 in New York; its clocks go forward on Sunday 8 March.
        String out = run(app, """
                /focus quiet zone:America/New_York
                /park concept:Kalman filter
                /focus set text:tracking a drone with a Kalman filter
                /remind loop:1 action:snooze until:week
                /loops
                """);
        assertShows(out, "Snoozed Kalman filter for a week, until Mon 9 Mar 05:00 EDT, in 7 days.",
                "#1 Kalman filter · snoozed until Mon 9 Mar 05:00 EDT");
    }

    @Test
    void aLoopSnoozedForAWeekPrintsAgainOnceTheWeekIsOverWhileItsFocusStaysActive() {
        String out = run(app, """
                /park concept:Kalman filter
                /focus set text:tracking a drone with a Kalman filter
                /remind loop:1 action:snooze until:week
                """);
        assertShows(out, "Snoozed Kalman filter for a week, until Mon 9 Mar 10:00 UTC, in 7 days.");

        clock.advance(java.time.Duration.ofDays(7).minusMinutes(1));
        assertFalse(run(app, "/loops\n").contains("Why now:"), "shown again before the snooze ended");
        clock.advance(java.time.Duration.ofMinutes(2));
        String later = run(app, "/loops\n");
        assertShows(later, "A loop you parked may be structurally relevant now, to tracking a drone with a Kalman filter:"
                + "\n\nKalman filter (#1)\nWhy now:");
        assertFalse(run(app, "/loops\n").contains("Why now:"), "shown again twice: " + later);
    }
}
