package dev.loopkeeper.focus;

import dev.loopkeeper.common.TimeText;
import dev.loopkeeper.common.UserText;
import dev.loopkeeper.settings.PersonSettings;
import dev.loopkeeper.settings.QuietHours;
import dev.loopkeeper.settings.SettingsService;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import java.util.StringJoiner;

/** Everything Loopkeeper says about focus and quiet hours, shared by the Discord and console fronts. */
public final class FocusMessages {
    /** Characters of each item's text a list keeps at least, before it drops dates to make room. */
    private static final int MIN_ECHO = 20;

    private final TimeText time;

    public FocusMessages(TimeText time) {
        this.time = time;
    }

    /**
     * What was set, until when, and how many are active, without what comes of it: for the console, which follows it
     * with the reminder that waits, and when it comes or that it won't.
     */
    public String setHeadline(FocusService.Added added) {
        return set(added, Optional.empty(), false);
    }

    /**
     * The answer to {@code /focus set}. Set inside the person's quiet hours for less time than they have left, it
     * says no reminder will come for it: one made now waits for the quiet hours to end, and a reminder whose focus
     * has ended by then is withdrawn unsent.
     */
    public String set(FocusService.Added added, PersonSettings person) {
        Instant at = added.at();
        Instant expires = added.focus().expiresAt();
        return set(added, expires == null ? Optional.empty() : person.quietHours().filter(q -> q.contains(at))
                .map(q -> q.endAfter(at)).filter(end -> !expires.isAfter(end)), true);
    }

    private String set(FocusService.Added added, Optional<Instant> quietOutlasts, boolean outlook) {
        Focus focus = added.focus();
        String until = focus.expiresAt() == null ? "until you clear it" : "until " + time.dateAndDistance(focus.expiresAt());
        String count = added.activeCount() == 1 ? "It is your only active focus."
                : "You have " + added.activeCount() + " active focus items.";
        String lead = added.refreshed() ? "Focus refreshed: **" : "Focus set: **";
        String tail = quietOutlasts.map(end -> " It ends before your quiet hours do (" + time.dateTime(end)
                + "), so no reminder will come for it unless you set it for longer or end quiet hours sooner "
                + "(/focus quiet).")
                .orElse(added.refreshed() || !outlook ? "" : " Parked loops that match it will come back to you.");
        return UserText.fitMessage(UserText.MESSAGE_LIMIT, List.of(focus.text()),
                echo -> lead + echo.get(0) + "** (" + until + "). " + count + tail);
    }

    /** The active items, newest first, then the person's quiet hours. */
    public String show(List<Focus> active, PersonSettings person) {
        return show(new FocusService.Shown(active, List.of()), person);
    }

    /**
     * The answer to {@code /focus show}: the active items, newest first, then those whose time ran out lately (so a
     * focus that ran out says so rather than vanish), then the person's quiet hours.
     */
    public String show(FocusService.Shown shown, PersonSettings person) {
        List<Focus> active = shown.active();
        List<Focus> ranOut = shown.ranOut();
        if (active.isEmpty() && ranOut.isEmpty()) {
            return NO_FOCUS + "\n" + quietLine(person);
        }
        String quiet = quietLine(person);
        List<Focus> all = new ArrayList<>(active);
        all.addAll(ranOut);
        List<String> texts = all.stream().map(Focus::text).toList();
        // Many items with long ids and dates: drop "since" and the date, so every item keeps some of its text.
        Function<List<String>, String> detailed = list(active, ranOut, quiet, true);
        boolean roomy = UserText.length(detailed.apply(Collections.nCopies(texts.size(), ""))) + MIN_ECHO * texts.size()
                <= UserText.MESSAGE_LIMIT;
        return UserText.fitMessage(UserText.MESSAGE_LIMIT, texts, roomy ? detailed : list(active, ranOut, quiet, false));
    }

    private static final String NO_FOCUS = "No active focus. Tell me what you are working on with /focus set.";

    private Function<List<String>, String> list(List<Focus> active, List<Focus> ranOut, String quiet,
            boolean detailed) {
        return echo -> {
            StringJoiner lines = new StringJoiner("\n", "", "\n" + quiet);
            lines.add(active.isEmpty() ? NO_FOCUS : "Active focus:");
            for (int i = 0; i < active.size(); i++) {
                Focus focus = active.get(i);
                StringBuilder line = new StringBuilder("`#").append(focus.id()).append("` **").append(echo.get(i))
                        .append("**");
                if (detailed) {
                    line.append(" · since ").append(time.relative(focus.startedAt()));
                }
                if (focus.expiresAt() != null) {
                    line.append(" · until ").append(detailed ? time.dateAndDistance(focus.expiresAt())
                            : time.relative(focus.expiresAt()));
                }
                lines.add(line);
            }
            if (!ranOut.isEmpty()) {
                // No number: an item that ran out is matched no more, and /focus clear takes it no more.
                lines.add("Ran out, so no longer matched (/focus set brings one back):");
                for (int i = 0; i < ranOut.size(); i++) {
                    Focus focus = ranOut.get(i);
                    lines.add("**" + echo.get(active.size() + i) + "** · ran out " + (detailed
                            ? time.dateTime(focus.expiresAt()) + ", " + time.relative(focus.expiresAt())
                            : time.relative(focus.expiresAt())));
                }
            }
            return lines.toString();
        };
    }

    public String cleared(FocusService.Cleared cleared) {
        int count = cleared.items().size();
        return (count == 0 ? "There was no active focus to clear."
                : count == 1 ? "Cleared your focus." : "Cleared " + count + " focus items.") + withdrawn(cleared);
    }

    public String clearedOne(FocusService.Cleared cleared) {
        return UserText.fitMessage(UserText.MESSAGE_LIMIT, List.of(cleared.items().get(0).text()),
                echo -> "Cleared **" + echo.get(0) + "**" + (UserText.endsASentence(echo.get(0)) ? "" : ".")
                        + withdrawn(cleared));
    }

    private static String withdrawn(FocusService.Cleared cleared) {
        int n = cleared.withdrawn();
        boolean several = cleared.items().size() > 1;
        return n == 0 ? "" : " " + (n == 1 ? "A reminder" : n + " reminders") + " waiting for " + (several ? "them" : "it")
                + " (the daily limit or quiet hours) " + (n == 1 ? "was" : "were") + " withdrawn: " + (n == 1 ? "its" : "their")
                + " loops stay parked and come back with work they fit.";
    }

    /** The answer to {@code /focus quiet}: the hours now set, or that there are none. */
    public String quiet(PersonSettings person) {
        return quiet(new SettingsService.QuietChange(person, Optional.empty(), Optional.empty(), false));
    }

    /** The same, naming the hours that were turned off, to set them again as they were. */
    public String quiet(SettingsService.QuietChange change) {
        if (change.zoneOnly()) {
            return "Your time zone is " + change.now().zone().getId() + " now: your weekly nudge and the weekly review "
                    + "follow it. You have no quiet hours to move; /focus quiet from:22:00 to:08:00 sets some.";
        }
        Optional<QuietHours> was = change.before();
        return change.now().quietHours().map(q -> "Quiet hours set: " + q.from() + " to " + q.to() + " ("
                + q.zone().getId() + "). Reminders that come up then wait until they end.")
                .orElseGet(() -> was.map(q -> "Quiet hours are off (they were " + q.from() + " to " + q.to()
                        + "): reminders come when they match. /focus quiet state:on brings them back.")
                        .orElseGet(() -> change.kept().map(q -> "Quiet hours were off already (" + q.from() + " to "
                                + q.to() + " are kept): reminders come when they match. /focus quiet state:on brings "
                                + "them back.")
                                .orElse("Quiet hours are off: reminders come when they match. Set them with /focus "
                                        + "quiet from:22:00 to:08:00.")));
    }

    /** {@code /focus follow state:on} on a bot that does not read messages. */
    public static String worklogOff() {
        return "Work-log channels are off on this bot: it runs without the Message Content intent, so it cannot read "
                + "what you write there. Nothing changed; whoever runs the bot can turn them on (README, Create the "
                + "Discord application, and LOOPKEEPER_MESSAGE_CONTENT).";
    }

    public String follow(PersonSettings person) {
        return person.followWorklog()
                ? "Following: what you write in a server's work-log channels now counts as your focus for a few hours. "
                        + "A message of one or two words (\u201cwip\u201d, \u201cmerged\u201d) is chat and changes nothing."
                : "Not following: your work-log messages, and your edits of them, no longer change your focus. A note "
                        + "that is your focus now stays so for its few hours, unless you delete it or end it with "
                        + "/focus clear.";
    }

    private static String quietLine(PersonSettings person) {
        return person.quietHours().map(q -> "Quiet hours: " + q.from() + " to " + q.to() + " (" + q.zone().getId()
                + "); reminders wait until they end.")
                .orElse("No quiet hours: reminders come when they match. Set them with /focus quiet from:22:00 "
                        + "to:08:00 (state:on brings back hours you turned off).");
    }
}
