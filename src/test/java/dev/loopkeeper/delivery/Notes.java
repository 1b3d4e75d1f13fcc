package dev.loopkeeper.delivery;

import java.util.Optional;
import java.util.function.Function;
import java.util.function.LongFunction;

/**
 * The smallest mail there is, for the outbox's own tests: a note for one person, direct messages only (no server
 * part), with a kind whose rows load as the test says, and a front that answers direct messages as the test says.
 */
final class Notes {
    static final String KIND = "note";

    record Note(String recipientId) implements Mail {
        @Override
        public ServerParts serverParts() {
            return ServerParts.none();
        }
    }

    private Notes() {
    }

    /** The kind "note": row {@code refId} loads as {@code load} says. */
    static MailKind kind(LongFunction<Optional<Note>> load) {
        return new MailKind() {
            @Override
            public String name() {
                return KIND;
            }

            @Override
            public Optional<Note> load(long refId) {
                return load.apply(refId);
            }

            @Override
            public Optional<String> serverChannel(String guildId) {
                return Optional.empty();
            }
        };
    }

    /** A front whose direct messages end as {@code send} says; it reaches no server channel. */
    static Courier direct(Function<Mail, Courier.Outcome> send) {
        return new Courier() {
            @Override
            public Outcome sendDirect(Mail mail) {
                return send.apply(mail);
            }

            @Override
            public Outcome sendToChannel(String guildId, String channelId, Mail mail) {
                return Outcome.CHANNEL_UNAVAILABLE;
            }
        };
    }
}
