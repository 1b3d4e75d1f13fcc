package dev.loopkeeper.loop;

import java.time.Instant;

/**
 * Where a server loop's message for the group is: the plain channel message a server park posts, with its Me too
 * button, which follows the loop when it is closed, edited or reopened.
 */
public record GroupPost(long loopId, String guildId, String channelId, String messageId, Instant postedAt) {
}
