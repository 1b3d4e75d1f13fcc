package dev.loopkeeper.poll;

import dev.loopkeeper.delivery.Mail;
import java.util.Map;
import java.util.Optional;

/**
 * A decided poll as mail: the short follow-up the group sees in the poll's channel. It has no recipient, so it only
 * ever goes to that one server channel.
 *
 * @param quorum the fewest votes a result needed when it was decided
 * @param renamedTo the loop's concept when it was edited while the poll ran (the group voted on the poll's words);
 *     empty when it is the same
 */
public record PollResult(TriagePoll poll, PollVotes votes, Verdict verdict, int quorum, Optional<String> renamedTo)
        implements Mail {

    public PollResult(TriagePoll poll, PollVotes votes, Verdict verdict, int quorum) {
        this(poll, votes, verdict, quorum, Optional.empty());
    }

    /** The loop's concept now, if it differs from the one the poll asked about. */
    static Optional<String> renamed(TriagePoll poll, Optional<String> conceptNow) {
        return conceptNow.filter(now -> !now.equals(poll.concept()));
    }

    @Override
    public String recipientId() {
        return null;
    }

    @Override
    public ServerParts serverParts() {
        return poll.guildId() == null ? ServerParts.none() : new ServerParts(Map.of(poll.guildId(), this), true);
    }
}
