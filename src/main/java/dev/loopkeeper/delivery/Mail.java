package dev.loopkeeper.delivery;

import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Something the bot sends on its own, loaded from its feature's tables when its outbox row comes due (a reminder
 * today; nudges, poll results and digests use the same path). Fronts render each kind they know.
 */
public interface Mail {

    /** The person it is for, or null for mail that only ever goes to server channels. */
    String recipientId();

    /**
     * What may be posted in server channels when the person cannot be reached directly (or when there is no
     * recipient): per server id, the part of this mail that server may show.
     */
    ServerParts serverParts();

    /**
     * This mail without the parts already posted in these servers' channels (for a mail held for the person, what no
     * channel showed them), empty when nothing is left; by default the mail as it is.
     */
    default Optional<Mail> withoutPartsFor(Set<String> postedIn) {
        return Optional.of(this);
    }

    /**
     * Per server, the part of a mail that server may show; {@code whole} when together they hold all of it (a
     * reminder about a loop parked in a DM has a part no server may show, so it is held for the person instead).
     */
    record ServerParts(Map<String, Mail> byServer, boolean whole) {

        public ServerParts {
            byServer = Map.copyOf(byServer);
        }

        /** Direct delivery only. */
        public static ServerParts none() {
            return new ServerParts(Map.of(), false);
        }
    }
}
