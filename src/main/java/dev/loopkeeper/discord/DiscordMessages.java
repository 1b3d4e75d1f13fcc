package dev.loopkeeper.discord;

/** What the Discord front says when something goes wrong around a command rather than inside one. */
public final class DiscordMessages {
    private DiscordMessages() {
    }

    /**
     * After an unexpected failure. It may have come after a commit (say, while sending the reply to a park that was
     * saved), so it never claims that nothing was changed.
     */
    public static String apology(String reference) {
        return "Sorry, something went wrong on my side (reference `" + reference + "`). Anything I confirmed to you "
                + "is saved; /loops shows where things stand. If it happens again, mention the reference to whoever "
                + "runs this bot.";
    }

    /**
     * A command whose write waited {@code seconds} for another program's lock on the bot's database file (a console
     * beside the bot, an import in it), and gave up: no fault to report, so no reference.
     */
    public static String databaseBusy(long seconds) {
        return "The bot's database was kept busy by another program for " + seconds + " s, so I could not finish "
                + "that. Anything I confirmed to you is saved; try again in a moment.";
    }

    /**
     * A command the bot's stop cut off while it ran: it may have committed part of its work, so, as the apology, it
     * never claims that nothing was changed.
     */
    public static String stopped() {
        return "Loopkeeper is stopping (for a restart or an update) and could not finish that. Anything I confirmed "
                + "to you is saved; /loops shows where things stand once it is back.";
    }

    /** Only when the work was turned away before it started, so nothing was changed is true here. */
    public static String busy() {
        return "I'm very busy right now and nothing was changed. Please try again in a moment.";
    }

    public static String unknownCommand() {
        return "I don't know that command any more. Discord may still be showing an old list; try again in a minute.";
    }

    public static String staleComponent() {
        return "That button is from an older version of Loopkeeper. Run the command again for a fresh one.";
    }

    /** A server park where the bot is no member (its commands only, or the bot removed): saved, no post to make. */
    public static String notPostedBotNotInServer() {
        return "Loopkeeper's bot is not in this server (only its commands are), so nobody saw a post of it; it is saved "
                + "among the server's shared loops: members see it with /loops scope:server. Invite the bot to have "
                + "parks posted for the group.";
    }

    /** A server loop was saved, but its message for the group could not be posted in the channel. */
    public static String notPostedForGroup() {
        return "I couldn't post it in this channel (I may not be allowed to write here), but it is saved among the "
                + "server's shared loops: members see it with /loops scope:server.";
    }

    /** A button of one server's shared loops, used from another server or a DM (only a crafted request can). */
    public static String notThisServer() {
        return "That button belongs to another server's shared loops. Nothing was changed.";
    }

    public static String notYours() {
        return "That belongs to someone else's view. Run the command yourself to get your own.";
    }
}
