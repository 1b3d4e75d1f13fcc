package dev.loopkeeper.discord;

import dev.loopkeeper.common.InvalidInputException;
import dev.loopkeeper.delivery.Courier;
import dev.loopkeeper.delivery.Mail;
import dev.loopkeeper.delivery.Outbox;
import dev.loopkeeper.loop.OpenLoop;
import dev.loopkeeper.poll.PollMessages;
import dev.loopkeeper.poll.PollResult;
import dev.loopkeeper.nudge.DigestService;
import dev.loopkeeper.nudge.Nudge;
import dev.loopkeeper.nudge.ServerDigest;
import dev.loopkeeper.reminder.Reminder;
import dev.loopkeeper.reminder.ReminderAction;
import dev.loopkeeper.reminder.ReminderMessages;
import dev.loopkeeper.reminder.ReminderService;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Predicate;
import java.util.function.Supplier;
import net.dv8tion.jda.api.components.actionrow.ActionRow;
import net.dv8tion.jda.api.components.ActionComponent;
import net.dv8tion.jda.api.components.buttons.Button;
import net.dv8tion.jda.api.components.tree.MessageComponentTree;
import net.dv8tion.jda.api.Permission;
import net.dv8tion.jda.api.entities.Message;
import net.dv8tion.jda.api.entities.MessageEmbed;
import net.dv8tion.jda.api.entities.channel.concrete.ThreadChannel;
import net.dv8tion.jda.api.entities.channel.middleman.GuildMessageChannel;
import net.dv8tion.jda.api.events.interaction.component.ButtonInteractionEvent;
import net.dv8tion.jda.api.exceptions.ErrorResponseException;
import net.dv8tion.jda.api.exceptions.InsufficientPermissionException;
import net.dv8tion.jda.api.interactions.callbacks.IReplyCallback;
import net.dv8tion.jda.api.requests.ErrorResponse;
import net.dv8tion.jda.api.requests.RestAction;
import net.dv8tion.jda.api.requests.restaction.MessageCreateAction;
import net.dv8tion.jda.api.utils.messages.MessageCreateData;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Discord side of the outbox: mail sent by direct message or to a server channel (reminders, and the follow-up
 * of a triage poll in the poll's channel), mail held for a person's next command, and the buttons under each reminded
 * loop.
 */
public final class DiscordReminders implements Courier, ComponentHandler {
    public static final String KEY = ReminderLayout.KEY;
    /** Shows the three snooze choices; the choices themselves are {@link ReminderAction} codes. */
    public static final String SNOOZE = ReminderLayout.SNOOZE;
    private static final Logger log = LoggerFactory.getLogger(DiscordReminders.class);
    /**
     * How long a message may wait in JDA's queue (rate limits) before it is given up unsent: JDA fails a request that
     * was not executed by then without sending it, so the outbox may try again without risk of a second copy.
     */
    private static final long QUEUE_TIMEOUT_SECONDS = 15;
    /** How long an attempt waits for Discord's answer in all; past it the outbox tries again with the same nonce. */
    private static final long ANSWER_TIMEOUT_SECONDS = 60;
    /**
     * The DM's newest messages read to find whether an attempt went out: Discord's most per request, and more than a
     * person's DM with the bot takes in the days after one attempt (the bot's answers to commands are private and not
     * in it).
     */
    private static final int HISTORY_LOOKED_AT = 100;

    private final Supplier<DiscordBot> discord;
    private final ReminderService reminders;
    private final Outbox outbox;
    private final ReminderMessages messages;
    private final Predicate<String> serves;

    public DiscordReminders(Supplier<DiscordBot> discord, ReminderService reminders, Outbox outbox,
            ReminderMessages messages) {
        this(discord, reminders, outbox, messages, guildId -> true);
    }

    /** {@code serves}: whether this process runs a server's shard (its channels are only in that process's cache). */
    public DiscordReminders(Supplier<DiscordBot> discord, ReminderService reminders, Outbox outbox,
            ReminderMessages messages, Predicate<String> serves) {
        this.discord = discord;
        this.reminders = reminders;
        this.outbox = outbox;
        this.messages = messages;
        this.serves = serves;
    }

    @Override
    public boolean serves(String guildId) {
        return serves.test(guildId);
    }

    @Override
    public String key() {
        return KEY;
    }

    @Override
    public Outcome sendDirect(Mail mail) {
        return sendDirect(mail, null);
    }

    /**
     * Sends the mail by DM. {@code attemptKey} goes out as the message's nonce, which Discord enforces: a second
     * attempt with the same key (after one that timed out once the message had gone out) returns the first message
     * instead of posting another.
     */
    @Override
    public Outcome sendDirect(Mail mail, String attemptKey) {
        try {
            awaitAnswer(discord.get().openDirect(mail.recipientId())
                    .flatMap(channel -> withNonce(channel.sendMessage(message(mail, "")), attemptKey))
                    .timeout(QUEUE_TIMEOUT_SECONDS, TimeUnit.SECONDS)
                    .submit());
            return Outcome.DELIVERED;
        } catch (ExecutionException e) {
            if (Replies.closedToTheBot(e.getCause())) {
                return Outcome.DMS_CLOSED;
            }
            if (cutOff(e.getCause())) {
                return Outcome.INTERRUPTED;
            }
            log.warn("Direct message to {} failed", mail.recipientId(), e.getCause());
            return Outcome.FAILED;
        } catch (TimeoutException e) {
            if (Thread.currentThread().isInterrupted()) {
                return Outcome.INTERRUPTED; // no answer, and the bot is stopping: unknown whether it went
            }
            log.warn("Direct message to {} timed out", mail.recipientId());
            return Outcome.FAILED;
        }
    }

    /**
     * Waits for Discord's answer to a message handed to JDA, at most {@link #ANSWER_TIMEOUT_SECONDS}. An interrupt (the
     * bot stopping: {@code JobScheduler.close}) does not cut the wait short, since the message is on its way whatever
     * the outbox does: the stop waits for the answer while Discord is still connected, and the outbox records how the
     * send went. Cut off there, a send was left 'sending' with its outcome unknown, and went out a second time when the
     * bot was down for longer than Discord's nonce holds. The interrupt is kept for the caller.
     */
    private static void awaitAnswer(java.util.concurrent.CompletableFuture<?> sent)
            throws ExecutionException, TimeoutException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(ANSWER_TIMEOUT_SECONDS);
        boolean interrupted = false;
        try {
            while (true) {
                try {
                    sent.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
                    return;
                } catch (InterruptedException e) {
                    interrupted = true;
                } catch (java.util.concurrent.CancellationException e) {
                    throw new ExecutionException(e);
                }
            }
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /**
     * Whether a send failed without Discord's answer because the bot is stopping (the disconnect cut the request off,
     * or JDA refused it as it shut down): whether the message went out is then unknown (Outcome.INTERRUPTED).
     */
    private static boolean cutOff(Throwable failure) {
        boolean answered = failure instanceof ErrorResponseException refused && refused.getResponse() != null;
        return Thread.currentThread().isInterrupted() && !answered;
    }

    /**
     * Looks among the newest messages of the person's DM for this mail's, sent by the bot (the outbox asks before it
     * sends again a row whose earlier attempt's outcome is unknown). Discord keeps no nonce in a channel's history, so
     * the message is recognised by what it is: a button of this mail (its ids name the reminder or nudge, and its
     * owner), or, for mail without buttons, the same text sent at or after {@code since}. Empty when the DM cannot be
     * read.
     */
    @Override
    public Optional<Boolean> foundDirect(Mail mail, Instant since) {
        return foundAmong(discord.get().openDirect(mail.recipientId())
                .flatMap(channel -> channel.getHistory().retrievePast(HISTORY_LOOKED_AT)), message(mail, ""), since,
                "the DM of " + mail.recipientId());
    }

    /**
     * Looks among the newest messages of a server channel for this mail's post, as {@link #foundDirect} does in the DM
     * (the outbox asks before it posts again a server's part whose earlier attempt's outcome is unknown). Empty when the
     * channel is gone or cannot be read (no Read Message History): the part is then posted, twice rather than never.
     */
    @Override
    public Optional<Boolean> foundInChannel(String guildId, String channelId, Mail mail, Instant since) {
        GuildMessageChannel channel = postedIn(guildId, channelId);
        if (channel == null) {
            return Optional.empty();
        }
        try {
            return foundAmong(channel.getHistory().retrievePast(HISTORY_LOOKED_AT), channelPost(guildId, mail), since,
                    "channel " + channelId);
        } catch (InsufficientPermissionException e) {
            log.warn("Cannot read channel {} to see whether a post went out: no {}", channelId, e.getPermission());
            return Optional.empty();
        }
    }

    /**
     * Whether the newest messages {@code history} reads hold the bot's {@code expected} message ({@link #sameMessage});
     * empty when they cannot be read ({@code where} names the channel in the log).
     */
    private static Optional<Boolean> foundAmong(RestAction<List<Message>> history, MessageCreateData expected,
            Instant since, String where) {
        try {
            List<Message> recent = history.timeout(QUEUE_TIMEOUT_SECONDS, TimeUnit.SECONDS)
                    .submit().get(ANSWER_TIMEOUT_SECONDS, TimeUnit.SECONDS);
            return Optional.of(recent.stream().anyMatch(found -> sameMessage(found, expected, since)));
        } catch (ExecutionException e) {
            log.warn("Could not read {} to see whether a message went out: {}", where, e.getCause().toString());
            return Optional.empty();
        } catch (TimeoutException e) {
            log.warn("Reading {} timed out", where);
            return Optional.empty();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.empty();
        }
    }

    /**
     * Where mail for a server's channel is posted (and looked for after a post cut off): that channel, found in the cache
     * of the shard that holds the server (a text channel, or a thread or voice channel's chat, where a poll may have been
     * started); null when it is not there or not that server's. A thread a moderator archived and locked takes no
     * message (Discord: 50083), where an archived one would be opened again by it: what was meant for it (a poll's
     * result) goes to the channel the thread is in (a forum's post has no such channel, and is tried as it is).
     */
    private GuildMessageChannel postedIn(String guildId, String channelId) {
        GuildMessageChannel channel = discord.get().channel(channelId);
        if (channel == null || !channel.getGuild().getId().equals(guildId)) {
            return null;
        }
        if (channel instanceof ThreadChannel thread && thread.isArchived() && thread.isLocked()
                && !thread.getGuild().getSelfMember().hasPermission(thread, Permission.MANAGE_THREADS)
                && thread.getParentChannel() instanceof GuildMessageChannel parent) {
            return parent;
        }
        return channel;
    }

    /**
     * The mail as a server's channel shows it (and as {@link #foundInChannel} looks for it): with the one mention
     * Loopkeeper ever makes, the recipient's, so they notice it in a busy channel; a reminder without naming a focus
     * set in a DM or another server, which the channel's readers are not to learn.
     */
    private MessageCreateData channelPost(String guildId, Mail mail) {
        String recipient = mail.recipientId();
        String prefix = recipient == null ? "" : "<@" + recipient + "> ";
        return mail instanceof Reminder reminder
                ? ReminderLayout.message(reminder, messages.viewInChannel(reminder, guildId, discord.get()::guildName),
                        prefix, recipient)
                : message(mail, prefix, recipient);
    }

    /**
     * The bot's own message that is this mail: the same buttons, and either the same words or sent at most
     * {@link #SAME_BUTTONS_WITHIN} before {@code since} (the attempt's time, less some slack); for mail without
     * buttons, the same words sent from then on. A weekly nudge offers the same loops' buttons as last week's when they
     * stayed untouched (their ids name the person and the loop, not the week), but not the same words (each loop's age
     * has moved on): last week's nudge is no sign that this week's went out. A reminder's buttons name the reminder.
     */
    static boolean sameMessage(Message found, MessageCreateData expected, Instant since) {
        if (!found.getAuthor().getId().equals(found.getJDA().getSelfUser().getId())) {
            return false;
        }
        Instant sent = found.getTimeCreated().toInstant();
        Set<String> ids = customIds(MessageComponentTree.of(expected.getComponents()));
        if (!ids.isEmpty()) {
            return customIds(found.getComponentTree()).equals(ids)
                    && (sameWords(found, expected) || !sent.isBefore(since.minus(SAME_BUTTONS_WITHIN)));
        }
        return !sent.isBefore(since) && sameWords(found, expected);
    }

    /** The same text and the same embeds' titles and descriptions. */
    private static boolean sameWords(Message found, MessageCreateData expected) {
        return found.getContentRaw().equals(expected.getContent())
                && words(found.getEmbeds()).equals(words(expected.getEmbeds()));
    }

    private static List<String> words(List<MessageEmbed> embeds) {
        return embeds.stream().map(embed -> embed.getTitle() + "\n" + embed.getDescription()).toList();
    }

    /** How far before an attempt a message with the same buttons, but other words, may have gone out as its own. */
    private static final java.time.Duration SAME_BUTTONS_WITHIN = java.time.Duration.ofHours(12);

    private static Set<String> customIds(MessageComponentTree tree) {
        return tree.findAll(ActionComponent.class).stream().map(ActionComponent::getCustomId)
                .filter(java.util.Objects::nonNull).collect(java.util.stream.Collectors.toSet());
    }

    private static MessageCreateAction withNonce(MessageCreateAction action, String attemptKey) {
        return attemptKey == null ? action : action.setNonce(attemptKey);
    }

    @Override
    public Outcome sendToChannel(String guildId, String channelId, Mail mail) {
        return sendToChannel(guildId, channelId, mail, null);
    }

    /** Posts the mail in a server channel, with {@code attemptKey} as its nonce as {@link #sendDirect(Mail, String)}. */
    @Override
    public Outcome sendToChannel(String guildId, String channelId, Mail mail, String attemptKey) {
        // Found in the cache of the shard that holds the server, so the message goes out through that shard.
        GuildMessageChannel channel = postedIn(guildId, channelId);
        if (channel == null) {
            return Outcome.CHANNEL_UNAVAILABLE;
        }
        String recipient = mail.recipientId();
        if (recipient != null) {
            // Personal mail (a reminder) goes to a server's channel only while its recipient is a member there: posted in
            // a server they left, it showed their loops to that server and mentioned someone who cannot see it.
            Optional<Outcome> notThere = notAMember(channel, recipient);
            if (notThere.isPresent()) {
                return notThere.get();
            }
        }
        try {
            awaitAnswer(withNonce(channel.sendMessage(channelPost(guildId, mail)), attemptKey)
                    .timeout(QUEUE_TIMEOUT_SECONDS, TimeUnit.SECONDS).submit());
            return Outcome.DELIVERED;
        } catch (InsufficientPermissionException e) {
            log.warn("No permission to post in channel {}: {}", channelId, e.getPermission());
            return Outcome.CHANNEL_UNAVAILABLE;
        } catch (ExecutionException e) {
            if (cutOff(e.getCause())) {
                return Outcome.INTERRUPTED;
            }
            log.warn("Posting in channel {} failed", channelId, e.getCause());
            return refusedByTheChannel(e.getCause()) ? Outcome.CHANNEL_UNAVAILABLE : Outcome.FAILED;
        } catch (TimeoutException e) {
            return Thread.currentThread().isInterrupted() ? Outcome.INTERRUPTED : Outcome.FAILED;
        }
    }

    /**
     * Asks Discord whether {@code userId} is a member of the channel's server now (the bot has no Server Members intent,
     * so no event says when someone leaves, and its member cache is not kept): empty when they are; the outcome to
     * report when they are not (Unknown Member), or when Discord could not tell (an outage): either way that
     * server's part is not posted on a guess, and is held for their next command as a post that failed is.
     */
    private static Optional<Outcome> notAMember(GuildMessageChannel channel, String userId) {
        try {
            awaitAnswer(channel.getGuild().retrieveMemberById(userId).useCache(false)
                    .timeout(QUEUE_TIMEOUT_SECONDS, TimeUnit.SECONDS).submit());
            return Optional.empty();
        } catch (ExecutionException e) {
            if (e.getCause() instanceof ErrorResponseException error
                    && (error.getErrorResponse() == ErrorResponse.UNKNOWN_MEMBER
                            || error.getErrorResponse() == ErrorResponse.UNKNOWN_USER)) {
                log.info("Not posting mail for {} in server {}: they are no longer a member there", userId,
                        channel.getGuild().getId());
                return Optional.of(Outcome.CHANNEL_UNAVAILABLE);
            }
            if (cutOff(e.getCause())) {
                return Optional.of(Outcome.INTERRUPTED);
            }
            log.warn("Could not tell whether {} is still a member of server {}", userId, channel.getGuild().getId(),
                    e.getCause());
            return Optional.of(Outcome.FAILED);
        } catch (TimeoutException e) {
            return Optional.of(Thread.currentThread().isInterrupted() ? Outcome.INTERRUPTED : Outcome.FAILED);
        }
    }

    /**
     * Whether Discord refused the post for the channel's sake (gone, no access, no permission: a 4xx answer), so that
     * another channel or holding the mail is the way on. An outage (a 5xx answer, or no answer: JDA's code -1) is
     * not: the post is tried again later, as often as the outbox allows.
     */
    static boolean refusedByTheChannel(Throwable failure) {
        if (!(failure instanceof ErrorResponseException refused)) {
            return false;
        }
        int status = refused.getResponse() == null ? -1 : refused.getResponse().code;
        return status >= 400 && status < 500 && status != 429;
    }

    /**
     * Shows the person, privately, any mail that could not reach them. Each piece counts as delivered once its message
     * went out; one Discord refuses stays held for their next command. Runs on the worker that answered the command,
     * which waits for each follow-up: the outcome is written there, not on JDA's shared callback thread. A follow-up
     * whose answer does not come in time keeps its claim until it runs out, and delivery then takes it up again.
     */
    public void showHeld(IReplyCallback event) {
        List<Outbox.HeldMail> held = outbox.takeHeld(event.getUser().getId());
        for (int i = 0; i < held.size(); i++) {
            Outbox.HeldMail mail = held.get(i);
            String intro = i == 0 ? messages.heldIntro() + "\n" : "";
            try {
                event.getHook().sendMessage(message(mail.mail(), intro)).setEphemeral(true)
                        .timeout(QUEUE_TIMEOUT_SECONDS, TimeUnit.SECONDS).submit()
                        .get(ANSWER_TIMEOUT_SECONDS, TimeUnit.SECONDS);
                outbox.shown(mail);
            } catch (ExecutionException e) {
                log.warn("Could not show held mail to {}; it waits for their next command: {}",
                        event.getUser().getId(), e.getCause().toString());
                outbox.notShown(mail);
            } catch (TimeoutException e) {
                log.warn("Showing held mail to {} timed out; delivery takes it up again", event.getUser().getId());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    /** Every button of a reminder answers privately (a snooze asks how long, in a private message with buttons). */
    @Override
    public LateClick lateClick(ComponentId id) {
        return LateClick.REPLY;
    }

    @Override
    public void onButton(ButtonInteractionEvent event, ComponentId id) {
        long reminderId = id.longArg(0).orElse(-1L);
        long loopId = id.longArg(1).orElse(-1L);
        String owner = event.getUser().getId();
        if (SNOOZE.equals(id.action())) {
            OpenLoop loop = reminders.snoozableLoop(owner, reminderId, loopId);
            List<Button> choices = List.of(
                    ReminderLayout.button(owner, ReminderAction.SNOOZE_WEEK, reminderId, loopId, "1 week"),
                    ReminderLayout.button(owner, ReminderAction.SNOOZE_FOCUS, reminderId, loopId, "Until this focus ends"),
                    ReminderLayout.button(owner, ReminderAction.SNOOZE_REVIEW, reminderId, loopId, "Until the weekly review"));
            Replies.ephemeral(event, Replies.message(messages.snoozeChoice(loop), List.of(), List.of(ActionRow.of(choices))));
            return;
        }
        if (ReminderLayout.UNDO_NOT_RELEVANT.equals(id.action())) {
            Replies.ephemeral(event, Replies.message(messages.notRelevantUndone(
                    reminders.undoNotRelevant(owner, reminderId, loopId)), List.of(), List.of()));
            return;
        }
        ReminderAction action = ReminderAction.fromCode(id.action())
                .orElseThrow(() -> new InvalidInputException(DiscordMessages.staleComponent()));
        ReminderService.Acted acted = reminders.act(owner, reminderId, loopId, action);
        OpenLoop loop = acted.loop();
        List<ActionRow> next = action == ReminderAction.OPEN ? ProgressCommand.buttons(owner, loop)
                // A click by mistake can be taken back where it was made.
                : action == ReminderAction.NOT_RELEVANT && !acted.again() ? List.of(ActionRow.of(Button.secondary(
                        ComponentId.of(owner, KEY, ReminderLayout.UNDO_NOT_RELEVANT, reminderId, loopId).encode(),
                        "Take it back")))
                : List.of();
        String answer = action == ReminderAction.SNOOZE_REVIEW
                ? messages.snoozedUntilReview(loop, reminders.review(owner)) : messages.done(action, acted);
        Replies.ephemeral(event, Replies.message(answer, List.of(), next));
    }

    private MessageCreateData message(Mail mail, String prefix) {
        return message(mail, prefix, null);
    }

    private MessageCreateData message(Mail mail, String prefix, String mention) {
        if (mail instanceof Reminder reminder) {
            return message(reminder, prefix, mention);
        }
        if (mail instanceof PollResult result) {
            return Replies.text(prefix + PollMessages.result(result));
        }
        if (mail instanceof Nudge nudge) {
            return NudgeCommand.message(nudge, prefix);
        }
        if (mail instanceof ServerDigest digest) {
            return Replies.text(prefix + DigestService.text(digest));
        }
        throw new IllegalArgumentException("No Discord form for " + mail.getClass().getSimpleName());
    }

    private MessageCreateData message(Reminder reminder, String prefix, String mention) {
        // The server is named as Discord shows it at sending time, not as it was when the focus was set.
        return ReminderLayout.message(reminder, messages.view(reminder, discord.get()::guildName), prefix, mention);
    }
}
