package dev.loopkeeper.focus;

import dev.loopkeeper.common.TimeText;
import dev.loopkeeper.common.UserText;
import java.util.List;
import java.util.StringJoiner;

/** Everything Loopkeeper says about focus, shared by the Discord and console fronts. */
public final class FocusMessages {
    private final TimeText time;

    public FocusMessages(TimeText time) {
        this.time = time;
    }

    public String set(Focus focus, int activeCount) {
        String until = focus.expiresAt() == null ? "until you clear it" : "until " + time.relative(focus.expiresAt());
        return UserText.fitMessage(UserText.MESSAGE_LIMIT, List.of(focus.text()), echo -> "Focus set: **" + echo.get(0)
                + "** (" + until + "). "
                + (activeCount == 1 ? "It is your only active focus." : "You have " + activeCount + " active focus items.")
                + " Parked loops that match it will come back to you.");
    }

    public String show(List<Focus> active) {
        if (active.isEmpty()) {
            return "No active focus. Tell me what you are working on with /focus set.";
        }
        return UserText.fitMessage(UserText.MESSAGE_LIMIT, active.stream().map(Focus::text).toList(), echo -> {
            StringJoiner lines = new StringJoiner("\n", "Active focus:\n", "");
            for (int i = 0; i < active.size(); i++) {
                Focus focus = active.get(i);
                String until = focus.expiresAt() == null ? "" : " · ends " + time.relative(focus.expiresAt());
                lines.add("`#" + focus.id() + "` **" + echo.get(i) + "** · since "
                        + time.relative(focus.startedAt()) + until);
            }
            return lines.toString();
        });
    }

    public String cleared(int count) {
        return count == 0 ? "There was no active focus to clear."
                : count == 1 ? "Cleared your focus." : "Cleared " + count + " focus items.";
    }

    public String clearedOne(Focus focus) {
        return UserText.fitMessage(UserText.MESSAGE_LIMIT, List.of(focus.text()), echo -> "Cleared **" + echo.get(0) + "**.");
    }

    public String quiet(dev.loopkeeper.settings.PersonSettings person) {
        return person.quietHours().map(q -> "Quiet hours set: " + q.from() + " to " + q.to() + " (" + q.zone().getId()
                + "). Reminders that come up then wait until they end.").orElse("No quiet hours.");
    }

    public String follow(dev.loopkeeper.settings.PersonSettings person) {
        return person.followWorklog()
                ? "Following: what you write in this server's work-log channels now counts as your focus for a few hours."
                : "Not following: your work-log messages no longer change your focus.";
    }

    public static String textEmpty() {
        return "The focus text is empty. Say what you are working on, such as `/focus set text:writing a tiny autograd`.";
    }

    public static String textTooLong(int length) {
        return "The focus text is " + length + " characters; keep it to " + FocusService.MAX_TEXT + ". Nothing was saved.";
    }

    public static String tooMany() {
        return "You have " + FocusService.MAX_ACTIVE + " active focus items. Clear one with /focus clear first.";
    }

    public static String noSuchFocus() {
        return "I can't find that among your active focus items. See /focus show.";
    }
}
