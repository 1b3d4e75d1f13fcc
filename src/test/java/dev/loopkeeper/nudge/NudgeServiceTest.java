package dev.loopkeeper.nudge;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.loopkeeper.Loopkeeper;
import dev.loopkeeper.common.InvalidInputException;
import dev.loopkeeper.delivery.Courier;
import dev.loopkeeper.loop.LoopStatus;
import dev.loopkeeper.loop.LoopStore;
import dev.loopkeeper.loop.OpenLoop;
import dev.loopkeeper.loop.Origin;
import dev.loopkeeper.loop.Outcome;
import dev.loopkeeper.loop.Phase;
import dev.loopkeeper.loop.ParkRequest;
import dev.loopkeeper.loop.ParkResult;
import dev.loopkeeper.loop.Triage;
import dev.loopkeeper.support.MutableClock;
import dev.loopkeeper.support.TestApp;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.HashSet;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Nudge schedules on a real database: set, show and off; due nudges handed to the outbox once, also after restarts
 * and with two Loopkeepers on one database file; catch-up after downtime; no drift; varied prompts; zones; curiosity
 * bankruptcy; reflections; "snooze until the weekly review".
 */
class NudgeServiceTest {
    private static final String ADA = "ada";
    @TempDir
    Path folder;
    /** Thursday 26 November 2026, 12:00 UTC. */
    private final MutableClock clock = MutableClock.at("2026-11-26T12:00:00Z");

    private static OpenLoop park(Loopkeeper app, String owner, String concept) {
        return ((ParkResult.Parked) app.loops().park(new ParkRequest(owner, concept, null, Origin.none()))).loop();
    }

    private static RecordingCourier courier(Loopkeeper app) {
        RecordingCourier courier = new RecordingCourier();
        app.outbox().attach(courier);
        return courier;
    }

    private void advanceTo(String iso) {
        Instant target = Instant.parse(iso);
        clock.advance(Duration.between(clock.instant(), target));
    }

    @Test
    void aZoneGivenForQuietHoursMovesTheNudgeToo() {
        try (Loopkeeper app = TestApp.open(folder, clock)) {
            NudgeService nudges = app.nudges();
            nudges.set(ADA, "Sunday", "18:00", "Europe/Berlin", null);

            app.settings().setQuietHours(ADA, "22:00", "07:00", "Asia/Tokyo");

            NudgeSchedule moved = nudges.schedule(ADA).orElseThrow();
            assertEquals(ZoneId.of("Asia/Tokyo"), moved.slot().zone(), "one zone per person");
            assertEquals("2026-11-29T18:00+09:00[Asia/Tokyo]", moved.nextRun().orElseThrow().toString());
            // Quiet hours without a zone keep it; a nudge that is off stays off, in the new zone (/nudge show says it).
            app.settings().setQuietHours(ADA, "23:00", "07:00", null);
            assertEquals(moved, nudges.schedule(ADA).orElseThrow());
            assertTrue(nudges.off(ADA));
            app.settings().setQuietHours(ADA, "23:00", "07:00", "America/New_York");
            assertFalse(nudges.schedule(ADA).orElseThrow().on());
            assertEquals(ZoneId.of("America/New_York"), nudges.schedule(ADA).orElseThrow().slot().zone());
            assertEquals("2026-11-29T18:00-05:00[America/New_York]",
                    nudges.set(ADA, "Sunday", "18:00", null, null).nextRun().orElseThrow().toString());
        }
    }

    @Test
    void aNudgeIsOffUntilSetAndShowsItsNextRunInItsZone() {
        try (Loopkeeper app = TestApp.open(folder, clock)) {
            NudgeService nudges = app.nudges();
            assertTrue(nudges.schedule(ADA).isEmpty());
            NudgeSchedule set = nudges.set(ADA, "Sunday", "18:00", "Europe/Berlin", null);
            assertEquals("2026-11-29T18:00+01:00[Europe/Berlin]", set.nextRun().orElseThrow().toString());
            assertEquals(set, nudges.schedule(ADA).orElseThrow());
            assertTrue(nudges.off(ADA));
            assertFalse(nudges.schedule(ADA).orElseThrow().on());
            assertFalse(nudges.off(ADA), "already off");
            // Off means nothing is sent when the slot comes.
            RecordingCourier courier = courier(app);
            advanceTo("2026-11-29T17:00:30Z");
            app.sendDue();
            assertTrue(courier.sent().isEmpty());
        }
    }

    @Test
    void badDayTimeAndZoneAreRefusedSayingWhatToType() {
        try (Loopkeeper app = TestApp.open(folder, clock)) {
            NudgeService nudges = app.nudges();
            assertTrue(assertThrows(InvalidInputException.class, () -> nudges.set(ADA, "funday", "18:00",
                    "Europe/Berlin", null)).getMessage().contains("'funday' is not a day"));
            // "s" could be Saturday or Sunday; "t" Tuesday or Thursday.
            assertTrue(assertThrows(InvalidInputException.class, () -> nudges.set(ADA, "s", "18:00", "Europe/Berlin",
                    null)).getMessage().contains("not a day"));
            assertTrue(assertThrows(InvalidInputException.class, () -> nudges.set(ADA, "sun", "25:00", "Europe/Berlin",
                    null)).getMessage().contains("'25:00' is not a time I can read. Use HH:MM"));
            assertTrue(assertThrows(InvalidInputException.class, () -> nudges.set(ADA, "sun", "18:00", "Mars/Olympus",
                    null)).getMessage().contains("'Mars/Olympus' is not a time zone I know"));
            assertTrue(assertThrows(InvalidInputException.class, () -> nudges.set(ADA, "sun", "18:00", "", null))
                    .getMessage().contains("Which time zone"));
            assertTrue(nudges.schedule(ADA).isEmpty(), "nothing was saved");
            assertEquals("2026-11-28T09:05-05:00[America/New_York]", nudges.set(ADA, "SAT", "9:05",
                    "America/New_York", null).nextRun().orElseThrow().toString());
        }
    }

    @Test
    void settingsSavedForAnotherReasonGiveNoZoneSoTheServersDefaultStillApplies() {
        try (Loopkeeper app = TestApp.open(folder, clock)) {
            // A "not relevant" click raises the bar through the same write; it had stored UTC as the person's zone,
            // and the nudge then took UTC over the server's default without asking.
            app.settings().updatePerson("bob", s -> new dev.loopkeeper.settings.PersonSettings("bob", s.quietHours(),
                    s.givenZone(), s.followWorklog(), s.thresholdOffset() + 0.02));
            app.settings().setFollowWorklog("bob", true);
            app.settings().quietHours("bob", false, "22:00", "07:00", null); // hours given without a zone
            app.settings().clearQuietHours("bob");
            assertEquals(java.util.Optional.empty(), app.settings().givenZone("bob"));
            assertTrue(assertThrows(InvalidInputException.class, () -> app.nudges().set("bob", "fri", "07:15", null,
                    null)).getMessage().contains("Which time zone"));
            app.digests().setDefaultZone("42", "America/Santiago");
            assertEquals(ZoneId.of("America/Santiago"), app.nudges().set("bob", "fri", "07:15", null, "42").slot()
                    .zone());
            assertEquals(0.02, app.settings().person("bob").thresholdOffset(), 1e-9, "the other settings kept");
            assertTrue(app.settings().person("bob").followWorklog());
        }
    }

    @Test
    void oneZonePerPersonTheQuietHoursZoneThenTheServersDefault() {
        try (Loopkeeper app = TestApp.open(folder, clock)) {
            NudgeService nudges = app.nudges();
            app.settings().setQuietHours(ADA, "22:00", "07:00", "Asia/Tokyo");
            assertEquals(ZoneId.of("Asia/Tokyo"), nudges.set(ADA, "monday", "08:00", null, null).slot().zone());
            // Setting a zone here sets it for quiet hours too.
            nudges.set(ADA, "monday", "08:00", "Europe/Lisbon", null);
            assertEquals(ZoneId.of("Europe/Lisbon"), app.settings().person(ADA).zone());
            assertEquals(ZoneId.of("Europe/Lisbon"), app.settings().person(ADA).quietHours().orElseThrow().zone());
            // Someone who never gave a zone takes the server's default, which then becomes theirs.
            app.digests().setDefaultZone("42", "America/Santiago");
            assertEquals(ZoneId.of("America/Santiago"), nudges.set("bob", "fri", "07:15", null, "42").slot().zone());
            assertEquals(ZoneId.of("America/Santiago"), app.settings().person("bob").zone());
            assertThrows(InvalidInputException.class, () -> nudges.set("cy", "fri", "07:15", null, "43"));
        }
    }

    @Test
    void aScheduleThatCannotBeReadStopsNobodyElsesNudge() {
        try (Loopkeeper app = TestApp.open(folder, clock)) {
            RecordingCourier courier = courier(app);
            app.nudges().set(ADA, "sunday", "18:00", "UTC", null);
            app.nudges().set("bob", "sunday", "17:00", "UTC", null);
            // Bob's row as a newer JVM (a zone this one does not know) or an unchecked import could leave it.
            app.database().inTransaction(sql -> sql.update(
                    "UPDATE nudge_schedule SET zone = 'Foo/Bar' WHERE owner_id = 'bob'"));
            advanceTo("2026-11-29T18:00:20Z");

            app.sendDue();

            assertEquals(1, courier.nudgesTo(ADA).size(), "Ada's nudge goes; Bob's row is left out with a warning");
            assertTrue(courier.nudgesTo("bob").isEmpty());
        }
    }

    @Test
    void aFullBatchOfSchedulesThatCannotBeReadStopsNobodyElsesNudge() {
        try (Loopkeeper app = TestApp.open(folder, clock)) {
            RecordingCourier courier = courier(app);
            app.nudges().set(ADA, "sunday", "18:00", "UTC", null);
            // A batch's worth of rows a newer JVM (a zone this one does not know) could leave, all due before Ada's.
            long before = Instant.parse("2026-11-29T17:00:00Z").toEpochMilli();
            app.database().inTransaction(sql -> {
                for (int i = 0; i < NudgeService.CLAIM_BATCH; i++) {
                    sql.update("""
                            INSERT INTO nudge_schedule (owner_id, weekday, local_time, zone, slot_local, next_run,
                                                        updated_at)
                            VALUES (?, 7, '17:00', 'Foo/Bar', '2026-11-29T17:00', ?, ?)""",
                            "p" + i, before, before);
                }
                return null;
            });
            advanceTo("2026-11-29T18:00:20Z");

            app.sendDue();

            assertEquals(1, courier.nudgesTo(ADA).size(), "Ada's nudge goes, after the rows that cannot be read");
        }
    }

    @Test
    void aNudgeMovedJustAfterItCameWaitsForTheWeekAfterAndOneMovedHalfAWeekOnComes() {
        try (Loopkeeper app = TestApp.open(folder, clock)) {
            RecordingCourier courier = courier(app);
            app.nudges().set(ADA, "sunday", "18:00", "UTC", null);
            advanceTo("2026-11-29T18:00:20Z");
            app.sendDue();
            assertEquals(1, courier.nudgesTo(ADA).size());
            // A minute later, or Monday: one nudge a week, so the moved one waits for the week after.
            assertEquals("2026-12-06T18:01Z[UTC]",
                    app.nudges().set(ADA, "sunday", "18:01", "UTC", null).nextRun().orElseThrow().toString());
            assertEquals("2026-12-07T09:00Z[UTC]",
                    app.nudges().set(ADA, "monday", "09:00", "UTC", null).nextRun().orElseThrow().toString());
            advanceTo("2026-11-30T09:00:30Z");
            app.sendDue();
            assertEquals(1, courier.nudgesTo(ADA).size(), "not a second nudge the next day");
            // Half a week or more after the last one comes this week.
            assertEquals("2026-12-03T18:00Z[UTC]",
                    app.nudges().set(ADA, "thursday", "18:00", "UTC", null).nextRun().orElseThrow().toString());
        }
    }

    @Test
    void aNudgeMovedToAnotherDayLooksBackToWhereTheLastOneEndedNeitherRepeatingNorSkippingDays() {
        try (Loopkeeper app = TestApp.open(folder, clock)) {
            RecordingCourier courier = courier(app);
            app.nudges().set(ADA, "sunday", "18:00", "UTC", null);
            park(app, ADA, "category theory"); // Thursday 26 November: told of on Sunday
            advanceTo("2026-11-29T18:00:20Z");
            app.sendDue();
            advanceTo("2026-12-01T10:00:00Z");
            app.nudges().set(ADA, "thursday", "18:00", "UTC", null);
            advanceTo("2026-12-03T18:00:20Z");
            app.sendDue();

            List<Nudge> sent = courier.nudgesTo(ADA);
            assertEquals(2, sent.size());
            assertEquals(sent.get(0).weekTo(), sent.get(1).weekFrom(), "from where the last one ended");
            assertEquals(1, sent.get(0).week().parked());
            assertEquals(0, sent.get(1).week().parked(), "category theory was told of on Sunday");
            String text = NudgeMessages.nudge(sent.get(1), n -> "", "");
            assertTrue(text.contains("Since your last nudge (4 days): 0 parked, 0 triaged, 0 resurfaced, 0 closed."),
                    text);
            assertTrue(text.contains("Nothing closed or started since your last nudge, so no questions."), text);

            // Moved to Monday, whose first one (7 December) the bot misses by more than a day, down: the next one
            // reaches back over the eleven days, so nothing is left out.
            app.nudges().set(ADA, "monday", "09:00", "UTC", null);
            advanceTo("2026-12-07T10:00:00Z");
            park(app, ADA, "Raft consensus");
            advanceTo("2026-12-08T10:00:00Z");
            app.sendDue();
            assertEquals(2, courier.nudgesTo(ADA).size(), "skipped, more than a day late");
            advanceTo("2026-12-14T09:00:20Z");
            app.sendDue();
            Nudge late = courier.nudgesTo(ADA).get(2);
            assertEquals(sent.get(1).weekTo(), late.weekFrom());
            assertEquals(1, late.week().parked());
            assertTrue(NudgeMessages.nudge(late, n -> "", "").contains("Since your last nudge (11 days): 1 parked"));
        }
    }

    /** A Sunday 18:00 nudge in Berlin, the week before its clocks go back, sent (the courier records it). */
    private RecordingCourier berlinNudgeSentOnOctober24(Loopkeeper app) {
        RecordingCourier courier = courier(app);
        app.nudges().set(ADA, "sunday", "18:00", "Europe/Berlin", null);
        advanceTo("2027-10-24T16:00:20Z");
        app.sendDue();
        return courier;
    }

    @Test
    void acrossBerlinsClockChangesAWeekOnTheWallClockIsStillThisWeek() {
        advanceTo("2027-10-18T00:00:00Z");
        try (Loopkeeper app = TestApp.open(folder, clock)) {
            RecordingCourier courier = berlinNudgeSentOnOctober24(app);
            // Sunday 31 October 2027 at 03:00 CEST the clocks go back an hour: 18:00 is 169 hours after the last one.
            advanceTo("2027-10-31T17:00:20Z");
            app.sendDue();
            Nudge autumn = courier.nudgesTo(ADA).get(1);
            assertEquals(Duration.ofHours(169), Duration.between(autumn.weekFrom(), autumn.weekTo()));
            String text = NudgeMessages.nudge(autumn, n -> "", "");
            assertTrue(text.contains("\nThis week: 0 parked, 0 triaged, 0 resurfaced, 0 closed."), text);
            assertTrue(text.contains("Nothing closed or started this week, so no questions."), text);

            // Sunday 26 March 2028 at 02:00 CET they go forward: 18:00 is 167 hours after the last one.
            advanceTo("2028-03-18T00:00:00Z");
            app.nudges().set(ADA, "sunday", "18:00", "Europe/Berlin", null);
            park(app, ADA, "Kalman filter"); // back after months: the nudge is weekly again (three quiet ones went)
            advanceTo("2028-03-19T17:00:20Z");
            app.sendDue();
            advanceTo("2028-03-26T16:00:20Z");
            app.sendDue();
            Nudge spring = courier.nudgesTo(ADA).get(3);
            assertEquals(Duration.ofHours(167), Duration.between(spring.weekFrom(), spring.weekTo()));
            text = NudgeMessages.nudge(spring, n -> "", "");
            assertTrue(text.contains("\nThis week: 0 parked"), text);
            assertTrue(text.contains("Nothing closed or started this week, so no questions."), text);
        }
    }

    @Test
    void aWeekSkippedAcrossTheAutumnChangeIsToldOfByTheNextNudge() {
        advanceTo("2027-10-18T00:00:00Z");
        try (Loopkeeper app = TestApp.open(folder, clock)) {
            RecordingCourier courier = berlinNudgeSentOnOctober24(app);
            advanceTo("2027-10-27T12:00:00Z");
            park(app, ADA, "Raft consensus");
            // The bot is down over 31 October's nudge for more than a day: skipped.
            advanceTo("2027-11-02T12:00:00Z");
            app.sendDue();
            assertEquals(1, courier.nudgesTo(ADA).size(), "skipped, more than a day late");
            // Two weeks on the wall clock, and the hour the clocks went back: 337 hours.
            advanceTo("2027-11-07T17:00:20Z");
            app.sendDue();
            List<Nudge> sent = courier.nudgesTo(ADA);
            assertEquals(sent.get(0).weekTo(), sent.get(1).weekFrom(), "from where the last one ended");
            assertEquals(1, sent.get(1).week().parked(), "Raft consensus, parked in the skipped week");
            String text = NudgeMessages.nudge(sent.get(1), n -> "", "");
            assertTrue(text.contains("Since your last nudge (14 days): 1 parked"), text);
        }
    }

    @Test
    void aDueNudgeGoesOutOnceAndTheNextOneKeepsItsWallClockSlot() {
        try (Loopkeeper app = TestApp.open(folder, clock)) {
            RecordingCourier courier = courier(app);
            app.nudges().set(ADA, "sunday", "18:00", "Europe/Berlin", null);
            advanceTo("2026-11-29T16:59:59Z");
            app.sendDue();
            assertTrue(courier.nudgesTo(ADA).isEmpty(), "a second early");
            advanceTo("2026-11-29T17:00:20Z");
            app.sendDue();
            app.sendDue();
            assertEquals(1, courier.nudgesTo(ADA).size());
            // The job ran 20 seconds late; the next slot is still 18:00 local, a week on (no drift).
            assertEquals("2026-12-06T18:00+01:00[Europe/Berlin]",
                    app.nudges().schedule(ADA).orElseThrow().nextRun().orElseThrow().toString());
            // Across the spring change, 30 weeks later, still 18:00 local, one nudge a week (to someone who parks each
            // week: one who does nothing gets one every four weeks after three).
            for (int week = 0; week < 30; week++) {
                park(app, ADA, dev.loopkeeper.support.Concepts.get(week));
                clock.advance(Duration.ofDays(7));
                app.sendDue();
            }
            assertEquals(31, courier.nudgesTo(ADA).size());
            assertEquals("18:00", app.nudges().schedule(ADA).orElseThrow().nextRun().orElseThrow().toLocalTime()
                    .toString());
        }
    }

    @Test
    void afterDowntimeANudgeLessThanADayLateIsSentOnceAndOneMoreThanADayLateIsSkipped() {
        RecordingCourier first;
        try (Loopkeeper app = TestApp.open(folder, clock)) {
            app.nudges().set(ADA, "sunday", "18:00", "Europe/Berlin", null);
        }
        // The bot was down over Sunday's slot; it starts 20 hours later, twice in a row.
        advanceTo("2026-11-30T13:00:00Z");
        try (Loopkeeper app = TestApp.open(folder, clock)) {
            first = courier(app);
            app.sendDue();
        }
        try (Loopkeeper app = TestApp.open(folder, clock)) {
            RecordingCourier second = courier(app);
            app.sendDue();
            assertEquals(1, first.nudgesTo(ADA).size());
            assertTrue(second.nudgesTo(ADA).isEmpty(), "the second start-up sends nothing again");
            assertEquals("2026-12-06T18:00+01:00[Europe/Berlin]",
                    app.nudges().schedule(ADA).orElseThrow().nextRun().orElseThrow().toString());
        }
        // Down again, now for three days past the next slot: that nudge is skipped, the one after is scheduled.
        advanceTo("2026-12-09T18:00:00Z");
        try (Loopkeeper app = TestApp.open(folder, clock)) {
            RecordingCourier third = courier(app);
            app.sendDue();
            assertTrue(third.nudgesTo(ADA).isEmpty(), "more than a day late: skipped");
            assertEquals("2026-12-13T18:00+01:00[Europe/Berlin]",
                    app.nudges().schedule(ADA).orElseThrow().nextRun().orElseThrow().toString());
        }
        // Down for more than a week: the slot it stored is long gone, but the latest one (Sunday 20 December, 18:00
        // in Berlin) came 16 hours ago, so that one is sent, once.
        advanceTo("2026-12-21T09:00:00Z");
        try (Loopkeeper app = TestApp.open(folder, clock)) {
            RecordingCourier fourth = courier(app);
            app.sendDue();
            assertEquals(1, fourth.nudgesTo(ADA).size(), "the latest slot, less than a day ago");
            assertEquals(Instant.parse("2026-12-20T17:00:00Z"), fourth.nudgesTo(ADA).get(0).weekTo());
            assertEquals("2026-12-27T18:00+01:00[Europe/Berlin]",
                    app.nudges().schedule(ADA).orElseThrow().nextRun().orElseThrow().toString());
            app.sendDue();
            assertEquals(1, fourth.nudgesTo(ADA).size(), "once");
        }
    }

    @Test
    void twoLoopkeepersOnOneDatabaseFileSendEachNudgeOnce() throws Exception {
        int people = 60;
        try (Loopkeeper a = TestApp.open(folder, clock); Loopkeeper b = TestApp.open(folder, clock)) {
            for (int i = 0; i < people; i++) {
                a.nudges().set("p" + i, "sunday", "18:00", "Europe/Berlin", null);
            }
            RecordingCourier ca = courier(a);
            RecordingCourier cb = courier(b);
            advanceTo("2026-11-29T17:00:30Z");
            CountDownLatch go = new CountDownLatch(1);
            ExecutorService pool = Executors.newFixedThreadPool(4);
            try {
                List<Future<?>> runs = List.of(
                        pool.submit(() -> await(go, a::sendDue)), pool.submit(() -> await(go, b::sendDue)),
                        pool.submit(() -> await(go, a::sendDue)), pool.submit(() -> await(go, b::sendDue)));
                go.countDown();
                for (Future<?> run : runs) {
                    run.get(60, TimeUnit.SECONDS);
                }
            } finally {
                pool.shutdownNow();
            }
            for (int i = 0; i < people; i++) {
                int sent = ca.nudgesTo("p" + i).size() + cb.nudgesTo("p" + i).size();
                assertEquals(1, sent, "p" + i);
            }
            assertTrue(ca.sent().size() + cb.sent().size() == people);
        }
    }

    private static void await(CountDownLatch go, Runnable work) {
        try {
            go.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return;
        }
        work.run();
    }

    @Test
    void closedDirectMessagesHoldTheNudgeForTheNextCommandNeverInAServerChannel() {
        try (Loopkeeper app = TestApp.open(folder, clock)) {
            RecordingCourier courier = courier(app);
            courier.answerDirect(Courier.Outcome.DMS_CLOSED);
            app.nudges().set(ADA, "sunday", "18:00", "Europe/Berlin", null);
            advanceTo("2026-11-29T17:00:30Z");
            app.sendDue();
            assertEquals(1, app.outbox().heldCount(ADA));
            assertTrue(courier.sent().stream().allMatch(s -> s.where().equals("dm")));
            assertEquals(1, app.outbox().takeHeld(ADA).size());
        }
    }

    @Test
    void theNudgeSumsUpTheWeekAndAsksAboutWhatMoved() {
        try (Loopkeeper app = TestApp.open(folder, clock)) {
            OpenLoop old = park(app, ADA, "category theory");
            app.triage().classify(ADA, old.id(), Triage.CORE);
            clock.advance(Duration.ofDays(20));
            OpenLoop closed = park(app, ADA, "reverse-mode autodiff");
            OpenLoop bloom = park(app, ADA, "bloom filters");
            app.triage().classify(ADA, bloom.id(), Triage.ADJACENT);
            // A snooze moves the old core loop's updated_at, not its triage date: it does not count as triaged.
            app.loops().snooze(ADA, old.id(), clock.instant().plus(Duration.ofDays(1)), null);
            app.loops().close(ADA, closed.id(), Outcome.LEARNED, "it is the chain rule, applied backwards");
            Nudge nudge = app.nudges().preview(ADA);
            assertTrue(nudge.preview());
            assertEquals(2, nudge.week().parked());
            assertEquals(1, nudge.week().triaged());
            assertEquals(1, nudge.week().closedCount());
            assertEquals("reverse-mode autodiff", nudge.week().closed().get(0).concept());
            assertEquals(2, nudge.openCount());
            assertEquals("category theory", nudge.oldestCore().get(0).concept());
            assertEquals(closed.id(), nudge.prompts().get(0).loopId(), "the closed loop is asked about first");
            assertTrue(nudge.prompts().get(0).text().contains("reverse-mode autodiff"));
            String text = NudgeMessages.nudge(nudge, n -> "", "");
            assertTrue(text.contains("This week: 2 parked, 1 triaged, 0 resurfaced, 1 closed."), text);
            assertTrue(text.contains("reverse-mode autodiff: learned (it is the chain rule, applied backwards)"), text);
            assertTrue(text.contains("2 loops open, the oldest 3 weeks. Open loops are allowed to exist."), text);
            assertTrue(text.contains("Oldest core: category theory (3 weeks)"), "20 days, as /loops rounds them: " + text);
        }
    }

    @Test
    void resurfacedCountsRemindersThatCameBackNotOnesStillWaiting() {
        try (Loopkeeper app = TestApp.open(folder, clock)) {
            courier(app);
            park(app, ADA, "Kalman filter");
            app.settings().setQuietHours(ADA, "00:00", "23:59", "UTC");
            app.focus().set(ADA, "tracking a drone with a Kalman filter", java.util.Optional.empty(),
                    dev.loopkeeper.focus.FocusSource.COMMAND, null, null);
            String waiting = NudgeMessages.nudge(app.nudges().preview(ADA), n -> "", "");
            assertTrue(waiting.contains("0 resurfaced"), waiting);
            assertTrue(waiting.contains("1 loop open, the oldest under a day."), waiting);

            app.settings().clearQuietHours(ADA);

            String shown = NudgeMessages.nudge(app.nudges().preview(ADA), n -> "", "");
            assertTrue(shown.contains("1 resurfaced"), shown);
        }
    }

    @Test
    void promptsVaryAndNeverRepeatTwoWeeksRunning() {
        try (Loopkeeper app = TestApp.open(folder, clock)) {
            RecordingCourier courier = courier(app);
            app.nudges().set(ADA, "sunday", "18:00", "UTC", null);
            Set<String> seen = new HashSet<>();
            Set<String> previous = Set.of();
            for (int week = 0; week < 8; week++) {
                // Two concepts learned each week.
                for (int i = 0; i < 2; i++) {
                    OpenLoop loop = park(app, ADA, "concept " + week + "-" + i);
                    app.loops().close(ADA, loop.id(), i == 0 ? Outcome.LEARNED : Outcome.APPLIED, null);
                }
                // A preview midweek does not let last week's questions back in.
                app.nudges().preview(ADA);
                Instant slot = app.nudges().nextNudge(ADA).orElseThrow();
                clock.advance(Duration.between(clock.instant(), slot).plusSeconds(30));
                app.sendDue();
                List<Nudge> sent = courier.nudgesTo(ADA);
                Nudge nudge = sent.get(sent.size() - 1);
                assertEquals(2, nudge.prompts().size(), "week " + week);
                Set<String> keys = new HashSet<>();
                nudge.prompts().forEach(p -> keys.add(p.key()));
                assertEquals(2, keys.size(), "two different questions");
                for (String key : keys) {
                    assertFalse(previous.contains(key), "week " + week + " repeats " + key + " from last week");
                }
                seen.addAll(keys);
                previous = keys;
                // A retry of the same nudge shows the same questions: they were kept.
                assertEquals(nudge.prompts(), app.nudges().load(nudge.id()).orElseThrow().prompts());
                clock.advance(Duration.ofHours(1));
            }
            assertTrue(seen.size() >= 5, "varied: " + seen);
        }
    }

    @Test
    void letThemGoClosesAndKeepRestartsTheirClock() {
        try (Loopkeeper app = TestApp.open(folder, clock)) {
            OpenLoop a = park(app, ADA, "medieval siege engines");
            OpenLoop b = park(app, ADA, "origami tessellations");
            OpenLoop core = park(app, ADA, "paxos");
            app.triage().classify(ADA, a.id(), Triage.PERIPHERAL);
            app.triage().classify(ADA, b.id(), Triage.PERIPHERAL);
            app.triage().classify(ADA, core.id(), Triage.CORE);
            clock.advance(Duration.ofDays(7 * 8 - 1));
            assertTrue(app.nudges().preview(ADA).untouched().isEmpty(), "not yet eight weeks");
            clock.advance(Duration.ofDays(2));
            List<Long> offered = app.nudges().preview(ADA).untouched().stream().map(Nudge.LoopLine::loopId).toList();
            assertEquals(List.of(a.id(), b.id()), offered, "peripheral only, oldest first");
            assertEquals(1, app.nudges().keep(ADA, List.of(b.id())));
            assertEquals(1, app.nudges().letGo(ADA, List.of(a.id())));
            assertEquals(0, app.nudges().letGo(ADA, List.of(a.id())), "already let go");
            assertEquals(Outcome.LET_GO, app.loops().find(ADA, a.id()).orElseThrow().outcome());
            assertTrue(app.nudges().preview(ADA).untouched().isEmpty(), "kept: not offered next week");
            assertTrue(app.loops().find(ADA, b.id()).orElseThrow().isOpen(), "nothing deleted");
            assertEquals(0, app.nudges().letGo("mallory", List.of(b.id())), "someone else's loop");
            clock.advance(Duration.ofDays(7 * 8 + 1));
            assertEquals(List.of(b.id()), app.nudges().preview(ADA).untouched().stream().map(Nudge.LoopLine::loopId)
                    .toList(), "kept eight weeks ago: offered again");
        }
    }

    /**
     * Someone who lets the offer be: each untouched loop comes up in turn, those offered least recently first. The list
     * was read afresh each week, oldest touch first, so the same five came every week and the others never did.
     */
    @Test
    void untouchedLoopsAreOfferedInTurnToSomeoneWhoLetsTheOfferBe() {
        try (Loopkeeper app = TestApp.open(folder, clock)) {
            RecordingCourier courier = courier(app);
            List<Long> resting = new ArrayList<>();
            for (int i = 0; i < 12; i++) {
                OpenLoop loop = park(app, ADA, dev.loopkeeper.support.Concepts.get(i));
                app.triage().classify(ADA, loop.id(), Triage.PERIPHERAL);
                resting.add(loop.id());
            }
            clock.advance(Duration.ofDays(7 * 8 + 1));
            app.nudges().set(ADA, "sunday", "18:00", "UTC", null);
            for (int week = 0; week < 4; week++) {
                // A park a week: the person uses Loopkeeper (so the nudge stays weekly), only not these loops.
                park(app, ADA, dev.loopkeeper.support.Concepts.get(20 + week));
                clock.advance(Duration.between(clock.instant(), app.nudges().nextNudge(ADA).orElseThrow())
                        .plusSeconds(20));
                app.sendDue();
            }
            List<List<Long>> offered = courier.nudgesTo(ADA).stream().map(n -> n.untouched().stream()
                    .map(Nudge.LoopLine::loopId).toList()).toList();
            // Each nudge's five are listed oldest touch first.
            assertEquals(List.of(resting.subList(0, 5), resting.subList(5, 10),
                    List.of(resting.get(0), resting.get(1), resting.get(2), resting.get(10), resting.get(11)),
                    resting.subList(3, 8)), offered, "never offered first, then the least recently offered");
            assertEquals(12, courier.nudgesTo(ADA).get(3).untouchedCount());
            // Shown again (a retry), a nudge offers what it offered; a preview shows what the next one will offer.
            Nudge last = courier.nudgesTo(ADA).get(3);
            assertEquals(offered.get(3), app.nudges().load(last.id()).orElseThrow().untouched().stream()
                    .map(Nudge.LoopLine::loopId).toList());
            List<Long> preview = app.nudges().preview(ADA).untouched().stream().map(Nudge.LoopLine::loopId).toList();
            assertEquals(List.of(resting.get(8), resting.get(9), resting.get(0), resting.get(1), resting.get(2)),
                    preview, "offered two weeks ago, then three weeks ago");
            assertEquals(preview, app.nudges().preview(ADA).untouched().stream().map(Nudge.LoopLine::loopId).toList(),
                    "a preview offers nothing of its own");
        }
    }

    @Test
    void letThemGoLeavesALoopOpenedOrClassedOtherwiseSinceTheNudgeOfferedIt() {
        try (Loopkeeper app = TestApp.open(folder, clock)) {
            OpenLoop a = park(app, ADA, "medieval siege engines");
            OpenLoop b = park(app, ADA, "origami tessellations");
            OpenLoop c = park(app, ADA, "bell ringing methods");
            for (OpenLoop loop : List.of(a, b, c)) {
                app.triage().classify(ADA, loop.id(), Triage.PERIPHERAL);
            }
            clock.advance(Duration.ofDays(7 * 8 + 1));
            List<Long> offered = app.nudges().preview(ADA).untouched().stream().map(Nudge.LoopLine::loopId).toList();
            assertEquals(List.of(a.id(), b.id(), c.id()), offered);
            // The next day, before the click: one is opened, one is classed core.
            clock.advance(Duration.ofDays(1));
            app.loops().activate(ADA, a.id());
            app.triage().classify(ADA, b.id(), Triage.CORE);

            assertEquals(1, app.nudges().letGo(ADA, offered), "only the one still resting untouched");
            assertEquals(0, app.nudges().letGo(ADA, offered), "clicked again: nothing more, and no error");

            assertEquals(LoopStatus.ACTIVE, app.loops().find(ADA, a.id()).orElseThrow().status(), "worked on: kept");
            assertTrue(app.loops().find(ADA, b.id()).orElseThrow().isParked(), "core now: kept");
            assertEquals(Outcome.LET_GO, app.loops().find(ADA, c.id()).orElseThrow().outcome());
        }
    }

    @Test
    void reflectionsAreSavedOnTheLoopTheQuestionWasAbout() {
        try (Loopkeeper app = TestApp.open(folder, clock)) {
            OpenLoop loop = park(app, ADA, "transformers");
            app.loops().close(ADA, loop.id(), Outcome.APPLIED, null);
            Nudge nudge = app.nudges().preview(ADA);
            Prompt asked = nudge.prompts().get(0);
            Reflection saved = app.nudges().reflect(ADA, nudge.id(), 0, "  attention is a soft lookup table  ");
            assertEquals("attention is a soft lookup table", saved.answer());
            assertEquals(asked.text(), saved.prompt());
            assertThrows(InvalidInputException.class, () -> app.nudges().reflect("mallory", nudge.id(), 0, "mine"));
            assertThrows(InvalidInputException.class, () -> app.nudges().reflect(ADA, nudge.id(), 5, "no such"));
            assertTrue(assertThrows(InvalidInputException.class, () -> app.nudges().reflect(ADA, nudge.id(), 0, " "))
                    .getMessage().contains("needs some words"));
            assertTrue(assertThrows(InvalidInputException.class, () -> app.nudges().reflect(ADA, nudge.id(), 0,
                    "x".repeat(NudgeService.MAX_REFLECTION + 1))).getMessage().contains("nothing was saved"));
            // Typed for a closed loop by number (the console): it answers the latest question about it.
            Reflection typed = app.nudges().reflect(ADA, "#" + loop.id(), "second thought");
            assertEquals(asked.text(), typed.prompt());
            List<Reflection> all = app.nudges().reflections(ADA, String.valueOf(loop.id()));
            assertEquals(List.of("second thought", "attention is a soft lookup table"),
                    all.stream().map(Reflection::answer).toList());
            assertTrue(app.nudges().reflections("mallory", null).isEmpty());
        }
    }

    @Test
    void theSameAnswerSentTwiceIsOneReflectionButALaterOrDifferentOneIsKept() {
        try (Loopkeeper app = TestApp.open(folder, clock)) {
            OpenLoop loop = park(app, ADA, "transformers");
            app.loops().close(ADA, loop.id(), Outcome.APPLIED, null);
            Nudge nudge = app.nudges().preview(ADA);

            Reflection first = app.nudges().reflect(ADA, nudge.id(), 0, "attention is a soft lookup table");
            // Discord keeps the form open when the answer was slow or failed: the person sends it again.
            clock.advance(Duration.ofSeconds(40));
            Reflection again = app.nudges().reflect(ADA, nudge.id(), 0, "attention is a soft lookup table");
            assertEquals(first.id(), again.id(), "saved once");
            app.nudges().reflect(ADA, nudge.id(), 0, "attention weighs values by similarity");
            clock.advance(NudgeService.RESUBMIT_WINDOW.plusMinutes(1));
            app.nudges().reflect(ADA, nudge.id(), 0, "attention is a soft lookup table"); // said again, later

            assertEquals(3, app.nudges().reflectionCount(ADA, String.valueOf(loop.id())));
        }
    }

    @Test
    void aLoopNamedForItsReflectionsIsLookedForFirstAmongTheLoopsReflectedOn() {
        try (Loopkeeper app = TestApp.open(folder, clock)) {
            OpenLoop filter = park(app, ADA, "Kalman filter");
            app.loops().close(ADA, filter.id(), Outcome.LEARNED, null);
            OpenLoop ekf = park(app, ADA, "extended Kalman filter");
            app.loops().close(ADA, ekf.id(), Outcome.APPLIED, null);
            app.nudges().reflect(ADA, "#" + filter.id(), "the gain weighs model against sensor");
            app.nudges().reflect(ADA, "#" + ekf.id(), "linearise around the estimate");
            park(app, ADA, "Kalman smoother");

            assertEquals(List.of("Kalman filter", "extended Kalman filter"),
                    app.loops().suggestReflected(ADA, "kalm").stream().map(LoopStore.LoopName::concept).toList(),
                    "the closed loops reflected on, the closest match first; the open smoother holds none");
            assertEquals("the gain weighs model against sensor",
                    app.nudges().reflections(ADA, "kalman filter").get(0).answer(), "the exact name");
            String both = assertThrows(InvalidInputException.class, () -> app.nudges().reflections(ADA, "kalman"))
                    .getMessage();
            assertTrue(both.startsWith("'kalman' fits 2 of your loops with reflections: "), both);
            assertTrue(app.nudges().reflections(ADA, "smoother").isEmpty(), "a loop without reflections: none");
            assertTrue(app.loops().suggestReflected("mallory", "").isEmpty());
        }
    }

    @Test
    void aReflectionsLengthIsCountedAsPeopleCountItAnEmojiOne() {
        try (Loopkeeper app = TestApp.open(folder, clock)) {
            OpenLoop loop = park(app, ADA, "transformers");
            app.loops().close(ADA, loop.id(), Outcome.APPLIED, null);
            Nudge nudge = app.nudges().preview(ADA);
            // 1,000 emoji are 1,000 characters (2,000 UTF-16 units), within the 1,500 as every other limit counts.
            String thousand = "\uD83E\uDDE0".repeat(1_000);
            assertEquals(thousand, app.nudges().reflect(ADA, nudge.id(), 0, thousand).answer());
            String tooLong = "\uD83E\uDDE0".repeat(1_000) + "x".repeat(501);
            assertEquals("That reflection is 1501 characters; the most is 1500. Shorten it and try again: nothing was "
                    + "saved.", assertThrows(InvalidInputException.class,
                            () -> app.nudges().reflect(ADA, nudge.id(), 0, tooLong)).getMessage());
        }
    }

    @Test
    void snoozeUntilTheWeeklyReviewEndsAtTheNextNudgeOrMondayNineInTheirZone() {
        try (Loopkeeper app = TestApp.open(folder, clock)) {
            app.settings().setQuietHours(ADA, "22:00", "07:00", "Europe/Berlin");
            assertEquals(Instant.parse("2026-11-30T08:00:00Z"), app.reminders().review(ADA).at());
            assertFalse(app.reminders().review(ADA).chosen());
            app.nudges().set(ADA, "sunday", "18:00", null, null);
            assertEquals(Instant.parse("2026-11-29T17:00:00Z"), app.reminders().review(ADA).at());
            assertTrue(app.reminders().review(ADA).chosen());
            app.nudges().off(ADA);
            assertNotEquals(true, app.reminders().review(ADA).chosen());
        }
    }

    @Test
    void aLoopBuiltWithThisWeekIsAskedTheSeedsReabstractionQuestions() {
        try (Loopkeeper app = TestApp.open(folder, clock)) {
            OpenLoop raft = park(app, ADA, "Raft consensus");
            app.loops().activate(ADA, raft.id());
            clock.advance(Duration.ofDays(2));
            app.loops().progress(ADA, raft.id(), Phase.INSTANTIATION, "a toy key-value store on Raft");
            Set<String> keys = new HashSet<>();
            for (int week = 0; week < 3; week++) {
                Nudge nudge = app.nudges().preview(ADA);
                assertEquals(raft.id(), nudge.prompts().get(0).loopId(), nudge.prompts().toString());
                keys.add(nudge.prompts().get(0).key());
                assertTrue(nudge.prompts().get(0).text().contains("Raft consensus"));
                clock.advance(Duration.ofHours(1));
            }
            assertTrue(Set.of("invent", "design-built", "author").containsAll(keys),
                    "instantiation asks the seed's questions: " + keys);
        }
    }

    @Test
    void previewsNeverCostABuiltLoopItsQuestionInTheWeeklyNudge() {
        try (Loopkeeper app = TestApp.open(folder, clock)) {
            RecordingCourier courier = courier(app);
            app.nudges().set(ADA, "sunday", "18:00", "UTC", null);
            // A busy week: loops started and parked, whose questions give the previews room to vary.
            for (String concept : List.of("Paxos", "Kalman filter", "B-tree indexes", "Bloom filters")) {
                app.loops().activate(ADA, park(app, ADA, concept).id());
            }
            park(app, ADA, "CRDTs");
            park(app, ADA, "gossip protocols");
            OpenLoop raft = park(app, ADA, "Raft consensus");
            clock.advance(Duration.ofHours(2));
            app.loops().progress(ADA, raft.id(), Phase.INSTANTIATION, "a toy key-value store on Raft");
            // Moved later than the build, and ranked ahead of it before: a close and a step back.
            clock.advance(Duration.ofHours(1));
            app.loops().close(ADA, park(app, ADA, "Lamport clocks").id(), Outcome.LEARNED, null);
            for (String concept : List.of("vector clocks", "Merkle trees")) {
                app.loops().progress(ADA, park(app, ADA, concept).id(), Phase.RE_ABSTRACTION, null);
            }
            // More previews than the built loop has questions: variety gives way, the built loop is still asked about.
            for (int i = 0; i < 6; i++) {
                Nudge preview = app.nudges().preview(ADA);
                assertEquals(raft.id(), preview.prompts().get(0).loopId(), "preview " + i + ": " + preview.prompts());
                clock.advance(Duration.ofMinutes(10));
            }
            Instant slot = app.nudges().nextNudge(ADA).orElseThrow();
            clock.advance(Duration.between(clock.instant(), slot).plusSeconds(30));
            app.sendDue();
            Nudge weekly = courier.nudgesTo(ADA).get(0);
            assertEquals(raft.id(), weekly.prompts().get(0).loopId(), weekly.prompts().toString());
            assertTrue(Set.of("invent", "design-built", "author").contains(weekly.prompts().get(0).key()));
        }
    }

    @Test
    void aLoopStuckInAbstractionForWeeksIsAskedToBuildTheSmallestThingThatUsesIt() {
        try (Loopkeeper app = TestApp.open(folder, clock)) {
            OpenLoop kalman = park(app, ADA, "Kalman filter");
            app.loops().activate(ADA, kalman.id());
            clock.advance(Duration.ofDays(10));
            assertTrue(app.nudges().preview(ADA).prompts().stream().noneMatch(p -> p.key().equals("build-it")),
                    "ten days in abstraction is not stuck");
            clock.advance(Duration.ofDays(12));
            Nudge nudge = app.nudges().preview(ADA);
            assertEquals(1, nudge.prompts().size(), nudge.prompts().toString());
            assertEquals("build-it", nudge.prompts().get(0).key());
            assertEquals("You have been reading about Kalman filter for weeks. What is the smallest thing you could "
                    + "build this week that uses it?", nudge.prompts().get(0).text());

            app.loops().progress(ADA, kalman.id(), Phase.INSTANTIATION, null);
            clock.advance(Duration.ofDays(8));
            assertTrue(app.nudges().preview(ADA).prompts().stream().noneMatch(p -> p.key().equals("build-it")),
                    "once built with, it is no longer stuck");
        }
    }

    /** A weekly nudge and the UTC instants it must go out at, in order. */
    private record Expected(String owner, String day, String time, String zone, List<String> sends) {
    }

    /**
     * Sets each nudge at {@code setAt}, then walks the clock over checkpoints: a second before each expected send, the
     * send itself (the due job run twice), and 61 minutes after it (where an ambiguous local time comes round again).
     * At every checkpoint each person has had exactly as many nudges as they have expected sends at or before it: none
     * early, none late, none twice, no week skipped; and after each send the schedule shows the next expected instant.
     */
    private void walk(String setAt, Expected... people) {
        advanceTo(setAt);
        try (Loopkeeper app = TestApp.open(folder, clock)) {
            RecordingCourier courier = courier(app);
            java.util.TreeSet<Instant> checkpoints = new java.util.TreeSet<>();
            for (Expected person : people) {
                app.nudges().set(person.owner(), person.day(), person.time(), person.zone(), null);
                assertEquals(Instant.parse(person.sends().get(0)), app.nudges().schedule(person.owner()).orElseThrow()
                        .nextRun().orElseThrow().toInstant(), person.owner() + "'s first run");
                for (String send : person.sends()) {
                    Instant at = Instant.parse(send);
                    checkpoints.addAll(List.of(at.minusSeconds(1), at, at.plus(Duration.ofMinutes(61))));
                }
            }
            for (Instant checkpoint : checkpoints) {
                advanceTo(checkpoint.toString());
                app.sendDue();
                app.sendDue();
                for (Expected person : people) {
                    List<Instant> sends = person.sends().stream().map(Instant::parse).toList();
                    long due = sends.stream().filter(s -> !s.isAfter(checkpoint)).count();
                    assertEquals(due, courier.nudgesTo(person.owner()).size(), person.owner() + " at " + checkpoint);
                    if (due > 0 && due < sends.size()) {
                        assertEquals(sends.get((int) due), app.nudges().schedule(person.owner()).orElseThrow()
                                .nextRun().orElseThrow().toInstant(), person.owner() + "'s next run at " + checkpoint);
                    }
                }
            }
        }
    }

    @Test
    void sydneysAprilChangeMovesTheSendAnHourLaterInUtcAndAnAmbiguousTimeGoesOnce() {
        // Southern hemisphere: on Sunday 4 April 2027 at 03:00 AEDT (+11) the clocks go back to 02:00 AEST (+10).
        walk("2027-03-22T00:00:00Z",
                new Expected("evening", "sunday", "18:00", "Australia/Sydney",
                        List.of("2027-03-28T07:00:00Z", "2027-04-04T08:00:00Z", "2027-04-11T08:00:00Z")),
                // 02:30 happens twice on 4 April (at +11, then at +10 an hour later): once, at the first.
                new Expected("repeated", "sunday", "02:30", "Australia/Sydney",
                        List.of("2027-03-27T15:30:00Z", "2027-04-03T15:30:00Z", "2027-04-10T16:30:00Z")));
    }

    @Test
    void sydneysOctoberChangeMovesTheSendAnHourEarlierInUtcAndAMissingTimeGoesAtTheFirstValidMinute() {
        // On Sunday 3 October 2027 at 02:00 AEST (+10) the clocks jump to 03:00 AEDT (+11): 02:30 does not exist.
        walk("2027-09-20T00:00:00Z",
                new Expected("evening", "sunday", "18:00", "Australia/Sydney",
                        List.of("2027-09-26T08:00:00Z", "2027-10-03T07:00:00Z", "2027-10-10T07:00:00Z")),
                // 03:00 AEDT is 16:00 UTC, not the 16:30 that java.time's plain shift to 03:30 would give.
                new Expected("skipped", "sunday", "02:30", "Australia/Sydney",
                        List.of("2027-09-25T16:30:00Z", "2027-10-02T16:00:00Z", "2027-10-09T15:30:00Z")));
    }

    @Test
    void newYorksSpringChangeKeepsTheWallClockAndAMissingTimeGoesAtThreeOClock() {
        // Sunday 14 March 2027 at 02:00 EST (-5) the clocks jump to 03:00 EDT (-4).
        walk("2027-03-01T00:00:00Z",
                new Expected("morning", "sunday", "09:00", "America/New_York",
                        List.of("2027-03-07T14:00:00Z", "2027-03-14T13:00:00Z", "2027-03-21T13:00:00Z")),
                new Expected("skipped", "sunday", "02:30", "America/New_York",
                        List.of("2027-03-07T07:30:00Z", "2027-03-14T07:00:00Z", "2027-03-21T06:30:00Z")));
    }

    @Test
    void newYorksAutumnChangeKeepsTheWallClockAndAnAmbiguousTimeGoesOnce() {
        // Sunday 7 November 2027 at 02:00 EDT (-4) the clocks go back to 01:00 EST (-5): 01:30 happens twice.
        walk("2027-10-25T00:00:00Z",
                new Expected("morning", "sunday", "09:00", "America/New_York",
                        List.of("2027-10-31T13:00:00Z", "2027-11-07T14:00:00Z", "2027-11-14T14:00:00Z")),
                new Expected("repeated", "sunday", "01:30", "America/New_York",
                        List.of("2027-10-31T05:30:00Z", "2027-11-07T05:30:00Z", "2027-11-14T06:30:00Z")));
    }

    @Test
    void santiagosChangesAtMidnightRepeatSaturdayEveningAndSkipSundaysFirstHour() {
        // Chile changes at midnight: on Sunday 4 April 2027 00:00 (-3) the clocks go back to Saturday 23:00 (-4),
        // so Saturday 23:30 happens twice; on Sunday 5 September 2027 00:00 (-4) they jump to 01:00 (-3).
        walk("2027-03-21T12:00:00Z",
                new Expected("evening", "saturday", "18:00", "America/Santiago",
                        List.of("2027-03-27T21:00:00Z", "2027-04-03T21:00:00Z", "2027-04-10T22:00:00Z")),
                new Expected("repeated", "saturday", "23:30", "America/Santiago",
                        List.of("2027-03-28T02:30:00Z", "2027-04-04T02:30:00Z", "2027-04-11T03:30:00Z")));
        walk("2027-08-23T00:00:00Z",
                new Expected("night", "sunday", "00:30", "America/Santiago",
                        List.of("2027-08-29T04:30:00Z", "2027-09-05T04:00:00Z", "2027-09-12T03:30:00Z")));
    }

    @Test
    void berlinsAutumnChangeKeepsEighteenHundredAndAnAmbiguousTimeGoesOnce() {
        // Sunday 31 October 2027 at 03:00 CEST (+2) the clocks go back to 02:00 CET (+1).
        walk("2027-10-18T00:00:00Z",
                new Expected("evening", "sunday", "18:00", "Europe/Berlin",
                        List.of("2027-10-24T16:00:00Z", "2027-10-31T17:00:00Z", "2027-11-07T17:00:00Z")),
                new Expected("repeated", "sunday", "02:30", "Europe/Berlin",
                        List.of("2027-10-24T00:30:00Z", "2027-10-31T00:30:00Z", "2027-11-07T01:30:00Z")));
    }
}
