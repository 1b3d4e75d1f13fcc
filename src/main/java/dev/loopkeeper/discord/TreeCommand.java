package dev.loopkeeper.discord;

import static dev.loopkeeper.command.Commands.SCOPE;

import dev.loopkeeper.command.Commands;
import dev.loopkeeper.common.InvalidInputException;
import dev.loopkeeper.loop.LoopErrors;
import dev.loopkeeper.loop.LoopScope;
import dev.loopkeeper.tree.TreeMessages;
import dev.loopkeeper.tree.TreePicture;
import dev.loopkeeper.tree.TreeService;
import java.util.Optional;
import net.dv8tion.jda.api.events.interaction.command.GenericCommandInteractionEvent;
import net.dv8tion.jda.api.interactions.commands.OptionMapping;
import net.dv8tion.jda.api.utils.messages.MessageCreateData;

/**
 * {@code /tree [scope]}: the caller's loops as a PNG, privately; with {@code scope:server}, the server's shared loops,
 * for everyone in the channel (only in a server). With no loops, a few words instead of an empty picture.
 */
public final class TreeCommand extends CommandAdapter {
    public static final String KEY = "tree";

    private final TreeService trees;

    public TreeCommand(TreeService trees) {
        super(Commands.TREE, KEY);
        this.trees = trees;
    }

    @Override
    public void onCommand(GenericCommandInteractionEvent event) {
        String typed = event.getOption(SCOPE, OptionMapping::getAsString);
        LoopScope.Kind kind = LoopScope.Kind.parse(typed)
                .orElseThrow(() -> new InvalidInputException(LoopErrors.unknownScope(typed)));
        if (kind == LoopScope.Kind.SERVER && event.getGuild() == null) {
            throw new InvalidInputException(TreeMessages.serverTreeNeedsServer());
        }
        LoopScope scope = Scopes.scope(event, typed);
        boolean server = scope.isServer();
        // Grouping thousands of loops and drawing them takes a second or two (docs/BENCHMARKS.md), the first after a
        // start more: the router defers a command still running near Discord's 3 seconds, and the picture then comes
        // as an edit of that private "thinking" reply.
        Optional<TreePicture> picture = trees.picture(scope, Scopes.actor(event));
        if (picture.isEmpty()) {
            Replies.ephemeral(event, TreeMessages.empty(server));
            return;
        }
        TreePicture drawn = picture.get();
        MessageCreateData message = Replies.withFile(TreeMessages.caption(server, drawn.tree()), drawn.png(), TreePicture.FILE_NAME,
                TreeMessages.altText(server, drawn.tree()));
        if (server) {
            Replies.inPublic(event, message);
        } else {
            Replies.ephemeral(event, message);
        }
    }
}
