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
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A server digest's week runs from one Monday 09:00 to the next in the server's zone, also across a change of summer
 * time: 168 hours from the digest back would start it at 10:00 (or 08:00) that Monday, and an hour of the week would
 * be in no digest (or in two). And a digest Discord refuses for a while is tried again for hours, not minutes: there is
 * no person's next command to hold it for.
 */
class DigestWeekTest extends AppTestBase {
    private static final String GUILD = "1000000000000000100";
    private static final String CHANNEL = "1000000000000000200";

    DigestWeekTest() {
        // Monday 19 October 2026, 09:30 in Berlin (summer time, UTC+2); summer time ends on Sunday 25 October.
        super("2026-10-19T07:30:00Z");
    }

    @Test
    void aDigestDiscordRefusesForAnHourIsTriedAgainUntilItGoes() {
        List<Instant> attempts = new ArrayList<>();
        app.outbox().attach(new Courier() {
            @Override
            public Outcome sendDirect(Mail mail) {
                return Outcome.DELIVERED;
            }

            @Override
            public Outcome sendToChannel(String guildId, String channelId, Mail mail) {
                attempts.add(clock.instant());
                // Discord answers 5xx for the first hour (four attempts: 1, 5 and 25 minutes apart).
                return attempts.size() <= 4 ? Outcome.FAILED : Outcome.DELIVERED;
            }
        });
        app.digests().setChannel(GUILD, CHANNEL);
        clock.advance(java.time.Duration.between(clock.instant(), Instant.parse("2026-10-26T08:00:30Z")));

        for (int minute = 0; minute < 4 * 60; minute++) {
            app.sendDue();
            clock.advance(java.time.Duration.ofMinutes(1));
        }

        assertEquals(5, attempts.size(), attempts.toString());
        long delivered = app.database().read(sql -> sql.queryLong(
                "SELECT COUNT(*) FROM outbox WHERE kind = ? AND status = 'delivered'", ServerDigest.KIND));
        assertEquals(1, delivered);
    }

    @Test
    void aLoopParkedInTheFirstHourOfABerlinWeekEndingInWinterTimeIsInThatWeeksDigest() {
        List<String> posted = new ArrayList<>();
        app.outbox().attach(new Courier() {
            @Override
            public Outcome sendDirect(Mail mail) {
                return Outcome.DELIVERED;
            }

            @Override
            public Outcome sendToChannel(String guildId, String channelId, Mail mail) {
                posted.add(DigestService.text((ServerDigest) mail));
                return Outcome.DELIVERED;
            }
        });
        app.digests().setDefaultZone(GUILD, "Europe/Berlin");
        app.digests().setChannel(GUILD, CHANNEL); // the week that ended at 09:00 today is claimed, not sent
        assertInstanceOf(ParkResult.Parked.class, app.loops().park(new ParkRequest("ada", "vector clocks", null,
                Origin.channel(GUILD, CHANNEL), LoopScope.server(GUILD))));

        clock.advance(java.time.Duration.between(clock.instant(), Instant.parse("2026-10-26T08:00:30Z"))); // 09:00 CET
        app.sendDue();

        assertEquals(1, posted.size(), posted.toString());
        assertTrue(posted.get(0).contains("**New in the parking lot**\n- vector clocks (#"), posted.get(0));
        // A digest for the same slot counted the old way (168 hours back, by a process before this change) is not
        // followed by a second one.
        long sameSlot = app.database().inTransaction(sql -> new NudgeStore(new dev.loopkeeper.loop.LoopStore()).insertDigest(sql, GUILD,
                Instant.parse("2026-10-19T08:00:00Z"), Instant.parse("2026-10-26T08:00:00Z"), clock.instant()))
                .map(id -> 1L).orElse(0L);
        assertEquals(0, sameSlot, "no second digest ending at the same Monday 09:00");
    }
}
