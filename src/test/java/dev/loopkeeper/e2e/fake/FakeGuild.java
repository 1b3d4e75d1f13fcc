package dev.loopkeeper.e2e.fake;

import java.util.ArrayList;
import java.util.List;

/**
 * A guild in the fake's world: its text channels, its human members and the permissions of its @everyone role,
 * which JDA uses to check the bot's permissions locally before sending.
 */
public record FakeGuild(String id, String name, String everyonePermissions, List<FakeChannel> channels,
                        List<FakeUser> members) {

    /** VIEW_CHANNEL, SEND_MESSAGES, EMBED_LINKS, ATTACH_FILES, READ_HISTORY, ADD_REACTIONS, USE_APP_COMMANDS, SEND_IN_THREADS, SEND_POLLS. */
    public static final String DEFAULT_PERMISSIONS = "563226978929728";

    /** Permission bits the fake itself checks, as Discord does on its side (JDA checks them first, locally). */
    static final long ADMINISTRATOR = 1L << 3;
    static final long VIEW_CHANNEL = 1L << 10;
    static final long READ_MESSAGE_HISTORY = 1L << 16;

    public FakeGuild {
        if (channels.isEmpty() || members.isEmpty()) {
            throw new IllegalArgumentException("a guild needs at least one channel and one human member");
        }
        channels = List.copyOf(channels);
        members = List.copyOf(members);
    }

    /** A guild with one channel and one member, and the default @everyone permissions. */
    public static FakeGuild of(String id, String name, FakeChannel channel, FakeUser member) {
        return new FakeGuild(id, name, DEFAULT_PERMISSIONS, List.of(channel), List.of(member));
    }

    public FakeGuild withEveryonePermissions(String permissions) {
        return new FakeGuild(id, name, permissions, channels, members);
    }

    public FakeGuild withName(String newName) {
        return new FakeGuild(id, newName, everyonePermissions, channels, members);
    }

    public FakeGuild withChannel(FakeChannel channel) {
        List<FakeChannel> more = new ArrayList<>(channels);
        more.add(channel);
        return new FakeGuild(id, name, everyonePermissions, more, members);
    }

    public FakeGuild withoutChannel(String channelId) {
        return new FakeGuild(id, name, everyonePermissions, channels.stream().filter(c -> !c.id().equals(channelId))
                .toList(), members);
    }

    public FakeGuild withMember(FakeUser member) {
        List<FakeUser> more = new ArrayList<>(members);
        more.add(member);
        return new FakeGuild(id, name, everyonePermissions, channels, more);
    }

    /** The first channel, where interactions happen unless a test picks another. */
    public FakeChannel defaultChannel() {
        return channels.get(0);
    }

    /** The first member, who is also the guild owner (so JDA's default member cache keeps it). */
    public FakeUser owner() {
        return members.get(0);
    }

    /** Whether the bot (holding @everyone's permissions only) has this permission in the guild's channels. */
    boolean allows(long permission) {
        long granted = Long.parseLong(everyonePermissions);
        return (granted & ADMINISTRATOR) != 0 || (granted & permission) == permission;
    }

    boolean hasChannel(String channelId) {
        return channels.stream().anyMatch(c -> c.id().equals(channelId));
    }
}
