package dev.loopkeeper.poll;

import java.time.Instant;
import java.util.Locale;
import java.util.Optional;

/**
 * A triage poll as stored: which loop, where it was posted, when it closes, and once decided, its tally and verdict.
 *
 * @param concept the loop's concept (read with the poll, for the question and the follow-up)
 * @param guildId null for a poll run in the console
 * @param quorum  the fewest votes its result needed (0 until decided)
 */
public record TriagePoll(long id, long loopId, String ownerId, String concept, String guildId, String channelId,
        String messageId, String startedBy, Instant createdAt, Instant closesAt, Status status,
        Optional<PollVotes> votes, Optional<Verdict.Kind> decision, int quorum, Optional<Instant> decidedAt) {

    /** Where a poll is in its life. */
    public enum Status {
        /** Saved, not yet accepted by Discord. */
        POSTING,
        /** Posted; waiting for its final result. */
        OPEN,
        DECIDED,
        /** Discord refused it, or the bot stopped before it was posted. */
        FAILED,
        /** Its message was deleted before a result was read. */
        GONE;

        public String db() {
            return name().toLowerCase(Locale.ROOT);
        }

        public static Status fromDb(String value) {
            return valueOf(value.toUpperCase(Locale.ROOT));
        }
    }

    /** The question Discord shows: "How relevant is <concept> to our track?". */
    public String question() {
        return PollRules.question(concept);
    }
}
