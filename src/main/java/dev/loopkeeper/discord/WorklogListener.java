package dev.loopkeeper.discord;

import dev.loopkeeper.common.UserText;
import dev.loopkeeper.focus.FocusService;
import dev.loopkeeper.focus.FocusSource;
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
    private static final Logger log = LoggerFactory.getLogger(WorklogListener.class);

    private final SettingsService settings;
    private final FocusService focus;
    private final int focusHours;
    private final Executor workers;

    public WorklogListener(SettingsService settings, FocusService focus, int focusHours, Executor workers) {
        this.settings = settings;
        this.focus = focus;
        this.focusHours = focusHours;
        this.workers = workers;
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

    /** On the gateway thread: a full worker queue must not throw into JDA; a skipped focus update is only a hint lost. */
    private void submit(Runnable work) {
        try {
            workers.execute(work);
        } catch (RejectedExecutionException e) {
            log.warn("Workers are full; skipping one work-log focus update");
        }
    }

    private void record(String ownerId, String text, FocusSource source, String guildId, String worklogId, String channelId) {
        try {
            String clean = UserText.shorten(UserText.singleLine(text), FOCUS_TEXT);
            if (clean.isEmpty() || !settings.isWorklog(guildId, worklogId) || !settings.person(ownerId).followWorklog()) {
                return;
            }
            focus.set(ownerId, clean, Optional.of(focusHours + "h"), source, guildId, channelId);
        } catch (RuntimeException e) {
            log.error("Recording a work-log focus for {} failed", ownerId, e);
        }
    }
}
