package dev.loopkeeper.command;

import java.util.List;
import java.util.Optional;

/**
 * One command as declared in {@link Commands}: a slash command with options, or with subcommands (and groups of
 * them), or a message context menu. Each front builds its own form from this and nothing else.
 */
public record CommandSpec(String name, String description, Kind kind, Reach reach, Access access,
        List<OptionSpec> options, List<Subcommand> subcommands, List<Group> groups) {

    /** How the command is invoked on Discord. */
    public enum Kind {
        SLASH, MESSAGE_MENU
    }

    /** Who may use it where: everyone in servers and DMs, or only people who manage a server, in that server. */
    public enum Access {
        EVERYONE, SERVER_MANAGERS
    }

    /** A subcommand, such as {@code /focus set}. */
    public record Subcommand(String name, String description, List<OptionSpec> options) {

        public Subcommand {
            options = List.copyOf(options);
        }

        public static Subcommand of(String name, String description, OptionSpec... options) {
            return new Subcommand(name, description, List.of(options));
        }
    }

    /** A group of subcommands, such as {@code /settings worklog add}. */
    public record Group(String name, String description, List<Subcommand> subcommands) {

        public Group {
            subcommands = List.copyOf(subcommands);
        }

        public static Group of(String name, String description, Subcommand... subcommands) {
            return new Group(name, description, List.of(subcommands));
        }
    }

    public CommandSpec {
        options = List.copyOf(options);
        subcommands = List.copyOf(subcommands);
        groups = List.copyOf(groups);
        if (!options.isEmpty() && !(subcommands.isEmpty() && groups.isEmpty())) {
            throw new IllegalArgumentException("/" + name + " mixes options with subcommands");
        }
    }

    /** A slash command that takes no options at all. */
    public static CommandSpec slash(String name, String description) {
        return slash(name, description, new OptionSpec[0]);
    }

    /** A slash command that takes options directly. */
    public static CommandSpec slash(String name, String description, OptionSpec... options) {
        return new CommandSpec(name, description, Kind.SLASH, Reach.BOTH, Access.EVERYONE, List.of(options), List.of(),
                List.of());
    }

    /** A slash command made of subcommands. */
    public static CommandSpec slash(String name, String description, Subcommand... subcommands) {
        return new CommandSpec(name, description, Kind.SLASH, Reach.BOTH, Access.EVERYONE, List.of(),
                List.of(subcommands), List.of());
    }

    /**
     * A message context menu entry: Discord shows only its name; {@code description} is for help, which lists it with
     * the slash commands.
     */
    public static CommandSpec messageMenu(String name, String description) {
        return new CommandSpec(name, description, Kind.MESSAGE_MENU, Reach.DISCORD, Access.EVERYONE, List.of(),
                List.of(), List.of());
    }

    public CommandSpec withGroups(Group... groups) {
        return new CommandSpec(name, description, kind, reach, access, options, subcommands, List.of(groups));
    }

    public CommandSpec discordOnly() {
        return new CommandSpec(name, description, kind, Reach.DISCORD, access, options, subcommands, groups);
    }

    public CommandSpec consoleOnly() {
        return new CommandSpec(name, description, kind, Reach.CONSOLE, access, options, subcommands, groups);
    }

    public CommandSpec forServerManagers() {
        return new CommandSpec(name, description, kind, reach, Access.SERVER_MANAGERS, options, subcommands, groups);
    }

    public Optional<Subcommand> subcommand(String name) {
        return subcommands.stream().filter(s -> s.name().equals(name)).findFirst();
    }

    /** The option called {@code name} of this command or of its subcommand {@code sub} (null for none). */
    public Optional<OptionSpec> option(String sub, String name) {
        List<OptionSpec> among = sub == null ? options : subcommand(sub).map(Subcommand::options).orElse(List.of());
        return among.stream().filter(o -> o.name().equals(name)).findFirst();
    }
}
