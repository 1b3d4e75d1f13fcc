package dev.loopkeeper.ownership;

import dev.loopkeeper.common.UserText;
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
            Map.entry("reminder_item", new String[] {"loop shown in a reminder", "loops shown in reminders"}),
            Map.entry("suppression", new String[] {"\"not relevant\" mark", "\"not relevant\" marks"}),
            Map.entry("loop_feedback", new String[] {"feedback record", "feedback records"}),
            Map.entry("reflection", new String[] {"reflection", "reflections"}),
            Map.entry("nudge", new String[] {"weekly nudge", "weekly nudges"}),
            Map.entry("nudge_prompt", new String[] {"nudge question", "nudge questions"}),
            Map.entry("nudge_schedule", new String[] {"nudge schedule", "nudge schedules"}),
            Map.entry("triage_poll", new String[] {"poll", "polls"}),
            Map.entry("loop_interest", new String[] {"\"me too\"", "\"me too\"s"}),
            Map.entry("person_settings", new String[] {"settings record", "settings records"}));

    /**
     * The answer that comes with the file. The file is written even when there is nothing in it yet (it says so too):
     * "0 loops and everything with them" read as if something had been exported.
     */
    public String exportReady(ExportFormat format, Export export) {
        int loops = export.loopCount();
        String head = "Your export (" + format.label() + "): ";
        if (loops > 0) {
            return head + (loops == 1 ? "1 loop and everything with it" : loops + " loops and everything with them")
                    + ". It is yours; `/import` takes the JSON form back.";
        }
        Map<String, Integer> rows = new LinkedHashMap<>();
        export.tables().forEach((table, list) -> rows.put(table, list.size()));
        String rest = counts(rows);
        if (rest.isEmpty()) {
            return head + "nothing to export yet. Loopkeeper keeps nothing of yours, so the file holds only its "
                    + "heading; `/park` saves your first loop.";
        }
        return head + "no loops yet, and the rest Loopkeeper keeps of yours (" + rest + "). It is yours; `/import` "
                + "takes the JSON form back.";
    }

    public String exportSaved(ExportFormat format, Export export) {
        return exportReady(format, export).replace("`/import` takes", "/import file:<path> takes");
    }

    public String cannotSave(String path, String error) {
        return "The export could not be written to " + path + " (" + error + "). Check that its folder is writable.";
    }

    /** The direct message that carries a large export, zipped. */
    public String exportZipped(ExportFormat format, Export export) {
        String said = exportReady(format, export).replace("Your export (" + format.label() + ")",
                "Your export (" + format.label() + ", zipped: it is large)");
        // Unzipped, a large export is over what most people may attach: the zip itself is imported.
        return format == ExportFormat.JSON ? said.replace("takes the JSON form back.", "takes this zip back as it is.")
                : said;
    }

    /** The private reply when a large export went by direct message. */
    public String exportSentByDirectMessage(int zippedBytes) {
        return "Your export is large, so it went to your direct messages, zipped (" + megabytes(zippedBytes)
                + "), where it stays; a file in a private reply like this one is gone once Discord reloads.";
    }

    /** The private reply carrying a large export when the direct message could not be sent. */
    public String exportNotByDirectMessage(ExportFormat format, Export export, boolean dmsClosed) {
        return exportZipped(format, export) + (dmsClosed
                ? " It is here because your direct messages are closed to Loopkeeper;"
                : " It is here because it could not be sent to your direct messages;")
                + " save it now: a file in a private reply is gone once Discord reloads.";
    }

    private static String megabytes(int bytes) {
        return String.format(java.util.Locale.ROOT, "%.1f MB", bytes / (1024.0 * 1024.0));
    }

    /** Names the person's id, which whoever runs the bot needs to write the file for them. */
    public String exportTooLarge(String personId) {
        return "Your export is larger than Discord lets a bot send, even zipped, so nothing was sent. Whoever runs "
                + "Loopkeeper can write it to a file for you with `java -jar loopkeeper.jar export " + personId
                + " <file>` and hand it to you; your data stays as it is meanwhile.";
    }

    public String importTooLarge(long bytes) {
        return "That file is " + bytes / (1024 * 1024) + " MB; an import reads at most "
                + DataService.MAX_IMPORT_BYTES / (1024 * 1024) + " MB. Nothing was imported.";
    }

    public String confirmationExpired(java.time.Duration valid) {
        return "This question was asked over " + valid.toMinutes() + " minutes ago; nothing was deleted. Run /forget-me again if you "
                + "still want to.";
    }

    /**
     * A confirmation asked before the bot restarted: whether it was used already is not known any more, so it deletes
     * nothing and the person asks again.
     */
    public String confirmationFromBeforeARestart() {
        return "This question was asked before Loopkeeper restarted, and its button stopped working then; nothing was "
                + "deleted. Run /forget-me again if you still want to.";
    }

    /** The same confirmation used again: what there was went at its first use, and nothing since goes with it. */
    public String confirmationUsed() {
        return "You confirmed this already, and everything Loopkeeper kept of yours then was deleted. Nothing more was "
                + "deleted: run /forget-me again if you want what you saved since gone too.";
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
        // Nothing deleted: nothing was there, or another /forget-me question confirmed a moment ago deleted it (the
        // same question's button used again is answered by confirmationUsed).
        String body = counts.isEmpty()
                ? forgotten.anonymised() > 0 ? "Nothing of yours was left to delete, or it was deleted a moment ago."
                        : "Nothing of yours is stored: there was nothing to delete, or it was deleted a moment ago."
                : "Deleted " + counts + ".";
        if (forgotten.anonymised() > 0) {
            body += " " + forgotten.anonymised() + (forgotten.anonymised() == 1 ? " row" : " rows")
                    + " in servers' shared data no longer name you.";
        }
        if (forgotten.postedInServers() > 0) {
            // Discord's messages, not rows: deleting the delivery queue does not take them out of the channel.
            body += " " + (forgotten.postedInServers() == 1 ? "1 message for you was" : forgotten.postedInServers()
                    + " messages for you were") + " posted in a server's channel while your direct messages were "
                    + "closed; those stay on Discord (a moderator of that server can delete them).";
        }
        return body + " Loopkeeper keeps nothing else of yours.";
    }

    /**
     * What an import did. An open loop of the file merged into one of the person's is named when the import brought
     * anything; when it brought nothing (the same file again), it is counted with what is already here.
     */
    public String imported(DataService.Imported imported) {
        String notRestored = counts(imported.notRestored());
        // A file's "me too" marks point at loops of servers' lots, which an import cannot vouch for: the person says
        // them again. Unsaid, they were gone without a word after /forget-me and an import.
        String unsaid = notRestored.isEmpty() ? "" : " Not restored: " + notRestored + " (marks on servers' shared "
                + "loops, which an import cannot bring back); press Me too again on the group's posts.";
        return (importedRows(imported) + unsaid).strip();
    }

    private static String importedRows(DataService.Imported imported) {
        String added = counts(imported.added());
        boolean brought = !added.isEmpty() || imported.merged().stream().anyMatch(DataService.Merge::noted);
        if (!brought) {
            Map<String, Integer> here = new LinkedHashMap<>(imported.alreadyHere());
            if (!imported.merged().isEmpty()) {
                here.merge("open_loop", imported.merged().size(), Integer::sum);
            }
            String counted = counts(here);
            return counted.isEmpty() ? "That export holds nothing to import."
                    : "Everything in that export is already here (" + counted + "); nothing was added.";
        }
        String here = counts(imported.alreadyHere());
        String said = (added.isEmpty() ? "" : "Imported " + added + ".")
                + (here.isEmpty() ? "" : " Already here, left as they are: " + here + ".")
                + merged(imported.merged());
        return said.strip();
    }

    /** How many merged loops the summary names; the rest are counted. */
    static final int MERGES_NAMED = 5;

    /**
     * The file's open loops that had the concept of one of the person's open loops: one loop per concept, as a park of
     * the same concept keeps it. At most {@link #MERGES_NAMED} named, each shortened, so the line fits a reply.
     */
    private static String merged(List<DataService.Merge> merges) {
        if (merges.isEmpty()) {
            return "";
        }
        String named = merges.stream().limit(MERGES_NAMED)
                .map(m -> "\"" + UserText.escapeMarkdown(UserText.shorten(m.concept(), 60)) + "\" into #" + m.into())
                .collect(Collectors.joining(", "));
        int more = merges.size() - MERGES_NAMED;
        boolean one = merges.size() == 1;
        return " " + merges.size() + (one ? " open loop" : " open loops") + " in the file "
                + (one ? "has" : "have") + " the concept of a loop you have open, so " + (one ? "it was" : "they were")
                + " merged into it as parking it again would be, " + "keeping "
                + (one ? "its" : "their") + " why, notes, phases and reflections there: " + named
                + (more > 0 ? " and " + more + " more" : "") + ".";
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
                .filter(name -> !PersonalData.BOOKKEEPING.contains(name) && perTable.getOrDefault(name, 0) > 0)
                .map(name -> {
                    int n = perTable.get(name);
                    String[] words = NAMES.getOrDefault(name, new String[] {name + " row", name + " rows"});
                    return n + " " + (n == 1 ? words[0] : words[1]);
                })
                .collect(Collectors.joining(", "));
    }
}
