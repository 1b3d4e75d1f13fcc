package dev.loopkeeper.ownership;

import dev.loopkeeper.common.UserText;
import dev.loopkeeper.loop.Outcome;
import dev.loopkeeper.reminder.ReminderAction;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The Markdown form, for a notes vault: front matter for the export, then one heading per loop with its properties in
 * a YAML block (triage, status, outcome, dates, source link) and underneath its why, notes, takeaway and what the
 * person did with its reminders; then focus items. Rows of tables this writer has no view for are listed at the end,
 * so nothing exported is missing from any form, except the bot's own bookkeeping (which hints were shown), which the
 * JSON form carries.
 */
final class ExportMarkdown {
    private static final Set<String> SHOWN = Set.of("open_loop", "loop_note", "loop_phase", "reminder",
            "reminder_item", "focus", "person_settings", "loop_interest", "reflection");

    private ExportMarkdown() {
    }

    static byte[] write(Export export) {
        StringBuilder md = new StringBuilder();
        List<Map<String, Object>> loops = export.rows("open_loop");
        md.append("---\n")
                .append("export: ").append(Export.FORMAT).append(' ').append(Export.VERSION).append('\n')
                .append("exported_at: ").append(export.exportedAt()).append('\n')
                .append("person: \"").append(yaml(export.personId())).append("\"\n")
                .append("loops: ").append(loops.size()).append('\n')
                .append("---\n\n# Loopkeeper: your loops\n");
        // Read once for the whole export: every loop's reminder lines look their reminder up here.
        Map<Object, Map<String, Object>> reminders = export.rows("reminder").stream()
                .collect(Collectors.toMap(r -> r.get("id"), r -> r, (a, b) -> a));
        for (Map<String, Object> loop : loops) {
            loop(md, loop, export, reminders);
        }
        List<Map<String, Object>> focus = export.rows("focus");
        if (!focus.isEmpty()) {
            md.append("\n# Focus\n\n");
            for (Map<String, Object> item : focus) {
                md.append("- ").append(inline(item.get("text"))).append(" (from ").append(time(item.get("started_at")));
                if (item.get("cleared_at") != null) {
                    md.append(", cleared ").append(time(item.get("cleared_at")));
                } else if (item.get("expires_at") != null) {
                    md.append(", until ").append(time(item.get("expires_at")));
                }
                md.append(")\n");
            }
        }
        List<Map<String, Object>> interest = export.rows("loop_interest");
        if (!interest.isEmpty()) {
            md.append("\n# Me too\n\nYou said \"me too\" to ").append(interest.size())
                    .append(interest.size() == 1 ? " loop" : " loops").append(" in a server's shared lot (numbers ")
                    .append(interest.stream().map(r -> "#" + r.get("loop_id")).collect(Collectors.joining(", ")))
                    .append(").\n");
        }
        for (Map<String, Object> settings : export.rows("person_settings")) {
            md.append("\n# Settings\n\n");
            settings.forEach((column, value) -> {
                if (value != null && !column.equals("owner_id")) {
                    md.append("- ").append(column).append(": ").append(value(column, value)).append('\n');
                }
            });
        }
        for (Map.Entry<String, List<Map<String, Object>>> table : export.tables().entrySet()) {
            if (SHOWN.contains(table.getKey()) || PersonalData.BOOKKEEPING.contains(table.getKey())
                    || table.getValue().isEmpty()) {
                continue;
            }
            md.append("\n# ").append(table.getKey()).append("\n\n");
            for (Map<String, Object> row : table.getValue()) {
                // Learned vectors are numbers for the bot, not text for a vault: the JSON form carries them.
                md.append("- ").append(row.entrySet().stream()
                        .filter(e -> e.getValue() != null && !(e.getValue() instanceof byte[]))
                        .map(e -> e.getKey() + ": " + value(e.getKey(), e.getValue()))
                        .collect(Collectors.joining("; "))).append('\n');
            }
        }
        return md.toString().getBytes(StandardCharsets.UTF_8);
    }

    private static void loop(StringBuilder md, Map<String, Object> loop, Export export,
            Map<Object, Map<String, Object>> reminders) {
        Object id = loop.get("id");
        md.append("\n## ").append(inline(loop.get("concept"))).append("\n\n```yaml\n")
                .append("id: ").append(id).append('\n')
                .append("triage: ").append(loop.get("triage")).append('\n')
                .append("status: ").append(loop.get("status")).append('\n');
        property(md, "outcome", loop.get("outcome"));
        property(md, "phase", loop.get("phase"));
        md.append("parked: ").append(time(loop.get("created_at"))).append('\n');
        if (loop.get("closed_at") != null) {
            md.append("closed: ").append(time(loop.get("closed_at"))).append('\n');
        }
        property(md, "source", loop.get("origin_message_url"));
        md.append("```\n");
        paragraph(md, "Why", loop.get("why"));
        paragraph(md, "Where", loop.get("origin_excerpt"));
        List<Map<String, Object>> notes = export.rows("loop_note").stream()
                .filter(n -> Objects.equals(n.get("loop_id"), id)).sorted(OLDEST_FIRST).collect(Collectors.toList());
        if (!notes.isEmpty()) {
            md.append("\n**Notes**\n\n");
            for (Map<String, Object> note : notes) {
                md.append("- ").append(time(note.get("created_at"))).append(": ").append(inline(noteText(note)));
                if (note.get("origin_message_url") != null) {
                    md.append(" (").append(note.get("origin_message_url")).append(')');
                }
                md.append('\n');
            }
        }
        List<Map<String, Object>> phases = export.rows("loop_phase").stream()
                .filter(p -> Objects.equals(p.get("loop_id"), id)).sorted(OLDEST_FIRST).collect(Collectors.toList());
        if (!phases.isEmpty()) {
            md.append("\n**Phases**\n\n");
            for (Map<String, Object> phase : phases) {
                md.append("- ").append(time(phase.get("created_at"))).append(": ").append(phase.get("phase"));
                if (phase.get("note") != null) {
                    md.append(" (").append(inline(phase.get("note"))).append(')');
                }
                md.append('\n');
            }
        }
        paragraph(md, "Takeaway", loop.get("takeaway"));
        List<Map<String, Object>> reflections = export.rows("reflection").stream()
                .filter(r -> Objects.equals(r.get("loop_id"), id)).sorted(OLDEST_FIRST).collect(Collectors.toList());
        if (!reflections.isEmpty()) {
            md.append("\n**Reflections**\n");
            for (Map<String, Object> reflection : reflections) {
                // An answer typed with no question asked (the console's /reflect on any loop) has no quote above it.
                if (reflection.get("prompt") != null) {
                    md.append("\n> ").append(inline(reflection.get("prompt"))).append('\n');
                }
                md.append('\n').append(time(reflection.get("created_at"))).append(": ")
                        .append(inline(reflection.get("answer"))).append('\n');
            }
        }
        List<Map<String, Object>> items = export.rows("reminder_item").stream()
                .filter(i -> Objects.equals(i.get("loop_id"), id))
                .sorted(Comparator.comparing(i -> reminders.getOrDefault(i.get("reminder_id"), Map.of()), OLDEST_FIRST))
                .collect(Collectors.toList());
        if (!items.isEmpty()) {
            md.append("\n**Reminders**\n\n");
            for (Map<String, Object> item : items) {
                Map<String, Object> reminder = reminders.getOrDefault(item.get("reminder_id"), Map.of());
                md.append("- ").append(time(reminder.get("created_at"))).append(", while working on ")
                        .append(inline(reminder.get("focus_text"))).append(": ")
                        .append(answer(item.get("action"))).append('\n');
            }
        }
    }

    /**
     * A loop's history, oldest first: by when it happened, not by row id (an import that merges a loop into one here
     * adds its older rows after the newer ones).
     */
    private static final Comparator<Map<String, Object>> OLDEST_FIRST = Comparator
            .comparingLong((Map<String, Object> row) -> row.get("created_at") instanceof Number n ? n.longValue() : 0L)
            .thenComparingLong(row -> row.get("id") instanceof Number n ? n.longValue() : 0L);

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
    static String noteText(Map<String, Object> note) {
        StringBuilder text = new StringBuilder();
        Object outcome = note.get("outcome");
        if (outcome != null) {
            text.append("closed before as ").append(outcomeLabel(outcome)).append(' ').append(time(note.get("closed_at")))
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

    private static String outcomeLabel(Object outcome) {
        return java.util.Arrays.stream(Outcome.values()).filter(o -> o.db().equals(outcome)).findFirst()
                .map(Outcome::label).orElse(outcome.toString());
    }

    private static void property(StringBuilder md, String name, Object value) {
        if (value != null) {
            md.append(name).append(": \"").append(yaml(value.toString())).append("\"\n");
        }
    }

    private static void paragraph(StringBuilder md, String label, Object text) {
        if (text != null && !text.toString().isBlank()) {
            String escaped = html(UserText.escapeMarkdown(text.toString().strip()));
            md.append("\n**").append(label).append(":** ").append(escaped).append('\n');
        }
    }

    private static String inline(Object text) {
        return text == null ? "" : html(UserText.escapeMarkdown(UserText.singleLine(text.toString())));
    }

    /**
     * Escapes every {@code <}: notes apps render inline HTML in Markdown ({@code <b>}, {@code <script>}), and a line
     * opening with one could start an HTML block (a comment hid the rest of the note). Discord shows {@code <} as text
     * and {@code \<} literally, so only the export escapes it.
     */
    private static String html(String markdown) {
        return markdown.replace("<", "\\<");
    }

    private static String value(String column, Object value) {
        return ExportJson.isTime(column) && value instanceof Number ? time(value) : inline(value);
    }

    private static String time(Object millis) {
        return millis instanceof Number n ? Instant.ofEpochMilli(n.longValue()).toString() : "?";
    }

    private static String yaml(String text) {
        return UserText.singleLine(text).replace("\\", "\\\\").replace("\"", "\\\"");
    }
}
