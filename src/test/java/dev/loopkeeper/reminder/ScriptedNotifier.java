package dev.loopkeeper.reminder;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;

/** Discord's side of delivery, scripted: records every attempt and answers with queued outcomes (default: delivered). */
final class ScriptedNotifier implements ReminderNotifier {
    record Sent(String where, Reminder reminder) {
    }

    final List<Sent> sent = new ArrayList<>();
    final Deque<Outcome> directOutcomes = new ArrayDeque<>();

    @Override
    public synchronized Outcome sendDirect(Reminder reminder) {
        sent.add(new Sent("dm", reminder));
        return directOutcomes.isEmpty() ? Outcome.DELIVERED : directOutcomes.poll();
    }

    @Override
    public synchronized Outcome sendToChannel(String guildId, String channelId, Reminder reminder) {
        sent.add(new Sent(guildId + "/" + channelId, reminder));
        return Outcome.DELIVERED;
    }
}
