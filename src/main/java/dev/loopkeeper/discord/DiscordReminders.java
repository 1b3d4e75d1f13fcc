package dev.loopkeeper.discord;

import dev.loopkeeper.common.InvalidInputException;
import dev.loopkeeper.delivery.Courier;
import dev.loopkeeper.delivery.Mail;
import dev.loopkeeper.delivery.Outbox;
import dev.loopkeeper.loop.OpenLoop;
import dev.loopkeeper.nudge.DigestService;
import dev.loopkeeper.nudge.Nudge;
import dev.loopkeeper.nudge.ServerDigest;
import dev.loopkeeper.reminder.Reminder;
import dev.loopkeeper.reminder.ReminderAction;
import dev.loopkeeper.reminder.ReminderMessages;
import dev.loopkeeper.reminder.ReminderService;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;
import net.dv8tion.jda.api.JDA;
import net.dv8tion.jda.api.components.actionrow.ActionRow;
import net.dv8tion.jda.api.components.buttons.Button;
import net.dv8tion.jda.api.entities.Message;
import net.dv8tion.jda.api.entities.channel.concrete.TextChannel;
import net.dv8tion.jda.api.events.interaction.component.ButtonInteractionEvent;
import net.dv8tion.jda.api.exceptions.ErrorResponseException;
import net.dv8tion.jda.api.exceptions.InsufficientPermissionException;
import net.dv8tion.jda.api.interactions.callbacks.IReplyCallback;
import net.dv8tion.jda.api.requests.ErrorResponse;
import net.dv8tion.jda.api.utils.messages.MessageCreateBuilder;
import net.dv8tion.jda.api.utils.messages.MessageCreateData;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Discord side of the outbox: mail sent by direct message or to a server channel, mail held for a person's next
 * command, and the buttons under each reminded loop.
 */
public final class DiscordReminders implements Courier, ComponentHandler {
    public static final String KEY = "remind";
    /** Shows the three snooze choices; the choices themselves are {@link ReminderAction} codes. */
    public static final String SNOOZE = "snooze";
    private static final Logger log = LoggerFactory.getLogger(DiscordReminders.class);
    private static final long SEND_TIMEOUT_SECONDS = 15;

    private final Supplier<JDA> jda;
    private final ReminderService reminders;
    private final Outbox outbox;
    private final ReminderMessages messages;

    public DiscordReminders(Supplier<JDA> jda, ReminderService reminders, Outbox outbox, ReminderMessages messages) {
        this.jda = jda;
        this.reminders = reminders;
        this.outbox = outbox;
        this.messages = messages;
    }

    @Override
    public String key() {
        return KEY;
    }

    @Override
    public Outcome sendDirect(Mail mail) {
        try {
            jda.get().openPrivateChannelById(mail.recipientId())
                    .flatMap(channel -> channel.sendMessage(message(mail, "")))
                    .submit().get(SEND_TIMEOUT_SECONDS, TimeUnit.SECONDS);
            return Outcome.DELIVERED;
        } catch (ExecutionException e) {
            if (e.getCause() instanceof ErrorResponseException error
                    && error.getErrorResponse() == ErrorResponse.CANNOT_SEND_TO_USER) {
                return Outcome.DMS_CLOSED;
            }
            log.warn("Direct message to {} failed", mail.recipientId(), e.getCause());
            return Outcome.FAILED;
        } catch (TimeoutException e) {
            log.warn("Direct message to {} timed out", mail.recipientId());
            return Outcome.FAILED;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Outcome.FAILED;
        }
    }

    @Override
    public Outcome sendToChannel(String guildId, String channelId, Mail mail) {
        TextChannel channel = jda.get().getTextChannelById(channelId);
        if (channel == null || !channel.getGuild().getId().equals(guildId)) {
            return Outcome.CHANNEL_UNAVAILABLE;
        }
        try {
            // The one mention Loopkeeper ever makes: the mail's recipient, so they notice it in a busy channel.
            MessageCreateBuilder builder = new MessageCreateBuilder()
                    .applyData(message(mail, mail.recipientId() == null ? "" : "<@" + mail.recipientId() + "> "))
                    .setAllowedMentions(EnumSet.noneOf(Message.MentionType.class));
            if (mail.recipientId() != null) {
                builder.mentionUsers(mail.recipientId());
            }
            MessageCreateData data = builder.build();
            channel.sendMessage(data).submit().get(SEND_TIMEOUT_SECONDS, TimeUnit.SECONDS);
            return Outcome.DELIVERED;
        } catch (InsufficientPermissionException e) {
            log.warn("No permission to post reminders in channel {}: {}", channelId, e.getPermission());
            return Outcome.CHANNEL_UNAVAILABLE;
        } catch (ExecutionException e) {
            log.warn("Posting a reminder in channel {} failed", channelId, e.getCause());
            return e.getCause() instanceof ErrorResponseException ? Outcome.CHANNEL_UNAVAILABLE : Outcome.FAILED;
        } catch (TimeoutException e) {
            return Outcome.FAILED;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Outcome.FAILED;
        }
    }

    /** Shows the person, privately, any mail that could not reach them. */
    public void showHeld(IReplyCallback event) {
        List<Mail> held = outbox.takeHeld(event.getUser().getId());
        for (int i = 0; i < held.size(); i++) {
            String intro = i == 0 ? messages.heldIntro() + "\n" : "";
            event.getHook().sendMessage(message(held.get(i), intro)).setEphemeral(true).queue();
        }
    }

    @Override
    public void onButton(ButtonInteractionEvent event, ComponentId id) {
        long reminderId = id.longArg(0).orElse(-1L);
        long loopId = id.longArg(1).orElse(-1L);
        String owner = event.getUser().getId();
        if (SNOOZE.equals(id.action())) {
            OpenLoop loop = reminders.remindedLoop(owner, reminderId, loopId);
            List<Button> choices = List.of(
                    button(owner, ReminderAction.SNOOZE_WEEK, reminderId, loopId, "1 week"),
                    button(owner, ReminderAction.SNOOZE_FOCUS, reminderId, loopId, "Until this focus ends"),
                    button(owner, ReminderAction.SNOOZE_REVIEW, reminderId, loopId, "Until the weekly review"));
            Replies.ephemeral(event, Replies.message(messages.snoozeChoice(loop), List.of(), List.of(ActionRow.of(choices))));
            return;
        }
        ReminderAction action = ReminderAction.fromCode(id.action())
                .orElseThrow(() -> new InvalidInputException(DiscordMessages.staleComponent()));
        OpenLoop loop = reminders.act(owner, reminderId, loopId, action);
        Replies.ephemeral(event, action == ReminderAction.SNOOZE_REVIEW
                ? messages.snoozedUntilReview(loop, reminders.review(owner)) : messages.done(action, loop));
    }

    private MessageCreateData message(Mail mail, String prefix) {
        if (mail instanceof Reminder reminder) {
            return message(reminder, prefix);
        }
        if (mail instanceof Nudge nudge) {
            return NudgeCommand.message(nudge, prefix);
        }
        if (mail instanceof ServerDigest digest) {
            return Replies.text(prefix + DigestService.text(digest));
        }
        throw new IllegalArgumentException("No Discord form for " + mail.getClass().getSimpleName());
    }

    private MessageCreateData message(Reminder reminder, String prefix) {
        List<ActionRow> rows = new ArrayList<>();
        for (Reminder.Item item : reminder.items()) {
            String owner = reminder.ownerId();
            rows.add(ActionRow.of(
                    Button.primary(ComponentId.of(owner, KEY, ReminderAction.OPEN.code(), reminder.id(), item.loopId())
                            .encode(), "Open it now"),
                    Button.secondary(ComponentId.of(owner, KEY, SNOOZE, reminder.id(), item.loopId()).encode(), "Snooze"),
                    button(owner, ReminderAction.NOT_RELEVANT, reminder.id(), item.loopId(), "Not relevant"),
                    button(owner, ReminderAction.LET_GO, reminder.id(), item.loopId(), "Let it go")));
        }
        return Replies.message(prefix + messages.reminder(reminder), List.of(), rows);
    }

    private static Button button(String owner, ReminderAction action, long reminderId, long loopId, String label) {
        return Button.secondary(ComponentId.of(owner, KEY, action.code(), reminderId, loopId).encode(), label);
    }
}
