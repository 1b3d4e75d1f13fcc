package dev.loopkeeper.help;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.loopkeeper.command.CommandSpec;
import dev.loopkeeper.command.Commands;
import dev.loopkeeper.command.OptionSpec;
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
    void discordsHelpOnRemindersReadsRightInADirectMessageWhereThereIsNoThisServer() {
        List<String> lines = HelpMessages.delivery(HelpMessages.Front.DISCORD).lines();
        assertTrue(lines.stream().noneMatch(line -> line.contains("this server's")), lines.toString());
        assertTrue(lines.get(0).contains("Privacy Settings → Direct Messages"), lines.get(0));
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

    /**
     * Every option line of every command: one pair of brackets at most ("(optional) (up to 1000 characters)" was
     * printed), a text's length with its thousands marked, and a number's range wherever the command enforces one.
     */
    @Test
    void everyOptionLineHasOnePairOfBracketsWithTheLengthOrRangeTheCommandEnforces() {
        int ranged = 0;
        for (CommandSpec command : Commands.ALL) {
            if (command.kind() == CommandSpec.Kind.MESSAGE_MENU) {
                continue;
            }
            List<String> detail = HelpMessages.consoleDetail(command, List.of()).orElseThrow();
            List<String> optionLines = detail.stream().filter(line -> line.startsWith("        ")).toList();
            for (String line : optionLines) {
                assertFalse(line.matches(".*\\) *\\(.*"), "two pairs of brackets: " + line);
                assertTrue(line.chars().filter(c -> c == '(').count() <= 1, "one pair at most: " + line);
                assertFalse(line.matches(".*\\d{4}.*"), "thousands marked: " + line);
            }
            for (OptionSpec option : options(command)) {
                if (option.kind() == OptionSpec.Kind.NUMBER && option.range().bounded()) {
                    String expected = option.range().min() + "-" + option.range().max();
                    assertTrue(HelpMessages.optionDetail(option).contains("(" + expected),
                            command.name() + " " + option.name() + ": " + HelpMessages.optionDetail(option));
                    ranged++;
                }
            }
        }
        assertEquals(3, ranged, "hours, quorum and daily");
        assertEquals("Why it matters to you (optional, up to 1,000 characters)",
                HelpMessages.optionDetail(Commands.PARK.options().get(1)));
        assertEquals("How long the poll stays open, in hours (1-168, default 24)",
                HelpMessages.optionDetail(Commands.TRIAGE_LOOPS.options().get(3)));
        assertEquals("The concept, in a few words (up to 200 characters)",
                HelpMessages.optionDetail(Commands.PARK.options().get(0)));
        // The console has no server: /triage poll: runs a local poll on the person's own loop there.
        assertEquals("A local poll on one of your own loops, votes typed as lines (its number, its concept, or a part "
                + "of it)", HelpMessages.optionDetail(Commands.TRIAGE_LOOPS.options().get(2)));
    }

    private static List<OptionSpec> options(CommandSpec command) {
        List<OptionSpec> all = new java.util.ArrayList<>(command.options());
        command.subcommands().forEach(sub -> all.addAll(sub.options()));
        command.groups().forEach(group -> group.subcommands().forEach(sub -> all.addAll(sub.options())));
        return all;
    }
}
