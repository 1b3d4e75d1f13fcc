package dev.loopkeeper.ownership;

import dev.loopkeeper.loop.LoopMessages;
import dev.loopkeeper.loop.OpenLoop;
import dev.loopkeeper.loop.Origin;
import dev.loopkeeper.loop.Outcome;
import dev.loopkeeper.loop.Phase;
import dev.loopkeeper.loop.Triage;
import dev.loopkeeper.nudge.ReabstractionPrompts;
import dev.loopkeeper.poll.PollAnswer;
import dev.loopkeeper.poll.TriagePoll;
import dev.loopkeeper.poll.Verdict;
import dev.loopkeeper.reminder.ReminderAction;
import java.time.DayOfWeek;
import java.time.format.TextStyle;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * The exported rows a person reads, in the words the rest of Loopkeeper uses, for the Markdown and CSV forms: a class,
 * an outcome and a phase by their labels ("let go", never "let_go"), a poll by what it decided and its tally, a weekly
 * nudge's schedule and the questions it asked, the settings. The JSON form keeps the stored values (it is the one an
 * import reads), and alone carries the rows kept for Loopkeeper's own use ({@link #FOR_LOOPKEEPER_ONLY}).
 */
final class ExportMessages {
    /**
     * Tables whose rows neither readable form shows: what they hold is shown otherwise, or is the bot's own use. A "not
     * relevant" mark is the answer shown under the reminder; a feedback record is what reminders learned from the
     * answers shown there (with the vectors they learned); a nudge's row is the week it covered (its questions are shown
     * under their loops); a hint is which one-time hints were shown.
     */
    static final List<String> FOR_LOOPKEEPER_ONLY = List.of("suppression", "loop_feedback", "nudge", "person_hint");

    /**
     * The exported tables the Markdown and CSV forms word (a reminder's rows through its loops' answers). With {@link
     * #FOR_LOOPKEEPER_ONLY} they are every table an export holds: a new one must be worded or named there
     * ({@code DataServiceTest}), never printed as raw columns.
     */
    static final List<String> WORDED = List.of("open_loop", "loop_note", "loop_phase", "reminder", "reminder_item",
            "focus", "reflection", "nudge_prompt", "triage_poll", "loop_interest", "nudge_schedule", "person_settings");

    /** In the Markdown form's last line, and the README's: what the JSON form holds besides. */
    static final String JSON_HOLDS_MORE = "The JSON export (/export format:json) holds everything here as stored, and "
            + "what Loopkeeper keeps for its own use besides: which weeks your nudges covered, what reminders learned "
            + "from your answers, your \"not relevant\" marks and which one-time hints you were shown.";

    private static final ReabstractionPrompts PROMPTS = new ReabstractionPrompts();

    private ExportMessages() {
    }

    /**
     * Where a loop or note came from, linked as {@code /loops} links it: the parked message, else the server channel
     * {@code /park} was used in. Only the message's link was exported, so the loops a person parked with {@code /park}
     * in their five servers came out of the file with nothing to say which server each was from.
     */
    static Object source(Map<String, Object> row) {
        Object message = row.get("origin_message_url");
        if (message != null) {
            return message;
        }
        Object guild = row.get("origin_guild_id");
        Object channel = row.get("origin_channel_id");
        return LoopMessages.sourceLink(new Origin(guild == null ? null : guild.toString(),
                channel == null ? null : channel.toString(), null, null)).orElse(null);
    }

    /**
     * What a "me too" row is, in words: whether the person parked that shared loop (a park counts its parker) or said Me
     * too to it, and in which server's lot. "You said me too to 5 loops in a server's shared lot (numbers #3, #4, ...)"
     * was said of loops the person had parked, in three servers, with nothing to tell which loop was which.
     */
    static String sharedLoop(Export export, Map<String, Object> interest) {
        Object id = interest.get("loop_id");
        OpenLoop loop = id instanceof Number n ? export.shared().get(n.longValue()) : null;
        if (loop == null) {
            return "a loop in a server's shared lot";
        }
        String how = export.personId().equals(loop.authorId()) ? "you parked it" : "you said Me too";
        return how + ", in the shared lot of server " + loop.scope().id();
    }

    /** The concept of the shared loop a "me too" row names, if it is still kept. */
    static Optional<String> sharedConcept(Export export, Map<String, Object> interest) {
        Object id = interest.get("loop_id");
        return Optional.ofNullable(id instanceof Number n ? export.shared().get(n.longValue()) : null)
                .map(OpenLoop::concept);
    }

    /** A stored class as people read it ("core"); unknown values as stored. */
    static String triage(Object stored) {
        return stored == null ? "" : Arrays.stream(Triage.values()).filter(t -> t.db().equals(stored)).findFirst()
                .map(Triage::label).orElse(stored.toString());
    }

    /** A stored outcome as people read it ("let go"). */
    static String outcome(Object stored) {
        return stored == null ? "" : Arrays.stream(Outcome.values()).filter(o -> o.db().equals(stored)).findFirst()
                .map(Outcome::label).orElse(stored.toString());
    }

    /** A stored phase as people read it ("re-abstraction"). */
    static String phase(Object stored) {
        return stored == null ? "" : Phase.parse(stored.toString()).map(Phase::label).orElse(stored.toString());
    }

    /** What the person did with a reminded loop, in words (the database keeps a short code). */
    static String answer(Object code) {
        if (code == null) {
            return "no answer";
        }
        return ReminderAction.fromCode(code.toString()).map(action -> switch (action) {
            case OPEN -> "opened it";
            case SNOOZE_WEEK -> "snoozed it for a week";
            case SNOOZE_FOCUS -> "snoozed it until that focus ended";
            case SNOOZE_REVIEW -> "snoozed it until the weekly review";
            case NOT_RELEVANT -> "not relevant";
            case LET_GO -> "let it go";
        }).orElse(code.toString());
    }

    /**
     * A note in words, as {@code /loops} shows it under its loop: an earlier ending kept when the loop was reopened
     * (how and when it closed, its takeaway), a loop merged into this one (its number, concept and why), or a why added
     * by parking the concept again.
     */
    static String noteText(Map<String, Object> note, ExportDates dates) {
        StringBuilder text = new StringBuilder();
        Object outcome = note.get("outcome");
        if (outcome != null) {
            text.append("closed before as ").append(outcome(outcome)).append(' ').append(dates.time(note.get("closed_at"), "?"))
                    .append(note.get("takeaway") == null ? "" : "; takeaway: " + note.get("takeaway"))
                    .append("; reopened");
            return text.toString();
        }
        if (note.get("merged_from") != null) {
            text.append("merged from #").append(note.get("merged_from")).append(' ').append(note.get("concept"));
            return text.append(note.get("why") == null ? "" : ": " + note.get("why")).toString();
        }
        return note.get("why") != null ? note.get("why").toString() : "parked again";
    }

    /**
     * A poll run on the loop (in the console): what it decided, with its tally, as the server digest words one
     * ("core (Core 2 · Adjacent 0 · Peripheral 0 · Let it go 0)"), or where it stands.
     */
    static String poll(Map<String, Object> poll, ExportDates dates) {
        String status = String.valueOf(poll.get("status"));
        String tally = " (" + PollAnswer.ALL.stream().map(a -> a.label() + " " + votes(poll, a))
                .collect(Collectors.joining(" · ")) + ")";
        if (status.equals(TriagePoll.Status.DECIDED.db())) {
            Optional<Verdict.Kind> decision = Arrays.stream(Verdict.Kind.values())
                    .filter(k -> k.db().equals(poll.get("decision"))).findFirst();
            String outcome = decision.map(kind -> switch (kind) {
                case CORE -> "the group found it core";
                case ADJACENT -> "the group found it adjacent";
                case PERIPHERAL -> "the group found it peripheral";
                case LET_GO -> "the group let it go";
                case TIE -> "a tie, class unchanged";
                case QUORUM -> "too few votes (" + poll.get("quorum") + " needed), class unchanged";
                case NOT_OPEN -> "the loop was closed meanwhile, unchanged";
            }).orElse(String.valueOf(poll.get("decision")));
            return "decided " + dates.time(poll.get("decided_at"), "?") + ": " + outcome + tally;
        }
        if (status.equals(TriagePoll.Status.FAILED.db())) {
            return "never posted, nothing decided";
        }
        if (status.equals(TriagePoll.Status.GONE.db())) {
            return "cancelled (its message was deleted), nothing decided";
        }
        return "open until " + dates.time(poll.get("closes_at"), "?");
    }

    private static Object votes(Map<String, Object> poll, PollAnswer answer) {
        Object count = poll.get(answer.name().toLowerCase(Locale.ROOT) + "_votes");
        return count == null ? 0 : count;
    }

    /** A question a weekly nudge asked about a loop, as the nudge worded it; empty for a key this version lacks. */
    static Optional<String> question(Map<String, Object> prompt, Object concept) {
        return PROMPTS.template(String.valueOf(prompt.get("prompt_key")))
                .map(template -> template.about(concept == null ? "" : concept.toString()));
    }

    /** The weekly nudge's schedule: "Mondays at 09:00 (Europe/Berlin), the next one 2026-12-07 09:00", or off. */
    static String nudgeSchedule(Map<String, Object> schedule, ExportDates dates) {
        String slot;
        try {
            slot = DayOfWeek.of(((Number) schedule.get("weekday")).intValue()).getDisplayName(TextStyle.FULL,
                    Locale.ENGLISH) + "s at " + schedule.get("local_time") + " (" + schedule.get("zone") + ")";
        } catch (RuntimeException e) {
            slot = "day " + schedule.get("weekday") + " at " + schedule.get("local_time") + " (" + schedule.get("zone")
                    + ")";
        }
        return schedule.get("next_run") == null ? "off (it was " + slot + ")"
                : slot + ", the next one " + dates.time(schedule.get("next_run"), "?");
    }

    /** The person's settings, one line each. */
    static List<String> settings(Map<String, Object> settings, ExportDates dates) {
        List<String> lines = new ArrayList<>();
        lines.add("Time zone: " + (settings.get("zone") == null ? "none given (dates read in UTC)" : settings.get("zone")));
        Object from = settings.get("quiet_from");
        Object to = settings.get("quiet_to");
        boolean off = settings.get("quiet_off") instanceof Number n && n.intValue() == 1;
        if (from == null || to == null || from.equals(to)) {
            lines.add("Quiet hours: none");
        } else {
            lines.add("Quiet hours: " + from + " to " + to + (off ? ", turned off (kept for /focus quiet state:on)"
                    : ""));
        }
        boolean follows = settings.get("follow_worklog") instanceof Number n && n.intValue() == 1;
        lines.add("Work-log messages count as focus: " + (follows ? "yes" : "no"));
        double raised = settings.get("threshold_offset") instanceof Number n ? n.doubleValue() : 0;
        lines.add(raised > 0 ? String.format(Locale.ROOT, "Your \"not relevant\" answers raised the bar a reminder "
                + "must reach by %.2f", raised) : "Reminder bar: not raised by any \"not relevant\" answer");
        if (settings.get("updated_at") != null) {
            lines.add("Last changed: " + dates.time(settings.get("updated_at"), "?"));
        }
        return lines;
    }
}
