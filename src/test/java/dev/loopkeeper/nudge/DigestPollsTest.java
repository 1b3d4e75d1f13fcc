package dev.loopkeeper.nudge;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.loopkeeper.Loopkeeper;
import dev.loopkeeper.delivery.Courier;
import dev.loopkeeper.delivery.Mail;
import dev.loopkeeper.loop.Actor;
import dev.loopkeeper.loop.LoopScope;
import dev.loopkeeper.loop.OpenLoop;
import dev.loopkeeper.loop.Origin;
import dev.loopkeeper.loop.ParkRequest;
import dev.loopkeeper.loop.ParkResult;
import dev.loopkeeper.poll.PollVotes;
import dev.loopkeeper.poll.TriagePoll;
import dev.loopkeeper.support.AppTestBase;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The weekly server digest lists the polls the group decided that week, with what came of each. */
class DigestPollsTest extends AppTestBase {
    private static final String GUILD = "700";
    private static final String CHANNEL = "701";

    DigestPollsTest() {
        // A Wednesday; the digest goes out Monday 09:00 (UTC, no server zone set).
        super("2026-03-04T10:00:00Z");
    }

    /** Records what was posted in channels, rendered as the console renders a digest. */
    private static final class Channels implements Courier {
        final List<String> posted = new ArrayList<>();

        @Override
        public Outcome sendDirect(Mail mail) {
            return Outcome.DELIVERED;
        }

        @Override
        public Outcome sendToChannel(String guildId, String channelId, Mail mail) {
            if (mail instanceof ServerDigest digest) {
                posted.add(DigestService.text(digest));
            }
            return Outcome.DELIVERED;
        }
    }

    private static OpenLoop serverLoop(Loopkeeper app, String concept) {
        return assertInstanceOf(ParkResult.Parked.class, app.loops().park(new ParkRequest("ada", concept, null,
                Origin.channel(GUILD, CHANNEL), LoopScope.server(GUILD)))).loop();
    }

    private static void decide(Loopkeeper app, OpenLoop loop, String messageId, PollVotes votes) {
        TriagePoll poll = app.polls().start(new Actor("ada", GUILD, true), Set.of(), CHANNEL, loop.id() + "", 24L);
        app.polls().posted(poll.id(), messageId);
        app.polls().finish(messageId, votes).orElseThrow();
    }

    @Test
    void mostMeTooListsOnlyLoopsThatMatterToSomeoneBesideTheirParker() {
        Channels channels = new Channels();
        app.outbox().attach(channels);
        app.digests().setChannel(GUILD, CHANNEL);
        OpenLoop shared = serverLoop(app, "Kalman filter");
        serverLoop(app, "particle filter"); // only its parker: no "me too" of anyone
        app.loops().meToo(LoopScope.server(GUILD), new Actor("bob", GUILD, false), shared.id());

        clock.advance(Duration.ofDays(4).plusHours(23)); // Monday 09:00
        app.sendDue();

        String digest = channels.posted.stream().filter(p -> p.contains("Most \"me too\"")).findFirst()
                .orElseThrow(() -> new AssertionError("no digest with its me-too section in " + channels.posted));
        String meToo = digest.substring(digest.indexOf("Most \"me too\""));
        assertTrue(meToo.contains("Kalman filter (#" + shared.id() + "): 2 people"), digest);
        assertFalse(meToo.contains("particle filter"), "a loop only its parker counts is no one's me too: " + digest);
    }

    @Test
    void theDigestSaysWhatEachPollOfTheWeekDecided() {
        Channels channels = new Channels();
        app.outbox().attach(channels);
        app.digests().setChannel(GUILD, CHANNEL);
        decide(app, serverLoop(app, "Kalman filter"), "9001", new PollVotes(3, 1, 0, 0));
        decide(app, serverLoop(app, "**bold** @everyone"), "9002", new PollVotes(1, 1, 0, 0));

        clock.advance(Duration.ofDays(4).plusHours(23)); // Monday 09:00
        app.sendDue();

        String digest = channels.posted.stream().filter(p -> p.contains("Poll results")).findFirst()
                .orElseThrow(() -> new AssertionError("no digest with poll results in " + channels.posted));
        assertTrue(digest.contains("**Kalman filter**: core (Core 3 · Adjacent 1 · Peripheral 0 · Let it go 0)"),
                digest);
        assertTrue(digest.contains("too few votes, class unchanged"), "quorum is 3: " + digest);
        assertTrue(digest.contains("\\*\\*bold\\*\\*"), "what people typed is escaped: " + digest);

        // The next week's digest does not repeat them.
        channels.posted.clear();
        clock.advance(Duration.ofDays(7));
        app.sendDue();
        assertEquals(1, channels.posted.size(), channels.posted.toString());
        assertFalse(channels.posted.get(0).contains("Poll results"), channels.posted.get(0));
    }

    @Test
    void aDigestTurnedOnAfterMondaysSlotStartsWithTheNextOneAndCountsWhatItLeavesOut() {
        Channels channels = new Channels();
        app.outbox().attach(channels);
        clock.advance(Duration.ofDays(5).plusHours(1)); // Monday 11:00: the 09:00 slot is two hours old
        app.digests().setChannel(GUILD, CHANNEL);
        app.sendDue();
        assertEquals(List.of(), channels.posted, "not the week before it was turned on, at once");

        for (int i = 0; i < 7; i++) {
            serverLoop(app, "shared loop " + (char) ('a' + i));
        }
        clock.advance(Duration.ofDays(7).minusHours(2)); // the next Monday 09:00
        app.sendDue();
        assertEquals(1, channels.posted.size(), channels.posted.toString());
        assertTrue(channels.posted.get(0).contains("- and 2 more: /loops scope:server lists them"), channels.posted.get(0));
    }
}
