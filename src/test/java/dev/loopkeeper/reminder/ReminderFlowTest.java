package dev.loopkeeper.reminder;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.loopkeeper.Loopkeeper;
import dev.loopkeeper.config.ConfigLoader;
import dev.loopkeeper.focus.Focus;
import dev.loopkeeper.focus.FocusSource;
import dev.loopkeeper.loop.LoopStatus;
import dev.loopkeeper.loop.Merged;
import dev.loopkeeper.loop.OpenLoop;
import dev.loopkeeper.loop.Origin;
import dev.loopkeeper.loop.ParkRequest;
import dev.loopkeeper.loop.ParkResult;
import dev.loopkeeper.support.MutableClock;
import dev.loopkeeper.support.TestApp;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The whole relevance path with the real model and real SQLite: park, focus change, scoring, policy, delivery. */
class ReminderFlowTest {
    private static final String ADA = "ada";
    private static final String GUILD = "500";

    @TempDir
    Path folder;
    // A Monday, 10:00 UTC.
    private final MutableClock clock = MutableClock.at("2026-03-02T10:00:00Z");
    private final ScriptedNotifier notifier = new ScriptedNotifier();
    private Loopkeeper app;
    private Decision last;

    @BeforeEach
    void open() {
        app = TestApp.open(ConfigLoader.load(Map.of(ConfigLoader.DB, folder.resolve("lk.db").toString()), folder, false), clock);
        app.reminders().attach(notifier);
        // As in production, every focus change runs the matcher; here inline, keeping its decision.
        app.focus().connect(changed -> last = app.matcher().onFocus(changed));
    }

    @AfterEach
    void close() {
        app.close();
    }

    private OpenLoop park(String concept, String guildId) {
        return assertInstanceOf(ParkResult.Parked.class, app.loops().park(new ParkRequest(ADA, concept, null,
                Origin.channel(guildId, guildId == null ? null : "600")))).loop();
    }

    private Focus focus(String text) {
        return app.focus().set(ADA, text, Optional.empty(), FocusSource.COMMAND, null, null).focus();
    }

    private Decision decide(String text) {
        focus(text);
        return last;
    }

    @Test
    void aRelevantLoopFiresWithWhyAndAnUnrelatedOneDoesNot() {
        OpenLoop kalman = park("Kalman filter", GUILD);
        park("sourdough starter", GUILD);
        notifier.sent.clear();

        focus("tracking a drone with a Kalman filter");

        assertEquals(1, notifier.sent.size(), "one reminder for one focus change");
        Reminder reminder = notifier.sent.get(0).reminder();
        assertEquals("dm", notifier.sent.get(0).where());
        assertEquals(List.of(kalman.id()), reminder.items().stream().map(Reminder.Item::loopId).toList());
        assertTrue(reminder.items().get(0).reason().startsWith("shared words: kalman, filter"), reminder.items().get(0).reason());
        assertEquals(Reminder.DELIVERED, app.reminders().find(reminder.id()).orElseThrow().status());
    }

    @Test
    void nothingRelevantMeansNoReminder() {
        park("sourdough starter", null);
        Decision decision = decide("writing a diffusion model sampler");
        assertEquals(Decision.Kind.NO_MATCH, decision.kind());
        assertTrue(notifier.sent.isEmpty());
    }

    @Test
    void aLoopRestsSevenDaysAfterFiring() {
        park("B-tree indexes", null);
        assertEquals(Decision.Kind.REMINDED, decide("building a B-tree index for my database").kind());
        clock.advance(Duration.ofDays(6));
        assertEquals(Decision.Kind.NO_MATCH, decide("tuning B-tree indexes in Postgres").kind());
        clock.advance(Duration.ofDays(2));
        assertEquals(Decision.Kind.REMINDED, decide("tuning B-tree indexes in Postgres").kind());
    }

    @Test
    void atMostThreeRemindersADay() {
        park("Kalman filter", null);
        park("B-tree indexes", null);
        park("Raft consensus", null);
        park("CUDA warp scheduling", null);
        assertEquals(Decision.Kind.REMINDED, decide("tracking a drone with a Kalman filter").kind());
        assertEquals(Decision.Kind.REMINDED, decide("building a B-tree index for my database").kind());
        assertEquals(Decision.Kind.REMINDED, decide("implementing Raft consensus for leader election").kind());
        assertEquals(Decision.Kind.DAILY_CAP, decide("optimising CUDA warp scheduling in my kernel").kind());
        clock.advance(Duration.ofHours(14)); // past midnight UTC: a new day
        assertEquals(Decision.Kind.REMINDED, decide("optimising CUDA warp scheduling in my kernel").kind());
        assertEquals(4, notifier.sent.size());
    }

    @Test
    void quietHoursHoldTheReminderUntilTheyEndInThePersonsZone() {
        app.settings().setQuietHours(ADA, "22:00", "08:00", "Europe/Berlin");
        park("Kalman filter", null);
        clock.advance(Duration.ofHours(12)); // 22:00 UTC = 23:00 in Berlin
        Decision decision = decide("tracking a drone with a Kalman filter");
        assertEquals(Decision.Kind.REMINDED, decision.kind());
        assertTrue(notifier.sent.isEmpty(), "nothing during quiet hours");

        clock.advance(Duration.ofHours(8)); // 07:00 Berlin: still quiet
        app.reminders().deliverDue();
        assertTrue(notifier.sent.isEmpty());
        clock.advance(Duration.ofHours(1)); // 08:00 Berlin
        app.reminders().deliverDue();
        assertEquals(1, notifier.sent.size());
        assertEquals(decision.reminderId().orElseThrow(), notifier.sent.get(0).reminder().id());
    }

    @Test
    void snoozeKeepsALoopQuietUntilItsTime() {
        OpenLoop loop = park("Kalman filter", null);
        long reminder = decide("tracking a drone with a Kalman filter").reminderId().orElseThrow();
        app.reminders().act(ADA, reminder, loop.id(), ReminderAction.SNOOZE_REVIEW);
        // Next review: Monday 09:00 UTC, a week on (it is Monday 10:00 now). The cooldown would end sooner.
        assertEquals(Instant.parse("2026-03-09T09:00:00Z"),
                ReminderService.nextWeeklyReview(clock.instant(), app.settings().person(ADA)));
        clock.advance(Duration.ofDays(6).plusHours(22)); // Monday 08:00: cooldown is not over either
        assertEquals(Decision.Kind.NO_MATCH, decide("fusing IMU data with a Kalman filter").kind());
        clock.advance(Duration.ofDays(1)); // past both
        assertEquals(Decision.Kind.REMINDED, decide("fusing IMU data with a Kalman filter").kind());
    }

    @Test
    void snoozeUntilThisFocusEndsLastsAsLongAsTheFocus() {
        OpenLoop loop = park("Kalman filter", null);
        Focus drone = focus("tracking a drone with a Kalman filter");
        long reminder = app.reminders().find(1).orElseThrow().id();
        app.reminders().act(ADA, reminder, loop.id(), ReminderAction.SNOOZE_FOCUS);
        clock.advance(Duration.ofDays(8));
        assertEquals(Decision.Kind.NO_MATCH, decide("fusing IMU data with a Kalman filter").kind(), "the drone focus is still on");
        app.focus().clearOne(ADA, String.valueOf(drone.id()));
        assertEquals(Decision.Kind.REMINDED, decide("smoothing GPS tracks with a Kalman filter").kind());
    }

    @Test
    void notRelevantSuppressesThatPairAndRaisesThePersonsThreshold() {
        OpenLoop loop = park("Raft consensus", null);
        long reminder = decide("implementing Raft consensus for leader election").reminderId().orElseThrow();
        app.reminders().act(ADA, reminder, loop.id(), ReminderAction.NOT_RELEVANT);
        assertEquals(0.02, app.settings().person(ADA).thresholdOffset(), 1e-9);
        clock.advance(Duration.ofDays(30));
        assertEquals(Decision.Kind.NO_MATCH, decide("implementing Raft consensus for leader election").kind());
        assertEquals(Decision.Kind.REMINDED, decide("debugging Raft consensus log replication").kind(),
                "another focus may still bring it back");
    }

    @Test
    void openItNowAndLetItGoChangeTheLoop() {
        OpenLoop kalman = park("Kalman filter", null);
        OpenLoop btree = park("B-tree indexes", null);
        long first = decide("tracking a drone with a Kalman filter").reminderId().orElseThrow();
        assertEquals(LoopStatus.ACTIVE, app.reminders().act(ADA, first, kalman.id(), ReminderAction.OPEN).status());
        long second = decide("building a B-tree index for my database").reminderId().orElseThrow();
        assertEquals(LoopStatus.CLOSED, app.reminders().act(ADA, second, btree.id(), ReminderAction.LET_GO).status());
        assertThrowsNotFound(() -> app.reminders().act("mallory", second, btree.id(), ReminderAction.OPEN));
    }

    @Test
    void aRemindersButtonsStillWorkAfterARestart() {
        OpenLoop loop = park("Kalman filter", null);
        long reminder = decide("tracking a drone with a Kalman filter").reminderId().orElseThrow();
        app.close();
        open(); // a new process: nothing but the database carries over, as the buttons' ids carry only numbers
        assertEquals(LoopStatus.ACTIVE, app.reminders().act(ADA, reminder, loop.id(), ReminderAction.OPEN).status());
    }

    @Test
    void closedDirectMessagesFallBackToTheServerChannelOnlyForThatServersLoops() {
        app.settings().setReminderChannel(GUILD, "700");
        park("Kalman filter", GUILD);
        park("Kalman smoother", null); // parked in a DM: never shown in a server channel
        notifier.directOutcomes.add(ReminderNotifier.Outcome.DMS_CLOSED);

        Decision decision = decide("tracking a drone with a Kalman filter");

        assertEquals(2, decision.matches().size());
        assertEquals(List.of("dm", GUILD + "/700"), notifier.sent.stream().map(ScriptedNotifier.Sent::where).toList());
        Reminder posted = notifier.sent.get(1).reminder();
        assertEquals(List.of("Kalman filter"), posted.items().stream().map(Reminder.Item::concept).toList());
        long id = decision.reminderId().orElseThrow();
        assertEquals(Reminder.HELD, app.reminders().find(id).orElseThrow().status(), "the DM-parked loop still owed");
        List<Reminder> held = app.reminders().takeHeld(ADA);
        assertEquals(1, held.size());
        assertEquals(2, held.get(0).items().size());
        assertTrue(app.reminders().takeHeld(ADA).isEmpty(), "shown once");
    }

    @Test
    void aFailingDeliveryIsRetriedThenHeldNeverDropped() {
        park("Kalman filter", null);
        for (int i = 0; i < ReminderService.MAX_ATTEMPTS; i++) {
            notifier.directOutcomes.add(ReminderNotifier.Outcome.FAILED);
        }
        long id = decide("tracking a drone with a Kalman filter").reminderId().orElseThrow();
        assertEquals(Reminder.SCHEDULED, app.reminders().find(id).orElseThrow().status());
        clock.advance(Duration.ofMinutes(1));
        app.reminders().deliverDue();
        clock.advance(Duration.ofMinutes(5));
        app.reminders().deliverDue();
        assertEquals(3, notifier.sent.size());
        assertEquals(Reminder.HELD, app.reminders().find(id).orElseThrow().status());
        assertEquals(1, app.reminders().takeHeld(ADA).size());
    }

    @Test
    void vectorsAreStoredWithTheLoopAndRecomputedOnlyWhenTheModelChanges() {
        park("Kalman filter", null);
        park("B-tree indexes", null);
        assertEquals(0, app.relevance().reembedStale(), "parking already stored them");
        app.close();
        try (dev.loopkeeper.storage.Database db = dev.loopkeeper.storage.Database.open(folder.resolve("lk.db"))) {
            db.write(sql -> sql.update("UPDATE open_loop SET embedding_model = 'an-older-model'"));
        }
        open();
        assertEquals(2, app.relevance().reembedStale());
        assertEquals(0, app.relevance().reembedStale());
        assertEquals(Decision.Kind.REMINDED, decide("tracking a drone with a Kalman filter").kind());
    }

    @Test
    void aNearDuplicateIsSavedAtOnceAndNamesTheLoopItLooksCloseTo() {
        OpenLoop heads = park("attention heads", null);
        ParkResult.Parked near = assertInstanceOf(ParkResult.Parked.class,
                app.loops().park(new ParkRequest(ADA, "attention head", "multi-head attention", Origin.none())));
        assertEquals(heads.id(), near.closeTo().orElseThrow().id());
        assertEquals(2, near.openCount(), "nothing waits on an answer");
        Merged merged = app.loops().merge(ADA, near.loop().id(), heads.id());
        assertEquals(heads.id(), merged.into().id());
        assertEquals(1, app.loops().countOpen(ADA));
        ParkResult.Parked other = assertInstanceOf(ParkResult.Parked.class,
                app.loops().park(new ParkRequest(ADA, "backpropagation", null, Origin.none())));
        assertTrue(other.closeTo().isEmpty(), "a different concept is not a near-duplicate");
    }

    @Test
    void aReminderShowsEveryWhyTheLoopGathered() {
        app.loops().park(new ParkRequest(ADA, "Kalman filter", "my drone drifts", Origin.none()));
        app.loops().park(new ParkRequest(ADA, "kalman  filter", "sensor fusion at work", Origin.none()));
        focus("tracking a drone with a Kalman filter");
        assertEquals(1, notifier.sent.size());
        Reminder reminder = notifier.sent.get(0).reminder();
        assertEquals(List.of("my drone drifts", "sensor fusion at work"), reminder.items().get(0).whys());
        String text = new ReminderMessages(moment -> "then").reminder(reminder);
        assertTrue(text.contains("\n   Why it matters: my drone drifts · sensor fusion at work"), text);
    }

    @Test
    void aReminderIsSentOnceEvenWhenTheDeliveryJobRacesTheMatcherAndAfterACrashItIsDueAgain() {
        park("Kalman filter", null);
        clock.advance(Duration.ZERO);
        app.reminders().attach(new ReminderNotifier() {
            @Override
            public Outcome sendDirect(Reminder reminder) {
                // The delivery job wakes up while this attempt is under way: it must not send it again.
                assertEquals(0, app.reminders().deliverDue());
                return notifier.sendDirect(reminder);
            }

            @Override
            public Outcome sendToChannel(String guildId, String channelId, Reminder reminder) {
                return notifier.sendToChannel(guildId, channelId, reminder);
            }
        });
        focus("tracking a drone with a Kalman filter");
        assertEquals(1, notifier.sent.size());

        // A crash mid-attempt leaves it "sending"; start-up makes it due again.
        park("B-tree indexes", null);
        app.reminders().attach(new ReminderNotifier() {
            @Override
            public Outcome sendDirect(Reminder reminder) {
                throw new IllegalStateException("the process dies here");
            }

            @Override
            public Outcome sendToChannel(String guildId, String channelId, Reminder reminder) {
                throw new IllegalStateException("the process dies here");
            }
        });
        long interrupted = decide("building a B-tree index for my database").reminderId().orElseThrow();
        app.close();
        try (dev.loopkeeper.storage.Database db = dev.loopkeeper.storage.Database.open(folder.resolve("lk.db"))) {
            db.write(sql -> sql.update("UPDATE reminder SET status = 'sending', attempts = 0 WHERE id = ?", interrupted));
        }
        open();
        clock.advance(Duration.ofMinutes(1));
        app.reminders().deliverDue();
        assertEquals(Reminder.DELIVERED, app.reminders().find(interrupted).orElseThrow().status());
    }

    private static void assertThrowsNotFound(Runnable action) {
        try {
            action.run();
        } catch (dev.loopkeeper.common.InvalidInputException expected) {
            assertFalse(expected.getMessage().isEmpty());
            return;
        }
        throw new AssertionError("expected the action to be refused");
    }
}
