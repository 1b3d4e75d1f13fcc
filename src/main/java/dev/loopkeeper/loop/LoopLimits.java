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
    /**
     * The most notes one loop gathers from parks of its concept again (each a why or source it did not hold): every
     * such park reads the loop's notes, and on a server loop any member may add one. Fifty is years of coming back to
     * one concept; past it, what matters belongs in the loop's own why.
     */
    public static final int MAX_NOTES = 50;
    /**
     * The fewest open loops a member may keep in a server's shared lot, whatever the lot's limit: a reading list's
     * worth, so a lot kept small by its operator is still usable by each member.
     */
    public static final int MIN_MEMBER_SHARE = 50;
    /** A member's share of a server's lot is this part of its limit: ten members or more fill it together. */
    public static final int MEMBER_SHARE_PARTS = 10;

    /**
     * How many open loops one member may keep in a server's shared lot whose limit is {@code lotLimit}: a tenth of it,
     * at least {@link #MIN_MEMBER_SHARE}, never more than the lot itself (5,000 by default: 500 each). Without a share
     * one member could fill the lot and every other member's park was refused.
     */
    public static int memberShare(int lotLimit) {
        return Math.min(lotLimit, Math.max(MIN_MEMBER_SHARE, lotLimit / MEMBER_SHARE_PARTS));
    }

    private LoopLimits() {
    }
}
