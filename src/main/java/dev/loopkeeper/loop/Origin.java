package dev.loopkeeper.loop;

/**
 * Where a loop was parked: server and channel (null in the console), and for a parked message its jump
 * link and a short excerpt.
 */
public record Origin(String guildId, String channelId, String messageUrl, String excerpt) {

    public static Origin none() {
        return new Origin(null, null, null, null);
    }

    public static Origin channel(String guildId, String channelId) {
        return new Origin(guildId, channelId, null, null);
    }

    /** Nothing known about where it came from (the console). */
    public boolean isEmpty() {
        return guildId == null && channelId == null && messageUrl == null && excerpt == null;
    }
}
