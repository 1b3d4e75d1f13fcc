package dev.loopkeeper.loop;

/**
 * Who is acting, and from where: the person's user id, the server they act in ({@code null} in DMs and the console)
 * and whether they may manage that server. The rules on server loops read it; the fronts fill it in from what the
 * platform says about the person.
 */
public record Actor(String userId, String guildId, boolean managesServer) {

    public Actor {
        if (userId == null || userId.isBlank()) {
            throw new IllegalArgumentException("An actor needs a user id");
        }
        if (guildId == null && managesServer) {
            throw new IllegalArgumentException("Only a server can be managed");
        }
    }

    /** A person outside any server: in a DM with the bot, or in the console. */
    public static Actor person(String userId) {
        return new Actor(userId, null, false);
    }

    /** A member of a server, acting in it. */
    public static Actor member(String userId, String guildId, boolean managesServer) {
        return new Actor(userId, guildId, managesServer);
    }

    /** Whether this person acts as a member of the server {@code scope} names. */
    boolean isMemberOf(LoopScope scope) {
        return scope.isServer() && scope.id().equals(guildId);
    }
}
