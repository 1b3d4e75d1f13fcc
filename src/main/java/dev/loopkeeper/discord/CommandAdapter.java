package dev.loopkeeper.discord;

import dev.loopkeeper.command.CommandSpec;
import net.dv8tion.jda.api.interactions.commands.build.CommandData;

/**
 * What every command shares: its Discord definition, built once from its {@link dev.loopkeeper.command.Commands}
 * entry, and the key its component ids carry. Keys are written into messages already sent, so a key never changes
 * once released (even when the command is renamed); {@code ParkE2ETest.everyComponentKeyIsPinned} pins them.
 */
public abstract class CommandAdapter implements BotCommand {
    private final String key;
    private final CommandData definition;

    /** A command whose key is its name: for commands that put no buttons or modals of their own in messages. */
    protected CommandAdapter(CommandSpec spec) {
        this(spec, spec.name());
    }

    /** A command whose component ids carry {@code key}, the constant it builds them with. */
    protected CommandAdapter(CommandSpec spec, String key) {
        this.key = key;
        this.definition = Definitions.of(spec);
    }

    @Override
    public final String key() {
        return key;
    }

    @Override
    public final CommandData definition() {
        return definition;
    }
}
