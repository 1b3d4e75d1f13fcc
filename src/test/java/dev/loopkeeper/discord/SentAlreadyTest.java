package dev.loopkeeper.discord;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.mockito.Mockito.RETURNS_DEEP_STUBS;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import net.dv8tion.jda.api.components.actionrow.ActionRow;
import net.dv8tion.jda.api.components.buttons.Button;
import net.dv8tion.jda.api.components.tree.MessageComponentTree;
import net.dv8tion.jda.api.entities.Message;
import net.dv8tion.jda.api.utils.messages.MessageCreateBuilder;
import net.dv8tion.jda.api.utils.messages.MessageCreateData;
import org.junit.jupiter.api.Test;

/**
 * Whether a message in the person's DM is the mail a cut-off attempt was sending (DiscordReminders.sameMessage): asked
 * before it is sent again. A weekly nudge offers the same loops' buttons week after week while they stay untouched;
 * last week's nudge counted as this week's, which was then never sent.
 */
class SentAlreadyTest {
    private static final String BOT = "900";
    private static final Instant SINCE = Instant.parse("2026-12-06T17:55:00Z");
    private static final List<Button> NUDGE = List.of(Button.secondary("42:nudge.letgo:7", "Let them go"),
            Button.secondary("42:nudge.keep:7", "Keep"));

    @Test
    void lastWeeksNudgeWithTheSameButtonsIsNotThisWeeks() {
        Message lastWeek = message(BOT, SINCE.minusSeconds(7 * 24 * 3600), NUDGE, "Your week: parked 2 weeks ago");

        assertFalse(DiscordReminders.sameMessage(lastWeek, expected(NUDGE, "Your week: parked 3 weeks ago"), SINCE));
    }

    @Test
    void theSameButtonsAndWordsAreThisMailWhateverTheClocksSay() {
        // Discord's clock and the bot's may disagree; a message with all this mail's buttons and words is it.
        Message sent = message(BOT, SINCE.minusSeconds(5 * 24 * 3600), NUDGE, "Your week: parked 3 weeks ago");

        assertTrue(DiscordReminders.sameMessage(sent, expected(NUDGE, "Your week: parked 3 weeks ago"), SINCE));
    }

    @Test
    void theBotsMessageWithTheSameButtonsSentAroundTheAttemptIsIt() {
        Message sent = message(BOT, SINCE.plusSeconds(60), NUDGE, "Your week");
        // The bot's clock and Discord's may disagree by minutes: buttons are this mail's alone for hours.
        Message early = message(BOT, SINCE.minusSeconds(3600), NUDGE, "Your week, as the attempt wrote it");

        assertTrue(DiscordReminders.sameMessage(sent, expected(NUDGE, "Your week"), SINCE));
        assertTrue(DiscordReminders.sameMessage(early, expected(NUDGE, "Your week"), SINCE));
    }

    @Test
    void aMessageSharingOnlySomeButtonsOrWrittenByTheUserIsNot() {
        Message other = message(BOT, SINCE.plusSeconds(60), List.of(NUDGE.get(0)), "Your week");
        Message theirs = message("123", SINCE.plusSeconds(60), NUDGE, "Your week");

        assertFalse(DiscordReminders.sameMessage(other, expected(NUDGE, "Your week"), SINCE));
        assertFalse(DiscordReminders.sameMessage(theirs, expected(NUDGE, "Your week"), SINCE));
    }

    @Test
    void mailWithoutButtonsIsRecognisedByItsTextSinceTheAttempt() {
        assertTrue(DiscordReminders.sameMessage(message(BOT, SINCE.plusSeconds(1), List.of(), "Digest"),
                expected(List.of(), "Digest"), SINCE));
        assertFalse(DiscordReminders.sameMessage(message(BOT, SINCE.minusSeconds(1), List.of(), "Digest"),
                expected(List.of(), "Digest"), SINCE));
    }

    private static MessageCreateData expected(List<Button> buttons, String text) {
        MessageCreateBuilder builder = new MessageCreateBuilder().setContent(text);
        if (!buttons.isEmpty()) {
            builder.setComponents(ActionRow.of(buttons));
        }
        return builder.build();
    }

    private static Message message(String author, Instant at, List<Button> buttons, String text) {
        Message message = mock(Message.class, RETURNS_DEEP_STUBS);
        when(message.getAuthor().getId()).thenReturn(author);
        when(message.getJDA().getSelfUser().getId()).thenReturn(BOT);
        when(message.getTimeCreated()).thenReturn(at.atOffset(ZoneOffset.UTC));
        when(message.getComponentTree()).thenReturn(MessageComponentTree.of(
                buttons.isEmpty() ? List.of() : List.of(ActionRow.of(buttons))));
        when(message.getContentRaw()).thenReturn(text);
        when(message.getEmbeds()).thenReturn(List.of());
        return message;
    }
}
