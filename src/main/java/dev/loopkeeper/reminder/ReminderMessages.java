package dev.loopkeeper.reminder;

import dev.loopkeeper.common.TimeText;
import dev.loopkeeper.common.UserText;
import dev.loopkeeper.loop.LoopMessages;
import dev.loopkeeper.loop.OpenLoop;
import java.util.ArrayList;
import java.util.List;
import java.util.StringJoiner;

/** What Loopkeeper says when a parked loop becomes relevant, shared by the Discord and console fronts. */
public final class ReminderMessages {
    /**
     * A reminder's own text stays this far under Discord's 2,000 characters, leaving room for what the Discord front
     * puts before it (the owner's mention in a server channel, or the "couldn't reach you" intro).
     */
    public static final int REMINDER_LIMIT = UserText.MESSAGE_LIMIT - 200;
    private static final int FOCUS_SHOWN = 120;

    private final TimeText time;

    public ReminderMessages(TimeText time) {
        this.time = time;
    }

    /**
     * The reminder itself: the focus, then each loop with why it matched, when and where it was parked, and why it
     * matters (its why and any it gathered later). Long echoes are shortened so it always fits.
     */
    public String reminder(Reminder reminder) {
        List<String> echoes = new ArrayList<>();
        echoes.add(UserText.shorten(reminder.focusText(), FOCUS_SHOWN));
        for (Reminder.Item item : reminder.items()) {
            echoes.add(item.concept());
            echoes.add(item.reason());
            echoes.add(String.join(" · ", item.whys().stream().map(UserText::singleLine).toList()));
        }
        return UserText.fitMessage(REMINDER_LIMIT, echoes, echo -> {
            StringJoiner text = new StringJoiner("\n");
            text.add((reminder.items().size() == 1 ? "A loop you parked" : "Loops you parked")
                    + " may be structurally relevant now, to **" + echo.get(0) + "**:");
            int n = 1;
            for (Reminder.Item item : reminder.items()) {
                int at = 3 * n - 2;
                StringBuilder line = new StringBuilder().append(n).append(". **").append(echo.get(at))
                        .append("** (#").append(item.loopId()).append(") · ").append(echo.get(at + 1))
                        .append(" · parked ").append(time.relative(item.parkedAt()));
                if (item.messageUrl() != null) {
                    line.append(" · [source](").append(item.messageUrl()).append(')');
                }
                if (!item.whys().isEmpty()) {
                    line.append("\n   Why it matters: ").append(echo.get(at + 2));
                }
                text.add(line);
                n++;
            }
            if (reminder.waitedForCap()) {
                text.add("(This waited for your daily limit of reminders, so it comes a little later than the match.)");
            }
            return text.toString();
        });
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
        return UserText.fitMessage(UserText.MESSAGE_LIMIT, List.of(loop.concept()),
                echo -> "Snooze **" + echo.get(0) + "** for how long?");
    }

    /** The answer to "Snooze until the weekly review": when it ends, and where that time comes from. */
    public String snoozedUntilReview(OpenLoop loop, ReminderService.Review review) {
        String concept = "**" + UserText.escapeMarkdown(loop.concept()) + "**";
        return review.chosen()
                ? "Snoozed " + concept + " until your weekly nudge (" + time.dateAndDistance(review.at()) + ")."
                : "Snoozed " + concept + " until the weekly review, Monday 09:00 in your time zone ("
                        + time.dateAndDistance(review.at()) + "). /nudge set picks your own day and time.";
    }

    public String done(ReminderAction action, OpenLoop loop) {
        // A concept is at most 200 characters, 400 escaped: every answer below fits without shortening.
        String concept = "**" + UserText.escapeMarkdown(loop.concept()) + "**";
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
