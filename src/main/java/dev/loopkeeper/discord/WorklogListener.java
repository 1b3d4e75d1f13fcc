package dev.loopkeeper.discord;

import dev.loopkeeper.common.InvalidInputException;
import dev.loopkeeper.common.UserText;
import dev.loopkeeper.focus.FocusService;
import dev.loopkeeper.focus.FocusSource;
import dev.loopkeeper.relevance.TextTerms;
import dev.loopkeeper.settings.SettingsService;
import java.util.Optional;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import net.dv8tion.jda.api.entities.channel.ChannelType;
import net.dv8tion.jda.api.entities.channel.concrete.ThreadChannel;
import net.dv8tion.jda.api.events.channel.ChannelCreateEvent;
import net.dv8tion.jda.api.events.message.MessageReceivedEvent;
import net.dv8tion.jda.api.hooks.ListenerAdapter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns what opted-in people write in a server's work-log channels, and the titles of threads and forum posts
 * they start there, into short-lived focus. Registered only when the Message Content intent is on.
 */
public final class WorklogListener extends ListenerAdapter {
    /** A work-log message is a focus, not an essay: keep its start. */
    static final int FOCUS_TEXT = 300;
    /**
     * Fewer words than this in a message ({@link TextTerms#tokens}: runs of letters or digits, as the scorer reads
     * them) is chat, not a note of what someone works on ("wip", "lgtm", "merged", "agreed", "haha yes"): it leaves
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
        if (!event.isFromGuild() || event.getAuthor().isBot() || event.isWebhookMessage()) {
            return;
        }
        String guildId = event.getGuild().getId();
        String channelId = event.getChannel().getId();
        String parentId = event.getChannelType().isThread()
                ? event.getChannel().asThreadChannel().getParentChannel().getId() : channelId;
        String author = event.getAuthor().getId();
        String text = event.getMessage().getContentDisplay();
        submit(() -> record(author, text, FocusSource.WORK_LOG, guildId, parentId, channelId));
    }

    @Override
    public void onChannelCreate(ChannelCreateEvent event) {
        if (!event.getChannelType().isThread() || event.getChannelType() == ChannelType.GUILD_PRIVATE_THREAD) {
            return;
        }
        ThreadChannel thread = event.getChannel().asThreadChannel();
        String guildId = thread.getGuild().getId();
        String parentId = thread.getParentChannel().getId();
        String owner = thread.getOwnerId();
        String title = thread.getName();
        submit(() -> record(owner, title, FocusSource.THREAD, guildId, parentId, thread.getId()));
    }

    /** On the gateway thread: a full queue must not throw into JDA; a skipped focus update is only a hint lost. */
    private void submit(Runnable work) {
        try {
            lane.execute(work);
        } catch (RejectedExecutionException e) {
            log.warn("The work-log queue is full; skipping one work-log focus update");
        }
    }

    private void record(String ownerId, String text, FocusSource source, String guildId, String worklogId, String channelId) {
        try {
            String clean = UserText.shorten(UserText.singleLine(text), FOCUS_TEXT);
            if (clean.isEmpty() || !settings.isWorklog(guildId, worklogId) || !settings.person(ownerId).followWorklog()) {
                return;
            }
            if (source == FocusSource.WORK_LOG && TextTerms.tokens(clean).size() < MESSAGE_WORDS) {
                return; // chat: the person's focus stays what their last real note said
            }
            focus.set(ownerId, clean, Optional.of(focusHours + "h"), source, guildId, channelId);
        } catch (InvalidInputException e) {
            // A refusal of what was written (half an emoji, say) is no fault of the bot's: one line, no stack trace.
            log.info("A work-log focus for {} was not recorded: {}", ownerId, e.getMessage());
        } catch (RuntimeException e) {
            log.error("Recording a work-log focus for {} failed", ownerId, e);
        }
    }
}
