package dev.loopkeeper.discord;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.loopkeeper.command.CommandSpec;
import dev.loopkeeper.command.Commands;
import dev.loopkeeper.command.OptionSpec;
import dev.loopkeeper.help.HelpMessages;
import java.util.ArrayList;
import java.util.List;
import net.dv8tion.jda.api.entities.MessageEmbed;
import org.junit.jupiter.api.Test;

/** {@code /help} is drawn from the registry and fits Discord's embed limits however large the registry grows. */
class HelpPagesTest {
    private static final HelpMessages MESSAGES = new HelpMessages(7, 3);

    private static void assertWithinLimits(List<MessageEmbed> pages) {
        for (MessageEmbed page : pages) {
            assertTrue(page.isSendable(), "JDA's own check of every embed limit");
            assertTrue(page.getLength() <= HelpCommand.EMBED_TOTAL, "total " + page.getLength());
            assertTrue(page.getFields().size() <= HelpCommand.FIELDS);
            page.getFields().forEach(f -> assertTrue(f.getValue().length() <= HelpCommand.FIELD_VALUE
                    && f.getName().length() <= 256, f.getName()));
            assertTrue(page.getDescription() == null || page.getDescription().length() <= 4096);
        }
    }

    private static String all(List<MessageEmbed> pages) {
        StringBuilder text = new StringBuilder();
        pages.forEach(p -> {
            text.append(p.getDescription()).append('\n');
            p.getFields().forEach(f -> text.append(f.getName()).append('\n').append(f.getValue()).append('\n'));
        });
        return text.toString();
    }

    @Test
    void todaysHelpIsOnePageNamingEveryDiscordCommandAndTheRules() {
        List<MessageEmbed> pages = HelpCommand.pages(HelpMessages.intro(),
                MESSAGES.sections(Commands.discord(), HelpMessages.Front.DISCORD));
        assertEquals(1, pages.size());
        assertWithinLimits(pages);
        String text = all(pages);
        for (CommandSpec command : Commands.discord()) {
            String shown = command.kind() == CommandSpec.Kind.MESSAGE_MENU ? "**" + command.name() + "**"
                    : "`/" + command.name();
            assertTrue(text.contains(shown), shown + " in\n" + text);
            if (command.access() != CommandSpec.Access.SERVER_MANAGERS) {
                command.subcommands().forEach(sub -> assertTrue(text.contains("`/" + command.name() + " "
                        + sub.name()), sub.name()));
            }
        }
        // Managers' settings take one line, naming each part: Discord shows /settings to managers only, in a server,
        // and /settings show lists every setting; a line each filled a fifth of every member's help.
        assertTrue(text.contains("`/settings` — " + Commands.SETTINGS.description()
                + ": show, reminders, polls, zone, digest, caps, worklog (Manage Server)"), text);
        assertEquals(1, text.split("`/settings", -1).length - 1, "one settings line\n" + text);
        assertTrue(text.contains("`/park concept [why] [scope]` — " + Commands.PARK.description()), text);
        assertTrue(!text.contains("/remind") && !text.contains("/merge"), "console-only commands stay out");
        assertTrue(text.contains("rests 7 days") && text.contains("At most 3 reminders a day")
                && text.contains("quiet hours") && text.contains("strongly enough")
                && text.contains("Snooze keeps a loop out of reminders") && text.contains("(/focus clear), or its time running out, withdraws"),
                text);
        assertTrue(text.contains("Privacy Settings") && text.contains("/settings reminders"), text);
    }

    @Test
    void aRegistryManyTimesLargerPagesWithEveryCommandOnceAndEveryPageWithinLimits() {
        List<CommandSpec> many = new ArrayList<>(Commands.discord());
        for (int i = 0; i < 120; i++) {
            many.add(CommandSpec.slash("command" + i, ("Does thing number " + i + " ").repeat(6).strip(),
                    OptionSpec.text("first", "x"), OptionSpec.text("second", "y").optional()));
        }
        List<MessageEmbed> pages = HelpCommand.pages(HelpMessages.intro(),
                MESSAGES.sections(many, HelpMessages.Front.DISCORD));
        assertTrue(pages.size() > 1, "pages: " + pages.size());
        assertWithinLimits(pages);
        String text = all(pages);
        for (int i = 0; i < 120; i++) {
            assertEquals(1, text.split("`/command" + i + " first \\[second\\]`", -1).length - 1, "command" + i);
        }
        assertTrue(text.contains("How reminders decide") && text.contains("Getting reminders by DM"));
    }
}
