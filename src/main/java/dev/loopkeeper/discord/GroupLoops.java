package dev.loopkeeper.discord;

import dev.loopkeeper.common.InvalidInputException;
import dev.loopkeeper.loop.LoopMessages;
import dev.loopkeeper.loop.LoopScope;
import dev.loopkeeper.loop.LoopService;
import dev.loopkeeper.loop.MeToo;
import dev.loopkeeper.loop.OpenLoop;
import java.util.List;
import net.dv8tion.jda.api.components.actionrow.ActionRow;
import net.dv8tion.jda.api.components.buttons.Button;
import net.dv8tion.jda.api.events.interaction.component.ButtonInteractionEvent;
import net.dv8tion.jda.api.interactions.callbacks.IReplyCallback;
import net.dv8tion.jda.api.utils.messages.MessageCreateData;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A server's shared loops in its channels: the public message a server park leaves for the group, and its
 * <b>Me too</b> button. The button's id is owned by the server ({@code server-<guild>:group.metoo:<loop>}), so any
 * member may click it; the router lets only members acting in that server through.
 */
public final class GroupLoops implements ComponentHandler {
    public static final String KEY = "group";
    public static final String ME_TOO = "metoo";
    private static final Logger log = LoggerFactory.getLogger(GroupLoops.class);

    private final LoopService loops;
    private final LoopMessages messages;

    public GroupLoops(LoopService loops, LoopMessages messages) {
        this.loops = loops;
        this.messages = messages;
    }

    @Override
    public String key() {
        return KEY;
    }

    static Button meTooButton(OpenLoop loop) {
        return Button.primary(ComponentId.of(loop.ownerId(), KEY, ME_TOO, loop.id()).encode(), "Me too");
    }

    /**
     * Posts a new server loop in the channel where it was parked, as a plain channel message rather than a public
     * reply, which Discord would head with the parker's name: the group sees the concept, not who parked it. If the
     * channel refuses, the parker is told privately; the loop is saved either way.
     */
    void post(IReplyCallback event, OpenLoop loop) {
        MessageCreateData message = Replies.message(messages.forTheGroup(loop), List.of(),
                List.of(ActionRow.of(meTooButton(loop))));
        try {
            event.getMessageChannel().sendMessage(message).queue(sent -> { }, failure -> notPosted(event, loop, failure));
        } catch (RuntimeException e) {
            // Thrown before sending: no permission to post here, or a channel JDA cannot send to (such as a thread it
            // does not hold).
            notPosted(event, loop, e);
        }
    }

    private static void notPosted(IReplyCallback event, OpenLoop loop, Throwable why) {
        log.warn("Could not post server loop {} in channel {}: {}", loop.id(), event.getChannelId(), why.toString());
        event.getHook().sendMessage(Replies.text(DiscordMessages.notPostedForGroup())).setEphemeral(true).queue();
    }

    @Override
    public void onButton(ButtonInteractionEvent event, ComponentId id) {
        long loopId = id.longArg(0).orElse(-1L);
        LoopScope scope = LoopScope.ofOwnerKey(id.ownerId()).orElse(null);
        if (!ME_TOO.equals(id.action()) || loopId < 0 || scope == null || !scope.isServer()) {
            throw new InvalidInputException(DiscordMessages.staleComponent());
        }
        MeToo meToo = loops.meToo(scope, Scopes.actor(event), loopId);
        Replies.ephemeral(event, messages.meToo(meToo));
    }
}
