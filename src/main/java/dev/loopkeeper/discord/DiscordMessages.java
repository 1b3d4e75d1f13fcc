package dev.loopkeeper.discord;

/** What the Discord front says when something goes wrong around a command rather than inside one. */
public final class DiscordMessages {
    private DiscordMessages() {
    }

    public static String apology(String reference) {
        return "Sorry, something went wrong on my side and nothing was changed. If it happens again, "
                + "mention reference `" + reference + "` to whoever runs this bot.";
    }

    public static String busy() {
        return "I'm very busy right now and nothing was changed. Please try again in a moment.";
    }

    public static String unknownCommand() {
        return "I don't know that command any more. Discord may still be showing an old list; try again in a minute.";
    }

    public static String staleComponent() {
        return "That button is from an older version of Loopkeeper. Run the command again for a fresh one.";
    }

    public static String notYours() {
        return "That belongs to someone else's view. Run the command yourself to get your own.";
    }
}
