package dev.loopkeeper.reminder;

/**
 * How a front delivers a reminder. Each call blocks until the front knows the outcome; it is only called from
 * worker and scheduler threads, never from a gateway thread.
 */
public interface ReminderNotifier {

    /** What happened to one delivery attempt. */
    enum Outcome {
        DELIVERED,
        /** The person accepts no direct messages from the bot (Discord error 50007). */
        DMS_CLOSED,
        /** The channel is gone or the bot may not post there. */
        CHANNEL_UNAVAILABLE,
        /** Anything else, such as a server error: worth trying again later. */
        FAILED
    }

    Outcome sendDirect(Reminder reminder);

    /** Posts in a server channel, mentioning only the reminder's owner. */
    Outcome sendToChannel(String guildId, String channelId, Reminder reminder);
}
