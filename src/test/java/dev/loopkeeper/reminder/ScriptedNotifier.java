package dev.loopkeeper.reminder;

import dev.loopkeeper.delivery.Courier;
import dev.loopkeeper.delivery.Mail;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;

/** Discord's side of delivery, scripted: records every attempt and answers with queued outcomes (default: delivered). */
final class ScriptedNotifier implements Courier {
    record Sent(String where, Reminder reminder) {
    }

    final List<Sent> sent = new ArrayList<>();
    final Deque<Outcome> directOutcomes = new ArrayDeque<>();
    /** The servers this "process" reaches (with sharding, those of its shard); all by default. */
    volatile java.util.function.Predicate<String> servedGuilds = guildId -> true;
    /** The people whose direct messages are closed (Discord's 50007), whatever is queued. */
    volatile java.util.function.Predicate<String> closedFor = person -> false;

    @Override
    public boolean serves(String guildId) {
        return servedGuilds.test(guildId);
    }

    @Override
    public synchronized Outcome sendDirect(Mail mail) {
        sent.add(new Sent("dm", (Reminder) mail));
        if (closedFor.test(mail.recipientId())) {
            return Outcome.DMS_CLOSED;
        }
        return directOutcomes.isEmpty() ? Outcome.DELIVERED : directOutcomes.poll();
    }

    @Override
    public synchronized Outcome sendToChannel(String guildId, String channelId, Mail mail) {
        sent.add(new Sent(guildId + "/" + channelId, (Reminder) mail));
        return Outcome.DELIVERED;
    }
}
