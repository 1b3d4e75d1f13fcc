package dev.loopkeeper.loop;

import dev.loopkeeper.storage.Database;
import java.time.Clock;
import java.util.Optional;

/**
 * Remembers where each server loop's message for the group is, so a front can edit that message when the loop
 * changes. Only a front that posts such messages (Discord) writes here; a loop changed where no post was made (the
 * console) simply has none.
 */
public final class GroupPosts {
    private final Database database;
    private final GroupPostStore store;
    private final Clock clock;

    public GroupPosts(Database database, GroupPostStore store, Clock clock) {
        this.database = database;
        this.store = store;
        this.clock = clock;
    }

    /** The loop's message was posted (Discord accepted it): it replaces any earlier post of the loop. */
    public GroupPost posted(long loopId, String guildId, String channelId, String messageId) {
        GroupPost post = new GroupPost(loopId, guildId, channelId, messageId, clock.instant());
        database.write(sql -> store.save(sql, post));
        return post;
    }

    /**
     * A message of the loop was seen (a Me too click on it) where no post is known, such as one posted before posts
     * were remembered: it becomes the loop's post. True when it was saved, false when the loop has one already.
     */
    public boolean seen(long loopId, String guildId, String channelId, String messageId) {
        GroupPost post = new GroupPost(loopId, guildId, channelId, messageId, clock.instant());
        return database.inTransaction(sql -> store.saveIfAbsent(sql, post));
    }

    public Optional<GroupPost> of(long loopId) {
        return database.read(sql -> store.find(sql, loopId));
    }

    /** The post's message is gone (deleted in Discord): there is nothing left to edit. */
    public void gone(GroupPost post) {
        database.write(sql -> store.delete(sql, post.loopId(), post.messageId()));
    }
}
