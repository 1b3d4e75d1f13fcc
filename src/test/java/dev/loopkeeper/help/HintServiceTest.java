package dev.loopkeeper.help;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.loopkeeper.Loopkeeper;
import dev.loopkeeper.delivery.Courier;
import dev.loopkeeper.delivery.Mail;
import dev.loopkeeper.focus.FocusSource;
import dev.loopkeeper.loop.Origin;
import dev.loopkeeper.loop.ParkRequest;
import dev.loopkeeper.support.MutableClock;
import dev.loopkeeper.support.TestApp;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The one-time hints under a park, on real SQLite: each shown once, the DM one only after the outbox saw 50007. */
class HintServiceTest {
    private static final String ADA = "100";
    private static final String BOB = "200";
    @TempDir
    Path folder;
    private final MutableClock clock = MutableClock.at("2026-03-01T10:00:00Z");

    /** Discord's side of delivery: every DM refused as closed (50007), no server channel. */
    private static final class ClosedDms implements Courier {
        int attempts;

        @Override
        public Outcome sendDirect(Mail mail) {
            attempts++;
            return Outcome.DMS_CLOSED;
        }

        @Override
        public Outcome sendToChannel(String guildId, String channelId, Mail mail) {
            return Outcome.CHANNEL_UNAVAILABLE;
        }
    }

    @Test
    void theFirstParkSaysHowItWorksOnceAndPersistsAcrossRestarts() {
        HelpMessages messages;
        try (Loopkeeper app = TestApp.open(folder, clock)) {
            messages = app.help();
            assertEquals(Optional.of(messages.firstPark(HelpMessages.Front.DISCORD, false)),
                    app.hints().afterPark(ADA, HelpMessages.Front.DISCORD));
            assertEquals(Optional.empty(), app.hints().afterPark(ADA, HelpMessages.Front.DISCORD));
            assertTrue(app.hints().afterPark(BOB, HelpMessages.Front.CONSOLE).orElseThrow().contains("it prints here"));
        }
        try (Loopkeeper app = TestApp.open(folder, clock)) {
            assertEquals(Optional.empty(), app.hints().afterPark(ADA, HelpMessages.Front.DISCORD), "remembered");
        }
        assertTrue(messages.firstPark(HelpMessages.Front.DISCORD, true).contains("at most 3 reminders a day"));
        assertTrue(new HelpMessages(7, 1).firstPark(HelpMessages.Front.DISCORD, true).contains("at most 1 reminder a day"),
                "an operator's limit of one");
    }

    @Test
    void theFirstParkWithoutAnActiveFocusSaysNothingComesBackUntilOneIsSet() {
        try (Loopkeeper app = TestApp.open(folder, clock)) {
            String unfocused = app.hints().afterPark(ADA, HelpMessages.Front.DISCORD).orElseThrow();
            assertTrue(unfocused.contains(HelpMessages.NO_FOCUS), unfocused);
            assertTrue(unfocused.contains("/focus set text:"), unfocused);

            app.focus().set(BOB, "implementing a Kalman filter", Optional.empty(), FocusSource.COMMAND, null, null);
            String focused = app.hints().afterPark(BOB, HelpMessages.Front.CONSOLE).orElseThrow();
            assertEquals(app.help().firstPark(HelpMessages.Front.CONSOLE, true), focused);
            assertFalse(focused.contains(HelpMessages.NO_FOCUS), focused);
        }
    }

    @Test
    void closedDmsSeenByTheOutboxAreExplainedOnceUnderTheNextPark() {
        try (Loopkeeper app = TestApp.open(folder, clock)) {
            app.hints().afterPark(ADA, HelpMessages.Front.DISCORD);
            assertFalse(app.outbox().directMessagesClosed(ADA), "nothing sent yet: nothing known");

            ClosedDms courier = new ClosedDms();
            app.outbox().attach(courier);
            app.loops().park(new ParkRequest(ADA, "Kalman filter", null, Origin.none()));
            app.focus().set(ADA, "implementing a Kalman filter for drone state estimation", Optional.empty(),
                    FocusSource.COMMAND, null, null);
            app.outbox().deliverDue();
            assertEquals(1, courier.attempts, "a reminder was tried by DM");
            assertTrue(app.outbox().directMessagesClosed(ADA));
            assertFalse(app.outbox().directMessagesClosed(BOB));

            assertEquals(Optional.of(HelpMessages.dmsClosed()), app.hints().afterPark(ADA, HelpMessages.Front.DISCORD));
            assertEquals(Optional.empty(), app.hints().afterPark(ADA, HelpMessages.Front.DISCORD), "once");
            // The console has no DMs: it never says so.
            assertFalse(app.hints().afterPark(BOB, HelpMessages.Front.CONSOLE).orElseThrow().contains("DMs"));
        }
    }

    @Test
    void aFirstParkAfterDmsWereFoundClosedSaysBothInTwoLines() {
        try (Loopkeeper app = TestApp.open(folder, clock)) {
            app.outbox().attach(new ClosedDms());
            app.loops().park(new ParkRequest(ADA, "Kalman filter", null, Origin.none()));
            app.focus().set(ADA, "implementing a Kalman filter", Optional.empty(), FocusSource.COMMAND, null, null);
            app.outbox().deliverDue();
            String hint = app.hints().afterPark(ADA, HelpMessages.Front.DISCORD).orElseThrow();
            assertEquals(app.help().firstPark(HelpMessages.Front.DISCORD, true) + "\n" + HelpMessages.dmsClosed(), hint);
        }
    }
}
