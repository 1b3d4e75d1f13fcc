package dev.loopkeeper.loop;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/**
 * Whose a loop is: one person's ({@code id} is their user id, or {@code local} in the console) or a server's shared
 * lot ({@code id} is the guild id). Every store query is scoped by {@link #ownerKey()}, so a personal view can never
 * reach a server loop, nor one server's view another's.
 */
public record LoopScope(Kind kind, String id) {
    /**
     * Marks a server's owner key. Without ':' (the component-id separator); Discord ids are digits and the console's
     * person is {@code local}, so a server key never equals a person's.
     */
    static final String SERVER_PREFIX = "server-";

    /** The two kinds of owner; {@link #label()} is what people type and what {@code open_loop.scope} stores. */
    public enum Kind {
        PERSONAL, SERVER;

        public String label() {
            return name().toLowerCase(Locale.ROOT);
        }

        /** The kind a person typed, in any case; nothing typed means personal. */
        public static Optional<Kind> parse(String text) {
            if (text == null || text.isBlank()) {
                return Optional.of(PERSONAL);
            }
            return Arrays.stream(values()).filter(k -> k.label().equals(text.strip().toLowerCase(Locale.ROOT)))
                    .findFirst();
        }
    }

    public LoopScope {
        if (kind == null || id == null || id.isBlank() || id.indexOf(':') >= 0 || id.startsWith(SERVER_PREFIX)) {
            throw new IllegalArgumentException("Bad loop scope: " + kind + " " + id);
        }
    }

    public static LoopScope personal(String userId) {
        return new LoopScope(Kind.PERSONAL, userId);
    }

    public static LoopScope server(String guildId) {
        return new LoopScope(Kind.SERVER, guildId);
    }

    public boolean isServer() {
        return kind == Kind.SERVER;
    }

    /** The value stored in {@code open_loop.owner_id}: the user id, or {@code server-<guildId>}. */
    public String ownerKey() {
        return isServer() ? SERVER_PREFIX + id : id;
    }

    /** The scope an owner key stands for; empty for a malformed key (such as a crafted component id). */
    public static Optional<LoopScope> ofOwnerKey(String ownerKey) {
        try {
            return Optional.of(ownerKey.startsWith(SERVER_PREFIX) ? server(ownerKey.substring(SERVER_PREFIX.length()))
                    : personal(ownerKey));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }
}
