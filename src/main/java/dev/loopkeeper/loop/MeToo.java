package dev.loopkeeper.loop;

/**
 * A "me too" on a server loop: it matters to {@code count} people now, whoever parked it included. {@code added} is
 * false when this person had already said so (a second click changes nothing); {@code parker} when they parked it,
 * which counted them (they never clicked).
 */
public record MeToo(OpenLoop loop, long count, boolean added, boolean parker) {
    public MeToo(OpenLoop loop, long count, boolean added) {
        this(loop, count, added, false);
    }
}
