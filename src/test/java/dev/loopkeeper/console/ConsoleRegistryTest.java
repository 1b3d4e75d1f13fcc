package dev.loopkeeper.console;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.loopkeeper.Loopkeeper;
import dev.loopkeeper.command.CommandSpec;
import dev.loopkeeper.command.Commands;
import dev.loopkeeper.command.OptionSpec;
import dev.loopkeeper.common.InvalidInputException;
import dev.loopkeeper.support.MutableClock;
import dev.loopkeeper.support.TestApp;
import java.io.BufferedReader;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The console takes, lists and answers exactly the registry's console commands, options and subcommands. */
class ConsoleRegistryTest {
    @TempDir
    Path folder;

    @Test
    void theParserTakesEveryConsoleOptionOfEveryCommand() {
        for (CommandSpec command : Commands.console()) {
            if (command.subcommands().isEmpty()) {
                check("/" + command.name(), command.options());
            }
            for (CommandSpec.Subcommand sub : command.subcommands()) {
                check("/" + command.name() + " " + sub.name(), sub.options());
            }
        }
    }

    private static void check(String prefix, List<OptionSpec> options) {
        Map<String, String> expected = new LinkedHashMap<>();
        StringBuilder line = new StringBuilder(prefix);
        for (OptionSpec option : options) {
            expected.put(option.name(), "value of " + option.name());
            line.append(' ').append(option.name()).append(":value of ").append(option.name());
        }
        if (expected.isEmpty()) {
            assertEquals(Map.of(), ConsoleLine.parse(prefix, Commands.console()).options(), prefix);
            return;
        }
        assertEquals(expected, ConsoleLine.parse(line.toString(), Commands.console()).options(), line.toString());
    }

    @Test
    void aTabSeparatesTheCommandFromItsSubcommandAndOptionsAsASpaceDoes() {
        ConsoleLine line = ConsoleLine.parse("/focus\tset\ttext:writing a tiny autograd", Commands.console());
        assertEquals("focus", line.command());
        assertEquals(java.util.Optional.of("set"), line.subcommand());
        assertEquals(Map.of("text", "writing a tiny autograd"), line.options());
        assertEquals(Map.of("concept", "x"), ConsoleLine.parse("/park\tconcept:x", Commands.console()).options());
    }

    @Test
    void discordOnlyCommandsAreNotConsoleCommands() {
        for (CommandSpec command : Commands.ALL) {
            if (!command.reach().onConsole() && command.kind() == CommandSpec.Kind.SLASH) {
                InvalidInputException refused = assertThrows(InvalidInputException.class,
                        () -> ConsoleLine.parse("/" + command.name(), Commands.console()));
                assertEquals("/" + command.name() + " lives on Discord only (the console has no server or message to "
                        + "act on). Type help for the console's commands.", refused.getMessage());
            }
        }
    }

    @Test
    void helpListsEveryConsoleCommandAndEachOneHasAnAnswer() {
        StringBuilder script = new StringBuilder("help\n");
        for (CommandSpec command : Commands.console()) {
            script.append('/').append(command.name()).append('\n');
        }
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (Loopkeeper app = TestApp.open(folder, MutableClock.at("2026-03-01T10:00:00Z"))) {
            app.console().run(new BufferedReader(new StringReader(script.toString())),
                    new PrintStream(bytes, true, StandardCharsets.UTF_8), false);
        }
        String out = bytes.toString(StandardCharsets.UTF_8);
        for (CommandSpec command : Commands.console()) {
            assertTrue(out.contains("  /" + command.name()), "help lists /" + command.name() + ":\n" + out);
            if (command.subcommands().isEmpty()) {
                assertTrue(out.contains(command.description()), out);
            }
            command.subcommands().forEach(sub -> assertTrue(out.contains("  /" + command.name() + " " + sub.name())
                    && out.contains(sub.description()), out));
        }
        assertFalse(out.contains("Unknown command"), out);
        assertFalse(out.contains("went wrong"), out);
    }
}
