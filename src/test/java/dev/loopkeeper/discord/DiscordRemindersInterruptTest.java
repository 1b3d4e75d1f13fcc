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
import net.dv8tion.jda.api.entities.channel.concrete.PrivateChannel;
import net.dv8tion.jda.api.entities.channel.middleman.GuildMessageChannel;
import net.dv8tion.jda.api.requests.RestAction;
import net.dv8tion.jda.api.requests.restaction.MessageCreateAction;
import net.dv8tion.jda.api.utils.messages.MessageCreateData;
import org.junit.jupiter.api.Test;

/**
 * A send whose wait for Discord's answer is interrupted (the bot is stopping) ends as INTERRUPTED, not FAILED: the
 * message is in JDA's queue, which may still send it, so the outbox must not record the attempt as failed.
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

    @Test
    @SuppressWarnings("unchecked")
    void aDirectMessageWhoseWaitIsInterruptedIsNeitherDeliveredNorFailed() {
        DiscordBot bot = mock(DiscordBot.class);
        RestAction<PrivateChannel> open = mock(RestAction.class, RETURNS_SELF);
        when(bot.openDirect("42")).thenReturn(open);
        when(open.submit()).thenReturn(new CompletableFuture<>()); // Discord has not answered
        DiscordReminders reminders = new DiscordReminders(() -> bot, null, null, null);

        assertEquals(Courier.Outcome.INTERRUPTED, interruptedWhileWaiting(() -> reminders.sendDirect(NOTE, "lk1d")));
    }

    @Test
    void aChannelPostWhoseWaitIsInterruptedIsNeitherDeliveredNorFailed() {
        DiscordBot bot = mock(DiscordBot.class);
        Guild guild = mock(Guild.class);
        when(guild.getId()).thenReturn("7");
        GuildMessageChannel channel = mock(GuildMessageChannel.class);
        when(channel.getGuild()).thenReturn(guild);
        when(bot.channel("9")).thenReturn(channel);
        MessageCreateAction post = mock(MessageCreateAction.class, RETURNS_SELF);
        when(channel.sendMessage(any(MessageCreateData.class))).thenReturn(post);
        when(post.submit()).thenReturn(new CompletableFuture<>());
        DiscordReminders reminders = new DiscordReminders(() -> bot, null, null, null);
        Instant now = Instant.parse("2026-03-04T10:00:00Z");
        ServerDigest digest = new ServerDigest(1, "7", now, now,
                List.of(new DigestSource.Section("Poll results", List.of("a loop"))));

        assertEquals(Courier.Outcome.INTERRUPTED,
                interruptedWhileWaiting(() -> reminders.sendToChannel("7", "9", digest, "lk1c")));
    }
}
