package dev.loopkeeper.discord;

import dev.loopkeeper.reminder.Reminder;
import dev.loopkeeper.reminder.ReminderAction;
import dev.loopkeeper.reminder.ReminderMessages;
import java.util.ArrayList;
import java.util.List;
import net.dv8tion.jda.api.components.MessageTopLevelComponent;
import net.dv8tion.jda.api.components.actionrow.ActionRow;
import net.dv8tion.jda.api.components.buttons.Button;
import net.dv8tion.jda.api.components.container.Container;
import net.dv8tion.jda.api.components.textdisplay.TextDisplay;
import net.dv8tion.jda.api.utils.messages.MessageCreateData;

/**
 * A reminder in Discord's layout components (Components V2): the head line, then each loop in its own container, its
 * text above its own four buttons, so no one has to guess which row belongs to which loop. Within Discord's limits by
 * construction: at most 3 loops make 1 + 3 × 7 + 1 = 23 components of the 40 allowed, and the text stays within
 * {@link ReminderMessages#REMINDER_LIMIT} plus a short prefix, under the 4,000 characters allowed.
 */
final class ReminderLayout {
    /** The key in a reminder's button ids ({@code owner:remind.<action>:<reminder>:<loop>}). */
    static final String KEY = "remind";
    /** Shows the three snooze choices; the choices themselves are {@link ReminderAction} codes. */
    static final String SNOOZE = "snooze";
    /** Takes back "Not relevant": the button under its answer. */
    static final String UNDO_NOT_RELEVANT = "unnotrelevant";

    private ReminderLayout() {
    }

    /** {@code mention}, when set, is the one person the message may ping (the recipient, in a server channel). */
    static MessageCreateData message(Reminder reminder, ReminderMessages.View view, String prefix, String mention) {
        String owner = reminder.ownerId();
        List<MessageTopLevelComponent> parts = new ArrayList<>();
        parts.add(TextDisplay.of(prefix + view.header()));
        for (ReminderMessages.Block block : view.blocks()) {
            long loopId = block.loopId();
            parts.add(Container.of(TextDisplay.of(block.text()), ActionRow.of(
                    Button.primary(ComponentId.of(owner, KEY, ReminderAction.OPEN.code(), reminder.id(),
                            loopId).encode(), "Open it now"),
                    Button.secondary(ComponentId.of(owner, KEY, SNOOZE, reminder.id(),
                            loopId).encode(), "Snooze"),
                    button(owner, ReminderAction.NOT_RELEVANT, reminder.id(), loopId, "Not relevant"),
                    button(owner, ReminderAction.LET_GO, reminder.id(), loopId, "Let it go"))));
        }
        view.footer().ifPresent(footer -> parts.add(TextDisplay.of(footer)));
        return Replies.layout(parts, mention);
    }

    static Button button(String owner, ReminderAction action, long reminderId, long loopId, String label) {
        return Button.secondary(ComponentId.of(owner, KEY, action.code(), reminderId, loopId).encode(), label);
    }
}
