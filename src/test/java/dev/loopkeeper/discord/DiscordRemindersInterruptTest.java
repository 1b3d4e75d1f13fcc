package dev.loopkeeper.discord;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.RETURNS_SELF;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

import dev.loopkeeper.delivery.Courier;
import dev.loopkeeper.delivery.Mail;
import dev.loopkeeper.nudge.DigestSource;
import dev.loopkeeper.nudge.ServerDigest;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;
import net.dv8tion.jda.api.entities.Guild;
import net.dv8tion.jda.api.entities.Message;
import net.dv8tion.jda.api.entities.channel.concrete.PrivateChannel;
import net.dv8tion.jda.api.entities.channel.middleman.GuildMessageChannel;
import net.dv8tion.jda.api.requests.RestAction;
import net.dv8tion.jda.api.requests.restaction.MessageCreateAction;
import net.dv8tion.jda.api.utils.messages.MessageCreateData;
import org.junit.jupiter.api.Test;

/**
 * A send whose wait for Discord's answer is interrupted (the bot is stopping: JobScheduler.close) keeps waiting for the
 * answer, which the stop waits for before it disconnects, and reports it: cut off at the interrupt, the outbox left the
 * row 'sending' with its outcome unknown, and sent it again after the restart (a second message past Discord's nonce
 * window). Only a send the disconnect cuts off (JDA cancels it) ends as INTERRUPTED, neither delivered nor failed.
 */
class DiscordRemindersInterruptTest {

    private static final Mail NOTE = new Mail() {
        @Override
        public String recipientId() {
            return "42";
        }

        @Override
        public ServerParts serverParts() {
            return ServerParts.none();
        }
    };

    /** Runs {@code send} on a thread interrupted while it waits; the interrupt is kept for the caller to see. */
    private static Courier.Outcome interruptedWhileWaiting(Supplier<Courier.Outcome> send) {
        Thread.currentThread().interrupt();
        Courier.Outcome outcome;
        try {
            outcome = send.get();
        } finally {
            assertTrue(Thread.interrupted(), "the interrupt is kept");
        }
        return outcome;
    }

    /** Completes {@code answer} once {@code waiter} is waiting (for it): an answer that comes after the interrupt. */
    private static void answerOnceWaiting(Thread waiter, CompletableFuture<Object> answer, Object result) {
        Thread answering = new Thread(() -> {
            while (waiter.getState() != Thread.State.TIMED_WAITING) {
                Thread.onSpinWait();
            }
            answer.complete(result);
        }, "discord-answers");
        answering.setDaemon(true);
        answering.start();
    }

    @Test
    @SuppressWarnings("unchecked")
    void aDirectMessageWhoseWaitIsInterruptedWaitsForDiscordsAnswer() {
        DiscordBot bot = mock(DiscordBot.class);
        RestAction<PrivateChannel> open = mock(RestAction.class, RETURNS_SELF);
        when(bot.openDirect("42")).thenReturn(open);
        CompletableFuture<Object> answer = new CompletableFuture<>();
        when(open.submit()).thenReturn((CompletableFuture) answer); // Discord has not answered yet
        DiscordReminders reminders = new DiscordReminders(() -> bot, null, null, null);
        answerOnceWaiting(Thread.currentThread(), answer, new Object());

        assertEquals(Courier.Outcome.DELIVERED, interruptedWhileWaiting(() -> reminders.sendDirect(NOTE, "lk1d")));
    }

    @Test
    void aChannelPostTheDisconnectCutsOffIsNeitherDeliveredNorFailed() {
        DiscordBot bot = mock(DiscordBot.class);
        Guild guild = mock(Guild.class);
        when(guild.getId()).thenReturn("7");
        GuildMessageChannel channel = mock(GuildMessageChannel.class);
        when(channel.getGuild()).thenReturn(guild);
        when(bot.channel("9")).thenReturn(channel);
        MessageCreateAction post = mock(MessageCreateAction.class, RETURNS_SELF);
        when(channel.sendMessage(any(MessageCreateData.class))).thenReturn(post);
        CompletableFuture<Message> answer = new CompletableFuture<>();
        answer.cancel(false); // JDA's shutdownNow: the request is dropped, answered or not
        when(post.submit()).thenReturn(answer);
        DiscordReminders reminders = new DiscordReminders(() -> bot, null, null, null);
        Instant now = Instant.parse("2026-03-04T10:00:00Z");
        ServerDigest digest = new ServerDigest(1, "7", now, now,
                List.of(new DigestSource.Section("Poll results", List.of("a loop"))));

        assertEquals(Courier.Outcome.INTERRUPTED,
                interruptedWhileWaiting(() -> reminders.sendToChannel("7", "9", digest, "lk1c")));
    }
}
