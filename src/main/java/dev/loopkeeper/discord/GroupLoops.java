package dev.loopkeeper.discord;

import dev.loopkeeper.common.InvalidInputException;
import dev.loopkeeper.loop.Edited;
import dev.loopkeeper.loop.GroupPost;
import dev.loopkeeper.loop.GroupPosts;
import dev.loopkeeper.loop.LoopListener;
import dev.loopkeeper.loop.LoopMessages;
import dev.loopkeeper.loop.LoopScope;
import dev.loopkeeper.loop.LoopService;
import dev.loopkeeper.loop.MeToo;
import dev.loopkeeper.loop.OpenLoop;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.RejectedExecutionException;
import java.util.function.Supplier;
import net.dv8tion.jda.api.components.actionrow.ActionRow;
import net.dv8tion.jda.api.components.buttons.Button;
import net.dv8tion.jda.api.entities.Message;
import net.dv8tion.jda.api.entities.channel.middleman.GuildMessageChannel;
import net.dv8tion.jda.api.events.interaction.component.ButtonInteractionEvent;
import net.dv8tion.jda.api.exceptions.ErrorResponseException;
import net.dv8tion.jda.api.interactions.callbacks.IReplyCallback;
import net.dv8tion.jda.api.requests.ErrorResponse;
import net.dv8tion.jda.api.utils.messages.MessageCreateData;
import net.dv8tion.jda.api.utils.messages.MessageEditData;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A server's shared loops in its channels: the public message a server park leaves for the group, and its
 * <b>Me too</b> button. The button's id is owned by the server ({@code server-<guild>:group.metoo:<loop>}), so any
 * member may click it; the router lets only members acting in that server through.
 *
 * <p>The message follows its loop: where it was posted is remembered ({@link GroupPosts}), and as a {@link LoopListener}
 * this edits it when the loop is closed (struck through, how it ended, no button), edited (the new text) or reopened
 * (as posted, with its button). Edits are the bot's own message, best effort and never retried: they run on their own
 * thread once the change committed, so the person's answer never waits on them, and a refusal (the message deleted,
 * no access) is one line in the log. A Me too click on a post that shows an older state (one posted before posts were
 * remembered, or whose edit failed) mends that very message.
 */
public final class GroupLoops implements ComponentHandler, LoopListener {
    public static final String KEY = "group";
    public static final String ME_TOO = "metoo";
    private static final Logger log = LoggerFactory.getLogger(GroupLoops.class);

    private final LoopService loops;
    private final LoopMessages messages;
    private final GroupPosts posts;
    private final Supplier<DiscordBot> discord;
    private final Executor edits;

    /**
     * @param discord the running bot, null until it started (an edit then finds no channel and does nothing)
     * @param edits   where posts are remembered and edited: a thread of their own, never an interaction's worker
     */
    public GroupLoops(LoopService loops, LoopMessages messages, GroupPosts posts, Supplier<DiscordBot> discord,
            Executor edits) {
        this.loops = loops;
        this.messages = messages;
        this.posts = posts;
        this.discord = discord;
        this.edits = edits;
    }

    /** The Me too button's id on one of the group's posts of a loop, if {@code message} is one that still has it. */
    static Optional<ComponentId> meTooOn(Message message) {
        return message.getComponentTree().findAll(Button.class).stream()
                .map(button -> button.getCustomId() == null ? Optional.<ComponentId>empty()
                        : ComponentId.parse(button.getCustomId()))
                .flatMap(Optional::stream)
                .filter(id -> KEY.equals(id.command()) && ME_TOO.equals(id.action()))
                .findFirst();
    }

    @Override
    public String key() {
        return KEY;
    }

    static Button meTooButton(OpenLoop loop) {
        return Button.primary(ComponentId.of(loop.ownerId(), KEY, ME_TOO, loop.id()).encode(), "Me too");
    }

    /** The group's message as the loop stands: open with its Me too button, or closed, struck through, without. */
    MessageCreateData render(OpenLoop loop) {
        return loop.isOpen()
                ? Replies.message(messages.forTheGroup(loop), List.of(), List.of(ActionRow.of(meTooButton(loop))))
                : Replies.message(messages.forTheGroupClosed(loop), List.of(), List.of());
    }

    /**
     * Posts a new server loop in the channel where it was parked, as a plain channel message rather than a public
     * reply, which Discord would head with the parker's name: the group sees the concept, not who parked it. If the
     * channel refuses, the parker is told privately; the loop is saved either way. Once Discord accepts it, its place
     * (channel and message) is remembered, so it can follow the loop.
     */
    void post(IReplyCallback event, OpenLoop loop) {
        if (event.getGuild() != null && event.getGuild().isDetached()) {
            // No bot member here (the app's commands only, or the bot removed): JDA would refuse the send as an
            // operation on a detached entity, and the parker was told their channel may not allow it.
            event.getHook().sendMessage(Replies.text(DiscordMessages.notPostedBotNotInServer())).setEphemeral(true)
                    .queue();
            return;
        }
        MessageCreateData message = render(loop);
        try {
            event.getMessageChannel().sendMessage(message).queue(sent -> later("remember the post of loop "
                    + loop.id(), () -> remember(loop, sent, new Shown(message.getContent(), true))),
                    failure -> notPosted(event, loop, failure));
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

    /** Saves where the post is; a loop closed or edited while it was on its way gets its post edited at once. */
    private void remember(OpenLoop loop, Message sent, Shown posted) {
        GroupPost post = posts.posted(loop.id(), loop.scope().id(), sent.getChannelId(), sent.getId());
        refresh(post, loop.ownerId(), posted);
    }

    /** What a post shows: its text, and whether it has its Me too button. */
    private record Shown(String content, boolean button) {
    }

    /** Me too answers the clicker privately; the post itself is edited apart from the click. */
    @Override
    public LateClick lateClick(ComponentId id) {
        return LateClick.REPLY;
    }

    @Override
    public void onButton(ButtonInteractionEvent event, ComponentId id) {
        long loopId = id.longArg(0).orElse(-1L);
        LoopScope scope = LoopScope.ofOwnerKey(id.ownerId()).orElse(null);
        if (!ME_TOO.equals(id.action()) || loopId < 0 || scope == null || !scope.isServer()) {
            throw new InvalidInputException(DiscordMessages.staleComponent());
        }
        try {
            MeToo meToo = loops.meToo(scope, Scopes.actor(event), loopId);
            Replies.ephemeral(event, messages.meToo(meToo));
        } catch (InvalidInputException refused) {
            // Closed (or gone): the clicker hears why first; then the message they clicked stops offering the button.
            Replies.ephemeral(event, refused.getMessage());
        }
        mend(event, id, scope, loopId);
    }

    /**
     * After a Me too click: a post not remembered yet (one from before posts were) becomes the loop's post, and a post
     * that shows another state than the loop's (closed meanwhile, edited, an edit that failed) is edited to match.
     */
    private void mend(ButtonInteractionEvent event, ComponentId id, LoopScope scope, long loopId) {
        Message clicked = event.getMessage();
        if (clicked == null || !meTooOn(clicked).filter(id::equals).isPresent()) {
            // Not a message JDA could read, or not this loop's post: a crafted id sent on another message of the bot
            // (another loop's post, a poll, a digest) must not make that message this loop's post, to be edited.
            return;
        }
        String channelId = clicked.getChannelId();
        String messageId = clicked.getId();
        Shown shown = new Shown(clicked.getContentRaw(), !clicked.getComponents().isEmpty());
        later("mend the post of loop " + loopId, () -> {
            if (loops.find(scope.ownerKey(), loopId).isEmpty()) {
                return; // a loop no longer here (its server's lot was deleted): no post to follow
            }
            if (posts.of(loopId).isEmpty()) {
                posts.seen(loopId, scope.id(), channelId, messageId);
            }
            posts.of(loopId).filter(post -> post.messageId().equals(messageId))
                    .ifPresent(post -> refresh(post, scope.ownerKey(), shown));
        });
    }

    @Override
    public void onClosed(OpenLoop closed) {
        follow(closed);
    }

    @Override
    public void onEdited(Edited edited) {
        follow(edited.after());
    }

    @Override
    public void onReopened(OpenLoop reopened) {
        follow(reopened);
    }

    /** A loop changed: its post, if it has one, is edited on the edits thread. Personal loops have none. */
    private void follow(OpenLoop loop) {
        if (!loop.scope().isServer()) {
            return;
        }
        later("edit the post of loop " + loop.id(), () -> posts.of(loop.id())
                .ifPresent(post -> refresh(post, loop.ownerId(), null)));
    }

    /**
     * Edits the post to show the loop as it is now (read again here, so edits that queue up end on the latest state).
     * {@code shown}, when known, is what the message shows: then it is edited only when that differs.
     */
    private void refresh(GroupPost post, String ownerKey, Shown shown) {
        Optional<OpenLoop> loop = loops.find(ownerKey, post.loopId());
        if (loop.isEmpty()) {
            return;
        }
        MessageCreateData now = render(loop.get());
        if (shown != null && shown.equals(new Shown(now.getContent(), loop.get().isOpen()))) {
            return;
        }
        DiscordBot bot = discord.get();
        GuildMessageChannel channel = bot == null ? null : bot.channel(post.channelId());
        if (channel == null) {
            log.info("The group's post of loop {} is in channel {}, which this bot does not see; left as it is",
                    post.loopId(), post.channelId());
            return;
        }
        try {
            channel.editMessageById(post.messageId(), MessageEditData.fromCreateData(now))
                    .queue(edited -> { }, failure -> notEdited(post, failure));
        } catch (RuntimeException e) {
            // Thrown before sending, such as a permission JDA checks itself.
            notEdited(post, e);
        }
    }

    private void notEdited(GroupPost post, Throwable failure) {
        if (failure instanceof ErrorResponseException error
                && (error.getErrorResponse() == ErrorResponse.UNKNOWN_MESSAGE
                        || error.getErrorResponse() == ErrorResponse.UNKNOWN_CHANNEL)) {
            log.info("The group's post of loop {} (message {}) is gone; it is no longer followed", post.loopId(),
                    post.messageId());
            later("forget the post of loop " + post.loopId(), () -> posts.gone(post));
            return;
        }
        log.warn("Could not edit the group's post of loop {} (message {}): {}", post.loopId(), post.messageId(),
                failure.toString());
    }

    /** Runs work on the edits thread; what fails there is one line, and the loop's change stands. */
    private void later(String what, Runnable work) {
        try {
            edits.execute(() -> {
                try {
                    work.run();
                } catch (RuntimeException e) {
                    log.warn("Could not {}: {}", what, e.toString());
                }
            });
        } catch (RejectedExecutionException e) {
            if (edits instanceof ExecutorService pool && pool.isShutdown()) {
                // The bot is stopping: a post not remembered or edited now is mended by the next Me too click on it.
                log.info("Did not {}: the bot is stopping", what);
            } else {
                log.warn("Could not {}: too many post edits are waiting", what);
            }
        }
    }
}
