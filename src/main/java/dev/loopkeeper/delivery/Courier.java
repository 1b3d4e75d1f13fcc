package dev.loopkeeper.delivery;

/**
 * How a front sends mail. Each call blocks until the front knows the outcome; the outbox calls it only from worker
 * and scheduler threads, never from a gateway thread.
 */
public interface Courier {

    /** What happened to one attempt. */
    enum Outcome {
        DELIVERED,
        /** The person accepts no direct messages from the bot (Discord error 50007). */
        DMS_CLOSED,
        /** The channel is gone or the bot may not post there. */
        CHANNEL_UNAVAILABLE,
        /** Anything else, such as a server error: worth trying again later. */
        FAILED,
        /**
         * The process is stopping and the answer never came (the disconnect cut the request off): the message may have
         * gone out or not. Nothing is recorded; the row waits for its lease to run out, as when a process dies
         * mid-send, and is looked for ({@link #foundDirect}) before it goes again with the same nonce. A send merely
         * interrupted keeps waiting for Discord's answer, which the stop waits for.
         */
        INTERRUPTED
    }

    Outcome sendDirect(Mail mail);

    /** Posts in a server channel; mail with a recipient mentions that person and nobody else. */
    Outcome sendToChannel(String guildId, String channelId, Mail mail);

    /**
     * {@link #sendDirect} with a key that is the same on every attempt to send this one message and different for
     * every other: a front whose wire can recognise a repeat (Discord's message nonce) sends it, so an attempt that
     * timed out after the message went out and is tried again does not show it twice. At most 25 characters.
     */
    default Outcome sendDirect(Mail mail, String attemptKey) {
        return sendDirect(mail);
    }

    /** {@link #sendToChannel} with a key as in {@link #sendDirect(Mail, String)}. */
    default Outcome sendToChannel(String guildId, String channelId, Mail mail, String attemptKey) {
        return sendToChannel(guildId, channelId, mail);
    }

    /**
     * Whether the direct message of this mail is already in the person's DM, sent at or after {@code since}: asked
     * before a row is sent again whose earlier attempt's outcome is unknown (its process died mid-send). Empty when the
     * front cannot tell (the default: the console's mail is printed, never lost in flight).
     */
    default java.util.Optional<Boolean> foundDirect(Mail mail, java.time.Instant since) {
        return java.util.Optional.empty();
    }

    /**
     * Whether this mail's post is already in the server channel, sent at or after {@code since}: asked, as
     * {@link #foundDirect}, before a server's part is posted again whose earlier attempt's outcome is unknown. Empty when
     * the front cannot tell (the default, and a channel whose history the bot may not read).
     */
    default java.util.Optional<Boolean> foundInChannel(String guildId, String channelId, Mail mail,
            java.time.Instant since) {
        return java.util.Optional.empty();
    }

    /**
     * Whether this process reaches the server's channels: with Discord sharding, only the process that runs the
     * server's shard does. Mail for servers this process does not reach is handed to the process that does.
     */
    default boolean serves(String guildId) {
        return true;
    }
}
