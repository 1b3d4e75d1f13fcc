package dev.loopkeeper.poll;

import dev.loopkeeper.common.UserText;
import java.time.Duration;
import java.time.Instant;

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
    /**
     * A poll still 'posting' this long after it was saved, and whose message was not found in its channel, never
     * reached Discord (the bot stopped mid-post): it is given up. It is also the latest its message can have been
     * posted: a post waits at most 15 s in JDA's queue and 60 s for Discord's answer.
     */
    static final Duration POSTING_GRACE = Duration.ofMinutes(10);
    /**
     * How far Discord's clock (a message's time, read from its id) may be behind the bot's (the row's time): a poll's
     * message is looked for from this long before its row was saved.
     */
    static final Duration CLOCK_SKEW = Duration.ofMinutes(1);
    /**
     * A poll whose result could still not be read this long after it closed (its channel out of reach, a permission
     * missing, Discord failing) is given up, nothing decided, so its loop can be polled again.
     */
    public static final Duration READ_GRACE = Duration.ofDays(1);
    private static final String BEFORE = "How relevant is ";
    private static final String AFTER = " to our track?";

    private PollRules() {
    }

    /** The earliest a poll saved at {@code savedAt} can have been posted (on Discord's clock): where to look for it. */
    public static Instant earliestPost(Instant savedAt) {
        return savedAt.minus(CLOCK_SKEW);
    }

    /**
     * Whether a message Discord stamped {@code postedAt} can be the post of a poll saved at {@code savedAt}: not before
     * it (give or take the clocks), and not after the poll would have been given up.
     */
    static boolean mayBePostOf(Instant savedAt, Instant postedAt) {
        return !postedAt.isBefore(earliestPost(savedAt)) && !postedAt.isAfter(savedAt.plus(POSTING_GRACE));
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
