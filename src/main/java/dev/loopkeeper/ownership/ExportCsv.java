package dev.loopkeeper.ownership;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The CSV form, for a spreadsheet: one file, one row per record, the {@code record} column saying which kind (loop,
 * note, reminder, focus, and any other exported table by name). RFC 4180 quoting; a cell that a spreadsheet would
 * take for a formula ({@code =}, {@code +}, {@code -}, {@code @}) is prefixed with an apostrophe.
 */
final class ExportCsv {
    private static final List<String> HEADER = List.of("record", "loop_id", "concept", "text", "triage", "status",
            "outcome", "takeaway", "created_at", "closed_at", "source");

    private ExportCsv() {
    }

    /**
     * The UTF-8 byte order mark the file starts with: without it Excel opens a CSV in the machine's legacy code page,
     * and accents, CJK and emoji come out garbled.
     */
    static final String BOM = "\uFEFF";

    static byte[] write(Export export) {
        StringBuilder csv = new StringBuilder(BOM);
        line(csv, HEADER);
        Map<Object, Object> concepts = new HashMap<>();
        for (Map<String, Object> loop : export.rows("open_loop")) {
            concepts.put(loop.get("id"), loop.get("concept"));
            line(csv, List.of("loop", text(loop.get("id")), text(loop.get("concept")), text(loop.get("why")),
                    text(loop.get("triage")), text(loop.get("status")), text(loop.get("outcome")),
                    text(loop.get("takeaway")), time(loop.get("created_at")), time(loop.get("closed_at")),
                    text(loop.get("origin_message_url"))));
        }
        for (Map<String, Object> note : export.rows("loop_note")) {
            line(csv, List.of("note", text(note.get("loop_id")), text(concepts.get(note.get("loop_id"))),
                    ExportMarkdown.noteText(note), "", "", "", "", time(note.get("created_at")), "",
                    text(note.get("origin_message_url"))));
        }
        for (Map<String, Object> phase : export.rows("loop_phase")) {
            line(csv, List.of("phase", text(phase.get("loop_id")), text(concepts.get(phase.get("loop_id"))),
                    text(phase.get("note")), "", text(phase.get("phase")), "", "", time(phase.get("created_at")), "",
                    ""));
        }
        for (Map<String, Object> reflection : export.rows("reflection")) {
            line(csv, List.of("reflection", text(reflection.get("loop_id")), text(concepts.get(reflection.get("loop_id"))),
                    text(reflection.get("answer")), "", "", "", text(reflection.get("prompt")),
                    time(reflection.get("created_at")), "", ""));
        }
        Map<Object, Map<String, Object>> reminders = export.rows("reminder").stream()
                .collect(Collectors.toMap(r -> r.get("id"), r -> r));
        for (Map<String, Object> item : export.rows("reminder_item")) {
            Map<String, Object> reminder = reminders.getOrDefault(item.get("reminder_id"), Map.of());
            line(csv, List.of("reminder", text(item.get("loop_id")), text(concepts.get(item.get("loop_id"))),
                    text(reminder.get("focus_text")), "", "", ExportMarkdown.answer(item.get("action")), "",
                    time(reminder.get("created_at")), "", ""));
        }
        for (Map<String, Object> focus : export.rows("focus")) {
            line(csv, List.of("focus", "", "", text(focus.get("text")), "", "", "", "", time(focus.get("started_at")),
                    time(focus.get("cleared_at")), ""));
        }
        for (Map.Entry<String, List<Map<String, Object>>> table : export.tables().entrySet()) {
            if (List.of("open_loop", "loop_note", "loop_phase", "reminder", "reminder_item", "focus", "reflection")
                    .contains(table.getKey())) {
                continue;
            }
            for (Map<String, Object> row : table.getValue()) {
                String rest = row.entrySet().stream().filter(e -> e.getValue() != null && !(e.getValue() instanceof byte[]))
                        .map(e -> e.getKey() + "=" + (ExportJson.isTime(e.getKey()) ? time(e.getValue()) : e.getValue()))
                        .collect(Collectors.joining("; "));
                line(csv, List.of(table.getKey(), text(row.get("loop_id")), text(concepts.get(row.get("loop_id"))),
                        rest, "", "", "", "", time(row.get("created_at")), "", ""));
            }
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

    private static String time(Object millis) {
        return millis instanceof Number n ? Instant.ofEpochMilli(n.longValue()).toString() : "";
    }
}
