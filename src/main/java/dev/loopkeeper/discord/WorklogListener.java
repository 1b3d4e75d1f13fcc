package dev.loopkeeper.discord;

import dev.loopkeeper.common.InvalidInputException;
import dev.loopkeeper.common.UserText;
import dev.loopkeeper.focus.FocusService;
import dev.loopkeeper.focus.FocusSource;
import dev.loopkeeper.relevance.TextTerms;
import dev.loopkeeper.settings.SettingsService;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import net.dv8tion.jda.api.entities.channel.ChannelType;
import net.dv8tion.jda.api.entities.channel.concrete.ThreadChannel;
import net.dv8tion.jda.api.entities.channel.middleman.MessageChannel;
import net.dv8tion.jda.api.events.channel.ChannelCreateEvent;
import net.dv8tion.jda.api.events.channel.ChannelDeleteEvent;
import net.dv8tion.jda.api.events.channel.update.ChannelUpdateNameEvent;
import net.dv8tion.jda.api.events.message.MessageBulkDeleteEvent;
import net.dv8tion.jda.api.events.message.MessageDeleteEvent;
import net.dv8tion.jda.api.events.message.MessageReceivedEvent;
import net.dv8tion.jda.api.events.message.MessageUpdateEvent;
import net.dv8tion.jda.api.hooks.ListenerAdapter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns what opted-in people write in a server's work-log channels, and the titles of threads and forum posts
 * they start there, into short-lived focus, which follows a note its author edits or deletes afterwards, and a thread
 * renamed or deleted. Registered
 * only when the Message Content intent is on.
 */
public final class WorklogListener extends ListenerAdapter {
    /** A work-log message is a focus, not an essay: keep its start. */
    static final int FOCUS_TEXT = 300;
    /**
     * Fewer words than this in a message ({@link TextTerms#wordCount}: runs of letters or digits, as the scorer reads
     * them, and in Chinese, Japanese or Thai, which have no spaces, a word per few characters) is chat, not a note of what someone works on ("wip", "lgtm", "merged", "agreed", "haha yes"): it leaves
     * their focus as it was. Such a message replaced the person's work-log focus with
     * itself for hours, and the concept map read its words literally ("merged" is near "git branching and merging",
     * which rests on hash tables, so a parked "consistent hashing" came back). Of 40 hand-written chat lines, 12
     * reminded someone of a loop; 19 of the 40 are under three words, six of the twelve among them, and none of 20
     * hand-written work notes is (docs/RELEVANCE.md, "Chat in a work-log channel"). A thread's title is kept whatever
     * its length: starting a thread names a subject on purpose.
     */
    static final int MESSAGE_WORDS = 3;
    private static final Logger log = LoggerFactory.getLogger(WorklogListener.class);

    private final SettingsService settings;
    private final FocusService focus;
    private final int focusHours;
    private final Executor lane;

    /**
     * @param lane runs the records one at a time, in the order of events: a person's work-log message replaces their
     *     previous one, so two notes recorded out of order would leave the older one as their focus
     */
    public WorklogListener(SettingsService settings, FocusService focus, int focusHours, Executor lane) {
        this.settings = settings;
        this.focus = focus;
        this.focusHours = focusHours;
        this.lane = lane;
    }

    @Override
    public void onMessageReceived(MessageReceivedEvent event) {
        // Discord's own notices are not notes: the one a thread started from the channel's thread button leaves in
        // it is "authored" by the person and reads as the thread's name, which the thread itself makes their focus.
        if (!event.isFromGuild() || event.getAuthor().isBot() || event.isWebhookMessage()
                || event.getMessage().getType().isSystem()) {
            return;
        }
        String guildId = event.getGuild().getId();
        String channelId = event.getChannel().getId();
        String parentId = worklogOf(event.getChannel(), event.getChannelType());
        String author = event.getAuthor().getId();
        String text = event.getMessage().getContentDisplay();
        String messageId = event.getMessageId();
        submit(() -> record(author, text, FocusSource.WORK_LOG, guildId, parentId, channelId, messageId));
    }

    /**
     * A note edited: while it is its author's focus, the focus reads as it now does, or ends when it now reads as chat.
     * Discord sends an edit for a link's preview too; an edit that changes no word changes nothing. An edit is read only
     * as a new note would be: in a channel still marked, of a person still following.
     */
    @Override
    public void onMessageUpdate(MessageUpdateEvent event) {
        if (!event.isFromGuild() || event.getAuthor().isBot() || event.getMessage().isWebhookMessage()) {
            return;
        }
        String guildId = event.getGuild().getId();
        String parentId = worklogOf(event.getChannel(), event.getChannelType());
        String author = event.getAuthor().getId();
        String text = event.getMessage().getContentDisplay();
        String messageId = event.getMessageId();
        submit(() -> edited(author, text, guildId, parentId, messageId, true));
    }

    /**
     * A note deleted: while it is its author's focus, the focus ends, as /focus clear would end it. It reads nothing of
     * the message, so it holds after the channel was unmarked or its author stopped following too: a note taken back
     * does not stay their focus for hours.
     */
    @Override
    public void onMessageDelete(MessageDeleteEvent event) {
        if (event.isFromGuild()) {
            String messageId = event.getMessageId();
            submit(() -> deleted(List.of(messageId)));
        }
    }

    /** A moderator's purge: each deleted note that was someone's focus ends. */
    @Override
    public void onMessageBulkDelete(MessageBulkDeleteEvent event) {
        List<String> messageIds = List.copyOf(event.getMessageIds());
        submit(() -> deleted(messageIds));
    }

    /** The channel whose work-log setting covers a message: its own, or a thread's parent. */
    private static String worklogOf(MessageChannel channel, ChannelType type) {
        return type.isThread() ? ((ThreadChannel) channel).getParentChannel().getId() : channel.getId();
    }

    @Override
    public void onChannelCreate(ChannelCreateEvent event) {
        if (!followed(event.getChannelType())) {
            return;
        }
        ThreadChannel channel = event.getChannel().asThreadChannel();
        Titled thread = Titled.of(channel);
        String title = channel.getName();
        submit(() -> record(thread.owner(), title, FocusSource.THREAD, thread.guildId(), thread.parentId(),
                thread.id(), thread.origin()));
    }

    /**
     * A thread renamed: while its title is its owner's focus, the focus reads as the new title does (a title is never
     * chat, whatever its length). Read only as a new thread would be: under a channel still marked, of an owner still
     * following.
     */
    @Override
    public void onChannelUpdateName(ChannelUpdateNameEvent event) {
        if (!followed(event.getChannelType())) {
            return;
        }
        Titled thread = Titled.of(event.getChannel().asThreadChannel());
        String title = event.getNewValue();
        submit(() -> edited(thread.owner(), title, thread.guildId(), thread.parentId(), thread.origin(), false));
    }

    /** What a thread's title focus needs of the thread, read on the gateway thread. */
    private record Titled(String id, String owner, String guildId, String parentId) {
        static Titled of(ThreadChannel thread) {
            return new Titled(thread.getId(), thread.getOwnerId(), thread.getGuild().getId(),
                    thread.getParentChannel().getId());
        }

        /** Where its focus came from, as {@code focus.origin_id} keeps it ({@link #titleOf}). */
        String origin() {
            return titleOf(id);
        }
    }

    /** A thread deleted: while its title is its owner's focus, the focus ends, as a deleted note's does. */
    @Override
    public void onChannelDelete(ChannelDeleteEvent event) {
        if (event.getChannelType().isThread()) {
            String origin = titleOf(event.getChannel().getId());
            submit(() -> deleted(List.of(origin)));
        }
    }

    /** A public thread or forum post, whose title is focus; a private thread's is not (only those invited see it). */
    private static boolean followed(ChannelType type) {
        return type.isThread() && type != ChannelType.GUILD_PRIVATE_THREAD;
    }

    /**
     * Where a thread's title focus came from, as {@code focus.origin_id} keeps it: apart from message ids, since a
     * thread started from a message has that message's id, and the note's edit or deletion is not the thread's.
     */
    private static String titleOf(String threadId) {
        return "thread:" + threadId;
    }

    /** On the gateway thread: a full queue must not throw into JDA; a skipped focus update is only a hint lost. */
    private void submit(Runnable work) {
        try {
            lane.execute(work);
        } catch (RejectedExecutionException e) {
            log.warn("The work-log queue is full; skipping one work-log focus update");
        }
    }

    private void record(String ownerId, String text, FocusSource source, String guildId, String worklogId,
            String channelId, String messageId) {
        try {
            String clean = noteText(text);
            if (clean.isEmpty() || !settings.isWorklog(guildId, worklogId) || !settings.person(ownerId).followWorklog()) {
                return;
            }
            if (source == FocusSource.WORK_LOG && isChat(clean)) {
                return; // chat: the person's focus stays what their last real note said
            }
            focus.set(ownerId, clean, Optional.of(focusHours + "h"), source, guildId, channelId, messageId);
        } catch (InvalidInputException e) {
            // A refusal of what was written (half an emoji, say) is no fault of the bot's: one line, no stack trace.
            log.info("A work-log focus for {} was not recorded: {}", ownerId, e.getMessage());
        } catch (RuntimeException e) {
            log.error("Recording a work-log focus for {} failed", ownerId, e);
        }
    }

    /** What of a message or title a focus keeps: one line, its start. */
    private static String noteText(String text) {
        return UserText.shorten(UserText.singleLine(text), FOCUS_TEXT);
    }

    private static boolean isChat(String clean) {
        return TextTerms.wordCount(clean) < MESSAGE_WORDS;
    }

    /** {@code chatEnds}: a note edited into chat ends its focus; a thread's title is never chat. */
    private void edited(String ownerId, String text, String guildId, String worklogId, String messageId,
            boolean chatEnds) {
        try {
            if (!settings.isWorklog(guildId, worklogId) || !settings.person(ownerId).followWorklog()) {
                return; // "no longer change your focus": the note's focus stays as it was, until it runs out or is deleted
            }
            String clean = noteText(text);
            FocusService.NoteChange change = focus.noteEdited(ownerId, messageId,
                    chatEnds && isChat(clean) ? null : clean);
            if (change != FocusService.NoteChange.NONE) {
                log.debug("A work-log note of {} was edited: its focus {}", ownerId, change);
            }
        } catch (InvalidInputException e) {
            log.info("A work-log note's edit for {} was not recorded: {}", ownerId, e.getMessage());
        } catch (RuntimeException e) {
            log.error("Recording a work-log note's edit for {} failed", ownerId, e);
        }
    }

    private void deleted(List<String> messageIds) {
        // One at a time: a failure for one note of a purge leaves the others' focus to end.
        for (String messageId : messageIds) {
            try {
                focus.noteDeleted(messageId);
            } catch (RuntimeException e) {
                log.error("Ending the focus of deleted work-log note {} failed", messageId, e);
            }
        }
    }
}
