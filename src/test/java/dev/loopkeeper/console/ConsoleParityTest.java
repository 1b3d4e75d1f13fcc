package dev.loopkeeper.console;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.loopkeeper.Loopkeeper;
import dev.loopkeeper.discord.CloseCommand;
import dev.loopkeeper.discord.DiscordTimeText;
import dev.loopkeeper.discord.FocusCommand;
import dev.loopkeeper.discord.LoopsCommand;
import dev.loopkeeper.discord.ParkCommand;
import dev.loopkeeper.focus.FocusMessages;
import dev.loopkeeper.loop.LoopMessages;
import dev.loopkeeper.support.MutableClock;
import dev.loopkeeper.support.TestApp;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import net.dv8tion.jda.api.interactions.commands.build.OptionData;
import net.dv8tion.jda.api.interactions.commands.build.SlashCommandData;
import net.dv8tion.jda.api.interactions.commands.build.SubcommandData;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The console promises the Discord commands and options: this keeps the two from drifting apart. */
class ConsoleParityTest {
    @TempDir
    Path folder;

    @Test
    void theConsoleTakesExactlyTheDiscordOptionsPlusPagingForLoops() {
        try (Loopkeeper app = TestApp.open(folder, MutableClock.at("2026-03-01T10:00:00Z"))) {
            DiscordTimeText time = new DiscordTimeText();
            LoopMessages loopMessages = new LoopMessages(time);
            List<SlashCommandData> discord = List.of(
                    (SlashCommandData) new ParkCommand(app.loops(), loopMessages).definition(),
                    (SlashCommandData) new LoopsCommand(app.loops(), loopMessages, 10).definition(),
                    (SlashCommandData) new CloseCommand(app.loops(), loopMessages).definition(),
                    (SlashCommandData) new FocusCommand(app.focus(), app.settings(),
                            new FocusMessages(time)).definition());
            for (SlashCommandData command : discord) {
                ConsoleLine.Spec console = ConsoleFront.COMMANDS.get(command.getName());
                List<String> options = names(command.getOptions());
                if (command.getName().equals(LoopsCommand.NAME)) {
                    options.add("page"); // the console's stand-in for the Prev/Next buttons
                }
                assertEquals(options, console.options(), "/" + command.getName());
                Map<String, List<String>> subcommands = new LinkedHashMap<>();
                for (SubcommandData sub : command.getSubcommands()) {
                    subcommands.put(sub.getName(), names(sub.getOptions()));
                }
                assertEquals(subcommands, console.subcommands(), "/" + command.getName() + " subcommands");
            }
        }
    }

    private static List<String> names(List<OptionData> options) {
        List<String> names = new ArrayList<>();
        options.forEach(o -> names.add(o.getName()));
        return names;
    }
}
