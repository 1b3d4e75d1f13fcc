package dev.loopkeeper.help;

import dev.loopkeeper.command.CommandSpec;
import dev.loopkeeper.command.Commands;
import dev.loopkeeper.command.OptionSpec;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * What {@code /help} and the one-time hints say, shared by both fronts. The command list is drawn from the command
 * registry each time (never a second list kept by hand); the reminder rules quote the numbers the bot runs with.
 */
public final class HelpMessages {
    /** The title of the commands section. */
    public static final String COMMANDS = "Commands";

    /** Which front shows the help: the Discord bot, or the console. */
    public enum Front {
        DISCORD, CONSOLE
    }

    /** One part of the help: a title and its lines. */
    public record Section(String title, List<String> lines) {
        public Section {
            lines = List.copyOf(lines);
        }
    }

    private final int cooldownDays;
    private final int dailyCap;

    /** {@code cooldownDays} and {@code dailyCap} are the reminder policy's, as configured. */
    public HelpMessages(int cooldownDays, int dailyCap) {
        this.cooldownDays = cooldownDays;
        this.dailyCap = dailyCap;
    }

    /** What Loopkeeper is for, in two lines. */
    public static List<String> intro() {
        return List.of("Loopkeeper keeps the concepts you can't walk into yet: park one in a single action, mid-"
                        + "conversation, and trust it to come back when it becomes structurally relevant.",
                "Learn less, but integrate more: it brings a loop back when it matches the work you have active, and "
                        + "helps you sort what to understand deeply, what to reference, and what to postpone.");
    }

    /** Every part of the help for a front, in order: commands, how reminders decide, how they reach you. */
    public List<Section> sections(List<CommandSpec> commands, Front front) {
        return List.of(new Section(COMMANDS, commandLines(commands, front)), reminders(), delivery(front));
    }

    /**
     * One line per thing a person can run: a command, or each of its subcommands. On Discord: {@code `/park concept
     * [why] [scope]` — description}; in the console the usage shows each option's values, with the description
     * under it.
     */
    public static List<String> commandLines(List<CommandSpec> commands, Front front) {
        List<String> lines = new ArrayList<>();
        for (CommandSpec command : commands) {
            if (command.kind() == CommandSpec.Kind.MESSAGE_MENU) {
                lines.add("**" + command.name() + "** (a message's Apps menu) — " + command.description()
                        + managers(command));
                continue;
            }
            if (front == Front.DISCORD && command.access() == CommandSpec.Access.SERVER_MANAGERS
                    && invocations(command).size() > 1) {
                // One line: Discord shows these only to managers, and only in a server (where typing the command
                // lists its parts, and its show part every setting); a line each filled a fifth of everyone's help.
                List<String> named = new ArrayList<>();
                command.subcommands().forEach(sub -> named.add(sub.name()));
                command.groups().forEach(group -> named.add(group.name()));
                lines.add("`/" + command.name() + "` — " + command.description() + ": " + String.join(", ", named)
                        + managers(command));
                continue;
            }
            invocations(command).forEach(r -> lines.add(line(r.usage(), r.options(), r.description(), front)));
        }
        return lines;
    }

    /**
     * The one thing to do next, opening the help: park a first loop; with loops but no active focus, set one (without
     * it nothing comes back). Empty once both are done.
     */
    public static Optional<String> next(boolean hasOpenLoops, boolean hasFocus) {
        if (!hasOpenLoops) {
            return Optional.of("Start here: /park concept:<a concept you want to come back to>. Then /focus set "
                    + "text:<what you are working on>: parked loops that match it come back.");
        }
        if (!hasFocus) {
            return Optional.of("Next: /focus set text:<what you are working on>. Parked loops come back only when they "
                    + "match your focus.");
        }
        return Optional.empty();
    }

    /**
     * The shortest length limit {@link #consoleDetail} states: the options people write in words (a concept, a why, a
     * takeaway); a time's five characters go unsaid.
     */
    private static final int PROSE = 100;

    /**
     * The console's {@code help park}: each of the command's lines as {@link #commandLines} gives them, then one line
     * per option saying what it is and, for text, how long it may be (Discord's client shows that as people type; the
     * console would only say it once a text was refused). For the part of the command {@code path} names: {@code help
     * focus set} shows {@code /focus set} alone, {@code help settings worklog} each subcommand of that group; an empty
     * path, the whole command. Empty when no subcommand (or group) has that name. A command without subcommands has no
     * part to name: the path is not read.
     */
    public static Optional<List<String>> consoleDetail(CommandSpec command, List<String> path) {
        List<Invocation> named = invocations(command).stream()
                .filter(i -> i.path().size() < path.size() ? i.path().isEmpty() : i.path().subList(0, path.size())
                        .equals(path))
                .toList();
        if (named.isEmpty()) {
            return Optional.empty();
        }
        List<String> lines = new ArrayList<>();
        for (Invocation invocation : named) {
            lines.add(line(invocation.usage(), invocation.options(), invocation.description(), Front.CONSOLE));
            for (OptionSpec option : invocation.options()) {
                if (option.reach().onConsole()) {
                    lines.add("        " + option.name() + ": " + optionDetail(option));
                }
            }
        }
        return Optional.of(lines);
    }

    /**
     * An option's description with what the console would otherwise say only once a value was refused: a number's
     * range first, a text's length last, in the one pair of brackets the description may end with already ("Why it
     * matters to you (optional, up to 1,000 characters)", "How long the poll stays open, in hours (1-168, default 24)"),
     * never a second pair after it.
     */
    static String optionDetail(OptionSpec option) {
        List<String> before = new ArrayList<>();
        List<String> after = new ArrayList<>();
        if (option.kind() == OptionSpec.Kind.NUMBER && option.range().bounded()) {
            before.add(range(option.range()));
        }
        if (option.maxLength() >= PROSE) {
            after.add("up to " + thousands(option.maxLength()) + " characters");
        }
        // The console suggests nothing as one types: it says what it takes instead; and it has no server to poll.
        String description = option.description().replace(Commands.PICK_SUGGESTED, Commands.PICK_TYPED)
                .replace(Commands.POLL_SERVER_LOOP, Commands.POLL_OWN_LOOP);
        if (before.isEmpty() && after.isEmpty()) {
            return description;
        }
        int open = closingBracketOpensAt(description);
        List<String> parts = new ArrayList<>(before);
        if (open >= 0) {
            parts.add(description.substring(open + 1, description.length() - 1));
            description = description.substring(0, open).stripTrailing();
        }
        parts.addAll(after);
        return description + " (" + String.join(", ", parts) + ")";
    }

    /** Where the bracket the text ends with opens; -1 when it ends otherwise. */
    private static int closingBracketOpensAt(String text) {
        if (!text.endsWith(")")) {
            return -1;
        }
        int depth = 0;
        for (int i = text.length() - 1; i >= 0; i--) {
            char c = text.charAt(i);
            depth += c == ')' ? 1 : c == '(' ? -1 : 0;
            if (depth == 0) {
                return i;
            }
        }
        return -1;
    }

    /** A number's bounds as the README writes them: "1-168", or one side alone. */
    private static String range(OptionSpec.Range range) {
        if (range.min() != Long.MIN_VALUE && range.max() != Long.MAX_VALUE) {
            return thousands(range.min()) + "-" + thousands(range.max());
        }
        return range.min() != Long.MIN_VALUE ? "at least " + thousands(range.min()) : "at most " + thousands(range.max());
    }

    private static String thousands(long number) {
        return String.format(Locale.ROOT, "%,d", number);
    }

    /** The names that follow the command's in each of its lines ("set", or "worklog add"), for what help says it has. */
    public static List<String> parts(CommandSpec command) {
        return invocations(command).stream().map(i -> String.join(" ", i.path())).filter(p -> !p.isEmpty()).toList();
    }

    /**
     * A slash command or one of its subcommands, as a person runs it: {@code /settings worklog add}; {@code path} the
     * names after the command's ({@code worklog}, {@code add}).
     */
    private record Invocation(String command, List<String> path, List<OptionSpec> options, String description) {
        String usage() {
            return "/" + command + (path.isEmpty() ? "" : " " + String.join(" ", path));
        }
    }

    /** The command itself when it has no subcommands, else each subcommand, grouped ones included, in order. */
    private static List<Invocation> invocations(CommandSpec command) {
        String managers = managers(command);
        List<Invocation> invocations = new ArrayList<>();
        if (command.subcommands().isEmpty() && command.groups().isEmpty()) {
            invocations.add(new Invocation(command.name(), List.of(), command.options(),
                    command.description() + managers));
        }
        for (CommandSpec.Subcommand sub : command.subcommands()) {
            invocations.add(new Invocation(command.name(), List.of(sub.name()), sub.options(),
                    sub.description() + managers));
        }
        for (CommandSpec.Group group : command.groups()) {
            for (CommandSpec.Subcommand sub : group.subcommands()) {
                invocations.add(new Invocation(command.name(), List.of(group.name(), sub.name()), sub.options(),
                        sub.description() + managers));
            }
        }
        return invocations;
    }

    private static String managers(CommandSpec command) {
        return command.access() == CommandSpec.Access.SERVER_MANAGERS ? " (Manage Server)" : "";
    }

    private static String line(String command, List<OptionSpec> options, String description, Front front) {
        boolean console = front == Front.CONSOLE;
        String shown = options.stream().filter(o -> console ? o.reach().onConsole() : o.reach().onDiscord())
                .map(o -> {
                    String text = console ? o.name() + ":" + o.usageValue() : o.name();
                    return o.required() ? text : "[" + text + "]";
                })
                .collect(Collectors.joining(" "));
        String usage = command + (shown.isEmpty() ? "" : " " + shown);
        return console ? "  " + usage + "\n      " + description : "`" + usage + "` — " + description;
    }

    /** How reminders decide, in plain words: the match, the threshold, the rest, the daily cap, quiet hours, snoozes. */
    public Section reminders() {
        return new Section("How reminders decide", List.of(
                "When your focus changes (/focus set, or a message in a work-log channel you follow), your parked "
                        + "loops are compared with it: by meaning, by the words they share, by the why you gave, and by "
                        + "what the work rests on. Loops you opened are your work already and never come back this way.",
                "A loop comes back only when it matches strongly enough; each Not relevant you click raises that bar "
                        + "a little, for you alone.",
                "A loop that came back rests " + days(cooldownDays) + " before it can come back again.",
                "At most " + dailyCap + (dailyCap == 1 ? " reminder" : " reminders") + " a day; a match beyond that "
                        + "waits for your next day and says so (a server may set fewer for work done in it); the limit "
                        + "drops nothing, though a focus that ends before then takes its reminders with it (below).",
                "Never during your quiet hours (/focus quiet): a reminder waits until they end, and goes then if its "
                        + "focus has not ended (below).",
                "Snooze keeps a loop out of reminders for a week, until that focus ends or until your weekly review; "
                        + "/loops shows until when, and opening the loop ends it. Clearing a focus (/focus clear), or "
                        + "its time running out, withdraws the reminders still waiting for it; their loops stay "
                        + "parked."));
    }

    /** How reminders reach the person, and what happens when their direct messages are closed. */
    public static Section delivery(Front front) {
        if (front == Front.CONSOLE) {
            return new Section("Where reminders appear", List.of(
                    "Here, right after the command that caused them. One that waited (your quiet hours, the daily "
                            + "limit) and a weekly nudge print after the first line you type once they are due: the "
                            + "console looks only then. With the bot on Discord they come by direct message."));
        }
        return new Section("Getting reminders by DM", List.of(
                // Read in a DM too, where there is no "this server": the setting belongs to a server shared with the bot.
                "Reminders come as direct messages from Loopkeeper. Keep DMs open in a server you share with it (the "
                        + "server's name → Privacy Settings → Direct Messages).",
                "With DMs closed, a reminder goes to the server's reminder channel if its managers set one "
                        + "(/settings reminders), where anyone who reads that channel sees it, mentioning only you; "
                        + "otherwise it waits and is shown after your next command. Nothing is dropped."));
    }

    /**
     * Under a person's first park: how it works, in one line. Without an active focus nothing can come back (reminders
     * are decided only when a focus changes), so the line says so and names the one command that starts it.
     */
    public String firstPark(Front front, boolean focused) {
        String where = front == Front.CONSOLE ? "it prints here" : "I remind you by DM";
        return "How it works: when a parked loop matches what you work on (your /focus), " + where
                + " (at most " + dailyCap + (dailyCap == 1 ? " reminder" : " reminders")
                + " a day, never in your quiet hours). " + (focused ? "" : NO_FOCUS + " ") + "/help says more.";
    }

    /** What the first park of someone without an active focus adds: nothing comes back until they set one. */
    public static final String NO_FOCUS = "You have no active focus, so nothing comes back until you set one: "
            + "/focus set text:<what you are working on>.";

    /** Once, under a park, after the outbox found the person's DMs closed to the bot. */
    public static String dmsClosed() {
        // Read in a DM too, of loops parked there, which no server channel shows: "the server" named none there.
        return "Your DMs are closed to me. Reminders about loops you parked in a server go to its reminder channel if it "
                + "has one (others there can read them); the rest wait for your next command. To get them by DM: in a "
                + "server you share with me, the server's name → Privacy Settings → Direct Messages; or ask a manager "
                + "for /settings reminders, which gives their server a reminder channel.";
    }

    private static String days(int days) {
        return days == 1 ? "1 day" : days + " days";
    }
}
