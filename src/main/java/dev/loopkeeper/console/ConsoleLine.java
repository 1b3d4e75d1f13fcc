package dev.loopkeeper.console;

import dev.loopkeeper.common.InvalidInputException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One console line, {@code /command [subcommand] option:value option:value}. A value runs to the next
 * {@code  name:} of a known option or to the end of the line, so values may hold spaces and colons.
 */
record ConsoleLine(String command, Optional<String> subcommand, Map<String, String> options) {

    private static final Pattern OPTION_START = Pattern.compile("(?:^|\\s)([a-z]+):");

    /** Parses {@code line} given the command's subcommands and its options (per subcommand when it has them). */
    static ConsoleLine parse(String line, Map<String, Spec> specs) {
        String rest = line.strip();
        if (!rest.startsWith("/")) {
            throw new InvalidInputException("Commands start with a slash, such as /park concept:attention. Type help for the list.");
        }
        int space = rest.indexOf(' ');
        String command = (space < 0 ? rest.substring(1) : rest.substring(1, space)).toLowerCase(java.util.Locale.ROOT);
        rest = space < 0 ? "" : rest.substring(space + 1).strip();
        Spec spec = specs.get(command);
        if (spec == null) {
            throw new InvalidInputException("Unknown command /" + command + ". Type help for the list.");
        }
        Optional<String> subcommand = Optional.empty();
        List<String> allowed = spec.options();
        if (!spec.subcommands().isEmpty()) {
            int end = rest.indexOf(' ');
            String word = end < 0 ? rest : rest.substring(0, end);
            if (!spec.subcommands().containsKey(word)) {
                throw new InvalidInputException("/" + command + " needs one of: "
                        + String.join(", ", spec.subcommands().keySet()) + ".");
            }
            subcommand = Optional.of(word);
            allowed = spec.subcommands().get(word);
            rest = end < 0 ? "" : rest.substring(end + 1).strip();
        }
        return new ConsoleLine(command, subcommand, options(rest, allowed, "/" + command + subcommand.map(s -> " " + s).orElse("")));
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
            if (!allowed.contains(matcher.group(1))) {
                continue; // "http:" inside a value is not an option
            }
            if (name == null && !text.substring(0, matcher.start()).isBlank()) {
                break;
            }
            if (name != null) {
                options.put(name, text.substring(valueStart, matcher.start()).strip());
            }
            name = matcher.group(1);
            valueStart = matcher.end();
        }
        if (name == null) {
            throw new InvalidInputException("I can't read the options of " + usage + ". Write them as name:value"
                    + (allowed.isEmpty() ? "; this command takes none." : ", with names from: " + String.join(", ", allowed) + "."));
        }
        options.put(name, text.substring(valueStart).strip());
        return options;
    }

    /** What a command accepts: its options, or its subcommands (in the order help lists them) and theirs. */
    record Spec(List<String> options, Map<String, List<String>> subcommands) {

        static Spec options(String... options) {
            return new Spec(List.of(options), Map.of());
        }

        @SafeVarargs
        static Spec subcommands(Map.Entry<String, List<String>>... subcommands) {
            Map<String, List<String>> ordered = new LinkedHashMap<>();
            for (Map.Entry<String, List<String>> subcommand : subcommands) {
                ordered.put(subcommand.getKey(), subcommand.getValue());
            }
            return new Spec(List.of(), ordered);
        }
    }
}
