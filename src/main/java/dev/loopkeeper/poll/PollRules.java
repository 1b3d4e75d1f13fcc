package dev.loopkeeper.poll;

import dev.loopkeeper.common.UserText;
import java.time.Duration;

/**
 * Discord's limits on a native poll and the defaults Loopkeeper uses. Discord's API takes a question of up to 300
 * characters, up to 10 answers of up to 55 characters each, and a duration in whole hours from 1 to 768 (32 days);
 * JDA 6.5.0 checks the same texts (in UTF-16 units) but allows at most 168 hours (7 days), so that is the longest
 * poll Loopkeeper can post.
 */
public final class PollRules {
    public static final int MAX_QUESTION = 300;
    public static final int MAX_ANSWER = 55;
    public static final int MAX_ANSWERS = 10;
    /** The longest poll JDA 6.5.0 posts ({@code MessagePoll.MAX_DURATION_HOURS}); Discord itself allows 768. */
    public static final int MAX_HOURS = 168;
    public static final int DEFAULT_HOURS = 24;
    /** A poll still 'posting' this long after it was saved never reached Discord (the bot stopped mid-post). */
    static final Duration POSTING_GRACE = Duration.ofMinutes(10);
    /**
     * A poll whose result could still not be read this long after it closed (its channel out of reach, a permission
     * missing, Discord failing) is given up, nothing decided, so its loop can be polled again.
     */
    public static final Duration READ_GRACE = Duration.ofDays(1);
    private static final String BEFORE = "How relevant is ";
    private static final String AFTER = " to our track?";

    private PollRules() {
    }

    /**
     * The poll's question, with the concept shortened (never the stored loop) so that the whole fits in 300
     * characters as both Discord (code points) and JDA (UTF-16 units) count them.
     */
    public static String question(String concept) {
        int budget = MAX_QUESTION - BEFORE.length() - AFTER.length();
        return BEFORE + UserText.shortenUnits(concept, budget) + AFTER;
    }
}
