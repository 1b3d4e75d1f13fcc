package dev.loopkeeper.e2e;

import dev.loopkeeper.e2e.fake.Fault;
import dev.loopkeeper.e2e.fake.FakeUser;
import dev.loopkeeper.e2e.fake.InteractionHandle;
import dev.loopkeeper.e2e.fake.RecordedRequest;
import dev.loopkeeper.loop.LoopFilter;
import dev.loopkeeper.loop.OpenLoop;
import net.dv8tion.jda.api.utils.data.DataObject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.Duration;
import java.util.List;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * What Discord's bad moments do to a conversation: a rate-limited, a failed and a bad-gateway interaction
 * callback, and a gateway socket that drops between two commands. Nothing the person asked for may be lost.
 */
class FaultsE2ETest {

    @RegisterExtension
    static final LoopkeeperE2E E2E = LoopkeeperE2E.withGlobalCommands();

    /** Only interaction callbacks; other routes keep working normally. */
    private static final String CALLBACK = "interactions/\\d+/[^/]+/callback";

    @Test
    void rateLimitedCallbackIsRetriedAndTheReplyArrives() {
        FakeUser user = E2E.newUser();
        E2E.fake().failNext(1, "POST", CALLBACK, Fault.rateLimited(Duration.ofSeconds(1)));

        InteractionHandle park = E2E.fake().slashCommand("park").by(user).option("concept", "rate limits").send();
        DataObject reply = E2E.message(park);

        assertTrue(reply.getString("content").startsWith("Parked **rate limits**."));
        assertEquals(List.of(429, 200), statuses(park));
    }

    @Test
    void failedCallbackLosesNothingTheLoopIsSavedAndListed() {
        FakeUser user = E2E.newUser();
        E2E.fake().failNext(1, "POST", CALLBACK, Fault.serverError(500));
        // JDA does not retry a 500: Discord would show "interaction failed", and JDA logs the failed reply.
        String failure = "RestAction queue returned failure: [ErrorResponseException] 0: fake server error";
        E2E.expectLogLine(failure);

        InteractionHandle park = E2E.fake().slashCommand("park").by(user).option("concept", "lost reply").send();
        E2E.allowUnacknowledged(park, "the fake answers its only callback with 500");
        E2E.fake().awaitRequest(r -> r.path().startsWith("interactions/" + park.id() + "/"), LoopkeeperE2E.WAIT);

        List<OpenLoop> saved = E2E.bot().loops().list(user.id(), LoopFilter.open(), 0, 10).loops();
        assertEquals(List.of("lost reply"), saved.stream().map(OpenLoop::concept).collect(Collectors.toList()));
        String listed = E2E.message(E2E.fake().slashCommand("loops").by(user).send())
                .getArray("embeds").getObject(0).getString("description");
        assertTrue(listed.contains("**lost reply**"), listed);
        assertEquals(List.of(500), statuses(park));
        // Waited for, so the line is not blamed on the next test.
        E2E.fake().awaitWarning(failure, LoopkeeperE2E.WAIT);
    }

    @Test
    void badGatewayOnTheCallbackIsRetriedByJda() {
        FakeUser user = E2E.newUser();
        E2E.fake().failNext(1, "POST", CALLBACK, Fault.serverError(502));

        InteractionHandle park = E2E.fake().slashCommand("park").by(user).option("concept", "bad gateway").send();

        assertTrue(E2E.message(park).getString("content").startsWith("Parked **bad gateway**."));
        assertEquals(List.of(502, 200), statuses(park));
    }

    @Test
    void droppedGatewayIsResumedAndTheConversationGoesOn() {
        FakeUser user = E2E.newUser();
        E2E.park(user, "before the drop");
        // JDA logs the resumable close as an ERROR before it resumes.
        E2E.expectLogLine("4000: fake: connection dropped by test");

        E2E.fake().dropConnection();
        InteractionHandle during = E2E.fake().slashCommand("park").by(user).option("concept", "during the drop").send();
        E2E.fake().awaitResumed(LoopkeeperE2E.WAIT);
        assertTrue(E2E.message(during).getString("content").startsWith("Parked **during the drop**."),
                "an interaction sent while disconnected is replayed on RESUME");
        // Only now: two commands in flight run on different workers, so /loops could otherwise overtake the park.
        InteractionHandle after = E2E.fake().slashCommand("loops").by(user).send();

        String listed = E2E.message(after).getArray("embeds").getObject(0).getString("description");
        assertTrue(listed.contains("**before the drop**") && listed.contains("**during the drop**"), listed);
        assertEquals(1, E2E.fake().readyCount(), "JDA resumed the session instead of identifying again");
    }

    private static List<Integer> statuses(InteractionHandle interaction) {
        return E2E.fake().callbacksFor(interaction).stream().map(RecordedRequest::status).collect(Collectors.toList());
    }
}
