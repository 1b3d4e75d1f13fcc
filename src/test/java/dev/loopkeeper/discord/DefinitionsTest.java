package dev.loopkeeper.discord;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.loopkeeper.command.CommandSpec;
import dev.loopkeeper.command.Commands;
import dev.loopkeeper.command.OptionSpec;
import dev.loopkeeper.e2e.CommandDefinitionRules;
import java.util.ArrayList;
import java.util.List;
import net.dv8tion.jda.api.interactions.InteractionContextType;
import net.dv8tion.jda.api.interactions.commands.build.CommandData;
import net.dv8tion.jda.api.interactions.commands.build.OptionData;
import net.dv8tion.jda.api.interactions.commands.build.SlashCommandData;
import net.dv8tion.jda.api.interactions.commands.build.SubcommandData;
import net.dv8tion.jda.api.utils.data.DataArray;
import org.junit.jupiter.api.Test;

/** Discord's form of each command is built from the registry alone, and Discord would accept all of them. */
class DefinitionsTest {

    @Test
    void everyDiscordCommandFromTheRegistryIsValid() {
        DataArray all = DataArray.empty();
        Commands.discord().forEach(spec -> all.add(Definitions.of(spec).toData()));
        CommandDefinitionRules.assertValid(all);
        assertEquals(Commands.discord().size(), all.length());
    }

    @Test
    void eachOptionCarriesItsDeclaration() {
        for (CommandSpec spec : Commands.discord()) {
            CommandData data = Definitions.of(spec);
            assertEquals(spec.name(), data.getName());
            if (!(data instanceof SlashCommandData slash)) {
                continue;
            }
            assertSame(spec.name(), spec.options(), slash.getOptions());
            for (CommandSpec.Subcommand sub : spec.subcommands()) {
                SubcommandData built = slash.getSubcommands().stream().filter(s -> s.getName().equals(sub.name()))
                        .findFirst().orElseThrow();
                assertEquals(sub.description(), built.getDescription());
                assertSame(spec.name() + " " + sub.name(), sub.options(), built.getOptions());
            }
        }
    }

    @Test
    void consoleOnlyPartsNeverReachDiscord() {
        SlashCommandData loops = (SlashCommandData) Definitions.of(Commands.LOOPS);
        assertEquals(List.of(Commands.STATUS, Commands.TRIAGE, Commands.PAGE, Commands.SCOPE, Commands.QUERY),
                loops.getOptions().stream().map(OptionData::getName).toList());
        assertTrue(Commands.discord().stream().noneMatch(c -> c.name().equals(Commands.REMIND.name())));
        assertThrows(IllegalArgumentException.class, () -> Definitions.of(Commands.REMIND));
    }

    @Test
    void settingsAreForServerManagersInServersAndTheRestWorkInDirectMessagesToo() {
        CommandData settings = Definitions.of(Commands.SETTINGS);
        assertEquals(java.util.Set.of(InteractionContextType.GUILD), settings.getContexts());
        assertTrue(settings.getDefaultPermissions().getPermissionsRaw() != null);
        assertEquals(java.util.Set.of(InteractionContextType.GUILD, InteractionContextType.BOT_DM),
                Definitions.of(Commands.OPEN).getContexts());
    }

    private static void assertSame(String where, List<OptionSpec> declared, List<OptionData> built) {
        List<OptionSpec> onDiscord = new ArrayList<>();
        declared.stream().filter(o -> o.reach().onDiscord()).forEach(onDiscord::add);
        assertEquals(onDiscord.size(), built.size(), where);
        for (int i = 0; i < built.size(); i++) {
            OptionSpec spec = onDiscord.get(i);
            OptionData option = built.get(i);
            String what = where + " " + spec.name();
            assertEquals(spec.name(), option.getName(), what);
            assertEquals(spec.description(), option.getDescription(), what);
            assertEquals(spec.required(), option.isRequired(), what);
            assertEquals(spec.autocomplete(), option.isAutoComplete(), what);
            assertEquals(spec.choices().stream().map(OptionSpec.Choice::label).toList(),
                    option.getChoices().stream().map(c -> c.getName()).toList(), what);
            if (spec.maxLength() > 0) {
                assertEquals(spec.maxLength(), option.getMaxLength(), what);
            }
        }
    }
}
