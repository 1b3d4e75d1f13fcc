package dev.loopkeeper.console;

import dev.loopkeeper.delivery.Courier;
import dev.loopkeeper.delivery.Mail;
import dev.loopkeeper.poll.PollMessages;
import dev.loopkeeper.poll.PollResult;
import dev.loopkeeper.nudge.DigestService;
import dev.loopkeeper.nudge.Nudge;
import dev.loopkeeper.nudge.ServerDigest;
import dev.loopkeeper.reminder.Reminder;
import dev.loopkeeper.reminder.ReminderMessages;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * Reminders in the terminal: collected while a command runs and shown right after its answer, with a hint that
 * says what to type in place of the buttons ({@code /remind} finds the reminder in the database, so the hint still
 * works after a restart).
 */
final class ConsoleNotifier implements Courier {
    private final ReminderMessages messages;
    private final Function<Nudge, String> nudgeText;
    private final List<String> pending = new ArrayList<>();

    ConsoleNotifier(ReminderMessages messages, Function<Nudge, String> nudgeText) {
        this.messages = messages;
        this.nudgeText = nudgeText;
    }

    @Override
    public synchronized Outcome sendDirect(Mail mail) {
        if (mail instanceof Reminder reminder) {
            pending.add(messages.reminder(reminder) + "\n" + messages.consoleHint(reminder));
            return Outcome.DELIVERED;
        }
        if (mail instanceof PollResult result) {
            pending.add(PollMessages.result(result));
            return Outcome.DELIVERED;
        }
        if (mail instanceof Nudge nudge) {
            pending.add(nudgeText.apply(nudge));
            return Outcome.DELIVERED;
        }
        if (mail instanceof ServerDigest digest) {
            pending.add(DigestService.text(digest));
            return Outcome.DELIVERED;
        }
        throw new IllegalArgumentException("No console form for " + mail.getClass().getSimpleName());
    }

    @Override
    public Outcome sendToChannel(String guildId, String channelId, Mail mail) {
        return sendDirect(mail);
    }

    /** Everything that arrived since the last call, oldest first. */
    synchronized List<String> drain() {
        List<String> out = List.copyOf(pending);
        pending.clear();
        return out;
    }
}
