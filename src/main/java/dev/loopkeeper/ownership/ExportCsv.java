package dev.loopkeeper.ownership;

import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The CSV form, for a spreadsheet: one file, one row per record, the {@code record} column saying which kind (loop,
 * note, phase, reflection, question, poll, reminder, focus, me too, weekly nudge, settings), each worded as the Markdown
 * form words it ({@link ExportMessages}); rows kept for Loopkeeper's own use are left to the JSON form. RFC 4180 quoting;
 * a cell that a spreadsheet would take for a formula ({@code =}, {@code +}, {@code -}, {@code @}) is prefixed with an
 * apostrophe.
 */
final class ExportCsv {
    /** What each column holds, in words; the two dates name the zone they are in. */
    static List<String> header(ExportDates dates) {
        return List.of("record", "loop", "concept", "text", "class", "status", "outcome", "takeaway",
                "date (" + dates.name() + ")", "closed (" + dates.name() + ")", "source link");
    }

    private ExportCsv() {
    }

    /**
     * The UTF-8 byte order mark the file starts with: without it Excel opens a CSV in the machine's legacy code page,
     * and accents, CJK and emoji come out garbled.
     */
    static final String BOM = "\uFEFF";

    static byte[] write(Export export) {
        StringBuilder csv = new StringBuilder(BOM);
        ExportDates dates = ExportDates.of(export);
        line(csv, header(dates));
        Map<Object, Object> concepts = new HashMap<>();
        for (Map<String, Object> loop : export.rows("open_loop")) {
            concepts.put(loop.get("id"), loop.get("concept"));
            line(csv, List.of("loop", text(loop.get("id")), text(loop.get("concept")), text(loop.get("why")),
                    ExportMessages.triage(loop.get("triage")), text(loop.get("status")),
                    ExportMessages.outcome(loop.get("outcome")),
                    text(loop.get("takeaway")), dates.time(loop.get("created_at"), ""),
                    dates.time(loop.get("closed_at"), ""),
                    text(ExportMessages.source(loop))));
        }
        for (Map<String, Object> note : export.rows("loop_note")) {
            line(csv, List.of("note", text(note.get("loop_id")), text(concepts.get(note.get("loop_id"))),
                    ExportMessages.noteText(note, dates), "", "", "", "", dates.time(note.get("created_at"), ""), "",
                    text(ExportMessages.source(note))));
        }
        for (Map<String, Object> phase : export.rows("loop_phase")) {
            line(csv, List.of("phase", text(phase.get("loop_id")), text(concepts.get(phase.get("loop_id"))),
                    text(phase.get("note")), "", ExportMessages.phase(phase.get("phase")), "", "",
                    dates.time(phase.get("created_at"), ""), "", ""));
        }
        for (Map<String, Object> reflection : export.rows("reflection")) {
            line(csv, List.of("reflection", text(reflection.get("loop_id")), text(concepts.get(reflection.get("loop_id"))),
                    text(reflection.get("answer")), "", "", "", text(reflection.get("prompt")),
                    dates.time(reflection.get("created_at"), ""), "", ""));
        }
        Map<Object, Map<String, Object>> nudges = export.rows("nudge").stream()
                .collect(Collectors.toMap(r -> r.get("id"), r -> r, (a, b) -> a));
        for (Map<String, Object> prompt : export.rows("nudge_prompt")) {
            Object concept = concepts.get(prompt.get("loop_id"));
            ExportMessages.question(prompt, concept).ifPresent(question -> line(csv, List.of("question",
                    text(prompt.get("loop_id")), text(concept), question, "", "", "", "",
                    dates.time(nudges.getOrDefault(prompt.get("nudge_id"), Map.of()).get("created_at"), ""), "", "")));
        }
        for (Map<String, Object> poll : export.rows("triage_poll")) {
            line(csv, List.of("poll", text(poll.get("loop_id")), text(concepts.get(poll.get("loop_id"))),
                    ExportMessages.poll(poll, dates), "", "", "", "", dates.time(poll.get("created_at"), ""), "", ""));
        }
        Map<Object, Map<String, Object>> reminders = export.rows("reminder").stream()
                .collect(Collectors.toMap(r -> r.get("id"), r -> r));
        for (Map<String, Object> item : export.rows("reminder_item")) {
            Map<String, Object> reminder = reminders.getOrDefault(item.get("reminder_id"), Map.of());
            line(csv, List.of("reminder", text(item.get("loop_id")), text(concepts.get(item.get("loop_id"))),
                    text(reminder.get("focus_text")), "", "", ExportMessages.answer(item.get("action")), "",
                    dates.time(reminder.get("created_at"), ""), "", ""));
        }
        for (Map<String, Object> focus : export.rows("focus")) {
            line(csv, List.of("focus", "", "", text(focus.get("text")), "", "", "", "",
                    dates.time(focus.get("started_at"), ""),
                    dates.time(focus.get("cleared_at"), ""), ""));
        }
        for (Map<String, Object> interest : export.rows("loop_interest")) {
            line(csv, List.of("me too", text(interest.get("loop_id")),
                    ExportMessages.sharedConcept(export, interest).orElse(""),
                    ExportMessages.sharedLoop(export, interest), "", "", "", "",
                    dates.time(interest.get("created_at"), ""), "", ""));
        }
        for (Map<String, Object> schedule : export.rows("nudge_schedule")) {
            line(csv, List.of("weekly nudge", "", "", ExportMessages.nudgeSchedule(schedule, dates), "", "", "", "",
                    dates.time(schedule.get("updated_at"), ""), "", ""));
        }
        for (Map<String, Object> settings : export.rows("person_settings")) {
            line(csv, List.of("settings", "", "", String.join("; ", ExportMessages.settings(settings, dates)), "", "",
                    "", "",
                    dates.time(settings.get("updated_at"), ""), "", ""));
        }
        return csv.toString().getBytes(StandardCharsets.UTF_8);
    }

    private static void line(StringBuilder csv, List<String> cells) {
        csv.append(cells.stream().map(ExportCsv::cell).collect(Collectors.joining(","))).append("\r\n");
    }

    static String cell(String value) {
        String safe = !value.isEmpty() && "=+-@".indexOf(value.charAt(0)) >= 0 ? "'" + value : value;
        if (safe.contains(",") || safe.contains("\"") || safe.contains("\n") || safe.contains("\r")) {
            return "\"" + safe.replace("\"", "\"\"") + "\"";
        }
        return safe;
    }

    private static String text(Object value) {
        return value == null ? "" : value.toString();
    }
}
