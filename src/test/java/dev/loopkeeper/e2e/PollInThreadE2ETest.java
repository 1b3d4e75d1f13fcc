package dev.loopkeeper.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.loopkeeper.e2e.fake.FakeDiscord;
import dev.loopkeeper.e2e.fake.FakeGuild;
import dev.loopkeeper.e2e.fake.FakeUser;
import dev.loopkeeper.e2e.fake.InteractionHandle;
import dev.loopkeeper.e2e.fake.RecordedRequest;
import dev.loopkeeper.loop.OpenLoop;
import dev.loopkeeper.loop.Triage;
import java.time.Duration;
import java.util.List;
import net.dv8tion.jda.api.utils.data.DataObject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A study group that runs its polls in a thread: Discord archives a thread left idle (a day by default, as long as a
 * poll runs), and a bot that starts again learns only of the active threads, so a poll whose thread was archived
 * while the bot was down must still be read, decided and announced in its thread.
 */
class PollInThreadE2ETest {

    @RegisterExtension
    static final LoopkeeperE2E E2E = LoopkeeperE2E.withGlobalCommands();

    private static final String CHANNEL = FakeDiscord.GENERAL.id();
    private static final FakeUser OWNER = FakeDiscord.ADA;

    /** Starts a poll on {@code loop} from inside {@code thread} and returns the poll's message id there. */
    private static String startPollIn(String thread, OpenLoop loop) {
        InteractionHandle start = E2E.fake().slashCommand("triage").by(OWNER).inThread(thread)
                .option("poll", Long.toString(loop.id())).option("hours", 1L).send();
        assertEquals(5, E2E.reply(start).getInt("type"), "deferred while the poll is posted");
        String answer = E2E.fake().awaitWebhookRequest(start, "PATCH", LoopkeeperE2E.WAIT).json().getString("content");
        assertTrue(answer.startsWith("Poll posted for the group: **" + loop.concept() + "**."), answer);
        List<DataObject> polls = E2E.fake().pollsIn(thread);
        assertEquals(1, polls.size(), "the poll is in the thread");
        return polls.get(0).getString("id");
    }

    private static List<RecordedRequest> followUps(String channelId, String concept) {
        return E2E.requests(r -> r.method().equals("POST") && r.path().equals("channels/" + channelId + "/messages")
                && r.json().getString("content", "").startsWith("The poll on **" + concept + "**"));
    }

    @Test
    void aPollWhoseThreadWasArchivedWhileTheBotWasDownIsReadAndItsResultPostedInTheThread() throws Exception {
        OpenLoop loop = E2E.parkInLot(OWNER, CHANNEL, "Raft log compaction");
        String thread = E2E.fake().createThread(OWNER, E2E.guildId(), CHANNEL, "study group: consensus week");
        String poll = startPollIn(thread, loop);
        FakeUser bob = E2E.newUser();
        E2E.fake().vote(bob, poll, "Adjacent");
        E2E.fake().vote(E2E.newUser(), poll, "Core");
        E2E.fake().vote(E2E.newUser(), poll, "Core");
        E2E.fake().vote(bob, poll, "Core"); // Bob changes his mind
        FakeUser dee = E2E.newUser();
        E2E.fake().vote(dee, poll, "Peripheral");
        assertEquals(List.of(), E2E.fake().removeVote(dee, poll), "no vote events: the bot reads the final count");
        // The thread goes idle and Discord archives it while the bot runs; the bot is then stopped, and the poll ends.
        E2E.fake().archiveThread(thread, false, true);

        E2E.restart(() -> E2E.fake().endPoll(poll, false));
        E2E.clock().advance(Duration.ofHours(2));
        E2E.bot().discordPolls().reconcile();

        assertEquals(Triage.CORE, E2E.storedInLot(OWNER, loop).triage(), "the group's answer is the loop's class");
        long deadline = System.nanoTime() + LoopkeeperE2E.WAIT.toNanos();
        while (followUps(thread, "Raft log compaction").isEmpty()) {
            assertTrue(System.nanoTime() < deadline, "no follow-up in the thread\n" + E2E.fake().diagnostics());
            Thread.onSpinWait();
        }
        RecordedRequest followUp = followUps(thread, "Raft log compaction").get(0);
        assertTrue(followUp.succeeded(), followUp.toString());
        assertEquals("The poll on **Raft log compaction** has closed: the group finds it **core** to the track, and "
                + "that is its class now. (Core 3 · Adjacent 0 · Peripheral 0 · Let it go 0; 3 votes)",
                followUp.json().getString("content"));
        WireAssertions.assertMentionsSuppressed(followUp.json());
        assertFalse(E2E.fake().threadArchived(thread), "posting in the thread opened it again, as Discord does");
        assertEquals(List.of(), followUps(CHANNEL, "Raft log compaction"), "said once, where the poll was");
    }

    @Test
    void aThreadDeletedWhileItsPollRunsGivesThePollUpAtOnceSoTheLoopCanBePolledAgainElsewhere() {
        OpenLoop loop = E2E.parkInLot(OWNER, CHANNEL, "Paxos made simple");
        String thread = E2E.fake().createThread(OWNER, E2E.guildId(), CHANNEL, "paxos reading notes");
        String poll = startPollIn(thread, loop);
        E2E.fake().vote(E2E.newUser(), poll, "Core");

        // A moderator deletes the thread, and the poll in it with it, before the poll closes.
        E2E.fake().deleteThread(E2E.guildId(), CHANNEL, thread);
        long deadline = System.nanoTime() + LoopkeeperE2E.WAIT.toNanos();
        while (E2E.bot().polls().openPoll(poll).isPresent()) {
            assertTrue(System.nanoTime() < deadline, "the poll of the deleted thread is still open\n"
                    + E2E.fake().diagnostics());
            Thread.onSpinWait();
        }

        InteractionHandle again = E2E.fake().slashCommand("triage").by(OWNER).option("poll", Long.toString(loop.id()))
                .send();
        String answer = E2E.fake().awaitWebhookRequest(again, "PATCH", LoopkeeperE2E.WAIT).json().getString("content");
        assertTrue(answer.startsWith("Poll posted for the group: **Paxos made simple**."), answer);
        assertEquals(Triage.UNTRIAGED, E2E.storedInLot(OWNER, loop).triage(), "nothing was decided");
    }

    @Test
    void theResultOfAPollWhoseThreadWasArchivedAndLockedIsPostedInTheChannelTheThreadIsIn() throws Exception {
        OpenLoop loop = E2E.parkInLot(OWNER, CHANNEL, "Byzantine quorums");
        String thread = E2E.fake().createThread(OWNER, E2E.guildId(), CHANNEL, "BFT week");
        String poll = startPollIn(thread, loop);
        for (String answer : List.of("Peripheral", "Peripheral", "Core")) {
            E2E.fake().vote(E2E.newUser(), poll, answer);
        }
        // A moderator archives and locks the thread: only Manage Threads may post there now, which the bot lacks.
        E2E.fake().archiveThread(thread, true, true);

        E2E.restart(() -> E2E.fake().endPoll(poll, false));
        E2E.clock().advance(Duration.ofHours(2));
        E2E.bot().discordPolls().reconcile();

        assertEquals(Triage.PERIPHERAL, E2E.storedInLot(OWNER, loop).triage());
        long deadline = System.nanoTime() + LoopkeeperE2E.WAIT.toNanos();
        while (followUps(CHANNEL, "Byzantine quorums").isEmpty()) {
            assertTrue(System.nanoTime() < deadline, "no follow-up in the thread's channel\n"
                    + E2E.fake().diagnostics());
            Thread.onSpinWait();
        }
        RecordedRequest followUp = followUps(CHANNEL, "Byzantine quorums").get(0);
        assertTrue(followUp.succeeded(), followUp.toString());
        assertEquals("The poll on **Byzantine quorums** has closed: the group finds it **peripheral** to the track, and "
                + "that is its class now. (Core 1 · Adjacent 0 · Peripheral 2 · Let it go 0; 3 votes)",
                followUp.json().getString("content"));
        assertEquals(List.of(), followUps(thread, "Byzantine quorums"), "the locked thread is not tried");
        assertTrue(E2E.fake().threadArchived(thread));
    }

    @Test
    void aPollStartedInAThreadWhereTheBotMayNotPostIsRefusedNamingThePermission() {
        OpenLoop loop = E2E.parkInLot(OWNER, CHANNEL, "chain replication reads");
        String thread = E2E.fake().createThread(OWNER, E2E.guildId(), CHANNEL, "replication week");
        long sendInThreads = 1L << 38;
        E2E.fake().setEveryonePermissions(E2E.guildId(),
                Long.toString(Long.parseLong(FakeGuild.DEFAULT_PERMISSIONS) & ~sendInThreads));
        E2E.expectLogLine("Could not post triage poll");
        try {
            InteractionHandle start = E2E.fake().slashCommand("triage").by(OWNER).inThread(thread)
                    .option("poll", Long.toString(loop.id())).send();
            String answer = E2E.fake().awaitWebhookRequest(start, "PATCH", LoopkeeperE2E.WAIT).json()
                    .getString("content");

            assertEquals("The poll could not be posted in this channel: the bot lacks the Send Messages in Threads "
                    + "permission here. Once a server manager grants it, run this again. Nothing was started.", answer);
            WireAssertions.assertEphemeral(E2E.reply(start).getObject("data"));
            assertEquals(List.of(), E2E.fake().pollsIn(thread));
        } finally {
            E2E.fake().setEveryonePermissions(E2E.guildId(), FakeGuild.DEFAULT_PERMISSIONS);
        }
    }
}
