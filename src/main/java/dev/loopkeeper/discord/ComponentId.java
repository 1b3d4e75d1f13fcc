package dev.loopkeeper.discord;

import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * The custom id of a button or modal, encoded as {@code owner:command.action:arg:arg}. It carries everything
 * a click needs, so buttons keep working after a restart. {@code owner} is an owner key: a user id, the only user
 * allowed to use it, or a server's ({@code server-<guildId>}), which any member of that server may use. An argument may
 * hold any text (a search's query): its {@code :} and {@code %} are written {@code %3A} and {@code %25} in the id.
 */
public record ComponentId(String ownerId, String command, String action, List<String> args) {
    /** Discord's limit for a custom id. */
    public static final int MAX_LENGTH = 100;

    public ComponentId {
        args = List.copyOf(args);
        for (String part : List.of(ownerId, command, action)) {
            if (part.isEmpty() || part.indexOf(':') >= 0) {
                throw new IllegalArgumentException("Bad component id part: '" + part + "'");
            }
        }
        if (args.stream().anyMatch(String::isEmpty)) {
            throw new IllegalArgumentException("An empty component id argument: " + command + "." + action);
        }
        if (command.indexOf('.') >= 0) {
            throw new IllegalArgumentException("A command key cannot hold a dot: '" + command + "'");
        }
        if (encodedLength(ownerId, command, action, args) > MAX_LENGTH) {
            throw new IllegalArgumentException("Component id over " + MAX_LENGTH + " characters: " + command + "." + action);
        }
    }

    public static ComponentId of(String ownerId, String command, String action, Object... args) {
        return new ComponentId(ownerId, command, action, Arrays.stream(args).map(String::valueOf).toList());
    }

    public String encode() {
        StringBuilder out = new StringBuilder(ownerId).append(':').append(command).append('.').append(action);
        args.forEach(arg -> out.append(':').append(escaped(arg)));
        return out.toString();
    }

    /** Reads an id this bot made; anything else (an old format, a crafted string) is empty. */
    public static Optional<ComponentId> parse(String customId) {
        String[] parts = customId.split(":", -1);
        if (parts.length < 2) {
            return Optional.empty();
        }
        int dot = parts[1].indexOf('.');
        if (dot <= 0 || dot == parts[1].length() - 1) {
            return Optional.empty();
        }
        try {
            return Optional.of(new ComponentId(parts[0], parts[1].substring(0, dot), parts[1].substring(dot + 1),
                    Arrays.stream(parts).skip(2).map(ComponentId::unescaped).toList()));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    public String arg(int index) {
        return args.get(index);
    }

    /** A numeric argument, or empty when a crafted id put something else there. */
    public Optional<Long> longArg(int index) {
        if (index >= args.size()) {
            return Optional.empty();
        }
        try {
            return Optional.of(Long.parseLong(args.get(index)));
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }

    private static int encodedLength(String ownerId, String command, String action, List<String> args) {
        return ownerId.length() + 1 + command.length() + 1 + action.length()
                + args.stream().mapToInt(a -> escaped(a).length() + 1).sum();
    }

    /** An argument as the id writes it: {@code :} separates the id's parts, so it and {@code %} are escaped. */
    private static String escaped(String arg) {
        return arg.indexOf(':') < 0 && arg.indexOf('%') < 0 ? arg : arg.replace("%", "%25").replace(":", "%3A");
    }

    /** An argument as it was given; any other {@code %} (a crafted id) stays as it is. */
    private static String unescaped(String written) {
        if (written.indexOf('%') < 0) {
            return written;
        }
        StringBuilder out = new StringBuilder(written.length());
        for (int i = 0; i < written.length(); i++) {
            if (written.startsWith("%3A", i)) {
                out.append(':');
                i += 2;
            } else if (written.startsWith("%25", i)) {
                out.append('%');
                i += 2;
            } else {
                out.append(written.charAt(i));
            }
        }
        return out.toString();
    }
}
