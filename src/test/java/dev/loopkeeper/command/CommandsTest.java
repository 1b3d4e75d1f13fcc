package dev.loopkeeper.command;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Rules every declaration in the registry keeps, whichever front reads it. */
class CommandsTest {

    @Test
    void namesAreUniqueAtEveryLevel() {
        List<String> problems = new ArrayList<>();
        Set<String> commands = new HashSet<>();
        for (CommandSpec command : Commands.ALL) {
            if (!commands.add(command.name())) {
                problems.add("two commands named " + command.name());
            }
            unique("/" + command.name(), command.options().stream().map(OptionSpec::name).toList(), problems);
            List<String> children = new ArrayList<>();
            command.subcommands().forEach(s -> children.add(s.name()));
            command.groups().forEach(g -> children.add(g.name()));
            unique("/" + command.name(), children, problems);
            for (CommandSpec.Subcommand sub : command.subcommands()) {
                unique("/" + command.name() + " " + sub.name(), sub.options().stream().map(OptionSpec::name).toList(),
                        problems);
            }
        }
        assertEquals(List.of(), problems);
    }

    @Test
    void consoleOnlyOptionsBelongToCommandsTheConsoleTakes() {
        for (CommandSpec command : Commands.ALL) {
            List<OptionSpec> options = new ArrayList<>(command.options());
            command.subcommands().forEach(s -> options.addAll(s.options()));
            for (OptionSpec option : options) {
                assertTrue(!option.reach().onConsole() || command.reach().onConsole() || option.reach() == Reach.BOTH,
                        "/" + command.name() + " " + option.name());
                assertTrue(option.reach().onDiscord() || command.reach().onConsole(),
                        "/" + command.name() + " " + option.name() + " would be offered by no front");
            }
        }
    }

    @Test
    void aChoiceIsFoundByLabelOrValueHoweverItIsWritten() {
        OptionSpec outcome = Commands.CLOSE.option(null, Commands.OUTCOME).orElseThrow();
        assertEquals("let_go", outcome.choice("Let-Go").orElseThrow().value());
        assertEquals("let_go", outcome.choice(" let  go ").orElseThrow().value());
        assertEquals("let_go", outcome.choice("LET_GO").orElseThrow().value());
        assertTrue(outcome.choice("maybe").isEmpty());
        assertEquals("learned|applied|merged|let go", outcome.usageValue());
    }

    /**
     * A choice Discord offers does something: /settings digest offered state:on, which turned nothing back on (state:off
     * forgets the channel; channel: starts the digest again), and only showed where it went, as no option does.
     */
    @Test
    void settingsOffersOnlyStatesThatChangeSomething() {
        for (String sub : List.of(Commands.DIGEST, Commands.CAPS)) {
            OptionSpec state = Commands.SETTINGS.option(sub, Commands.STATE).orElseThrow();
            assertEquals(List.of(Commands.OFF), state.choices().stream().map(OptionSpec.Choice::value).toList(),
                    "/settings " + sub);
        }
    }

    @Test
    void theReadmeCommandsTableNamesEveryCommand() throws IOException {
        String readme = Files.readString(Path.of("README.md"));
        String table = readme.substring(readme.indexOf("## Commands"), readme.indexOf("### Reminders"));
        for (CommandSpec command : Commands.ALL) {
            String shown = command.kind() == CommandSpec.Kind.MESSAGE_MENU ? "**" + command.name() + "**"
                    : "`/" + command.name();
            assertTrue(table.contains(shown), "README's Commands table lacks " + shown);
            for (CommandSpec.Subcommand sub : command.subcommands()) {
                assertTrue(table.contains("`/" + command.name() + " " + sub.name()),
                        "README's Commands table lacks /" + command.name() + " " + sub.name());
            }
        }
    }

    private static void unique(String where, List<String> names, List<String> problems) {
        Set<String> seen = new HashSet<>();
        names.stream().filter(n -> !seen.add(n)).forEach(n -> problems.add(where + ": " + n + " twice"));
    }
}
