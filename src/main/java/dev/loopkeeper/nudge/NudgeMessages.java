package dev.loopkeeper.nudge;

import dev.loopkeeper.common.UserText;
import dev.loopkeeper.loop.LoopMessages;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.TextStyle;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Function;

/**
 * What weekly nudges say, on Discord and in the console: calm, brief, counts as facts, questions not chores. Every
 * text that echoes what people typed fits Discord's 2,000 characters by construction.
 */
public final class NudgeMessages {
    public static final int LIMIT = UserText.MESSAGE_LIMIT;

    private NudgeMessages() {
    }

    // ---- input errors ----

    public static String zoneNeeded() {
        return "Which time zone should the nudge follow? Add zone:, such as zone:Europe/Berlin (it becomes your zone "
                + "for quiet hours too).";
    }

    public static String dayNeeded() {
        return "Which day? Add day:, such as day:sunday.";
    }

    public static String notADay(String typed) {
        return "'" + UserText.fitEcho(typed, 40) + "' is not a day I can read. Use a weekday such as sunday, or its "
                + "first letters (su, mon).";
    }

    public static String timeNeeded() {
        return "At what time? Add time:, 24-hour, such as time:18:00.";
    }

    public static String noSuchPrompt() {
        return "That question is not one of your nudges any more. /nudge now shows this week's.";
    }

    public static String emptyReflection() {
        return "A reflection needs some words. Nothing was saved.";
    }

    public static String reflectionTooLong(int length, int max) {
        return "That reflection is " + length + " characters; the most is " + max
                + ". Shorten it and try again: nothing was saved.";
    }

    // ---- the schedule ----

    /**
     * {@code when} is the next run as the front shows it: a Discord timestamp, or the console's "Sun 29 Nov 18:00 CET,
     * in 3 days".
     */
    public static String set(NudgeSchedule schedule, String when) {
        return "Weekly nudge set: " + describe(schedule.slot()) + ". The next one: " + when + ".";
    }

    /**
     * After a set that took the server's default zone: the person never gave one, and it is now theirs, for quiet hours
     * too. Without it a member in another zone saw only the server's zone name, and nothing on how to use their own.
     */
    public static String serverZone(ZoneId zone) {
        return "You gave no time zone, so it follows this server's, " + zone.getId() + ", which is your zone now (quiet "
                + "hours too); add zone:, such as zone:America/New_York, to use your own.";
    }

    public static String shown(NudgeSchedule schedule, String when) {
        return shown(schedule, when, false);
    }

    /** {@code backingOff}: three nudges in a row found nothing changed, so it comes every four weeks for now. */
    public static String shown(NudgeSchedule schedule, String when, boolean backingOff) {
        if (!schedule.on()) {
            return "Your weekly nudge is off; it was " + describe(schedule.slot()) + ". /nudge set turns it on.";
        }
        return "Your weekly nudge: " + describe(schedule.slot()) + ". The next one: " + when + "."
                + (backingOff ? " Nothing has changed in your loops for a while, so it comes every 4 weeks for now; park, "
                        + "close or reflect on something and it is weekly again." : "");
    }

    public static String notSet() {
        // With the zone: a person who never gave one is asked for it, and the suggestion should work as typed.
        return "You have no weekly nudge. /nudge set day:sunday time:18:00 zone:Europe/Berlin asks you once a week what "
                + "your loops taught you; /nudge now shows one at once.";
    }

    public static String off(boolean wasOn) {
        return wasOn ? "Weekly nudge off. Your loops stay as they are; /nudge set turns it on again."
                : "Your weekly nudge was already off.";
    }

    static String describe(WeeklySlot slot) {
        return slot.day().getDisplayName(TextStyle.FULL, Locale.ENGLISH) + "s at " + slot.time() + " ("
                + slot.zone().getId() + ")";
    }

    // ---- the nudge ----

    /**
     * The nudge's text. {@code answerHint} says, per question number, how to answer it on this front (empty on
     * Discord, where the Reflect button does).
     */
    public static String nudge(Nudge nudge, Function<Integer, String> answerHint, String untouchedHint) {
        return nudge(nudge, answerHint, untouchedHint, LIMIT);
    }

    /** The same within {@code limit} characters (less than a message when something precedes it). */
    public static String nudge(Nudge nudge, Function<Integer, String> answerHint, String untouchedHint, int limit) {
        List<String> echoes = new ArrayList<>();
        for (Nudge.Closed closed : nudge.week().closed()) {
            echoes.add(closed.concept());
            echoes.add(closed.takeaway() == null ? "" : closed.takeaway());
        }
        nudge.oldestCore().forEach(l -> echoes.add(l.concept()));
        nudge.prompts().forEach(p -> echoes.add(p.concept()));
        nudge.untouched().forEach(l -> echoes.add(l.concept()));
        return UserText.fitMessage(limit, echoes, e -> body(nudge, e, answerHint, untouchedHint));
    }

    /**
     * What the nudge looks back over: "this week", or "since your last nudge (4 days)" when the person moved their
     * nudge and it covers less or more than a week.
     */
    static String period(Nudge nudge) {
        if (coversAWeek(nudge)) {
            return "this week";
        }
        long days = Math.max(1, Math.round(Duration.between(nudge.weekFrom(), nudge.weekTo()).toHours() / 24.0));
        return "since your last nudge (" + days + (days == 1 ? " day)" : " days)");
    }

    /**
     * Whether the nudge covers a week on the person's wall clock: seven days, give or take what a daylight-saving
     * change adds or takes between two slots at the same local time.
     */
    private static boolean coversAWeek(Nudge nudge) {
        Duration covered = Duration.between(nudge.weekFrom(), nudge.weekTo());
        return covered.minus(Duration.ofDays(7)).abs().compareTo(WeeklySlot.CLOCK_CHANGE) <= 0;
    }

    private static String body(Nudge nudge, List<String> echoes, Function<Integer, String> answerHint,
            String untouchedHint) {
        int next = 0;
        StringBuilder out = new StringBuilder();
        out.append(nudge.preview() ? "**Your weekly nudge (a preview)**\n" : "**Your weekly nudge**\n");
        Nudge.Week week = nudge.week();
        String period = period(nudge);
        out.append(Character.toUpperCase(period.charAt(0))).append(period.substring(1)).append(": ")
                .append(count(week.parked(), "parked")).append(", ")
                .append(count(week.triaged(), "triaged")).append(", ")
                .append(count(week.resurfaced(), "resurfaced")).append(", ")
                .append(count(week.closedCount(), "closed")).append(".\n");
        for (Nudge.Closed closed : week.closed()) {
            String concept = echoes.get(next++);
            String takeaway = echoes.get(next++);
            // Whether there is a takeaway is the loop's, not its echo's: fitMessage measures the text with every echo
            // empty, and the brackets must count then too.
            boolean hasTakeaway = closed.takeaway() != null && !closed.takeaway().isEmpty();
            out.append("- ").append(concept).append(": ").append(closed.outcome().label())
                    .append(hasTakeaway ? " (" + takeaway + ")" : "").append('\n');
        }
        if (week.closedCount() > week.closed().size()) {
            out.append("- and ").append(week.closedCount() - week.closed().size()).append(" more\n");
        }
        out.append(nudge.openCount() == 0 ? "No open loops."
                : loops(nudge.openCount()) + " open" + (nudge.oldestOpenSince() == null ? ""
                        : ", the oldest " + age(nudge.oldestOpenSince(), nudge.weekTo())) + ".")
                .append(" Open loops are allowed to exist.\n");
        if (!nudge.oldestCore().isEmpty()) {
            out.append("Oldest core: ");
            for (int i = 0; i < nudge.oldestCore().size(); i++) {
                Nudge.LoopLine line = nudge.oldestCore().get(i);
                out.append(i == 0 ? "" : "; ").append(echoes.get(next++)).append(" (")
                        .append(age(line.since(), nudge.weekTo())).append(')');
            }
            out.append('\n');
        }
        if (!nudge.prompts().isEmpty()) {
            out.append("\n**To think about**\n");
            for (int i = 0; i < nudge.prompts().size(); i++) {
                Prompt prompt = nudge.prompts().get(i);
                String concept = "**" + echoes.get(next++) + "**";
                String question = ReabstractionPrompts.TEMPLATES.stream().filter(t -> t.key().equals(prompt.key()))
                        .findFirst().map(t -> t.about(concept)).orElse(concept + ": " + UserText.escapeMarkdown(
                                prompt.text()));
                out.append(i + 1).append(". ").append(question).append(answerHint.apply(i + 1)).append('\n');
            }
        } else {
            out.append("\nNothing closed or started ").append(coversAWeek(nudge) ? "this week" : "since your last nudge")
                    .append(", so no questions. A quiet week counts too.\n");
        }
        if (!nudge.untouched().isEmpty()) {
            out.append("\n**Untouched for a while**\n").append(nudge.untouched().size() == 1 ? "This peripheral loop"
                    : "These peripheral loops").append(" rested for weeks: ");
            for (int i = 0; i < nudge.untouched().size(); i++) {
                out.append(i == 0 ? "" : "; ").append(echoes.get(next++));
            }
            long more = nudge.untouchedCount() - nudge.untouched().size();
            if (more > 0) {
                out.append(" (and ").append(more).append(" more, offered in turn in the weeks to come)");
            }
            out.append(". Letting go is an answer too; keeping is fine. Nothing is deleted unless you say so.")
                    .append(untouchedHint);
        }
        if (nudge.quietSince() != null) {
            out.append("\n\nNothing has changed in your loops for ").append(age(nudge.quietSince(), nudge.weekTo()))
                    .append(", so this nudge comes every 4 weeks now. Park, close or reflect on something and it is "
                            + "weekly again; /nudge off stops it.");
        }
        return out.toString().strip();
    }

    static String count(long n, String what) {
        return n + " " + what;
    }

    static String loops(long n) {
        return n + (n == 1 ? " loop" : " loops");
    }

    /**
     * "3 days", "9 weeks": how long ago, rounded to the nearest day or week where /loops (Discord's relative time and
     * the console's) says "6 days ago" and "2 weeks ago" at the same moment; cut down, 5 days 20 hours read "5 days"
     * beside a list's "6 days ago". Under 22 hours, which lists count in hours, is "under a day". From a year on it is
     * "over a year", "over 2 years": after a year of use the nudge said "the oldest 60 weeks", a count nobody reads as
     * a time (the lists say "a year ago" there).
     */
    static String age(Instant since, Instant now) {
        long seconds = Math.max(0, Duration.between(since, now).getSeconds());
        if (seconds < Duration.ofHours(22).getSeconds()) {
            return "under a day";
        }
        long day = Duration.ofDays(1).getSeconds();
        if (seconds < 13 * day + day / 2) {
            long days = (seconds + day / 2) / day;
            return days + (days == 1 ? " day" : " days");
        }
        if (seconds >= 365 * day) {
            long years = seconds / (365 * day);
            return years == 1 ? "over a year" : "over " + years + " years";
        }
        return (seconds + 7 * day / 2) / (7 * day) + " weeks";
    }

    // ---- reflections ----

    public static String reflected(Reflection reflection) {
        String concept = UserText.fitEcho(reflection.concept(), 400);
        if (reflection.mergedFrom() != null) {
            String merged = UserText.fitEcho(reflection.mergedFrom(), 400);
            return "Saved on **" + concept + "** (#" + reflection.loopId() + "), which holds **" + merged
                    + "** since it was merged. /reflections lists what you wrote.";
        }
        return "Saved on **" + concept + "**" + (UserText.endsASentence(concept) ? "" : ".")
                + " /reflections lists what you wrote.";
    }

    /**
     * {@code /reflections} on Discord with none to show, saying how to add one as the person's nudge stands: the Reflect
     * button under it when it is on; with none set, or one turned off, how to set it (a person without a nudge never
     * sees a Reflect button, so pointing there sent them looking for one).
     */
    public static String reflectionsEmpty(boolean oneLoop, Optional<NudgeSchedule> nudge) {
        String how;
        if (nudge.isPresent() && nudge.get().on()) {
            how = "The Reflect button under a question of your weekly nudge saves one; /nudge now shows this week's "
                    + "questions at once.";
        } else if (nudge.isPresent()) {
            how = "Reflections are your answers to the questions your weekly nudge asks, and it is off: /nudge set "
                    + "turns it on again; /nudge now shows this week's questions at once, each with a Reflect button.";
        } else {
            how = "Reflections are your answers to the questions a weekly nudge asks, and you have none set: /nudge set "
                    + "day:sunday time:18:00 zone:Europe/Berlin sets one; /nudge now shows this week's questions at "
                    + "once, each with a Reflect button.";
        }
        return reflectionsEmpty(oneLoop, how);
    }

    /** The same, with {@code howToAdd} saying how this front adds one (the console has no buttons). */
    public static String reflectionsEmpty(boolean oneLoop, String howToAdd) {
        return (oneLoop ? "No reflections on that loop yet. " : "No reflections yet. ") + howToAdd;
    }

    /** {@code /reflections page:9} when there are fewer pages: say so rather than quietly show another one. */
    public static String reflectionsPastLastPage(String asked, ReflectionPage page) {
        return LoopMessages.pastLastPage(asked, "Your reflections" + (page.loopId() == null ? "" : " on #"
                + page.loopId()) + " (" + page.total() + ")", page.pageCount(), page.total());
    }

    /**
     * A page of reflections, newest first; {@code when} shows a moment on this front, {@code next} follows "Page 1 of 6"
     * when there are more (the console's line that shows the next page; empty on Discord, whose buttons turn pages).
     */
    public static String reflections(ReflectionPage page, Function<Instant, String> when, String next) {
        List<Reflection> shown = page.shown();
        if (shown.isEmpty()) {
            return reflectionsEmpty(page.loopId() != null, Optional.empty());
        }
        List<String> echoes = new ArrayList<>();
        for (Reflection r : shown) {
            echoes.add(r.concept());
            echoes.add(r.prompt() == null ? "" : r.prompt());
            echoes.add(r.answer());
        }
        // Plain concatenation, as fitMessage needs: its length is the fixed text plus the echoes. (A strip() at the end
        // took the last line's indent off when the echoes were empty, so the budget came out three characters high
        // and the whole message was cut at its end, the newest-but-last answer with it.) A prompt's space is fixed
        // text for a reflection that has one: whether it has one does not change with the cap.
        return UserText.fitMessage(LIMIT, echoes, e -> {
            StringBuilder out = new StringBuilder("**Your reflections** (" + page.total() + ")");
            for (int i = 0; i < shown.size(); i++) {
                Reflection r = shown.get(i);
                boolean asked = r.prompt() != null && !r.prompt().isEmpty();
                out.append("\n- **").append(e.get(3 * i)).append("** (#").append(r.loopId()).append(", ")
                        .append(when.apply(r.createdAt())).append(")")
                        .append(asked ? " " : "").append(e.get(3 * i + 1)).append("\n  ").append(e.get(3 * i + 2));
            }
            if (page.pageCount() > 1) {
                out.append("\nPage ").append(page.page() + 1).append(" of ").append(page.pageCount())
                        .append(page.hasNext() ? next : "");
            }
            return out.toString();
        });
    }

    // ---- curiosity bankruptcy ----

    public static String letGone(int n) {
        return n == 0 ? "Those loops were already closed or changed; nothing to let go."
                : "Let go of " + loops(n) + ". That is an answer too. Not what you meant? /loops status:closed lists "
                        + (n == 1 ? "it" : "them") + ", and /reopen brings " + (n == 1 ? "it" : "one") + " back.";
    }

    public static String kept(int n) {
        return n == 0 ? "Those loops were already closed or changed; nothing to keep."
                : "Kept " + loops(n) + (n == 1 ? ". It will not be offered again until it rests" : ". They will not be "
                        + "offered again until they rest") + " another stretch untouched.";
    }

    /** The console's {@code /keep} on a loop a nudge never offers to let go. */
    public static String keepIsForPeripheral(long id) {
        return "#" + id + " is not peripheral, so no nudge offers to let it go and there is nothing to keep. /keep "
                + "answers that offer for a peripheral loop left untouched.";
    }
}
