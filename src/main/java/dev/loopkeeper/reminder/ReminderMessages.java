package dev.loopkeeper.reminder;

import dev.loopkeeper.common.TimeText;
import dev.loopkeeper.common.UserText;
import dev.loopkeeper.loop.LoopMessages;
import dev.loopkeeper.loop.OpenLoop;
import dev.loopkeeper.loop.Origin;
import dev.loopkeeper.loop.Phase;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.StringJoiner;

/** What Loopkeeper says when a parked loop becomes relevant, shared by the Discord and console fronts. */
public final class ReminderMessages {
    /**
     * Discord counts a layout message's text displays together against 4,000 characters (UTF-16 units, as JDA
     * measures). A reminder's own text stays under this, leaving room for what the Discord front puts before it (the
     * owner's mention in a server channel, or the "couldn't reach you" intro) and for the buttons' labels.
     */
    public static final int REMINDER_LIMIT = 3600;
    /** The head line (the focus it matched) takes at most this much of it. */
    private static final int HEADER_LIMIT = 400;
    private static final int FOCUS_SHOWN = 120;
    /** A server's name is at most 100 characters; escaped, at most twice that. */
    private static final int SERVER_NAME_SHOWN = 200;
    /** Under a reminder that shows three loops when more matched: the rest are not dropped, they stay parked. */
    static final String MORE_MATCHED = "(More of your parked loops match this too; they stay parked and can come back "
            + "as the work goes on. /loops query: with a few words of it lists them, best first.)";

    private final TimeText time;

    public ReminderMessages(TimeText time) {
        this.time = time;
    }

    /**
     * A reminder as blocks, one per loop, so each loop can sit in its own box with its own buttons: the head line
     * (the focus it matched), each loop's block, and a note when the daily cap made it wait.
     */
    public record View(String header, List<Block> blocks, Optional<String> footer) {

        public View {
            blocks = List.copyOf(blocks);
        }

        /** The whole reminder as one text, blocks apart by a blank line (the console's form). */
        public String text() {
            StringJoiner all = new StringJoiner("\n\n");
            all.add(header);
            blocks.forEach(b -> all.add(b.text()));
            footer.ifPresent(all::add);
            return all.toString();
        }
    }

    /** One reminded loop: its id (for its buttons) and its text. */
    public record Block(long loopId, String text) {
    }

    /**
     * The reminder, laid out: the focus, then per loop its concept, why it matched in words (never a score), when and
     * where it was parked with a link to the message, and why it matters (its why and any it gathered later). Long
     * echoes are shortened so that all of it fits {@link #REMINDER_LIMIT}, counted in UTF-16 units.
     */
    public View view(Reminder reminder) {
        return view(reminder, guildId -> Optional.empty());
    }

    /**
     * The same, naming the server whose daily cap held it back: {@code serverNames} gives a server's name now, or
     * nothing when the front does not see that server (then it says "the server you set this focus in").
     */
    public View view(Reminder reminder, Function<String, Optional<String>> serverNames) {
        return view(reminder, serverNames, true, false);
    }

    /**
     * The reminder as posted in a channel of server {@code guildId}, for someone whose DMs are closed: the loops parked
     * there, as {@link #view} shows them, but the focus named only when it was set in that server. A focus typed in a
     * DM or in another server was seen by its author alone, and that channel's readers are not to learn it (nor that
     * other server's name, when its cap held the reminder back, nor why each loop matched it, which names its words or
     * the topics it rests on). So are the whys a loop gathered there: those typed elsewhere are left out.
     */
    public View viewInChannel(Reminder reminder, String guildId, Function<String, Optional<String>> serverNames) {
        boolean setHere = guildId.equals(reminder.focusGuildId());
        return view(reminder, id -> setHere ? serverNames.apply(id) : Optional.empty(), setHere, true);
    }

    /** "Why now" in a channel that is not told the focus: its reason would tell its words or topics. */
    static final String REASON_NOT_SAID = "close to that focus (not said in this channel)";

    private View view(Reminder reminder, Function<String, Optional<String>> serverNames, boolean focusShown,
            boolean inChannel) {
        String parked = reminder.items().size() == 1 ? "A loop you parked" : "Loops you parked";
        String header = focusShown
                ? fit(HEADER_LIMIT, List.of(UserText.shorten(reminder.focusText(), FOCUS_SHOWN)), echo ->
                        parked + " may be structurally relevant now, to **" + echo.get(0) + "**:")
                : parked + " may be structurally relevant now, to a focus you set elsewhere (not named in this "
                        + "channel):";
        List<String> notes = new ArrayList<>();
        if (reminder.moreMatched()) {
            notes.add(MORE_MATCHED);
        }
        if (reminder.waitedForCap()) {
            // When it matched, since a day or more may have passed (the reminder row is made at the match).
            String later = ", so it comes later than the match (" + time.relative(reminder.createdAt()) + ").)";
            notes.add(reminder.serverCap()
                    ? "(This waited for the daily limit of reminders " + capSetBy(reminder, serverNames) + later
                    : "(This waited for your daily limit of reminders" + later);
        }
        Optional<String> footer = notes.isEmpty() ? Optional.empty() : Optional.of(String.join("\n", notes));
        int room = REMINDER_LIMIT - header.length() - footer.map(String::length).orElse(0);
        int each = room / Math.max(1, reminder.items().size());
        List<Block> blocks = new ArrayList<>();
        for (Reminder.Item item : reminder.items()) {
            // Why it matched names the focus's words or the topics it rests on: not said where the focus is not named.
            String reason = focusShown ? item.reason() : REASON_NOT_SAID;
            blocks.add(new Block(item.loopId(), block(item, reason, inChannel ? item.whysWhereParked() : item.whys(),
                    each)));
        }
        return new View(header, blocks, footer);
    }

    /** Who chose the cap: the server by name (user text: escaped, one line) when the front knows it. */
    private static String capSetBy(Reminder reminder, Function<String, Optional<String>> serverNames) {
        return Optional.ofNullable(reminder.focusGuildId()).flatMap(serverNames).map(UserText::singleLine)
                .filter(name -> !name.isEmpty())
                .map(name -> "set in **" + UserText.fitEcho(name, SERVER_NAME_SHOWN) + "**, where you set this focus")
                .orElse("the server you set this focus in chose");
    }

    private String block(Reminder.Item item, String reason, List<String> whys, int limit) {
        List<String> echoes = new ArrayList<>(List.of(item.concept(), reason));
        boolean hasWhys = !whys.isEmpty();
        if (hasWhys) {
            echoes.add(String.join(" · ", whys.stream().map(UserText::singleLine).toList()));
        }
        // A channel mention only of an id (an imported file's channel may hold any text).
        String where = item.guildId() != null && LoopMessages.isDiscordId(item.channelId())
                ? " in <#" + item.channelId() + ">"
                : item.guildId() == null && item.channelId() != null ? " in a direct message" : "";
        String source = LoopMessages.sourceLink(new Origin(item.guildId(), item.channelId(), item.messageUrl(), null))
                .map(url -> " · [source](" + url + ")").orElse("");
        return fit(limit, echoes, echo -> "**" + echo.get(0) + "** (#" + item.loopId() + ")"
                + "\nWhy now: " + echo.get(1)
                + "\nParked " + time.relative(item.parkedAt()) + where + source
                + (hasWhys ? "\nWhy it matters: " + echo.get(2) : ""));
    }

    /**
     * {@link UserText#fitMessage} counts code points, as people do; Discord's layout limit counts UTF-16 units, in
     * which an emoji is two. Fit by code points, then tighten until the UTF-16 length fits too.
     */
    private static String fit(int limit, List<String> echoes, Function<List<String>, String> template) {
        int points = limit;
        String text = UserText.fitMessage(points, echoes, template);
        while (text.length() > limit && points > 0) {
            // Shrink in proportion: text of emoji only is twice as long in UTF-16 as in code points.
            points = Math.min(points - 1, (int) ((long) points * limit / text.length()));
            text = UserText.fitMessage(Math.max(0, points), echoes, template);
        }
        return text;
    }

    /** The reminder as one text: the console prints it, and the tests read it. */
    public String reminder(Reminder reminder) {
        return view(reminder).text();
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

    /**
     * The answer to "Snooze until the weekly review": when it ends, and where that time comes from. With no zone given,
     * Monday 09:00 is read in UTC and said so: "in your time zone" claimed a zone nobody gave, and Discord shows the
     * moment in the reader's own clock, where it is not 09:00.
     */
    public String snoozedUntilReview(OpenLoop loop, ReminderService.Review review) {
        String concept = "**" + UserText.escapeMarkdown(loop.concept()) + "**";
        if (review.chosen()) {
            return "Snoozed " + concept + " until your weekly nudge (" + time.dateAndDistance(review.at()) + ").";
        }
        return review.zoneGiven()
                ? "Snoozed " + concept + " until the weekly review, Monday 09:00 in your time zone ("
                        + time.dateAndDistance(review.at()) + "). /nudge set picks your own day and time."
                : "Snoozed " + concept + " until the weekly review, Monday 09:00 UTC (" + time.dateAndDistance(review.at())
                        + "), as you have given no time zone. /nudge set picks your own day, time and zone.";
    }

    /**
     * The console's line under a focus change whose match waits (for the daily limit, or for quiet hours): when it
     * comes, or, when the focus ends first ({@code focusEnds}; null: it lasts until cleared), that it will not come.
     * A reminder whose focus has ended when its time comes is withdrawn unsent, so "it goes then" would not be true.
     */
    public String waiting(List<ReminderStore.Held> held, Instant focusEnds) {
        Predicate<ReminderStore.Held> lost = h -> focusEnds != null && !focusEnds.isAfter(h.deliverAfter());
        List<String> lines = new ArrayList<>();
        for (boolean forCap : new boolean[] {true, false}) {
            List<ReminderStore.Held> kind = held.stream().filter(h -> h.forCap() == forCap).toList();
            waiting(kind.stream().filter(lost.negate()).toList(), forCap, false).ifPresent(lines::add);
            waiting(kind.stream().filter(lost).toList(), forCap, true).ifPresent(lines::add);
        }
        return String.join(" ", lines);
    }

    private Optional<String> waiting(List<ReminderStore.Held> held, boolean forCap, boolean lost) {
        if (held.isEmpty()) {
            return Optional.empty();
        }
        boolean one = held.size() == 1;
        Instant first = held.stream().map(ReminderStore.Held::deliverAfter).min(Comparator.naturalOrder()).orElseThrow();
        String waits = (one ? "A reminder waits" : held.size() + " reminders wait")
                + (forCap ? " for your next day with room, as today's daily limit is used" : " for your quiet hours to end");
        if (!lost) {
            return Optional.of(waits + ": " + (one ? "it comes " : "they come ") + time.dateAndDistance(first)
                    + ", if this focus is still active then.");
        }
        // Set again with the same text, the focus keeps its reminders and lives longer; quiet hours that end sooner
        // move a reminder that waits for them alone, never one a daily limit holds.
        return Optional.of(waits + " (" + time.dateAndDistance(first) + "), but this focus ends before then, so "
                + (one ? "it" : "they") + " won't be sent unless you set this focus again for longer"
                + (forCap ? "" : " or end quiet hours sooner (/focus quiet)") + ".");
    }

    /** The answer to taking back "Not relevant" ({@link ReminderService#undoNotRelevant}). */
    public String notRelevantUndone(ReminderService.Acted acted) {
        String concept = "**" + UserText.escapeMarkdown(acted.loop().concept()) + "**";
        return acted.again()
                ? concept + " is not marked not relevant for this focus, so there was nothing to take back. Nothing "
                        + "changed."
                : "Taken back: " + concept + " may come back for this focus again, and your reminders are as selective "
                        + "as before.";
    }

    /**
     * What a reminder's button did, as {@link ReminderService#act} says it did: to its loop (as it is after), nothing
     * when the press was made before ({@link ReminderService.Acted#again}: the loop was active already, or not relevant
     * was noted already), and until when a week's snooze lasts.
     */
    public String done(ReminderAction action, ReminderService.Acted acted) {
        OpenLoop loop = acted.loop();
        boolean again = acted.again();
        // A concept is at most 200 characters, 400 escaped: every answer below fits without shortening.
        String concept = "**" + UserText.escapeMarkdown(loop.concept()) + "**";
        return switch (action) {
            // A reminded loop may already be active and further on: say where it is, never "start with the abstraction".
            case OPEN -> again || loop.phase() != null && loop.phase() != Phase.ABSTRACTION
                    ? new LoopMessages(time).stillActive(loop) : LoopMessages.activated(loop);
            case SNOOZE_WEEK -> "Snoozed " + concept + " for a week"
                    + acted.snoozedUntil().map(until -> ", until " + time.dateAndDistance(until)).orElse("") + ".";
            case SNOOZE_FOCUS -> "Snoozed " + concept + " until this focus ends.";
            case SNOOZE_REVIEW -> "Snoozed " + concept + " until your weekly review.";
            // Pressed again, it teaches nothing more (README): saying "Noted" twice would claim a second lesson.
            case NOT_RELEVANT -> again ? concept + " is marked not relevant for this focus already, so it won't come "
                    + "back for it. Nothing changed."
                    : "Noted: " + concept + " won't come back for this focus, and I'll be a little more selective with "
                            + "your reminders.";
            // Said how to take it back: a click by mistake is undone with /reopen, which nothing else pointed to.
            case LET_GO -> "Let go of " + concept + ". That is an answer too. Not what you meant? /reopen loop:"
                    + loop.id() + " brings it back.";
        };
    }
}
