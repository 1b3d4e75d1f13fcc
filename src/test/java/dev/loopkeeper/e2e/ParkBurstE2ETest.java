package dev.loopkeeper.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.loopkeeper.e2e.fake.FakeUser;
import dev.loopkeeper.e2e.fake.InteractionHandle;
import dev.loopkeeper.e2e.fake.RecordedRequest;
import dev.loopkeeper.loop.LoopFilter;
import dev.loopkeeper.loop.Triage;
import dev.loopkeeper.support.GateEmbedder;
import java.util.List;
import net.dv8tion.jda.api.utils.data.DataObject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A park that arrives while another park's embedding is under way (a burst) is answered as soon as it is committed,
 * before its own vectors exist; when its near-duplicate check comes, the answer is edited to carry the notice and the
 * <b>Merge into #n</b> button, which merges as always. The embeddings are held at a gate the test opens, so what is late
 * is decided by the test, not by timing.
 */
class ParkBurstE2ETest {
    private static final GateEmbedder GATE = new GateEmbedder();

    @RegisterExtension
    static final LoopkeeperE2E E2E = LoopkeeperE2E.withGlobalCommands().withEmbedder(GATE);

    @Test
    void aParkAnsweredBeforeItsCheckIsEditedToOfferTheMergeWhenItComes() throws Exception {
        FakeUser user = E2E.newUser();
        E2E.park(user, "attention heads");
        long heads = E2E.bot().loops().list(user.id(), LoopFilter.open(), 0, 20).loops().get(0).id();

        // Someone else's park is embedding (held), and this person's next concept will be held too.
        GATE.hold(text -> text.contains("gate keeper") || text.contains("attention head") && !text.contains("heads"));
        FakeUser other = E2E.newUser();
        InteractionHandle busy = E2E.fake().slashCommand("park").by(other).option("concept", "gate keeper").send();
        GATE.awaitHeld();

        InteractionHandle similar = E2E.fake().slashCommand("park").by(user).option("concept", "attention head").send();
        DataObject first = E2E.message(similar);
        String answered = first.getString("content");
        assertTrue(answered.startsWith("Parked **attention head**."), answered);
        assertFalse(answered.contains("looks close"), "its check has not run: " + answered);
        assertTrue(LoopkeeperE2E.buttons(first).isEmpty(), "no button yet");
        assertEquals(2, E2E.bot().loops().list(user.id(), LoopFilter.open(), 0, 20).total(), "committed before the answer");
        assertTrue(E2E.requests(edit(similar)).isEmpty(), "nothing edited while its embedding is held");

        GATE.release();
        E2E.fake().awaitRequest(edit(similar), LoopkeeperE2E.WAIT);
        DataObject edited = E2E.fake().originalMessage(similar);
        String content = edited.getString("content");
        assertTrue(content.startsWith("Parked **attention head**."), content);
        assertTrue(content.contains("It looks close to your open loop **attention heads** (#" + heads + ", parked <t:"),
                content);
        assertEquals(List.of("Merge into #" + heads), LoopkeeperE2E.buttons(edited).stream()
                .map(b -> b.getString("label")).toList());

        DataObject merged = E2E.reply(E2E.click(user, similar, "Merge into #" + heads));
        assertTrue(merged.getObject("data").getString("content").startsWith("Merged **attention head** (#"),
                merged.toString());
        assertEquals(1, E2E.bot().loops().list(user.id(), LoopFilter.open(), 0, 20).total());
        // The held park is answered too: at once, or (held past the deferral) by editing its deferred reply.
        DataObject busyReply = E2E.reply(busy);
        String busyAnswer = busyReply.getInt("type") == 4 ? busyReply.getObject("data").getString("content")
                : E2E.fake().awaitRequest(edit(busy), LoopkeeperE2E.WAIT).json().getString("content");
        assertTrue(busyAnswer.startsWith("Parked **gate keeper**."), busyAnswer);
    }

    @Test
    void aParkAnsweredBeforeItsCheckIsEditedToOfferCoreWhenItMatchesTheFocus() throws Exception {
        FakeUser user = E2E.newUser();
        E2E.message(E2E.fake().slashCommand("focus").subcommand("set").by(user)
                .option("text", "implementing a Kalman filter for drone state estimation").send());

        GATE.hold(text -> text.contains("gate warden") || text.contains("Kalman filter") && !text.contains("drone"));
        FakeUser other = E2E.newUser();
        InteractionHandle busy = E2E.fake().slashCommand("park").by(other).option("concept", "gate warden").send();
        GATE.awaitHeld();

        InteractionHandle park = E2E.fake().slashCommand("park").by(user).option("concept", "Kalman filter").send();
        DataObject first = E2E.message(park);
        assertTrue(first.getString("content").startsWith("Parked **Kalman filter**."), first.getString("content"));
        assertFalse(first.getString("content").contains("candidate for core"), "its check has not run yet");
        assertTrue(LoopkeeperE2E.buttons(first).isEmpty(), "no button yet");

        GATE.release();
        E2E.fake().awaitRequest(edit(park), LoopkeeperE2E.WAIT);
        DataObject edited = E2E.fake().originalMessage(park);
        assertTrue(edited.getString("content").endsWith("It matches what you work on now, \u201cimplementing a Kalman "
                + "filter for drone state estimation\u201d: a candidate for core."), edited.getString("content"));
        assertEquals(List.of("Core"), LoopkeeperE2E.buttons(edited).stream().map(b -> b.getString("label")).toList());

        DataObject done = E2E.reply(E2E.click(user, park, "Core"));
        assertEquals("**Kalman filter** is core now.", done.getObject("data").getString("content"));
        assertEquals(Triage.CORE, E2E.bot().loops().list(user.id(), LoopFilter.open(), 0, 20).loops().get(0).triage());
        E2E.reply(busy);
    }

    private static java.util.function.Predicate<RecordedRequest> edit(InteractionHandle interaction) {
        return r -> r.succeeded() && r.method().equals("PATCH")
                && r.path().endsWith(interaction.token() + "/messages/@original");
    }
}
