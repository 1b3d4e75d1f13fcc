package dev.loopkeeper.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.loopkeeper.e2e.fake.FakeChannel;
import dev.loopkeeper.e2e.fake.FakeDiscord;
import dev.loopkeeper.e2e.fake.FakeGuild;
import dev.loopkeeper.e2e.fake.FakeUser;
import dev.loopkeeper.e2e.fake.RecordedRequest;
import dev.loopkeeper.help.HelpMessages;
import java.util.ArrayList;
import java.util.List;
import net.dv8tion.jda.api.utils.data.DataArray;
import net.dv8tion.jda.api.utils.data.DataObject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Someone who uses Loopkeeper in direct messages with the bot and in two servers: what a DM keeps to itself, and what
 * a server's channel may show of it.
 */
class DirectMessagesE2ETest {
    private static final FakeChannel LAB = new FakeChannel("1000000000000000210", "lab");
    private static final FakeGuild FIRST = FakeDiscord.DEFAULT_GUILD;
    private static final FakeChannel GENERAL = FakeDiscord.GENERAL;
    private static final FakeGuild OTHER = FakeGuild.of("1000000000000000110", "OTHER", LAB, FakeDiscord.ADA);

    @RegisterExtension
    static final LoopkeeperE2E E2E = LoopkeeperE2E.withGlobalCommands()
            .world(FakeDiscord.builder().guild(FIRST).guild(OTHER));

    /** The reminder for {@code user} posted in {@code channel} that mentions {@code text} (never another test's). */
    private static RecordedRequest awaitPostIn(FakeChannel channel, FakeUser user, String text) {
        return E2E.fake().awaitRequest(r -> r.method().equals("POST")
                && r.path().equals("channels/" + channel.id() + "/messages")
                && WireAssertions.text(r.json()).startsWith("<@" + user.id() + ">")
                && WireAssertions.text(r.json()).contains(text), LoopkeeperE2E.WAIT);
    }

    /**
     * Discord offers every option of a command it offers in a DM (a command's contexts are the whole command's): an
     * option that works only in a server, such as scope:server or /triage poll:, says so where it is picked, before
     * the DM's answer refuses it. Only /settings is kept out of DMs altogether.
     */
    @Test
    void everyOptionThatWorksOnlyInAServerSaysSoWhereADmOffersIt() {
        DataArray registered = E2E.registeredCommands();
        List<String> unsaid = new ArrayList<>();
        List<String> guildOnly = new ArrayList<>();
        for (int i = 0; i < registered.length(); i++) {
            DataObject command = registered.getObject(i);
            List<Object> contexts = command.getArray("contexts").toList();
            if (contexts.stream().noneMatch(c -> String.valueOf(c).equals("1"))) {
                guildOnly.add(command.getString("name"));
                continue;
            }
            DataArray options = command.optArray("options").orElseGet(DataArray::empty);
            for (int j = 0; j < options.length(); j++) {
                DataObject option = options.getObject(j);
                boolean serverOnly = option.getString("name").equals("poll") || option.optArray("choices")
                        .map(c -> c.toString().contains("\"value\":\"server\"")).orElse(false);
                if (serverOnly && !option.getString("description").contains("in a server only")) {
                    unsaid.add("/" + command.getString("name") + " " + option.getString("name") + ": "
                            + option.getString("description"));
                }
            }
        }
        assertEquals(List.of("settings"), guildOnly);
        assertEquals(List.of(), unsaid);
    }

    /**
     * A focus typed in a DM (or in another server) was seen by its author alone: a reminder posted in a server's
     * channel because their DMs are closed shows the loop parked there, but does not name that focus. One set in that
     * server's channels is named, as before.
     */
    @Test
    void aReminderPostedInAServerChannelDoesNotNameAFocusSetInADmOrAnotherServer() {
        FakeUser user = E2E.newUser();
        E2E.fake().rejectDirectMessagesTo(user.id());
        E2E.bot().settings().setReminderChannel(FIRST.id(), GENERAL.id());
        E2E.message(E2E.fake().slashCommand("park").by(user).inChannel(FIRST, GENERAL)
                .option("concept", "Bloom filters").send());
        E2E.message(E2E.fake().slashCommand("park").by(user).inChannel(FIRST, GENERAL)
                .option("concept", "Huffman coding").send());
        E2E.message(E2E.fake().slashCommand("park").by(user).inChannel(FIRST, GENERAL)
                .option("concept", "Fenwick trees").send());

        E2E.message(E2E.fake().slashCommand("focus").subcommand("set").by(user).inDirectMessage()
                .option("text", "sizing Bloom filters for my divorce lawyer's cache").send());
        String fromDm = WireAssertions.text(awaitPostIn(GENERAL, user, "Bloom filters").json());
        assertTrue(fromDm.startsWith("<@" + user.id() + "> A loop you parked may be structurally relevant now, to a "
                + "focus you set elsewhere (not named in this channel):"), fromDm);
        assertFalse(fromDm.contains("divorce"), fromDm);
        // Nor why the loop matched it: that names the focus's words or the topics it rests on (found by a review).
        assertTrue(fromDm.contains("\nWhy now: close to that focus (not said in this channel)\n"), fromDm);

        E2E.message(E2E.fake().slashCommand("focus").subcommand("set").by(user).inChannel(OTHER, LAB)
                .option("text", "compressing my therapy notes with Huffman coding").send());
        String fromOther = WireAssertions.text(awaitPostIn(GENERAL, user, "Huffman coding").json());
        assertFalse(fromOther.contains("therapy"), fromOther);

        E2E.message(E2E.fake().slashCommand("focus").subcommand("set").by(user).inChannel(FIRST, GENERAL)
                .option("text", "computing prefix sums with a Fenwick tree").send());
        String here = WireAssertions.text(awaitPostIn(GENERAL, user, "Fenwick trees").json());
        assertTrue(here.contains("to **computing prefix sums with a Fenwick tree**:"), here);
        assertFalse(here.contains("not said in this channel"), here);
    }

    /**
     * The same concept parked again from a DM (or another server) adds its why to the loop parked in a server, as a
     * note. A reminder posted in that server's channel shows the loop's own why, not the one typed in the DM, and a why
     * parked again in that server (from the same channel: a note with no source of its own, the loop's) is shown too.
     */
    @Test
    void aReminderPostedInAServerChannelLeavesOutAWhyAddedFromADm() {
        FakeUser user = E2E.newUser();
        E2E.fake().rejectDirectMessagesTo(user.id());
        E2E.bot().settings().setReminderChannel(FIRST.id(), GENERAL.id());
        E2E.message(E2E.fake().slashCommand("park").by(user).inChannel(FIRST, GENERAL)
                .option("concept", "Bloom filters").option("why", "the cache team asked").send());
        String again = E2E.message(E2E.fake().slashCommand("park").by(user).inDirectMessage()
                .option("concept", "bloom filters").option("why", "for my divorce lawyer's files").send())
                .getString("content");
        assertTrue(again.startsWith("You already have **Bloom filters** open"), again);
        E2E.message(E2E.fake().slashCommand("park").by(user).inChannel(OTHER, LAB)
                .option("concept", "Bloom filters").option("why", "the other server's secret").send());
        E2E.message(E2E.fake().slashCommand("park").by(user).inChannel(FIRST, GENERAL)
                .option("concept", "Bloom Filters").option("why", "and the search team too").send());

        E2E.message(E2E.fake().slashCommand("focus").subcommand("set").by(user).inChannel(FIRST, GENERAL)
                .option("text", "sizing Bloom filters for the cache").send());

        String posted = WireAssertions.text(awaitPostIn(GENERAL, user, "Bloom filters").json());
        assertTrue(posted.endsWith("\nWhy it matters: the cache team asked · and the search team too"), posted);
        assertFalse(posted.contains("divorce") || posted.contains("secret"), posted);
    }

    /**
     * /edit replaces a loop's why from wherever it is typed. A loop parked in a server whose why was then edited in a DM
     * (or in another server) is posted in that server's channel without its why, which its readers are not to learn;
     * one edited in that server shows the new why there, and a DM edit of the concept alone keeps the why shown.
     */
    @Test
    void aWhyEditedInADmOrAnotherServerIsNotPostedInTheServerChannel() {
        FakeUser user = E2E.newUser();
        E2E.fake().rejectDirectMessagesTo(user.id());
        E2E.bot().settings().setReminderChannel(FIRST.id(), GENERAL.id());
        for (List<String> loop : List.of(List.of("Bloom filters", "the spelling team asked"),
                List.of("Huffman coding", "the archive team asked"), List.of("Fenwick trees", "the metrics team asked"),
                List.of("Skip lists", "the ranking team asked"))) {
            E2E.message(E2E.fake().slashCommand("park").by(user).inChannel(FIRST, GENERAL)
                    .option("concept", loop.get(0)).option("why", loop.get(1)).send());
        }
        String edited = E2E.message(E2E.fake().slashCommand("edit").by(user).inDirectMessage()
                .option("loop", "Bloom filters").option("why", "for my divorce lawyer's files").send())
                .getString("content");
        assertTrue(edited.contains("divorce"), edited);
        E2E.message(E2E.fake().slashCommand("edit").by(user).inChannel(OTHER, LAB)
                .option("loop", "Huffman coding").option("why", "the other server's secret").send());
        E2E.message(E2E.fake().slashCommand("edit").by(user).inChannel(FIRST, GENERAL)
                .option("loop", "Fenwick trees").option("why", "the search team asked").send());
        E2E.message(E2E.fake().slashCommand("edit").by(user).inDirectMessage()
                .option("loop", "Skip lists").option("concept", "Skip lists for ranking").send());

        E2E.message(E2E.fake().slashCommand("focus").subcommand("set").by(user).inChannel(FIRST, GENERAL)
                .option("text", "sizing Bloom filters for a spell checker").send());
        String fromDm = block(awaitPostIn(GENERAL, user, "**Bloom filters**"), "Bloom filters");
        assertFalse(fromDm.contains("divorce") || fromDm.contains("Why it matters"), fromDm);

        E2E.message(E2E.fake().slashCommand("focus").subcommand("set").by(user).inChannel(FIRST, GENERAL)
                .option("text", "compressing logs with Huffman coding").send());
        String fromOther = block(awaitPostIn(GENERAL, user, "**Huffman coding**"), "Huffman coding");
        assertFalse(fromOther.contains("secret") || fromOther.contains("Why it matters"), fromOther);

        // One reminder for both (three a day at most).
        E2E.message(E2E.fake().slashCommand("focus").subcommand("set").by(user).inChannel(FIRST, GENERAL)
                .option("text", "computing prefix sums with a Fenwick tree and skip lists for ranking").send());
        RecordedRequest both = awaitPostIn(GENERAL, user, "**Skip lists for ranking**");
        String here = block(both, "Fenwick trees");
        assertTrue(here.endsWith("\nWhy it matters: the search team asked"), here);
        String renamed = block(both, "Skip lists for ranking");
        assertTrue(renamed.endsWith("\nWhy it matters: the ranking team asked"), renamed);
    }

    /** The lines a posted reminder gives one of its loops: from its bold concept to the next loop's, or the end. */
    private static String block(RecordedRequest post, String concept) {
        String text = WireAssertions.text(post.json());
        int start = text.indexOf("**" + concept + "**");
        int next = text.indexOf("\n**", start + 1);
        return text.substring(start, next < 0 ? text.length() : next);
    }

    /**
     * Someone who uses Loopkeeper only in DMs closes their DMs: a reminder is held, and the first command they run (here
     * /loops) shows it. Their next park still says, once, how to get reminders again: showing the held reminder did not
     * make the bot forget that their DMs are closed.
     */
    @Test
    void afterAHeldReminderIsShownTheNextParkStillSaysTheDmsAreClosed() {
        FakeUser user = E2E.newUser();
        E2E.message(E2E.fake().slashCommand("park").by(user).inDirectMessage().option("concept", "Bloom filters").send());
        E2E.fake().rejectDirectMessagesTo(user.id());
        E2E.message(E2E.fake().slashCommand("focus").subcommand("set").by(user).inDirectMessage()
                .option("text", "sizing Bloom filters for the cache").send());
        awaitHeld(user);

        E2E.message(E2E.fake().slashCommand("loops").by(user).inDirectMessage().send());
        RecordedRequest shown = E2E.fake().awaitRequest(r -> r.method().equals("POST")
                && r.path().startsWith("webhooks/") && WireAssertions.text(r.json()).contains("Bloom filters"),
                LoopkeeperE2E.WAIT);
        // The reminder's buttons name it (owner:remind.open:<reminder>:<loop>): wait until the outbox says it is shown.
        String open = LoopkeeperE2E.button(shown.json(), "Open it now").getString("custom_id");
        long outboxId = E2E.bot().outbox().idOf("reminder", Long.parseLong(open.split(":")[2])).orElseThrow();
        awaitStatus(outboxId, "delivered");

        String next = E2E.message(E2E.fake().slashCommand("park").by(user).inDirectMessage()
                .option("concept", "cuckoo filters").send()).getString("content");
        assertTrue(next.endsWith("\n" + HelpMessages.dmsClosed()), next);
        // Read in a DM, about loops parked in a DM: no reminder channel takes those, and "the server" names none.
        assertTrue(HelpMessages.dmsClosed().contains("Reminders about loops you parked in a server go to its reminder "
                + "channel if it has one (others there can read them); the rest wait for your next command.")
                && HelpMessages.dmsClosed().contains("in a server you share with me, the server's name → Privacy "
                + "Settings → Direct Messages"), HelpMessages.dmsClosed());
    }

    private static void awaitHeld(FakeUser user) {
        long deadline = System.nanoTime() + LoopkeeperE2E.WAIT.toNanos();
        while (E2E.bot().outbox().heldCount(user.id()) == 0) {
            pauseUntil(deadline, "no mail was held for " + user.id());
        }
    }

    private static void awaitStatus(long outboxId, String status) {
        long deadline = System.nanoTime() + LoopkeeperE2E.WAIT.toNanos();
        while (!E2E.bot().outbox().status(outboxId).equals(status)) {
            pauseUntil(deadline, "outbox " + outboxId + " never " + status);
        }
    }

    private static void pauseUntil(long deadline, String failure) {
        if (System.nanoTime() > deadline) {
            throw new AssertionError(failure + "\n" + E2E.fake().diagnostics());
        }
        try {
            Thread.sleep(10);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }
}
