package dev.loopkeeper.ownership;

import dev.loopkeeper.common.UserText;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * The Markdown form, for a notes vault, worded as the rest of Loopkeeper reads: front matter for the export, then one
 * heading per loop with its properties in a YAML block (class, status, outcome and phase by their labels, dates, source
 * link) and underneath its why, notes, phases, takeaway, reflections, the questions its weekly nudges asked, polls run
 * on it and what the person did with its reminders; then focus items, "me too"s, the weekly nudge and the settings.
 * Rows kept for Loopkeeper's own use ({@link ExportMessages#FOR_LOOPKEEPER_ONLY}) are left to the JSON form, which the last
 * line names; no table is ever printed as raw columns.
 */
final class ExportMarkdown {
    private ExportMarkdown() {
    }

    static byte[] write(Export export) {
        StringBuilder md = new StringBuilder();
        List<Map<String, Object>> loops = export.rows("open_loop");
        ExportDates dates = ExportDates.of(export);
        md.append("---\n")
                .append("export: ").append(Export.FORMAT).append(' ').append(Export.VERSION).append('\n')
                .append("exported_at: ").append(dates.time(export.exportedAt().toEpochMilli(), "?")).append('\n')
                .append("time_zone: \"").append(yaml(dates.name())).append("\"\n")
                .append("person: \"").append(yaml(export.personId())).append("\"\n")
                .append("loops: ").append(loops.size()).append('\n')
                .append("---\n\n# Loopkeeper: your loops\n");
        if (export.tables().values().stream().anyMatch(rows -> !rows.isEmpty())) {
            md.append('\n').append(dates.note()).append('\n');
        }
        if (loops.isEmpty()) {
            md.append("\nNo loops yet: /park saves your first.\n");
        }
        // Read once for the whole export: every loop's reminder lines look their reminder up here, its questions
        // their nudge.
        Map<Object, Map<String, Object>> reminders = byId(export.rows("reminder"));
        Map<Object, Map<String, Object>> nudges = byId(export.rows("nudge"));
        RowsByLoop byLoop = new RowsByLoop(export);
        for (Map<String, Object> loop : loops) {
            loop(md, loop, byLoop, reminders, nudges, dates);
        }
        List<Map<String, Object>> focus = export.rows("focus");
        if (!focus.isEmpty()) {
            md.append("\n# Focus\n\n");
            for (Map<String, Object> item : focus) {
                md.append("- ").append(inline(item.get("text"))).append(" (from ").append(dates.time(item.get("started_at")));
                if (item.get("cleared_at") != null) {
                    md.append(", cleared ").append(dates.time(item.get("cleared_at")));
                } else if (item.get("expires_at") != null) {
                    md.append(", until ").append(dates.time(item.get("expires_at")));
                }
                md.append(")\n");
            }
        }
        List<Map<String, Object>> interest = export.rows("loop_interest");
        if (!interest.isEmpty()) {
            // Each loop by its concept, its server, and whether the person parked it or said Me too: its number alone
            // names it in no list of theirs.
            md.append("\n# Shared loops that matter to you\n\n").append(interest.size())
                    .append(interest.size() == 1 ? " loop" : " loops")
                    .append(" of servers' shared lots, each listed there by /loops scope:server:\n\n");
            for (Map<String, Object> row : interest) {
                md.append("- ").append(ExportMessages.sharedConcept(export, row).map(c -> "**" + inline(c) + "** ")
                        .orElse("")).append("(#").append(row.get("loop_id")).append("): ")
                        .append(inline(ExportMessages.sharedLoop(export, row))).append(", ")
                        .append(dates.time(row.get("created_at"))).append('\n');
            }
        }
        for (Map<String, Object> schedule : export.rows("nudge_schedule")) {
            md.append("\n# Weekly nudge\n\n").append(inline(ExportMessages.nudgeSchedule(schedule, dates))).append('\n');
        }
        for (Map<String, Object> settings : export.rows("person_settings")) {
            md.append("\n# Settings\n\n");
            ExportMessages.settings(settings, dates).forEach(line -> md.append("- ").append(inline(line)).append('\n'));
        }
        if (ExportMessages.FOR_LOOPKEEPER_ONLY.stream().anyMatch(table -> !export.rows(table).isEmpty())) {
            md.append('\n').append(inline(ExportMessages.JSON_HOLDS_MORE)).append('\n');
        }
        return md.toString().getBytes(StandardCharsets.UTF_8);
    }

    private static Map<Object, Map<String, Object>> byId(List<Map<String, Object>> rows) {
        return rows.stream().collect(Collectors.toMap(r -> r.get("id"), r -> r, (a, b) -> a));
    }

    /**
     * The export's rows of a table by the loop they belong to, each table grouped once when first asked: filtered per
     * loop, the Markdown of 5,000 loops with four notes, phases and reminders each took 5-7.5 s (every loop read every
     * row of every table); grouped, 0.16-0.21 s once warm.
     */
    private static final class RowsByLoop {
        private final Export export;
        private final Map<String, Map<Object, List<Map<String, Object>>>> tables = new HashMap<>();

        RowsByLoop(Export export) {
            this.export = export;
        }

        List<Map<String, Object>> of(String table, Object loopId) {
            return tables.computeIfAbsent(table, name -> export.rows(name).stream()
                    .filter(row -> row.get("loop_id") != null)
                    .collect(Collectors.groupingBy(row -> row.get("loop_id"))))
                    .getOrDefault(loopId, List.of());
        }
    }

    private static void loop(StringBuilder md, Map<String, Object> loop, RowsByLoop byLoop,
            Map<Object, Map<String, Object>> reminders, Map<Object, Map<String, Object>> nudges, ExportDates dates) {
        Object id = loop.get("id");
        md.append("\n## ").append(inline(loop.get("concept"))).append("\n\n```yaml\n")
                .append("id: ").append(id).append('\n')
                .append("triage: ").append(ExportMessages.triage(loop.get("triage"))).append('\n')
                .append("status: ").append(loop.get("status")).append('\n');
        property(md, "outcome", loop.get("outcome") == null ? null : ExportMessages.outcome(loop.get("outcome")));
        property(md, "phase", loop.get("phase") == null ? null : ExportMessages.phase(loop.get("phase")));
        md.append("parked: ").append(dates.time(loop.get("created_at"))).append('\n');
        if (loop.get("closed_at") != null) {
            md.append("closed: ").append(dates.time(loop.get("closed_at"))).append('\n');
        }
        property(md, "source", ExportMessages.source(loop));
        md.append("```\n");
        paragraph(md, "Why", loop.get("why"));
        paragraph(md, "Where", loop.get("origin_excerpt"));
        List<Map<String, Object>> notes = byLoop.of("loop_note", id).stream().sorted(OLDEST_FIRST).collect(Collectors.toList());
        if (!notes.isEmpty()) {
            md.append("\n**Notes**\n\n");
            for (Map<String, Object> note : notes) {
                md.append("- ").append(dates.time(note.get("created_at"))).append(": ").append(inline(ExportMessages.noteText(note, dates)));
                Object source = ExportMessages.source(note);
                if (source != null) {
                    md.append(" (").append(source).append(')');
                }
                md.append('\n');
            }
        }
        List<Map<String, Object>> phases = byLoop.of("loop_phase", id).stream().sorted(OLDEST_FIRST).collect(Collectors.toList());
        if (!phases.isEmpty()) {
            md.append("\n**Phases**\n\n");
            for (Map<String, Object> phase : phases) {
                md.append("- ").append(dates.time(phase.get("created_at"))).append(": ")
                        .append(ExportMessages.phase(phase.get("phase")));
                if (phase.get("note") != null) {
                    md.append(" (").append(inline(phase.get("note"))).append(')');
                }
                md.append('\n');
            }
        }
        paragraph(md, "Takeaway", loop.get("takeaway"));
        List<Map<String, Object>> reflections = byLoop.of("reflection", id).stream().sorted(OLDEST_FIRST).collect(Collectors.toList());
        if (!reflections.isEmpty()) {
            md.append("\n**Reflections**\n");
            for (Map<String, Object> reflection : reflections) {
                // An answer typed with no question asked (the console's /reflect on any loop) has no quote above it.
                if (reflection.get("prompt") != null) {
                    md.append("\n> ").append(inline(reflection.get("prompt"))).append('\n');
                }
                md.append('\n').append(dates.time(reflection.get("created_at"))).append(": ")
                        .append(inline(reflection.get("answer"))).append('\n');
            }
        }
        List<Map<String, Object>> prompts = byLoop.of("nudge_prompt", id).stream()
                .sorted(Comparator.comparingLong((Map<String, Object> p) -> askedAt(p, nudges)))
                .collect(Collectors.toList());
        // A question answered is quoted above its answer already: listed again here, a year of answered questions
        // came twice. What stays is what was asked and not answered (or asked again after its answer). Matched by the
        // question's key: its text is rebuilt from the loop's concept now, which a rename since has changed.
        List<Object> answered = new ArrayList<>(reflections.stream().map(r -> r.get("prompt_key"))
                .filter(Objects::nonNull).toList());
        List<String> asked = new ArrayList<>();
        for (Map<String, Object> prompt : prompts) {
            Optional<String> text = ExportMessages.question(prompt, loop.get("concept"));
            if (text.isPresent() && answered.remove(prompt.get("prompt_key"))) {
                continue;
            }
            text.ifPresent(question -> asked.add("- "
                    + dates.time(askedAt(prompt, nudges)) + ": " + inline(question)
                    + (isPreview(prompt, nudges) ? " (a preview, /nudge now)" : "")));
        }
        if (!asked.isEmpty()) {
            md.append("\n**Asked by your weekly nudge**\n\n").append(String.join("\n", asked)).append('\n');
        }
        List<Map<String, Object>> polls = byLoop.of("triage_poll", id).stream().sorted(OLDEST_FIRST).collect(Collectors.toList());
        if (!polls.isEmpty()) {
            md.append("\n**Polls**\n\n");
            for (Map<String, Object> poll : polls) {
                // The question holds the concept as it was asked (a loop may have been renamed since).
                md.append("- ").append(dates.time(poll.get("created_at"))).append(": ")
                        .append(inline((poll.get("question") == null ? "a poll" : "a poll on \u201c"
                                + poll.get("question") + "\u201d") + ", " + ExportMessages.poll(poll, dates))).append('\n');
            }
        }
        List<Map<String, Object>> items = byLoop.of("reminder_item", id).stream()
                .sorted(Comparator.comparing(i -> reminders.getOrDefault(i.get("reminder_id"), Map.of()), OLDEST_FIRST))
                .collect(Collectors.toList());
        if (!items.isEmpty()) {
            md.append("\n**Reminders**\n\n");
            for (Map<String, Object> item : items) {
                Map<String, Object> reminder = reminders.getOrDefault(item.get("reminder_id"), Map.of());
                md.append("- ").append(dates.time(reminder.get("created_at"))).append(", while working on ")
                        .append(inline(reminder.get("focus_text"))).append(": ")
                        .append(ExportMessages.answer(item.get("action"))).append('\n');
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

    /** When a nudge asked a question: when that nudge was made (a question of a nudge not exported sorts first). */
    private static long askedAt(Map<String, Object> prompt, Map<Object, Map<String, Object>> nudges) {
        return nudges.getOrDefault(prompt.get("nudge_id"), Map.of()).get("created_at") instanceof Number n
                ? n.longValue() : 0L;
    }

    private static boolean isPreview(Map<String, Object> prompt, Map<Object, Map<String, Object>> nudges) {
        return nudges.getOrDefault(prompt.get("nudge_id"), Map.of()).get("preview") instanceof Number n
                && n.intValue() == 1;
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

    private static String yaml(String text) {
        return UserText.singleLine(text).replace("\\", "\\\\").replace("\"", "\\\"");
    }
}
