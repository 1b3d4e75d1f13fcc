package dev.loopkeeper.discord;

import dev.loopkeeper.command.CommandSpec;
import dev.loopkeeper.command.OptionSpec;
import java.util.List;
import java.util.stream.Collectors;
import net.dv8tion.jda.api.Permission;
import net.dv8tion.jda.api.entities.channel.ChannelType;
import net.dv8tion.jda.api.interactions.IntegrationType;
import net.dv8tion.jda.api.interactions.InteractionContextType;
import net.dv8tion.jda.api.interactions.commands.DefaultMemberPermissions;
import net.dv8tion.jda.api.interactions.commands.OptionType;
import net.dv8tion.jda.api.interactions.commands.build.CommandData;
import net.dv8tion.jda.api.interactions.commands.build.Commands;
import net.dv8tion.jda.api.interactions.commands.build.OptionData;
import net.dv8tion.jda.api.interactions.commands.build.SlashCommandData;
import net.dv8tion.jda.api.interactions.commands.build.SubcommandData;
import net.dv8tion.jda.api.interactions.commands.build.SubcommandGroupData;

/** Builds Discord's form of a command from its one declaration in {@link dev.loopkeeper.command.Commands}. */
public final class Definitions {
    private Definitions() {
    }

    /** The command as Discord registers it; console-only options are left out. */
    public static CommandData of(CommandSpec spec) {
        if (!spec.reach().onDiscord()) {
            throw new IllegalArgumentException("/" + spec.name() + " is a console command");
        }
        CommandData data;
        if (spec.kind() == CommandSpec.Kind.MESSAGE_MENU) {
            data = Commands.message(spec.name());
        } else {
            SlashCommandData slash = Commands.slash(spec.name(), spec.description())
                    .addOptions(options(spec.options()))
                    .addSubcommands(spec.subcommands().stream().map(Definitions::subcommand).collect(Collectors.toList()))
                    .addSubcommandGroups(spec.groups().stream()
                            .map(g -> new SubcommandGroupData(g.name(), g.description()).addSubcommands(
                                    g.subcommands().stream().map(Definitions::subcommand).collect(Collectors.toList())))
                            .collect(Collectors.toList()));
            data = slash;
        }
        data.setIntegrationTypes(IntegrationType.GUILD_INSTALL);
        if (spec.access() == CommandSpec.Access.SERVER_MANAGERS) {
            data.setContexts(InteractionContextType.GUILD);
            data.setDefaultPermissions(DefaultMemberPermissions.enabledFor(Permission.MANAGE_SERVER));
        } else {
            data.setContexts(InteractionContextType.GUILD, InteractionContextType.BOT_DM);
        }
        return data;
    }

    private static SubcommandData subcommand(CommandSpec.Subcommand sub) {
        return new SubcommandData(sub.name(), sub.description()).addOptions(options(sub.options()));
    }

    private static List<OptionData> options(List<OptionSpec> options) {
        return options.stream().filter(o -> o.reach().onDiscord()).map(Definitions::option).collect(Collectors.toList());
    }

    private static OptionData option(OptionSpec spec) {
        OptionType type = switch (spec.kind()) {
            case TEXT -> OptionType.STRING;
            case NUMBER -> OptionType.INTEGER;
            case CHANNEL -> OptionType.CHANNEL;
            case FILE -> OptionType.ATTACHMENT;
            case ROLE -> OptionType.ROLE;
        };
        OptionData option = new OptionData(type, spec.name(), spec.description(), spec.required(), spec.autocomplete());
        spec.choices().forEach(c -> option.addChoice(c.label(), c.value()));
        if (spec.maxLength() > 0) {
            option.setMaxLength(spec.maxLength());
        }
        if (spec.range().bounded()) {
            option.setRequiredRange(spec.range().min(), spec.range().max());
        }
        if (spec.kind() == OptionSpec.Kind.CHANNEL) {
            // Loopkeeper's channel options name a place people write in (reminders, work logs).
            option.setChannelTypes(ChannelType.TEXT, ChannelType.NEWS, ChannelType.FORUM);
        }
        return option;
    }
}
