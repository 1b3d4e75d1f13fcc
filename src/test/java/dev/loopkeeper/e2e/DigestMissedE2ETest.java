package dev.loopkeeper.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.loopkeeper.e2e.fake.FakeDiscord;
import dev.loopkeeper.e2e.fake.FakeUser;
import dev.loopkeeper.e2e.fake.RecordedRequest;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.LocalTime;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.temporal.TemporalAdjusters;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A study group's weekly digest when the bot was offline over its Monday 09:00 for more than a day: that digest is not
 * posted late, and the next Monday's covers both weeks, saying so, once. The loops parked in the missed week were in
 * no digest at all.
 */
class DigestMissedE2ETest {

    @RegisterExtension
    static final LoopkeeperE2E E2E = LoopkeeperE2E.withGlobalCommands();

    private static final String CHANNEL = FakeDiscord.GENERAL.id();
    private static final Predicate<RecordedRequest> DIGEST = r -> r.method().equals("POST")
            && r.path().equals("channels/" + CHANNEL + "/messages")
            && r.json().getString("content", "").toLowerCase(java.util.Locale.ROOT).contains("shared loops");

    /** The next Monday 09:00 (UTC: the server set no zone) after the bot's now. */
    private static ZonedDateTime nextDigestSlot() {
        ZonedDateTime now = E2E.clock().instant().atZone(ZoneOffset.UTC);
        ZonedDateTime monday = now.with(TemporalAdjusters.nextOrSame(DayOfWeek.MONDAY)).with(LocalTime.of(9, 0));
        return monday.isAfter(now) ? monday : monday.plusWeeks(1);
    }

    private static void parkForGroup(FakeUser member, String concept) {
        E2E.message(E2E.fake().slashCommand("park").by(member).option("concept", concept).option("scope", "server")
                .send());
    }

    @Test
    void aDigestMissedWhileTheBotWasOfflineForDaysIsCoveredByTheNextOneOnce() {
        E2E.message(E2E.fake().slashCommand("settings").subcommand("digest").by(FakeDiscord.ADA)
                .option("channel", FakeDiscord.GENERAL).send());
        FakeUser member = E2E.newUser();
        parkForGroup(member, "consistent hashing");
        // Offline from before Monday 09:00 until Tuesday afternoon: that digest is over a day late.
        ZonedDateTime missed = nextDigestSlot();
        E2E.clock().advance(Duration.between(E2E.clock().instant(), missed.plusHours(30).toInstant()));
        E2E.bot().sendDue();
        parkForGroup(member, "rendezvous hashing");

        E2E.clock().advance(Duration.between(E2E.clock().instant(), missed.plusWeeks(1).plusSeconds(30).toInstant()));
        E2E.bot().sendDue();
        E2E.bot().sendDue();

        RecordedRequest digest = E2E.fake().awaitRequest(DIGEST, LoopkeeperE2E.WAIT);
        String text = digest.json().getString("content");
        assertTrue(text.startsWith("**Shared loops of the last 2 weeks**\nThe digest before this one did not go out "
                + "(Loopkeeper was offline or could not post here), so this one covers both weeks.\n"), text);
        assertTrue(text.contains("\n- rendezvous hashing (#") && text.contains("\n- consistent hashing (#"),
                "the missed week's loop too: " + text);
        assertTrue(digest.json().getObject("allowed_mentions").getArray("parse").isEmpty());
        assertEquals(1, E2E.requests(DIGEST).size(), "one digest, not the missed one late as well");
    }
}
