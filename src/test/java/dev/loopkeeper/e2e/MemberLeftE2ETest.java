package dev.loopkeeper.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.loopkeeper.e2e.fake.Fault;
import dev.loopkeeper.e2e.fake.FakeChannel;
import dev.loopkeeper.e2e.fake.FakeDiscord;
import dev.loopkeeper.e2e.fake.FakeGuild;
import dev.loopkeeper.e2e.fake.FakeUser;
import dev.loopkeeper.e2e.fake.RecordedRequest;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A member who left a server, on two servers that share them: a reminder that cannot reach them by DM is posted in a
 * server's reminder channel only while they are still a member there. Posted in a server they left, it showed their
 * personal loops to that server, mentioning someone who can no longer see it; it waits for their next command instead.
 */
class MemberLeftE2ETest {
    private static final FakeUser BEA = new FakeUser("1000000000000000301", "bea");
    private static final FakeChannel LAB = new FakeChannel("1000000000000000210", "lab");
    private static final FakeGuild OTHER = FakeGuild.of("1000000000000000110", "OTHER", LAB, BEA);
    private static final FakeGuild FIRST = FakeDiscord.DEFAULT_GUILD;
    private static final FakeChannel GENERAL = FakeDiscord.GENERAL;

    @RegisterExtension
    static final LoopkeeperE2E E2E = LoopkeeperE2E.withGlobalCommands()
            .world(FakeDiscord.builder().guild(FIRST).guild(OTHER));

    private static List<RecordedRequest> postsIn(FakeChannel channel, String text) {
        return E2E.requests(r -> r.method().equals("POST") && r.path().equals("channels/" + channel.id() + "/messages")
                && WireAssertions.text(r.json()).contains(text));
    }

    @Test
    void aReminderForALoopParkedInAServerTheMemberLeftIsHeldNotPostedThere() {
        FakeUser carl = E2E.newUser();
        E2E.fake().rejectDirectMessagesTo(carl.id());
        E2E.bot().settings().setReminderChannel(FIRST.id(), GENERAL.id());
        E2E.bot().settings().setReminderChannel(OTHER.id(), LAB.id());
        E2E.message(E2E.fake().slashCommand("park").by(carl).inChannel(FIRST, GENERAL)
                .option("concept", "B-tree indexes").send());
        E2E.message(E2E.fake().slashCommand("park").by(carl).inChannel(OTHER, LAB)
                .option("concept", "write-ahead logging").send());
        E2E.fake().memberLeaves(FIRST.id(), carl);

        E2E.message(E2E.fake().slashCommand("focus").subcommand("set").by(carl).inChannel(OTHER, LAB)
                .option("text", "building a B-tree index with write-ahead logging for my database").send());

        // The part of the server they are still in goes to its channel, as before.
        RecordedRequest lab = E2E.fake().awaitRequest(r -> r.method().equals("POST")
                && r.path().equals("channels/" + LAB.id() + "/messages")
                && WireAssertions.text(r.json()).contains("write-ahead logging"), LoopkeeperE2E.WAIT);
        assertTrue(WireAssertions.text(lab.json()).startsWith("<@" + carl.id() + ">"), lab.toString());
        assertFalse(WireAssertions.text(lab.json()).contains("**B-tree indexes** (#"), "only the loops parked there");
        awaitHeld(carl);
        assertEquals(List.of(), postsIn(GENERAL, "B-tree indexes"),
                "nothing of theirs is posted in the server they left");

        E2E.message(E2E.fake().slashCommand("loops").by(carl).inChannel(OTHER, LAB).send());
        RecordedRequest shown = E2E.fake().awaitRequest(r -> r.method().equals("POST")
                && r.path().startsWith("webhooks/") && WireAssertions.text(r.json()).contains("B-tree indexes"),
                LoopkeeperE2E.WAIT);
        assertFalse(WireAssertions.text(shown.json()).contains("**write-ahead logging** (#"),
                "what the channel showed is not shown twice: " + shown);
        assertEquals(List.of(), postsIn(GENERAL, "B-tree indexes"));
    }

    @Test
    void aMemberStillInTheServerGetsTheirReminderInItsChannel() {
        FakeUser dana = E2E.newUser();
        E2E.fake().rejectDirectMessagesTo(dana.id());
        E2E.bot().settings().setReminderChannel(FIRST.id(), GENERAL.id());
        E2E.message(E2E.fake().slashCommand("park").by(dana).inChannel(FIRST, GENERAL)
                .option("concept", "Bloom filters").send());
        E2E.fake().memberLeaves(OTHER.id(), dana);

        E2E.message(E2E.fake().slashCommand("focus").subcommand("set").by(dana).inChannel(FIRST, GENERAL)
                .option("text", "sizing Bloom filters for the cache").send());

        RecordedRequest posted = E2E.fake().awaitRequest(r -> r.method().equals("POST")
                && r.path().equals("channels/" + GENERAL.id() + "/messages")
                && WireAssertions.text(r.json()).contains("Bloom filters"), LoopkeeperE2E.WAIT);
        assertTrue(WireAssertions.text(posted.json()).startsWith("<@" + dana.id() + ">"), posted.toString());
    }

    /**
     * Discord cannot tell whether the person is still a member (an outage on that lookup): nothing is posted in the
     * channel on a guess; the part is held for the person's next command, as a post that failed is.
     */
    @Test
    void aMembershipDiscordCannotTellIsNotPostedOnAGuessButHeld() {
        // An id of her own: the ids newUser() gives start again in each test, and the lookup below is matched by path.
        FakeUser eve = new FakeUser("1000000000000000399", "eve");
        E2E.expectLogLine("Could not tell whether " + eve.id() + " is still a member");
        E2E.fake().rejectDirectMessagesTo(eve.id());
        E2E.bot().settings().setReminderChannel(FIRST.id(), GENERAL.id());
        E2E.message(E2E.fake().slashCommand("park").by(eve).inChannel(FIRST, GENERAL)
                .option("concept", "consistent hashing").send());
        E2E.fake().failNext(1, "GET", "guilds/" + FIRST.id() + "/members/" + eve.id(), Fault.serverError(500));

        E2E.message(E2E.fake().slashCommand("focus").subcommand("set").by(eve).inChannel(FIRST, GENERAL)
                .option("text", "sharding a cache with consistent hashing").send());

        awaitHeld(eve);
        assertEquals(1, E2E.requests(r -> r.method().equals("GET")
                && r.path().equals("guilds/" + FIRST.id() + "/members/" + eve.id())).size(), "the lookup was asked");
        assertEquals(List.of(), postsIn(GENERAL, "consistent hashing"), "not posted while Discord could not tell");
    }

    private static void awaitHeld(FakeUser user) {
        long deadline = System.nanoTime() + LoopkeeperE2E.WAIT.toNanos();
        while (E2E.bot().outbox().heldCount(user.id()) == 0) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("no reminder was held for " + user.id() + "\n" + E2E.fake().diagnostics());
            }
            try {
                Thread.sleep(10);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
        }
    }
}
