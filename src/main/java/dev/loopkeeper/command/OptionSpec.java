package dev.loopkeeper.command;

import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * One option of a command, as both fronts show it. Built with {@link #text}, {@link #number} or {@link #channel}
 * and refined with the {@code with...} methods; {@code maxLength} 0 means Discord's own limit.
 *
 * @param placeholder what the console's help shows between {@code <>} when there are no choices
 */
public record OptionSpec(String name, String description, Kind kind, boolean required, List<Choice> choices,
        int maxLength, boolean autocomplete, String placeholder, Reach reach, Range range) {

    /** The value types Loopkeeper's options use. */
    public enum Kind {
        TEXT, NUMBER, CHANNEL, ROLE,
        /** An uploaded file on Discord; a file's path in the console. */
        FILE
    }

    /** The smallest and largest value a number option takes ({@link #ANY}: no bounds of its own). */
    public record Range(long min, long max) {
        public static final Range ANY = new Range(Long.MIN_VALUE, Long.MAX_VALUE);

        public boolean bounded() {
            return !equals(ANY);
        }
    }

    /** A fixed value offered for an option: {@code label} is what people see and type, {@code value} what is sent. */
    public record Choice(String label, String value) {

        public static Choice of(String labelAndValue) {
            return new Choice(labelAndValue, labelAndValue);
        }
    }

    public OptionSpec {
        choices = List.copyOf(choices);
    }

    /** A required text option; {@link #optional()} makes it optional. */
    public static OptionSpec text(String name, String description) {
        return new OptionSpec(name, description, Kind.TEXT, true, List.of(), 0, false, "text", Reach.BOTH, Range.ANY);
    }

    public static OptionSpec number(String name, String description) {
        return new OptionSpec(name, description, Kind.NUMBER, true, List.of(), 0, false, "n", Reach.BOTH, Range.ANY);
    }

    public static OptionSpec channel(String name, String description) {
        return new OptionSpec(name, description, Kind.CHANNEL, true, List.of(), 0, false, "#channel", Reach.BOTH,
                Range.ANY);
    }

    public static OptionSpec role(String name, String description) {
        return new OptionSpec(name, description, Kind.ROLE, true, List.of(), 0, false, "@role", Reach.BOTH, Range.ANY);
    }

    public static OptionSpec file(String name, String description) {
        return new OptionSpec(name, description, Kind.FILE, true, List.of(), 0, false, "path", Reach.BOTH, Range.ANY);
    }

    public OptionSpec optional() {
        return new OptionSpec(name, description, kind, false, choices, maxLength, autocomplete, placeholder, reach,
                range);
    }

    public OptionSpec withChoices(List<Choice> choices) {
        return new OptionSpec(name, description, kind, required, choices, maxLength, autocomplete, placeholder,
                reach, range);
    }

    public OptionSpec withMaxLength(int maxLength) {
        return new OptionSpec(name, description, kind, required, choices, maxLength, autocomplete, placeholder,
                reach, range);
    }

    /** On Discord the value is picked from suggestions the command computes as the person types. */
    public OptionSpec withAutocomplete() {
        return new OptionSpec(name, description, kind, required, choices, maxLength, true, placeholder, reach, range);
    }

    public OptionSpec withPlaceholder(String placeholder) {
        return new OptionSpec(name, description, kind, required, choices, maxLength, autocomplete, placeholder,
                reach, range);
    }

    /** A number option's bounds, which Discord enforces in its form and the service checks again. */
    public OptionSpec withRange(long min, long max) {
        return new OptionSpec(name, description, kind, required, choices, maxLength, autocomplete, placeholder, reach,
                new Range(min, max));
    }

    /** Only the console takes this option (Discord does the same with a button, say). */
    public OptionSpec consoleOnly() {
        return new OptionSpec(name, description, kind, required, choices, maxLength, autocomplete, placeholder,
                Reach.CONSOLE, range);
    }

    /**
     * The choice a person typed, matched on label or value ignoring case, spaces, hyphens and underscores, so
     * {@code let go}, {@code Let-Go} and {@code let_go} are one choice.
     */
    public Optional<Choice> choice(String typed) {
        String wanted = loose(typed);
        return choices.stream().filter(c -> loose(c.label()).equals(wanted) || loose(c.value()).equals(wanted))
                .findFirst();
    }

    /** How the console's help shows the value: the choices' labels, or the placeholder. */
    public String usageValue() {
        if (choices.isEmpty()) {
            return "<" + placeholder + ">";
        }
        StringBuilder text = new StringBuilder();
        for (Choice choice : choices) {
            text.append(text.length() == 0 ? "" : "|").append(choice.label());
        }
        return text.toString();
    }

    private static String loose(String text) {
        return text == null ? "" : text.toLowerCase(Locale.ROOT).replaceAll("[\\s_-]+", "");
    }
}
