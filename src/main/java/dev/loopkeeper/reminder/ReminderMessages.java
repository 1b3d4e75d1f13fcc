package dev.loopkeeper.reminder;

import dev.loopkeeper.common.TimeText;
import dev.loopkeeper.common.UserText;
import dev.loopkeeper.loop.LoopMessages;
import dev.loopkeeper.loop.OpenLoop;
import java.util.StringJoiner;

/** What Loopkeeper says when a parked loop becomes relevant, shared by the Discord and console fronts. */
public final class ReminderMessages {
    private static final int FOCUS_SHOWN = 120;

    private final TimeText time;

    public ReminderMessages(TimeText time) {
        this.time = time;
    }

    /** The reminder itself: the focus, then each loop with why it matched and when and where it was parked. */
    public String reminder(Reminder reminder) {
        StringJoiner text = new StringJoiner("\n");
        text.add((reminder.items().size() == 1 ? "A loop you parked" : "Loops you parked")
                + " may be structurally relevant now, to **"
                + LoopMessages.escape(UserText.shorten(reminder.focusText(), FOCUS_SHOWN)) + "**:");
        int n = 1;
        for (Reminder.Item item : reminder.items()) {
            StringBuilder line = new StringBuilder().append(n++).append(". **")
                    .append(LoopMessages.escape(item.concept())).append("** (#").append(item.loopId()).append(") · ")
                    .append(LoopMessages.escape(item.reason())).append(" · parked ").append(time.relative(item.parkedAt()));
            if (item.messageUrl() != null) {
                line.append(" · [source](").append(item.messageUrl()).append(')');
            }
            text.add(line);
        }
        if (reminder.waitedForCap()) {
            text.add("(This waited for your daily limit of reminders, so it comes a little later than the match.)");
        }
        return text.toString();
    }

    public String heldIntro() {
        return "I couldn't reach you by direct message, so here is what came up while you were away.";
    }

    /** Under a reminder in the console, where there are no buttons: what to type instead, with a real number. */
    public String consoleHint(Reminder reminder) {
        boolean one = reminder.items().size() == 1;
        long first = reminder.items().get(0).loopId();
        return (one ? "Act on it here: " : "Act on one here by its #number: ") + "/remind loop:" + first
                + " action:open (or action:snooze, action:not relevant, action:let go). "
                + (one ? "It can also stay parked." : "They can also stay parked.");
    }

    public String snoozeChoice(OpenLoop loop) {
        return "Snooze **" + LoopMessages.escape(loop.concept()) + "** for how long?";
    }

    public String done(ReminderAction action, OpenLoop loop) {
        String concept = "**" + LoopMessages.escape(loop.concept()) + "**";
        return switch (action) {
            case OPEN -> LoopMessages.activated(loop);
            case SNOOZE_WEEK -> "Snoozed " + concept + " for a week.";
            case SNOOZE_FOCUS -> "Snoozed " + concept + " until this focus ends.";
            case SNOOZE_REVIEW -> "Snoozed " + concept + " until your weekly review.";
            case NOT_RELEVANT -> "Noted: " + concept + " won't come back for this focus, and I'll be a little more "
                    + "selective with your reminders.";
            case LET_GO -> "Let go of " + concept + ". That is an answer too.";
        };
    }
}
