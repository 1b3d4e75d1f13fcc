package dev.loopkeeper.relevance;

/**
 * One thing a person did with a loop while some work was in focus: {@code sign} +1 when they took it up ("Open it
 * now", or closed it as learned or applied), -1 when they turned it down ("Not relevant", "Let it go" on a reminder).
 * Both vectors are framed ({@link RelevanceScorer#vectorFor}): the loop's concept and the work's text.
 */
public record Feedback(long loopId, float[] loopVector, float[] workVector, int sign) {
    public Feedback {
        if (sign != 1 && sign != -1) {
            throw new IllegalArgumentException("sign must be +1 or -1: " + sign);
        }
    }
}
