package dev.loopkeeper.common;

/**
 * The console's one person. Their mail (weekly nudges, reminders held for quiet hours or the daily limit) is printed by
 * their terminal, never sent by a bot that keeps the same database: no Discord id is {@value #ID}.
 */
public final class ConsolePerson {
    public static final String ID = "local";

    private ConsolePerson() {
    }
}
