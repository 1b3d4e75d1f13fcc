package dev.loopkeeper.discord;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.mockito.Mockito.verify;

import dev.loopkeeper.focus.FocusMessages;
import dev.loopkeeper.loop.LoopMessages;
import dev.loopkeeper.support.AppTestBase;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import net.dv8tion.jda.api.interactions.callbacks.IReplyCallback;
import net.dv8tion.jda.api.requests.restaction.interactions.ReplyCallbackAction;
import net.dv8tion.jda.api.utils.data.DataObject;
import net.dv8tion.jda.api.utils.messages.MessageCreateData;
import org.junit.jupiter.api.BeforeEach;
import org.mockito.ArgumentCaptor;

/** Real commands, services and SQLite ({@link AppTestBase}) behind a router that runs work on the calling thread. */
abstract class CommandTestBase extends AppTestBase {

    /** One answer thread, kept busy until {@code release} opens: a park's answer waits behind it. */
    static ExecutorService busyAnswerThread(CountDownLatch release) {
        ExecutorService answers = Executors.newSingleThreadExecutor();
        answers.execute(() -> {
            try {
                release.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        return answers;
    }

    static final String ADA = "100000000000000001";
    static final String BOB = "100000000000000002";

    LoopMessages loopMessages;
    GroupLoops group;
    ParkCommand park;
    ParkMessageCommand parkMessage;
    LoopsCommand loopsCommand;
    CloseCommand close;
    FocusCommand focus;
    InteractionRouter router;

    CommandTestBase() {
        super("2026-03-01T10:00:00Z");
    }

    @BeforeEach
    void build() {
        DiscordTimeText time = new DiscordTimeText();
        loopMessages = new LoopMessages(time);
        group = new GroupLoops(app.loops(), loopMessages, app.groupPosts(), () -> null, Runnable::run);
        park = new ParkCommand(app.loops(), loopMessages, group);
        parkMessage = new ParkMessageCommand(park);
        loopsCommand = new LoopsCommand(app.loops(), loopMessages, 10);
        close = new CloseCommand(app.loops(), loopMessages);
        focus = new FocusCommand(app.focus(), app.settings(), new FocusMessages(time), true);
        router = new InteractionRouter(List.of(park, parkMessage, loopsCommand, close, focus), List.of(group),
                Runnable::run, () -> false, event -> { });
    }

    /** The one reply sent, checked to be ephemeral and to ping nobody. */
    static MessageCreateData privateReply(IReplyCallback event, ReplyCallbackAction action) {
        ArgumentCaptor<MessageCreateData> sent = ArgumentCaptor.forClass(MessageCreateData.class);
        verify(event).reply(sent.capture());
        verify(action).setEphemeral(true);
        verify(action).queue();
        assertPingsNobody(sent.getValue().toData());
        return sent.getValue();
    }

    static void assertPingsNobody(DataObject body) {
        DataObject allowed = body.getObject("allowed_mentions");
        assertTrue(allowed.getArray("parse").isEmpty(), body.toString());
        assertEquals(0, allowed.optArray("users").map(a -> a.length()).orElse(0), body.toString());
        assertEquals(0, allowed.optArray("roles").map(a -> a.length()).orElse(0), body.toString());
    }
}
