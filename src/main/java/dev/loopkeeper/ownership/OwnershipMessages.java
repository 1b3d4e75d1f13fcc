package dev.loopkeeper.ownership;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/** What export, import and forgetting say, in the same words on Discord and in the console. */
public final class OwnershipMessages {
    /** How a table's rows are counted for a person; tables not named here are internal and not counted aloud. */
    private static final Map<String, String[]> NAMES = ordered(
            Map.entry("open_loop", new String[] {"loop", "loops"}),
            Map.entry("loop_note", new String[] {"note", "notes"}),
            Map.entry("loop_phase", new String[] {"phase change", "phase changes"}),
            Map.entry("focus", new String[] {"focus item", "focus items"}),
            Map.entry("reminder", new String[] {"reminder", "reminders"}),
            Map.entry("reminder_item", new String[] {"reminder outcome", "reminder outcomes"}),
            Map.entry("suppression", new String[] {"\"not relevant\" mark", "\"not relevant\" marks"}),
            Map.entry("loop_feedback", new String[] {"feedback record", "feedback records"}),
            Map.entry("reflection", new String[] {"reflection", "reflections"}),
            Map.entry("nudge", new String[] {"weekly nudge", "weekly nudges"}),
            Map.entry("nudge_prompt", new String[] {"nudge question", "nudge questions"}),
            Map.entry("nudge_schedule", new String[] {"nudge schedule", "nudge schedules"}),
            Map.entry("triage_poll", new String[] {"poll", "polls"}),
            Map.entry("loop_interest", new String[] {"\"me too\"", "\"me too\"s"}),
            Map.entry("person_settings", new String[] {"settings record", "settings records"}));
    /** Counted silently: delivery state, counters, and which one-time hints were shown. */
    private static final List<String> INTERNAL = List.of("outbox", "loop_version", "person_hint");

    public String exportReady(ExportFormat format, Export export) {
        int loops = export.rows("open_loop").size();
        return "Your export (" + format.label() + "): " + loops + (loops == 1 ? " loop" : " loops")
                + " and everything with them. It is yours; `/import` takes the JSON form back.";
    }

    public String exportSaved(ExportFormat format, Export export) {
        return exportReady(format, export).replace("`/import` takes", "/import file:<path> takes");
    }

    public String cannotSave(String path, String error) {
        return "The export could not be written to " + path + " (" + error + "). Check that its folder is writable.";
    }

    public String exportTooLarge() {
        return "Your export is larger than Discord lets a bot send, even zipped. The operator can write it from the "
                + "console (/export format:json) and hand it to you.";
    }

    public String importTooLarge(long bytes) {
        return "That file is " + bytes / (1024 * 1024) + " MB; an import reads at most "
                + DataService.MAX_IMPORT_BYTES / (1024 * 1024) + " MB. Nothing was imported.";
    }

    public String confirmationExpired(java.time.Duration valid) {
        return "This question was asked over " + valid.toMinutes() + " minutes ago; nothing was deleted. Run /forget-me again if you "
                + "still want to.";
    }

    public String confirmForget() {
        return "This deletes everything Loopkeeper keeps of yours, at once and for good: your loops with their notes "
                + "and takeaways, focus items, reminders and what you did with them, feedback, settings and schedules. "
                + "Loops you parked in a server's shared lot stay with the group, without your name. "
                + "Export first (`/export format:json`) if you want a copy.";
    }

    public String forgetButton() {
        return "Delete everything";
    }

    public String keepButton() {
        return "Keep it";
    }

    public String kept() {
        return "Nothing was deleted.";
    }

    public String forgotten(DataService.Forgotten forgotten) {
        String counts = counts(forgotten.deleted());
        String body = counts.isEmpty() ? "There was nothing of yours to delete." : "Deleted " + counts + ".";
        if (forgotten.anonymised() > 0) {
            body += " " + forgotten.anonymised() + (forgotten.anonymised() == 1 ? " row" : " rows")
                    + " in servers' shared data no longer name you.";
        }
        return body + " Loopkeeper keeps nothing else of yours.";
    }

    public String imported(DataService.Imported imported) {
        String added = counts(imported.added());
        String here = counts(imported.alreadyHere());
        if (added.isEmpty()) {
            return here.isEmpty() ? "That export holds nothing to import." : "Everything in that export is already here ("
                    + here + "); nothing was added.";
        }
        return "Imported " + added + "." + (here.isEmpty() ? "" : " Already here, left as they are: " + here + ".");
    }

    @SafeVarargs
    private static Map<String, String[]> ordered(Map.Entry<String, String[]>... entries) {
        Map<String, String[]> names = new LinkedHashMap<>();
        for (Map.Entry<String, String[]> entry : entries) {
            names.put(entry.getKey(), entry.getValue());
        }
        return names;
    }

    /** "3 loops, 1 note": each counted table that has rows, loops first, then tables without a name here. */
    static String counts(Map<String, Integer> perTable) {
        return Stream.concat(NAMES.keySet().stream(), PersonalData.TABLES.stream().map(PersonalTable::name)
                        .filter(name -> !NAMES.containsKey(name)))
                .filter(name -> !INTERNAL.contains(name) && perTable.getOrDefault(name, 0) > 0)
                .map(name -> {
                    int n = perTable.get(name);
                    String[] words = NAMES.getOrDefault(name, new String[] {name + " row", name + " rows"});
                    return n + " " + (n == 1 ? words[0] : words[1]);
                })
                .collect(Collectors.joining(", "));
    }
}
