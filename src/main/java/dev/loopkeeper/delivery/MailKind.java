package dev.loopkeeper.delivery;

import java.util.Optional;

/** One kind of mail: its name in the outbox and how to load one from its feature's tables. */
public interface MailKind {

    /** The outbox's {@code kind} value, such as {@code reminder}. */
    String name();

    /** The mail an outbox row points at, or empty when it no longer exists (its owner deleted it). */
    Optional<? extends Mail> load(long refId);

    /** The server channel this kind of mail goes to in a server, if that server set one. */
    Optional<String> serverChannel(String guildId);

    /**
     * The channel one server's part of a mail goes to: by default the kind's channel for that server; a kind whose
     * mail names its own channel (a poll's follow-up goes where the poll was) answers from the part.
     */
    default Optional<String> serverChannel(String guildId, Mail part) {
        return serverChannel(guildId);
    }
}
