package dev.loopkeeper.console;

import dev.loopkeeper.reminder.Reminder;
import dev.loopkeeper.reminder.ReminderMessages;
import dev.loopkeeper.reminder.ReminderNotifier;
import java.util.ArrayList;
import java.util.List;

/** Reminders in the terminal: collected while a command runs and shown right after its answer. */
final class ConsoleNotifier implements ReminderNotifier {
    private final ReminderMessages messages;
    private final List<String> pending = new ArrayList<>();

    ConsoleNotifier(ReminderMessages messages) {
        this.messages = messages;
    }

    @Override
    public synchronized Outcome sendDirect(Reminder reminder) {
        pending.add(messages.reminder(reminder) + "\n" + messages.consoleHint());
        return Outcome.DELIVERED;
    }

    @Override
    public Outcome sendToChannel(String guildId, String channelId, Reminder reminder) {
        return sendDirect(reminder);
    }

    /** Everything that arrived since the last call, oldest first. */
    synchronized List<String> drain() {
        List<String> out = List.copyOf(pending);
        pending.clear();
        return out;
    }
}
