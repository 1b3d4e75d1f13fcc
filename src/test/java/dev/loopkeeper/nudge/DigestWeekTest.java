package dev.loopkeeper.nudge;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.loopkeeper.delivery.Courier;
import dev.loopkeeper.delivery.Mail;
import dev.loopkeeper.loop.LoopScope;
import dev.loopkeeper.loop.Origin;
import dev.loopkeeper.loop.ParkRequest;
import dev.loopkeeper.loop.ParkResult;
import dev.loopkeeper.support.AppTestBase;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A server digest's week runs from one Monday 09:00 to the next in the server's zone, also across a change of summer
 * time: 168 hours from the digest back would start it at 10:00 (or 08:00) that Monday, and an hour of the week would
 * be in no digest (or in two). A digest Discord refuses for a while is tried again for hours, not minutes: there is no
 * person's next command to hold it for. And one server's digest that cannot be made stops nobody else's mail.
 */
class DigestWeekTest extends AppTestBase {
    private static final String GUILD = "1000000000000000100";
    private static final String CHANNEL = "1000000000000000200";
    /** Monday 26 October 2026, 09:00:30 in Berlin, the day after summer time ended: a digest is due. */
    private static final Instant DIGEST_DUE = Instant.parse("2026-10-26T08:00:30Z");

    DigestWeekTest() {
        // Monday 19 October 2026, 09:30 in Berlin (summer time, UTC+2); summer time ends on Sunday 25 October.
        super("2026-10-19T07:30:00Z");
    }

    /** Records each attempt: digests posted in channels (refusing the first {@code refusals}), and direct messages. */
    private final class Recording implements Courier {
        final List<Instant> channelAttempts = new ArrayList<>();
        final List<String> digests = new ArrayList<>();
        final List<String> direct = new ArrayList<>();
        private final int refusals;
        private final Outcome refusal;

        Recording(int refusals) {
            this(refusals, Outcome.FAILED);
        }

        Recording(int refusals, Outcome refusal) {
            this.refusals = refusals;
            this.refusal = refusal;
            app.outbox().attach(this);
        }

        @Override
        public Outcome sendDirect(Mail mail) {
            direct.add(mail.recipientId());
            return Outcome.DELIVERED;
        }

        @Override
        public Outcome sendToChannel(String guildId, String channelId, Mail mail) {
            channelAttempts.add(clock.instant());
            if (channelAttempts.size() <= refusals) {
                return refusal;
            }
            digests.add(DigestService.text((ServerDigest) mail));
            return Outcome.DELIVERED;
        }
    }

    private void digestIn(String guild, String zone) {
        app.digests().setDefaultZone(guild, zone);
        app.digests().setChannel(guild, CHANNEL); // the week that ended at the latest Monday 09:00 is claimed, not sent
    }

    private void toDigestTime() {
        clock.advance(Duration.between(clock.instant(), DIGEST_DUE));
    }

    @Test
    void aDigestDiscordRefusesForAnHourIsTriedAgainUntilItGoes() {
        // Discord answers 5xx for the first hour: four attempts, 1, 5 and 25 minutes apart.
        Recording courier = new Recording(4);
        digestIn(GUILD, "Europe/Berlin");
        toDigestTime();

        for (int minute = 0; minute < 4 * 60; minute++) {
            app.sendDue();
            clock.advance(Duration.ofMinutes(1));
        }

        assertEquals(5, courier.channelAttempts.size(), courier.channelAttempts.toString());
        assertEquals(1, courier.digests.size());
    }

    @Test
    void aLoopParkedInTheFirstHourOfABerlinWeekEndingInWinterTimeIsInThatWeeksDigest() {
        Recording courier = new Recording(0);
        digestIn(GUILD, "Europe/Berlin");
        assertInstanceOf(ParkResult.Parked.class, app.loops().park(new ParkRequest("ada", "vector clocks", null,
                Origin.channel(GUILD, CHANNEL), LoopScope.server(GUILD))));

        toDigestTime();
        app.sendDue();

        assertEquals(1, courier.digests.size(), courier.digests.toString());
        assertTrue(courier.digests.get(0).contains("**New in the parking lot**\n- vector clocks (#"),
                courier.digests.get(0));
        // A digest for the same slot counted the old way (168 hours back, by a process before this change) is not
        // followed by a second one.
        long sameSlot = app.database().inTransaction(sql -> new NudgeStore(new dev.loopkeeper.loop.LoopStore())
                .insertDigest(sql, GUILD, Instant.parse("2026-10-19T08:00:00Z"), Instant.parse("2026-10-26T08:00:00Z"),
                        clock.instant()))
                .map(id -> 1L).orElse(0L);
        assertEquals(0, sameSlot, "no second digest ending at the same Monday 09:00");
    }

    @Test
    void aServerWhoseZoneCannotBeReadLeavesOnlyItsOwnDigestOut() {
        Recording courier = new Recording(0);
        digestIn("1000000000000000099", "Europe/Berlin");
        digestIn(GUILD, "Europe/Berlin");
        // As a newer JVM on a shared database could leave it: a zone this one does not know.
        app.database().inTransaction(sql -> sql.update(
                "UPDATE guild_nudge_settings SET default_zone = 'Mars/Olympus' WHERE guild_id = '1000000000000000099'"));

        toDigestTime();
        app.sendDue();

        assertEquals(1, courier.digests.size(), "the other server's digest goes: " + courier.digests);
    }

    @Test
    void aDigestThatCannotBeHandedOverLeavesTheOtherMailToGoOut() {
        Recording courier = new Recording(0);
        digestIn(GUILD, "Europe/Berlin");
        app.loops().park(new ParkRequest("ada", "Lamport clocks", "for the replication notes", Origin.none(),
                LoopScope.personal("ada")));
        clock.advance(Duration.between(clock.instant(), DIGEST_DUE.minus(Duration.ofMinutes(2))));
        app.nudges().set("ada", "monday", "08:00", "UTC", null); // due a minute before the digest
        // Any failure while digests are handed to delivery (here the table they are written to is gone).
        app.database().inTransaction(sql -> sql.update("ALTER TABLE server_digest RENAME TO server_digest_gone"));

        toDigestTime();
        app.sendDue();

        assertEquals(List.of("ada"), courier.direct, "Ada's nudge went out all the same");
        assertTrue(courier.digests.isEmpty());
    }

    @Test
    void aZoneChangedAfterADigestSendsNoSecondOneAndTheNextWeekStartsWhereItEnded() {
        Recording courier = new Recording(0);
        digestIn(GUILD, "Europe/Berlin");
        toDigestTime();
        app.sendDue();
        assertEquals(1, courier.digests.size());

        // An hour later the server moves to New York, whose Monday 09:00 is 13:00 UTC that day; a loop is parked
        // between the two Mondays' 09:00.
        clock.advance(Duration.ofHours(1));
        app.digests().setDefaultZone(GUILD, "America/New_York");
        clock.advance(Duration.ofHours(1));
        app.loops().park(new ParkRequest("ada", "vector clocks", null, Origin.channel(GUILD, CHANNEL),
                LoopScope.server(GUILD)));
        clock.advance(Duration.between(clock.instant(), Instant.parse("2026-10-26T13:00:30Z")));
        app.sendDue();
        assertEquals(1, courier.digests.size(), "the week had its digest: " + courier.digests);

        clock.advance(Duration.between(clock.instant(), Instant.parse("2026-11-02T14:00:30Z"))); // 09:00 in New York
        app.sendDue();
        assertEquals(2, courier.digests.size(), courier.digests.toString());
        assertTrue(courier.digests.get(1).contains("**New in the parking lot**\n- vector clocks (#"),
                "parked after the last digest, before New York's Monday 09:00: " + courier.digests.get(1));
    }

    private void parkForGroup(String concept) {
        app.loops().park(new ParkRequest("ada", concept, null, Origin.channel(GUILD, CHANNEL), LoopScope.server(GUILD)));
    }

    @Test
    void aDigestMissedWhileTheBotWasDownForDaysLeavesItsWeekToTheNextDigestNotToNone() {
        Recording courier = new Recording(0);
        digestIn(GUILD, "Europe/Berlin");
        parkForGroup("vector clocks");
        // The bot is down from the weekend until Tuesday: Monday's digest is over a day late, so it is not sent.
        clock.advance(Duration.between(clock.instant(), DIGEST_DUE.plus(Duration.ofHours(26))));
        app.sendDue();
        assertTrue(courier.digests.isEmpty(), courier.digests.toString());
        parkForGroup("hybrid logical clocks");

        clock.advance(Duration.between(clock.instant(), DIGEST_DUE.plus(Duration.ofDays(7))));
        app.sendDue();

        assertEquals(1, courier.digests.size(), courier.digests.toString());
        String digest = courier.digests.get(0);
        assertTrue(digest.contains("\n- vector clocks (#"), "the missed week's loop: " + digest);
        assertTrue(digest.contains("\n- hybrid logical clocks (#"), digest);
        assertTrue(digest.startsWith("**Shared loops of the last 2 weeks**\nThe digest before this one did not go out "
                + "(Loopkeeper was offline or could not post here), so this one covers both weeks.\n"), digest);
    }

    @Test
    void aDigestGivenUpBecauseTheBotCouldNotPostLeavesItsWeekToTheNextDigest() {
        // The channel was read-only for the bot on Monday morning; a manager fixed it later that week.
        Recording courier = new Recording(1, Courier.Outcome.CHANNEL_UNAVAILABLE);
        digestIn(GUILD, "Europe/Berlin");
        parkForGroup("gossip protocols");
        toDigestTime();
        app.sendDue();
        assertEquals(1, courier.channelAttempts.size());
        assertTrue(courier.digests.isEmpty());

        clock.advance(Duration.ofDays(7));
        app.sendDue();

        assertEquals(1, courier.digests.size(), courier.digests.toString());
        assertTrue(courier.digests.get(0).startsWith("**Shared loops of the last 2 weeks**\n"), courier.digests.get(0));
        assertTrue(courier.digests.get(0).contains("\n- gossip protocols (#"), courier.digests.get(0));
    }

    @Test
    void aWeeklyDigestOnTimeKeepsItsWeeklyTitle() {
        Recording courier = new Recording(0);
        digestIn(GUILD, "Europe/Berlin");
        toDigestTime();
        app.sendDue();

        assertEquals("**This week's shared loops**\nA quiet week: nothing new in the parking lot. Open loops are allowed "
                + "to exist.", courier.digests.get(0));
    }
}
