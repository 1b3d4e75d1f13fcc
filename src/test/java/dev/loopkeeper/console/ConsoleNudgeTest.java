package dev.loopkeeper.console;

import static dev.loopkeeper.support.ConsoleScript.assertShows;
import static dev.loopkeeper.support.ConsoleScript.run;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.loopkeeper.support.AppTestBase;
import org.junit.jupiter.api.Test;

/** {@code /nudge}, {@code /reflect} and {@code /reflections} in the console. */
class ConsoleNudgeTest extends AppTestBase {
    ConsoleNudgeTest() {
        super("2026-11-26T12:00:00Z"); // Thursday 26 November 2026
    }

    @Test
    void showPrintsTheNextRunAsTheConsoleSpellsMomentsInThePersonsZone() {
        String out = run(app, """
                /nudge show
                /nudge set day:sunday time:18:00
                /nudge set day:sunday time:18:00 zone:Europe/Berlin
                /nudge show
                /nudge set day:someday time:18:00
                /nudge set day:sunday time:teatime
                /nudge off
                /nudge show
                /nudge off
                """);
        assertShows(out,
                "You have no weekly nudge.",
                // No zone given: the console, one person on their own machine, takes the zone its dates are shown in.
                "Weekly nudge set: Sundays at 18:00 (UTC). The next one: Sun 29 Nov 18:00 UTC, in 3 days. You gave no "
                        + "time zone, so it follows UTC, the zone this console shows dates in, which is your zone now "
                        + "(quiet hours too); add zone:, such as zone:Europe/Berlin, to change it.",
                "Weekly nudge set: Sundays at 18:00 (Europe/Berlin). The next one: "
                        + "Sun 29 Nov 18:00 CET, in 3 days.",
                "Your weekly nudge: Sundays at 18:00 (Europe/Berlin). The next one: "
                        + "Sun 29 Nov 18:00 CET, in 3 days.",
                "'someday' is not a day I can read.",
                "'teatime' is not a time I can read.",
                "Weekly nudge off.",
                "Your weekly nudge is off; it was Sundays at 18:00 (Europe/Berlin).",
                "Your weekly nudge was already off.");
    }

    @Test
    void aNudgeSetWithoutAZoneTakesTheConsolesOnceAndAZoneGivenBeforeWithoutSayingSo() {
        String out = run(app, """
                /nudge set day:monday time:09:00
                /nudge set day:friday time:17:00
                """);
        assertEquals(1, out.split("You gave no time zone", -1).length - 1, "said once: " + out);
        assertShows(out, "Weekly nudge set: Fridays at 17:00 (UTC).");
        assertEquals(java.util.Optional.of(java.time.ZoneId.of("UTC")),
                app.settings().givenZone(ConsoleFront.LOCAL_USER));

        out = run(app, "/focus quiet from:22:00 to:07:00 zone:Asia/Tokyo\n/nudge set day:monday time:09:00\n");
        assertShows(out, "Weekly nudge set: Mondays at 09:00 (Asia/Tokyo).");
        assertFalse(out.contains("You gave no time zone"), out);
    }

    @Test
    void aZoneAloneWithNoQuietHoursIsSavedAndTheDatesAndTheNudgeFollowIt() {
        String out = run(app, """
                /nudge set day:sunday time:18:00 zone:UTC
                /focus quiet zone:Asia/Tokyo
                /nudge show
                /focus show
                """);
        assertShows(out, "Your time zone is Asia/Tokyo now: your weekly nudge and the weekly review follow it. You have "
                        + "no quiet hours to move; /focus quiet from:22:00 to:08:00 sets some.",
                "Your weekly nudge: Sundays at 18:00 (Asia/Tokyo). The next one: Sun 29 Nov 18:00 JST, in 3 days.",
                "No quiet hours: reminders come when they match.");
        assertFalse(out.contains("Quiet hours need a start and an end"), out);
    }

    @Test
    void anOffsetIsReadAsPeopleWriteItWithOneDigitForTheHourAndUtcOrGmtInFront() {
        String out = run(app, """
                /focus quiet zone:+05:30
                /focus quiet zone:+5:30
                /focus quiet zone:UTC+5:30
                /focus quiet zone:utc+5
                /focus quiet zone:GMT -3:30
                /nudge set day:sunday time:18:00
                /focus quiet zone:+5:3
                /focus quiet zone:+19
                """);
        assertShows(out, "Your time zone is +05:30 now",
                "Your time zone is UTC+05:30 now",
                "Your time zone is UTC+05:00 now",
                "Your time zone is GMT-03:30 now",
                "Weekly nudge set: Sundays at 18:00 (GMT-03:30). The next one: Sun 29 Nov 18:00 GMT-03:30, in 3 days.",
                "'+5:3' is not a time zone I know.",
                "'+19' is not a time zone I know.");
        assertEquals(2, out.split("Your time zone is \\+05:30 now", -1).length - 1, out);
    }

    @Test
    void aNudgeWhoseTimeCameIsPrintedByTheConsoleAndADiscordUsersNudgeInTheSameDatabaseIsLeftToTheBot() {
        run(app, """
                /park concept:Kalman filter
                /nudge set day:sunday time:18:00 zone:UTC
                """);
        // Someone on Discord, in the same database, with a nudge due at the same time.
        app.nudges().set("4242", "sunday", "18:00", "UTC", null);
        clock.advance(java.time.Duration.ofDays(3).plusHours(7)); // Sunday 29 November, 19:00 UTC

        String out = run(app, """
                /nudge show
                """);
        int sent = out.indexOf("Your weekly nudge\nThis week: 1 parked");
        assertTrue(sent >= 0 && sent < out.indexOf("Your weekly nudge: Sundays at 18:00"), "printed at start " + out);
        assertTrue(!out.contains("The next one: Sun 29 Nov"), "never a past time as the next one: " + out);
        assertShows(out, "The next one: Sun 6 Dec 18:00 UTC, in 7 days.");
        assertEquals(1, out.split("This week: 1 parked", -1).length - 1, "sent once " + out);
        assertEquals(java.util.Optional.of(java.time.Instant.parse("2026-11-29T18:00:00Z")),
                app.nudges().schedule("4242").flatMap(dev.loopkeeper.nudge.NudgeSchedule::nextRun)
                        .map(java.time.ZonedDateTime::toInstant), "the Discord user's nudge is the bot's to send");
        assertEquals(0, app.outbox().scheduledCount("4242"));
        // The bot's job hands it to delivery; a console started now, in a new process, neither prints nor takes it,
        // and does not print its own nudge again.
        assertEquals(1, app.nudges().enqueueDue());
        assertEquals(1, app.outbox().scheduledCount("4242"));
        restart();
        String again = run(app, "/loops\n");
        assertTrue(!again.contains("This week:"), "nothing sent twice, nothing of someone else's " + again);
        assertEquals(1, app.outbox().scheduledCount("4242"), "still the bot's to send");
    }

    @Test
    void aBotOnTheSameDatabaseLeavesTheConsolePersonsDueNudgeAndMailToTheConsole() {
        run(app, """
                /park concept:Kalman filter
                /nudge set day:sunday time:18:00 zone:UTC
                """);
        clock.advance(java.time.Duration.ofDays(3).plusHours(6).plusMinutes(1)); // Sunday 18:01
        // The bot's delivery job runs every few seconds beside the console (it sent the nudge to a Discord id that
        // cannot exist, held it after three tries, and no console ever printed it).
        app.sendDue();
        assertEquals(0, app.outbox().scheduledCount(ConsoleFront.LOCAL_USER), "not taken by the bot");
        assertEquals(0L, (long) app.database().read(sql -> sql.queryLong(
                "SELECT COUNT(*) FROM outbox WHERE recipient_id = ?", ConsoleFront.LOCAL_USER)));

        String out = run(app, "/loops\n");

        assertTrue(out.contains("Your weekly nudge\nThis week: 1 parked"), "printed by the console " + out);
    }

    @Test
    void aReflectionOnALoopMergedAwayIsSavedOnTheLoopThatHoldsIt() {
        String out = run(app, """
                /park concept:alpha
                /park concept:epsilon
                /reflect loop:alpha text:alpha reflection
                /merge loop:alpha into:epsilon
                /reflect loop:alpha text:after merge
                /reflections loop:epsilon
                /reflections loop:alpha
                """);
        assertShows(out, "Saved on epsilon (#2), which holds alpha since it was merged. /reflections lists what you "
                + "wrote.", "Your reflections (2)\n- epsilon (#2, 26 Nov 2026)");
        assertTrue(out.contains("after merge") && out.contains("alpha reflection"), out);
        // The merged loop's reflections are found where they went.
        assertEquals(2, out.split("Your reflections \\(2\\)", -1).length - 1, out);
        String none = run(app, "/park concept:MTU\n/reflections loop:MTU\n");
        assertShows(none, "No reflections on that loop yet. /reflect loop:<its #> text:<your answer> answers a weekly "
                + "nudge's question (/nudge now shows this week's).");
    }

    @Test
    void aLoopParkedOverAYearAgoIsOverAYearOldNotSixtyWeeks() {
        run(app, "/park concept:Kalman filter\n/triage loop:Kalman filter class:core\n");
        clock.advance(java.time.Duration.ofDays(7 * 60));
        String out = run(app, "/nudge now\n");
        assertShows(out, "1 loop open, the oldest over a year.", "Oldest core: Kalman filter (over a year)");
        assertFalse(out.contains("60 weeks"), out);
    }

    @Test
    void moreUntouchedLoopsThanANudgeOffersAreCounted() {
        StringBuilder script = new StringBuilder();
        for (int i = 1; i <= 7; i++) {
            script.append("/park concept:side quest ").append(i).append('\n')
                    .append("/triage loop:side quest ").append(i).append(" class:peripheral\n");
        }
        run(app, script.toString());
        clock.advance(java.time.Duration.ofDays(60));
        String out = run(app, "/nudge now\n");
        assertShows(out, "These peripheral loops rested for weeks: side quest 1; side quest 2; side quest 3; side quest 4; "
                + "side quest 5 (and 2 more, offered in turn in the weeks to come).");
    }

    @Test
    void aNudgeShowTypedAsTheNudgeFallsDueNamesTheNextOneAndTheNudgePrintsUnderIt() {
        run(app, "/park concept:Kalman filter\n/nudge set day:sunday time:18:00 zone:UTC\n");
        // The console is open while the nudge falls due: the next line is read after it.
        java.io.BufferedReader in = new java.io.BufferedReader(new java.io.StringReader("/nudge show\n")) {
            private boolean waited;

            @Override
            public String readLine() throws java.io.IOException {
                if (!waited) {
                    waited = true;
                    clock.advance(java.time.Duration.ofDays(3).plusHours(7)); // Sunday 29 November, 19:00 UTC
                }
                return super.readLine();
            }
        };
        java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
        app.console().run(in, new java.io.PrintStream(bytes, true, java.nio.charset.StandardCharsets.UTF_8), false);
        String out = bytes.toString(java.nio.charset.StandardCharsets.UTF_8);
        int answer = out.indexOf(
                "Your weekly nudge: Sundays at 18:00 (UTC). The next one: Sun 6 Dec 18:00 UTC, in 7 days.");
        int nudge = out.indexOf("Your weekly nudge\nThis week: 1 parked");
        assertTrue(answer >= 0 && nudge > answer, out);
    }

    @Test
    void untouchedPeripheralLoopsAreOfferedAndKeepRestartsTheirClock() {
        run(app, """
                /park concept:medieval siege engines
                /triage loop:1 class:peripheral
                /park concept:origami
                /triage loop:2 class:peripheral
                /park concept:Kalman filter
                """);
        clock.advance(java.time.Duration.ofDays(60));
        String out = run(app, """
                /nudge now
                /keep loop:kalman
                /keep loop:siege
                /close loop:origami outcome:let go
                /nudge now
                """);
        assertShows(out,
                "These peripheral loops rested for weeks: medieval siege engines; origami.",
                "To keep one: /keep loop:<its name>.",
                "#3 is not peripheral, so no nudge offers to let it go and there is nothing to keep.",
                "Kept 1 loop. It will not be offered again until it rests another stretch untouched.");
        int second = out.lastIndexOf("Your weekly nudge (a preview)");
        assertTrue(!out.substring(second).contains("rested for weeks"), "kept or let go: not offered again " + out);
    }

    @Test
    void snoozeUntilTheWeeklyReviewEndsAtTheNextNudge() {
        String out = run(app, """
                /nudge set day:sunday time:18:00 zone:UTC
                /park concept:Kalman filter
                /focus set text:tracking a drone with a Kalman filter
                /remind loop:1 action:snooze until:review
                """);
        assertTrue(out.contains("Snoozed Kalman filter until your weekly nudge (Sun 29 Nov 18:00 UTC, in 3 days)."),
                out);
    }

    @Test
    void nowPrintsTheNudgeAndReflectSavesAnAnswer() {
        String out = run(app, """
                /park concept:reverse-mode autodiff
                /close loop:1 outcome:learned takeaway:the chain rule, backwards
                /nudge now
                /reflect loop:1 text:it falls out of the chain rule and caching
                /reflect loop:1 text:
                /reflect loop:autodiff text:found by a word of the closed loop
                /reflect loop:99 text:nowhere
                /reflections
                /reflections loop:1
                /reflections loop:nothing like it
                """);
        assertShows(out,
                "Your weekly nudge (a preview)",
                "This week: 1 parked, 0 triaged, 0 resurfaced, 1 closed.",
                "reverse-mode autodiff: learned (the chain rule, backwards)",
                "Answer: /reflect loop:1 text:<your answer>",
                "Saved on reverse-mode autodiff.",
                "I can't find that among your loops, open or closed.",
                "Your reflections (2)",
                "it falls out of the chain rule and caching");
        assertEquals(2, app.nudges().reflections(ConsoleFront.LOCAL_USER, "1").size(),
                "the empty answer saved nothing");
    }

    @Test
    void utcReadsAsUtcNotAsTheOffsetsZ() {
        String out = run(app, """
                /focus quiet from:22:00 to:07:00 zone:Z
                /nudge set day:sunday time:18:00
                /focus show
                """);

        assertShows(out, "Quiet hours set: 22:00 to 07:00 (UTC).",
                "Weekly nudge set: Sundays at 18:00 (UTC). The next one: Sun 29 Nov 18:00 UTC, in 3 days.");
        assertTrue(!out.contains("(Z)"), out);
    }

    @Test
    void aNudgeADayLateWhenTheConsoleLooksIsSkippedAsTheBotSkipsIt() {
        run(app, "/nudge set day:sunday time:18:00 zone:UTC\n");
        // Sunday 29 November 18:00 passes with no console looking; the next one starts Monday at 19:00, 25 hours on.
        clock.advance(java.time.Duration.ofDays(4).plusHours(7));
        String out = run(app, "/nudge show\n");
        assertTrue(!out.contains("This week:"), "more than a day late: skipped " + out);
        assertShows(out, "The next one: Sun 6 Dec 18:00 UTC");
    }
}
