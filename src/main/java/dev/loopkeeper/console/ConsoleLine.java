package dev.loopkeeper.console;

import dev.loopkeeper.command.CommandSpec;
import dev.loopkeeper.command.Commands;
import dev.loopkeeper.command.OptionSpec;
import dev.loopkeeper.common.InvalidInputException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * One console line, {@code /command [subcommand] option:value option:value}, read against the command registry.
 * A value runs to the next {@code  name:} of one of the command's options or to the end of the line, so values may
 * hold spaces and colons; {@code name\:} writes {@code name:} inside a value. Names are read in any case; an option
 * given twice, or given with no value, is refused, and so is a name that looks mistyped ({@code wyh:because}).
 */
record ConsoleLine(CommandSpec spec, Optional<String> subcommand, Map<String, String> options) {

    private static final Pattern OPTION_START = Pattern.compile("(?:^|\\s)([A-Za-z]+):");
    private static final Pattern ESCAPED = Pattern.compile("(?<![A-Za-z])([A-Za-z]+)\\\\:");

    String command() {
        return spec.name();
    }

    /** What the registry says of one of this command's options (of its subcommand, when it has one). */
    Optional<OptionSpec> optionSpec(String name) {
        return spec.option(subcommand.orElse(null), name);
    }

    /** How the person would write this command without options, for messages: {@code /focus set}. */
    String usage() {
        return "/" + spec.name() + subcommand.map(s -> " " + s).orElse("");
    }

    /** What {@code help} and a typed line say of a command Discord has and the console does not. */
    static String discordOnly(String name) {
        return "/" + name + " lives on Discord only (the console has no server or message to act on). Type help for "
                + "the console's commands.";
    }

    /** Parses {@code line} as one of {@code commands}, taking only the options the console offers. */
    static ConsoleLine parse(String line, List<CommandSpec> commands) {
        String rest = line.strip();
        if (rest.startsWith("\uFEFF")) {
            rest = rest.substring(1).strip(); // a script saved with a byte order mark (Notepad) starts with one
        }
        if (!rest.startsWith("/")) {
            throw new InvalidInputException("Commands start with a slash, such as /park concept:attention. Type help for the list.");
        }
        int space = firstSpace(rest);
        String name = (space < 0 ? rest.substring(1) : rest.substring(1, space)).toLowerCase(Locale.ROOT);
        rest = space < 0 ? "" : rest.substring(space + 1).strip();
        CommandSpec spec = commands.stream().filter(c -> c.name().equals(name)).findFirst()
                .orElseThrow(() -> new InvalidInputException(Commands.named(name).isPresent()
                        ? discordOnly(name)
                        : "Unknown command /" + name + ". Type help for the list."));
        Optional<String> subcommand = Optional.empty();
        List<OptionSpec> allowed = spec.options();
        if (!spec.subcommands().isEmpty()) {
            int end = firstSpace(rest);
            String word = (end < 0 ? rest : rest.substring(0, end)).toLowerCase(Locale.ROOT);
            CommandSpec.Subcommand sub = spec.subcommand(word).orElseThrow(() -> new InvalidInputException("/" + name
                    + " needs one of: " + spec.subcommands().stream().map(CommandSpec.Subcommand::name)
                    .collect(Collectors.joining(", ")) + "."));
            subcommand = Optional.of(sub.name());
            allowed = sub.options();
            rest = end < 0 ? "" : rest.substring(end + 1).strip();
        }
        List<String> names = allowed.stream().filter(o -> o.reach().onConsole()).map(OptionSpec::name)
                .collect(Collectors.toList());
        String usage = "/" + name + subcommand.map(s -> " " + s).orElse("");
        return new ConsoleLine(spec, subcommand, options(rest, names, usage));
    }

    /** Where the first word ends: at a space or a tab (a script may separate words either way); -1 at none. */
    private static int firstSpace(String text) {
        for (int i = 0; i < text.length(); i++) {
            if (Character.isWhitespace(text.charAt(i))) {
                return i;
            }
        }
        return -1;
    }

    private static Map<String, String> options(String text, List<String> allowed, String usage) {
        Map<String, String> options = new LinkedHashMap<>();
        if (text.isEmpty()) {
            return options;
        }
        Matcher matcher = OPTION_START.matcher(text);
        String name = null;
        int valueStart = 0;
        while (matcher.find()) {
            String typed = matcher.group(1);
            String found = typed.toLowerCase(Locale.ROOT);
            if (!allowed.contains(found)) {
                refuseAMistypedName(text, matcher, typed, name == null, allowed, usage);
                continue; // "http:" inside a value is not an option
            }
            if (name == null && !text.substring(0, matcher.start()).isBlank()) {
                break;
            }
            if (name != null) {
                put(options, name, text.substring(valueStart, matcher.start()), allowed);
            }
            name = found;
            valueStart = matcher.end();
        }
        if (name == null) {
            throw new InvalidInputException(allowed.isEmpty() ? usage + " takes no options: type it alone."
                    : "I can't read the options of " + usage + ". Write them as name:value, with names from: "
                            + String.join(", ", allowed) + ".");
        }
        put(options, name, text.substring(valueStart), allowed);
        return options;
    }

    /**
     * Refuses a name the person meant as an option and mistyped, rather than reading it as text: the first word of the
     * options when it has a colon (the line is refused either way, so say why), and inside a value a word one slip from
     * one of this command's options ({@link #slipOf}, but not a letter wrong) typed as options are, its value straight
     * after the colon ({@code wyh:because}). So "Note: x", "x:y", "9:30", "std::move", "arXiv:2106.09685",
     * "test:unit" and web addresses stay text.
     */
    private static void refuseAMistypedName(String text, Matcher matcher, String typed, boolean first,
            List<String> allowed, String usage) {
        if (allowed.isEmpty()) {
            return;
        }
        char next = matcher.end() < text.length() ? text.charAt(matcher.end()) : ' ';
        if (next == ':' || next == '/') {
            return; // std::move, https://
        }
        boolean firstWord = first && text.substring(0, matcher.start()).isBlank();
        // Inside a value, a letter wrong is ordinary text as often as a slip ("npm run test:unit" beside text:,
        // "build:" beside built:): only letters swapped, missing or added count there.
        Optional<String> meant = firstWord ? slipOf(typed.toLowerCase(Locale.ROOT), allowed)
                : allowed.stream().filter(name -> oneSlip(typed.toLowerCase(Locale.ROOT), name, false)).findFirst();
        if (firstWord || meant.isPresent() && !Character.isWhitespace(next)) {
            throw new InvalidInputException(typed + ": is not an option of " + usage + "."
                    + meant.map(name -> " Did you mean " + name + ":?").orElse("") + " Its options are "
                    + String.join(", ", allowed) + ". Nothing was changed"
                    + (firstWord ? "." : "; to keep \u201c" + typed + ":\u201d in the text, type " + typed
                            + "\\: instead."));
        }
    }

    /**
     * The option {@code word} is one slip from: two letters swapped ({@code concpet}, {@code wyh}), or for a name of
     * four letters or more one letter wrong, missing or added ({@code stauts}, {@code pge}, {@code querry}). Words under
     * three letters are none, so {@code x:y} or {@code go:} near {@code to} is text.
     */
    static Optional<String> slipOf(String word, List<String> allowed) {
        return allowed.stream().filter(name -> oneSlip(word, name, true)).findFirst();
    }

    /** {@code wrongLetter}: whether one letter wrong counts as a slip too (not only swapped, missing or added). */
    private static boolean oneSlip(String word, String name, boolean wrongLetter) {
        if (word.length() < 3 || word.equals(name) || Math.abs(word.length() - name.length()) > 1) {
            return false;
        }
        int same = 0;
        while (same < Math.min(word.length(), name.length()) && word.charAt(same) == name.charAt(same)) {
            same++;
        }
        if (word.length() == name.length()) {
            boolean swapped = same + 1 < word.length() && word.charAt(same) == name.charAt(same + 1)
                    && word.charAt(same + 1) == name.charAt(same)
                    && word.substring(same + 2).equals(name.substring(same + 2));
            boolean wrong = word.substring(same + 1).equals(name.substring(same + 1));
            return swapped || wrongLetter && name.length() > 3 && wrong;
        }
        if (name.length() <= 3) {
            return false;
        }
        return word.length() < name.length() ? word.substring(same).equals(name.substring(same + 1))
                : word.substring(same + 1).equals(name.substring(same));
    }

    /**
     * Two values for one option leave it unclear which was meant: refuse rather than pick one. So is a name with no
     * value ({@code item:} alone would otherwise count as left out, and clear every focus item).
     */
    private static void put(Map<String, String> options, String name, String raw, List<String> allowed) {
        String value = unescape(raw.strip(), allowed);
        if (value.isEmpty()) {
            throw new InvalidInputException(name + ": has no value. Give one after the colon, or leave " + name
                    + ": out. Nothing was changed.");
        }
        if (options.putIfAbsent(name, value) != null) {
            throw new InvalidInputException(name + ": is given twice. Give each option once; to write \u201c" + name
                    + ":\u201d inside a value, type " + name + "\\: instead.");
        }
    }

    /**
     * {@code name\:} for one of the command's option names (or a word one slip from one, which would be refused as a
     * mistyped option), typed to keep it inside a value, reads as {@code name:}.
     */
    private static String unescape(String value, List<String> allowed) {
        if (!value.contains("\\:")) {
            return value;
        }
        Matcher escaped = ESCAPED.matcher(value);
        StringBuilder out = new StringBuilder();
        while (escaped.find()) {
            String word = escaped.group(1);
            escaped.appendReplacement(out, Matcher.quoteReplacement(
                    allowed.contains(word.toLowerCase(Locale.ROOT))
                            || slipOf(word.toLowerCase(Locale.ROOT), allowed).isPresent() ? word + ":" : escaped.group()));
        }
        escaped.appendTail(out);
        return out.toString();
    }
}
