package dev.loopkeeper.loop;

/**
 * How long the parts of a loop may be, in characters as a person counts them (code points). The service enforces
 * them, the Discord definitions and modals advertise them, and the messages quote them.
 */
public final class LoopLimits {
    public static final int MAX_CONCEPT = 200;
    public static final int MAX_WHY = 1000;
    public static final int MAX_TAKEAWAY = 500;
    public static final int MAX_EXCERPT = 300;
    /** What a person built with a loop (instantiation), one line. */
    public static final int MAX_BUILT = 300;

    private LoopLimits() {
    }
}
