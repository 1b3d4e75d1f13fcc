package dev.loopkeeper.discord;

import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.Collections;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.WeakHashMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import net.dv8tion.jda.api.components.MessageTopLevelComponent;
import net.dv8tion.jda.api.entities.Message;
import net.dv8tion.jda.api.entities.MessageEmbed;
import net.dv8tion.jda.api.events.interaction.component.ButtonInteractionEvent;
import net.dv8tion.jda.api.exceptions.ErrorResponseException;
import net.dv8tion.jda.api.interactions.Interaction;
import net.dv8tion.jda.api.interactions.callbacks.IReplyCallback;
import net.dv8tion.jda.api.requests.ErrorResponse;
import net.dv8tion.jda.api.utils.FileUpload;
import net.dv8tion.jda.api.utils.messages.MessageCreateBuilder;
import net.dv8tion.jda.api.utils.messages.MessageCreateData;
import net.dv8tion.jda.api.utils.messages.MessageEditBuilder;
import net.dv8tion.jda.api.utils.messages.MessageEditData;
import net.dv8tion.jda.api.utils.messages.MessagePollData;

/**
 * Builds every message Loopkeeper sends. Allowed mentions are always empty: text people typed is
 * echoed often, and a concept such as "@everyone" must never ping anyone.
 */
public final class Replies {
    private static final EnumSet<Message.MentionType> NONE = EnumSet.noneOf(Message.MentionType.class);
    /**
     * An interaction not answered this long after Discord created it is acknowledged at once, so Discord's 3 seconds
     * hold even when it waited for a worker.
     */
    static final Duration DEFER_AFTER = Duration.ofMillis(2_000);
    /** Clicks acknowledged by {@link #deferUpdateIfUnanswered}: their private answers are followups, not edits. */
    private static final Set<IReplyCallback> DEFERRED_UPDATES =
            Collections.synchronizedSet(Collections.newSetFromMap(new WeakHashMap<>()));

    private Replies() {
    }

    /** Whether a failed send was Discord refusing a direct message because the person's DMs are closed (50007). */
    static boolean closedToTheBot(Throwable failure) {
        return failure instanceof ErrorResponseException error
                && error.getErrorResponse() == ErrorResponse.CANNOT_SEND_TO_USER;
    }

    public static MessageCreateData text(String content) {
        return new MessageCreateBuilder().setContent(content).setAllowedMentions(NONE).build();
    }

    public static MessageCreateData message(String content, List<MessageEmbed> embeds,
            List<? extends MessageTopLevelComponent> components) {
        return new MessageCreateBuilder().setContent(content).setEmbeds(embeds).setComponents(components)
                .setAllowedMentions(NONE).build();
    }

    /**
     * A message in Discord's layout components (Components V2: no content or embeds, the text lives in text displays).
     * {@code mentionUser}, when set, is the one person it may ping (a reminder posted in a server channel); null: no one.
     */
    public static MessageCreateData layout(List<? extends MessageTopLevelComponent> components, String mentionUser) {
        MessageCreateBuilder builder = new MessageCreateBuilder().useComponentsV2().setComponents(components)
                .setAllowedMentions(NONE);
        if (mentionUser != null) {
            builder.mentionUsers(mentionUser);
        }
        return builder.build();
    }

    /** A text with one file attached; {@code description} is the file's alt text, shown to screen readers. */
    public static MessageCreateData withFile(String content, byte[] file, String fileName, String description) {
        return new MessageCreateBuilder().setContent(content)
                .setFiles(FileUpload.fromData(file, fileName).setDescription(description))
                .setAllowedMentions(NONE).build();
    }

    /** A native poll, pinging nobody: its question carries a concept someone typed. */
    public static MessageCreateData poll(MessagePollData poll) {
        return new MessageCreateBuilder().setPoll(poll).setAllowedMentions(NONE).build();
    }

    public static MessageEditData edit(String content, List<MessageEmbed> embeds,
            List<? extends MessageTopLevelComponent> components) {
        return new MessageEditBuilder().setContent(content).setEmbeds(embeds).setComponents(components)
                .setAllowedMentions(NONE).build();
    }

    /**
     * How long until an interaction is due to be deferred ({@link #DEFER_AFTER} after Discord created it: the time in its
     * id, read on the wall clock, not the bot's clock, which tests move); zero or less: now. An interaction that tells
     * no time (a test's mock) counts as just created.
     */
    static Duration untilDeferral(Interaction event) {
        OffsetDateTime created = event.getTimeCreated();
        if (created == null) {
            return DEFER_AFTER;
        }
        Duration waited = Duration.between(created.toInstant(), Instant.now());
        return waited.isNegative() ? DEFER_AFTER : DEFER_AFTER.minus(waited);
    }

    /**
     * Whether Discord's three seconds to answer the interaction are over, so that no answer would be taken (an
     * autocomplete cannot be deferred). Read as {@link #untilDeferral} reads it; an interaction with no time is fresh.
     */
    static boolean expired(Interaction event) {
        OffsetDateTime created = event.getTimeCreated();
        return created != null && Duration.between(created.toInstant(), Instant.now()).compareTo(ANSWER_WITHIN) >= 0;
    }

    /** Discord's time to answer an interaction, or defer it. */
    static final Duration ANSWER_WITHIN = Duration.ofSeconds(3);

    /** Whether the interaction waited so long already that it is to be deferred now (see {@link #untilDeferral}). */
    static boolean late(Interaction event) {
        return untilDeferral(event).compareTo(Duration.ZERO) <= 0;
    }

    /**
     * Answers privately: a reply, or, when the router already deferred the interaction (the workers were busy),
     * an edit of the deferred "thinking" message, which was sent ephemeral. A click whose message was deferred for an
     * update gets it as a private followup, leaving the clicked message as it is.
     */
    public static void ephemeral(IReplyCallback event, MessageCreateData message) {
        // Locked with deferIfUnanswered: a late deferral and the answer may race, and only one may acknowledge.
        synchronized (event) {
            if (DEFERRED_UPDATES.contains(event)) {
                event.getHook().sendMessage(message).setEphemeral(true).queue();
            } else if (event.isAcknowledged()) {
                event.getHook().editOriginal(MessageEditData.fromCreateData(message)).queue();
            } else {
                event.reply(message).setEphemeral(true).queue();
            }
        }
    }

    /**
     * Acknowledges the interaction privately ("thinking") unless it was answered already: for a command that answers
     * from another thread when its work is done, and must still answer Discord within 3 seconds when that work is
     * slow. The answer then edits it ({@link #ephemeral}).
     */
    public static void deferIfUnanswered(IReplyCallback event) {
        synchronized (event) {
            if (!event.isAcknowledged()) {
                event.deferReply(true).queue();
            }
        }
    }

    /**
     * Defers the interaction privately and waits for Discord to take it, unless it was answered already: for a handler
     * that must know its deferral went through before it goes on (a poll is saved only then). Locked as the other
     * acknowledgements are, so the router's own deferral of a slow handler cannot race it.
     */
    static void deferNowIfUnanswered(IReplyCallback event) {
        synchronized (event) {
            if (!event.isAcknowledged()) {
                event.deferReply(true).complete();
            }
        }
    }

    /**
     * Defers the interaction privately ({@link #deferIfUnanswered}) if it is still unanswered {@link #DEFER_AFTER}
     * after Discord created it (at once if that is up already): for a command whose work may take seconds.
     */
    static void deferWhenLate(IReplyCallback event) {
        if (late(event)) {
            deferIfUnanswered(event);
        } else {
            CompletableFuture.delayedExecutor(untilDeferral(event).toMillis(), TimeUnit.MILLISECONDS)
                    .execute(() -> deferIfUnanswered(event));
        }
    }

    /**
     * Acknowledges a click as an update of its message to come unless it was answered already: for a button whose
     * answer edits the message it sits on ({@link #update}), when the click waited long for a worker.
     */
    static void deferUpdateIfUnanswered(ButtonInteractionEvent event) {
        synchronized (event) {
            if (!event.isAcknowledged()) {
                DEFERRED_UPDATES.add(event);
                event.deferEdit().queue();
            }
        }
    }

    /** Edits the message a clicked button sits on: at once, or, once the click was deferred, through its hook. */
    static void update(ButtonInteractionEvent event, MessageEditData message) {
        synchronized (event) {
            if (event.isAcknowledged()) {
                event.getHook().editOriginal(message).queue();
            } else {
                event.editMessage(message).queue();
            }
        }
    }

    /**
     * Answers for everyone in the channel (what the group asked for). When the router already deferred the interaction
     * (the workers were busy), that deferral was private, so the answer, an edit of it, is private too.
     */
    public static void inPublic(IReplyCallback event, MessageCreateData message) {
        synchronized (event) {
            if (event.isAcknowledged()) {
                event.getHook().editOriginal(MessageEditData.fromCreateData(message)).queue();
            } else {
                event.reply(message).setEphemeral(false).queue();
            }
        }
    }

    public static void ephemeral(IReplyCallback event, String content) {
        ephemeral(event, text(content));
    }
}
