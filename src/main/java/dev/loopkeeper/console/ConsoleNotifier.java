package dev.loopkeeper.console;

import dev.loopkeeper.delivery.Courier;
import dev.loopkeeper.delivery.Mail;
import dev.loopkeeper.reminder.Reminder;
import dev.loopkeeper.reminder.ReminderMessages;
import java.util.ArrayList;
import java.util.List;

/** Mail in the terminal: collected while a command runs and shown right after its answer. */
final class ConsoleNotifier implements Courier {
    private final ReminderMessages messages;
    private final List<String> pending = new ArrayList<>();

    ConsoleNotifier(ReminderMessages messages) {
        this.messages = messages;
    }

    @Override
    public synchronized Outcome sendDirect(Mail mail) {
        if (mail instanceof Reminder reminder) {
            pending.add(messages.reminder(reminder) + "\n" + messages.consoleHint());
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
