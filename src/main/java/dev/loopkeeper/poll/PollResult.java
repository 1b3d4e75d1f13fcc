package dev.loopkeeper.poll;

import dev.loopkeeper.delivery.Mail;
import java.util.Map;

/**
 * A decided poll as mail: the short follow-up the group sees in the poll's channel. It has no recipient, so it only
 * ever goes to that one server channel.
 *
 * @param quorum the fewest votes a result needed when it was decided
 */
public record PollResult(TriagePoll poll, PollVotes votes, Verdict verdict, int quorum) implements Mail {

    @Override
    public String recipientId() {
        return null;
    }

    @Override
    public ServerParts serverParts() {
        return poll.guildId() == null ? ServerParts.none() : new ServerParts(Map.of(poll.guildId(), this), true);
    }
}
