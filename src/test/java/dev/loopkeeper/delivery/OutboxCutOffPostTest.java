package dev.loopkeeper.delivery;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.loopkeeper.support.AppTestBase;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;

/**
 * Mail for two servers' channels (a digest, a poll's follow-up) whose process dies mid-way through its posts. Past
 * Discord's nonce window a post sent again is a second message in the channel, so the next start posts only the parts
 * that did not go out: the ones posted before the death are recorded as they go, and the one cut off mid-post is looked
 * for in its channel first. Both were posted again: the parts posted were recorded only once every part had been tried.
 */
class OutboxCutOffPostTest extends AppTestBase {
    private static final String KIND = "two-servers";

    OutboxCutOffPostTest() {
        super("2026-03-04T10:00:00Z");
    }

    /** What {@code kill -9} does to the thread that was posting: nothing after it runs, nothing is recorded. */
    private static final class ProcessDied extends Error {
        private static final long serialVersionUID = 1L;
    }

    private record Part(String guildId) implements Mail {
        @Override
        public String recipientId() {
            return null;
        }

        @Override
        public ServerParts serverParts() {
            return ServerParts.none();
        }
    }

    private record TwoServers() implements Mail {
        @Override
        public String recipientId() {
            return null;
        }

        @Override
        public ServerParts serverParts() {
            return new ServerParts(Map.of("g1", new Part("g1"), "g2", new Part("g2")), true);
        }
    }

    private void register() {
        app.outbox().register(new MailKind() {
            @Override
            public String name() {
                return KIND;
            }

            @Override
            public Optional<TwoServers> load(long refId) {
                return Optional.of(new TwoServers());
            }

            @Override
            public Optional<String> serverChannel(String guildId) {
                return Optional.of("channel-" + guildId);
            }
        });
    }

    /**
     * A front that posts in server channels: each post is recorded in {@code posted}, then {@code diesAfter} says whether
     * the process dies before Discord's answer arrives; {@code inChannel} is what a look at a channel finds.
     */
    private static Courier channels(List<String> posted, Predicate<String> diesAfter, Set<String> inChannel) {
        return new Courier() {
            @Override
            public Outcome sendDirect(Mail mail) {
                return Outcome.CHANNEL_UNAVAILABLE;
            }

            @Override
            public Outcome sendToChannel(String guildId, String channelId, Mail mail) {
                posted.add(guildId);
                if (diesAfter.test(guildId)) {
                    throw new ProcessDied();
                }
                return Outcome.DELIVERED;
            }

            @Override
            public Optional<Boolean> foundInChannel(String guildId, String channelId, Mail mail, Instant since) {
                return inChannel == null ? Optional.empty() : Optional.of(inChannel.contains(guildId));
            }
        };
    }

    private long enqueue() {
        return app.database().inTransaction(sql -> app.outbox().enqueue(sql, KIND, 1, null, clock.instant()));
    }

    @Test
    void aPartPostedBeforeTheProcessDiedIsNotPostedAgain() throws Exception {
        register();
        long id = enqueue();
        List<String> first = new CopyOnWriteArrayList<>();
        // The first part goes out; the process dies before the second is sent.
        app.outbox().attach(channels(first, guild -> first.size() == 2, null));
        assertThrows(ProcessDied.class, () -> app.outbox().deliverAllDue());
        String postedFirst = first.get(0);

        restart();
        register();
        List<String> next = new CopyOnWriteArrayList<>();
        // The channels cannot be read (no Read Message History): only what was recorded tells.
        app.outbox().attach(channels(next, guild -> false, null));
        clock.advance(app.outbox().lease().plusSeconds(1));
        app.outbox().deliverAllDue();

        assertEquals(List.of(first.get(1)), next, "only the part not posted, not " + postedFirst + " again");
        assertEquals("delivered", app.outbox().status(id));
    }

    @Test
    void aPartCutOffMidPostIsLookedForInItsChannelBeforeItGoesAgain() throws Exception {
        register();
        long id = enqueue();
        List<String> first = new CopyOnWriteArrayList<>();
        // Discord makes the first post; the process dies before its answer comes.
        app.outbox().attach(channels(first, guild -> true, null));
        assertThrows(ProcessDied.class, () -> app.outbox().deliverAllDue());
        String cutOff = first.get(0);

        restart();
        register();
        List<String> next = new CopyOnWriteArrayList<>();
        app.outbox().attach(channels(next, guild -> false, Set.of(cutOff)));
        clock.advance(app.outbox().lease().plusSeconds(1));
        app.outbox().deliverAllDue();

        assertEquals(1, next.size(), "only the other server's part is posted: " + next);
        assertFalse(next.contains(cutOff), "the post cut off was found in its channel");
        assertEquals("delivered", app.outbox().status(id));
    }
}
