package dev.loopkeeper.reminder;

import dev.loopkeeper.relevance.RelevanceIndex;
import java.util.List;
import java.util.Optional;

/** What one focus change led to, for tests, logs and the benchmark. */
public record Decision(Kind kind, List<RelevanceIndex.Candidate> matches, Optional<Long> reminderId) {

    /** The ways a focus change can end. */
    public enum Kind {
        /** No open loop reached the person's threshold. */
        NO_MATCH,
        /** A reminder was made; it is delivered now or when quiet hours end. */
        REMINDED,
        /** The person already had the day's reminders: the reminder waits for their next day, and says so. */
        WAITING_FOR_CAP,
        /** Every day of the next two weeks is full; the loops stay parked and match again later. */
        NO_ROOM,
        /**
         * While the loops were ranked, the focus ended (cleared, or deleted with everything of its person) or every
         * match was opened, closed or deleted: nothing is written.
         */
        OVERTAKEN
    }
}
