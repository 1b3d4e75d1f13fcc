package dev.loopkeeper.command;

/** Which fronts offer a command or an option: most are on both, a few exist only where the other has no need. */
public enum Reach {
    BOTH, DISCORD, CONSOLE;

    public boolean onDiscord() {
        return this != CONSOLE;
    }

    public boolean onConsole() {
        return this != DISCORD;
    }
}
