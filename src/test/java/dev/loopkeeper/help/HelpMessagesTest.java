package dev.loopkeeper.help;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.loopkeeper.command.Commands;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** The console's help for one command, one of its subcommands, or one of its groups, drawn from the registry. */
class HelpMessagesTest {

    /** What each usage line of a detail runs ("/focus set"), its options and the lines under it left out. */
    private static List<String> usages(Optional<List<String>> detail) {
        return detail.orElseThrow().stream().flatMap(String::lines).filter(line -> line.startsWith("  /"))
                .map(line -> List.of(line.strip().split(" ")).stream()
                        .takeWhile(word -> !word.contains(":") && !word.startsWith("["))
                        .collect(Collectors.joining(" ")))
                .collect(Collectors.toList());
    }

    @Test
    void aSubcommandsPathShowsThatSubcommandAloneAndAGroupsNameItsSubcommands() {
        assertEquals(List.of("/focus set"), usages(HelpMessages.consoleDetail(Commands.FOCUS, List.of("set"))));
        assertEquals(List.of("/focus set", "/focus show", "/focus clear", "/focus quiet", "/focus follow"),
                usages(HelpMessages.consoleDetail(Commands.FOCUS, List.of())));
        List<String> add = HelpMessages.consoleDetail(Commands.SETTINGS, List.of("worklog", "add")).orElseThrow();
        assertTrue(add.get(0).startsWith("  /settings worklog add "), add.toString());
        assertEquals(3, HelpMessages.consoleDetail(Commands.SETTINGS, List.of("worklog")).orElseThrow().stream()
                .filter(line -> line.startsWith("  /settings worklog ")).count(), "add, remove and list");
        assertEquals(Optional.empty(), HelpMessages.consoleDetail(Commands.FOCUS, List.of("dance")));
        assertEquals(Optional.empty(), HelpMessages.consoleDetail(Commands.FOCUS, List.of("set", "dance")));
        // A command without subcommands has no part to name.
        assertEquals(HelpMessages.consoleDetail(Commands.PARK, List.of()), HelpMessages.consoleDetail(Commands.PARK,
                List.of("why")));
        assertEquals(List.of("set", "show", "clear", "quiet", "follow"), HelpMessages.parts(Commands.FOCUS));
        assertTrue(HelpMessages.parts(Commands.SETTINGS).contains("worklog add"), HelpMessages.parts(Commands.SETTINGS)
                .toString());
    }
}
