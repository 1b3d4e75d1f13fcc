package dev.loopkeeper.focus;

import dev.loopkeeper.common.TimeText;
import dev.loopkeeper.loop.LoopMessages;
import dev.loopkeeper.settings.PersonSettings;
import java.util.List;
import java.util.StringJoiner;

/** Everything Loopkeeper says about focus and quiet hours, shared by the Discord and console fronts. */
public final class FocusMessages {
    private final TimeText time;

    public FocusMessages(TimeText time) {
        this.time = time;
    }

    public String set(FocusService.Added added) {
        Focus focus = added.focus();
        String until = focus.expiresAt() == null ? "until you clear it" : "until " + time.dateAndDistance(focus.expiresAt());
        String count = added.activeCount() == 1 ? "It is your only active focus."
                : "You have " + added.activeCount() + " active focus items.";
        if (added.refreshed()) {
            return "Focus refreshed: **" + LoopMessages.escape(focus.text()) + "** (" + until + "). " + count;
        }
        return "Focus set: **" + LoopMessages.escape(focus.text()) + "** (" + until + "). " + count
                + " Parked loops that match it will come back to you.";
    }

    /** The active items, newest first, then the person's quiet hours. */
    public String show(List<Focus> active, PersonSettings person) {
        if (active.isEmpty()) {
            return "No active focus. Tell me what you are working on with /focus set.\n" + quietLine(person);
        }
        StringJoiner lines = new StringJoiner("\n", "Active focus:\n", "\n" + quietLine(person));
        for (Focus focus : active) {
            String until = focus.expiresAt() == null ? "" : " · until " + time.dateAndDistance(focus.expiresAt());
            lines.add("`#" + focus.id() + "` **" + LoopMessages.escape(focus.text()) + "** · since "
                    + time.relative(focus.startedAt()) + until);
        }
        return lines.toString();
    }

    public String cleared(int count) {
        return count == 0 ? "There was no active focus to clear."
                : count == 1 ? "Cleared your focus." : "Cleared " + count + " focus items.";
    }

    public String clearedOne(Focus focus) {
        return "Cleared **" + LoopMessages.escape(focus.text()) + "**.";
    }

    /** The answer to {@code /focus quiet}: the hours now set, or that there are none. */
    public String quiet(PersonSettings person) {
        return person.quietHours().map(q -> "Quiet hours set: " + q.from() + " to " + q.to() + " (" + q.zone().getId()
                + "). Reminders that come up then wait until they end.")
                .orElse("Quiet hours are off: reminders come when they match. Set them again with /focus quiet from:22:00 to:08:00.");
    }

    public String follow(PersonSettings person) {
        return person.followWorklog()
                ? "Following: what you write in this server's work-log channels now counts as your focus for a few hours."
                : "Not following: your work-log messages no longer change your focus.";
    }

    private static String quietLine(PersonSettings person) {
        return person.quietHours().map(q -> "Quiet hours: " + q.from() + " to " + q.to() + " (" + q.zone().getId()
                + "); reminders wait until they end.")
                .orElse("No quiet hours: reminders come when they match. Set them with /focus quiet.");
    }
}
