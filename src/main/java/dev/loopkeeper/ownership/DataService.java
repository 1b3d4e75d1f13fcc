package dev.loopkeeper.ownership;

import com.fasterxml.jackson.databind.JsonNode;
import dev.loopkeeper.common.InvalidInputException;
import dev.loopkeeper.common.UserText;
import dev.loopkeeper.focus.Focus;
import dev.loopkeeper.focus.FocusLimits;
import dev.loopkeeper.focus.FocusSource;
import dev.loopkeeper.focus.FocusStore;
import dev.loopkeeper.loop.LoopLimits;
import dev.loopkeeper.loop.LoopStatus;
import dev.loopkeeper.loop.LoopStore;
import dev.loopkeeper.loop.OpenLoop;
import dev.loopkeeper.loop.Origin;
import dev.loopkeeper.loop.Outcome;
import dev.loopkeeper.loop.Phase;
import dev.loopkeeper.loop.Triage;
import dev.loopkeeper.nudge.NudgeService;
import dev.loopkeeper.nudge.WeeklySlot;
import dev.loopkeeper.ownership.PersonalTable.Handling;
import dev.loopkeeper.poll.TriagePoll;
import dev.loopkeeper.reminder.ReminderPolicy;
import dev.loopkeeper.settings.PersonSettings;
import dev.loopkeeper.settings.SettingsService;
import dev.loopkeeper.settings.SettingsStore;
import dev.loopkeeper.storage.Database;
import dev.loopkeeper.storage.SqlSession;
import dev.loopkeeper.storage.SqlSession.Column;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import java.util.stream.Collectors;

/**
 * A person's data, whole: {@link #export} reads it in one transaction, {@link #importJson} restores a JSON export in
 * one (all or nothing; a row already here is left as it is, and an open loop whose concept is open here already is
 * merged into that loop, so a second import adds nothing and one concept keeps one open loop), and {@link #forget}
 * deletes it in one. Tables come from {@link PersonalData}; what a row means is each feature's business.
 */
public final class DataService {
    /** The largest file an import reads: far above 5,000 loops with their notes. */
    public static final int MAX_IMPORT_BYTES = 20 * 1024 * 1024;
    /** Any one imported text longer than this is refused, whatever its column. */
    private static final int MAX_TEXT = 10_000;
    private static final Set<String> LOOP_STATUSES = Arrays.stream(LoopStatus.values()).map(LoopStatus::db)
            .collect(Collectors.toSet());
    private static final Set<String> OUTCOMES = Arrays.stream(Outcome.values()).map(Outcome::db)
            .collect(Collectors.toSet());
    private static final Set<String> PHASES = Arrays.stream(Phase.values()).map(Phase::db).collect(Collectors.toSet());
    /** Columns that say when something happened, never later than now. */
    private static final List<String> PAST_TIMES = List.of("created_at", "updated_at", "closed_at", "started_at",
            "decided_at", "phase_since");

    private final Database database;
    private final DataStore store;
    private final LoopStore loops;
    private final FocusStore focusStore = new FocusStore();
    private final Clock clock;
    private final int maxOpenLoops;
    private final Consumer<String> afterImport;
    private final Consumer<String> afterForget;
    private final SettingsStore settings = new SettingsStore();
    private final List<SettingsService.ZoneListener> zoneListeners = new CopyOnWriteArrayList<>();

    /**
     * @param afterImport given the person after an import commits: their loops need vectors computed again (the
     *                    composition root schedules that in the background, so the answer does not wait for it)
     * @param afterForget given the person after they are forgotten: drop what memory holds of them
     */
    public DataService(Database database, DataStore store, LoopStore loops, Clock clock, int maxOpenLoops,
            Consumer<String> afterImport, Consumer<String> afterForget) {
        this.database = database;
        this.store = store;
        this.loops = loops;
        this.clock = clock;
        this.maxOpenLoops = maxOpenLoops;
        this.afterImport = afterImport;
        this.afterForget = afterForget;
    }

    /**
     * Told, inside an import's transaction, the zone a person keeps here when the import brought a weekly nudge: a
     * person has one zone (quiet hours and the nudge read it), and what is here is left as it is, so the file's nudge
     * keeps its weekday and time in that zone, as it does when /focus quiet changes the zone.
     */
    public void onZoneKept(SettingsService.ZoneListener listener) {
        zoneListeners.add(listener);
    }

    public Export export(String personId) {
        return database.inTransaction(sql -> {
            Map<String, List<Map<String, Object>>> tables = new LinkedHashMap<>();
            for (PersonalTable table : PersonalData.TABLES) {
                if (!table.exported()) {
                    continue;
                }
                List<Map<String, Object>> rows = store.rows(sql, table, personId);
                rows.forEach(row -> row.keySet().removeAll(table.recomputed()));
                tables.put(table.name(), rows);
            }
            // A "me too" row holds a loop's id alone: its concept and server are read, so the file says which loop.
            List<Long> marked = tables.getOrDefault("loop_interest", List.of()).stream()
                    .map(row -> ((Number) row.get("loop_id")).longValue()).toList();
            Map<Long, OpenLoop> shared = new HashMap<>();
            loops.sharedLoops(sql, marked).forEach(loop -> shared.put(loop.id(), loop));
            return new Export(personId, clock.instant(), schema(sql), tables, shared);
        });
    }

    public byte[] write(Export export, ExportFormat format) {
        return switch (format) {
            case JSON -> ExportJson.write(export);
            case MARKDOWN -> ExportMarkdown.write(export);
            case CSV -> ExportCsv.write(export);
        };
    }

    /**
     * What an import added and what it found already here, per table, and the open loops of the file that were merged
     * into an open loop of the person's with the same concept (they are counted in neither map).
     */
    public record Imported(Map<String, Integer> added, Map<String, Integer> alreadyHere, List<Merge> merged,
            Map<String, Integer> notRestored) {
        public Imported {
            merged = List.copyOf(merged);
            notRestored = Map.copyOf(notRestored);
        }

        /** An import of rows an export carries for the person to read only, none of them. */
        public Imported(Map<String, Integer> added, Map<String, Integer> alreadyHere, List<Merge> merged) {
            this(added, alreadyHere, merged, Map.of());
        }

        public int addedTotal() {
            return added.values().stream().mapToInt(Integer::intValue).sum();
        }
    }

    /**
     * An open loop of the file whose concept (ignoring case and spacing) is one the person has open already: no second
     * loop is made; the file's loop is merged into {@code into}, as parking the concept again would.
     *
     * @param concept   the file's loop's concept
     * @param into      the person's open loop with that concept
     * @param intoConcept its concept as the person wrote it
     * @param noted     whether the file's loop brought a why or source the loop did not hold, now a note of it
     */
    public record Merge(String concept, long into, String intoConcept, boolean noted) {
    }

    /**
     * Restores a JSON export for {@code personId} (whoever exported it: the rows become the importer's), or the zip a
     * large one was sent in. An open loop
     * whose concept the person has open already (one not in the file, or an earlier one of the file) is merged into
     * that loop rather than made a second time, the way a park of the same concept is: its why and source become a note
     * of the loop when the loop does not hold them yet, and every row of the file that hangs off it (notes, phase
     * changes, reflections, reminder outcomes, feedback, polls) hangs off that loop; the loop's own triage (unless it
     * has none, when it takes the file's), status and dates stay as they are. An active focus item the person has
     * active already (the same text and source) is that item, not a second one. Closed and archived loops are
     * restored as they are. Refuses, and changes nothing,
     * for a file that is not an export, a newer version, an unknown table or column, a value of the wrong kind, a loop
     * over the limits, or more open loops (or active focus items) than a person may keep.
     */
    public Imported importJson(String personId, byte[] file) {
        if (file.length > MAX_IMPORT_BYTES) {
            throw new InvalidInputException("That file is " + (file.length / (1024 * 1024)) + " MB; an import reads at "
                    + "most " + MAX_IMPORT_BYTES / (1024 * 1024) + " MB. Nothing was imported.");
        }
        // A large export reaches the person zipped, and is taken back as it came.
        JsonNode root = ExportJson.read(ExportZip.isZip(file) ? ExportZip.unzip(file, MAX_IMPORT_BYTES) : file);
        if (!Export.FORMAT.equals(root.path("format").asText())) {
            throw new InvalidInputException("That file is not a Loopkeeper export (it has no \"format\": \""
                    + Export.FORMAT + "\"). Export one with /export format:json. Nothing was imported.");
        }
        if (!root.path("version").isInt()) {
            throw new InvalidInputException("That export has no version number (\"version\": 1 in an export this "
                    + "Loopkeeper wrote), so I can't tell how to read it. Nothing was imported.");
        }
        int version = root.path("version").asInt(-1);
        if (version < 1 || version > Export.VERSION) {
            throw new InvalidInputException("That export is version " + root.path("version").asText("?") + "; this "
                    + "Loopkeeper reads version " + Export.VERSION + " and older. Nothing was imported.");
        }
        JsonNode tables = root.path("tables");
        if (!tables.isObject()) {
            throw new InvalidInputException("That export has no \"tables\" object. Nothing was imported.");
        }
        String unknown = unknownBecause(root.path("schema"));
        for (Iterator<String> names = tables.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            if (PersonalData.TABLES.stream().noneMatch(t -> t.name().equals(name))) {
                throw new InvalidInputException("That export has a table this Loopkeeper does not know, \""
                        + UserText.shorten(name, 60) + "\"" + unknown + " Nothing was imported.");
            }
        }
        Imported imported = database.inTransaction(sql -> restore(sql, personId, tables, unknown));
        afterImport.accept(personId);
        return imported;
    }

    /**
     * Why a file holds a table or field this Loopkeeper does not know, from the database version the file names: a newer
     * Loopkeeper's (the export's format version moves only when old files would be read wrongly, so a new column leaves
     * it as it is), which a person cannot fix by editing the file, or else an edit. Said only as "does not know", a
     * person moving back from a newer instance had nothing to go on.
     */
    private static String unknownBecause(JsonNode schema) {
        int version;
        try {
            version = Integer.parseInt(schema.asText(""));
        } catch (NumberFormatException e) {
            return ".";
        }
        if (version <= Database.SCHEMA_VERSION) {
            return " (no export of this version or an older one has it: was the file edited?).";
        }
        return ": the file comes from a newer Loopkeeper (its database at version " + version + ", this one at "
                + Database.SCHEMA_VERSION + "). Import it into a Loopkeeper as new as that one, or ask whoever runs this "
                + "one to update it.";
    }

    /** Whether the database holds a row with this file row's key, the person's id in their own columns. */
    private static boolean holdsAlready(SqlSession sql, PersonalTable table, JsonNode row, String personId)
            throws SQLException {
        List<Object> values = new ArrayList<>();
        for (String column : table.key()) {
            JsonNode value = row.path(column);
            values.add(table.owners().contains(column) ? personId : value.isNumber() ? value.asLong() : value.asText());
        }
        // Fixed table and column names from PersonalData, never the file's.
        return sql.queryOne("SELECT 1 FROM " + table.name() + " WHERE " + table.key().stream()
                .map(column -> column + " = ?").collect(Collectors.joining(" AND ")), r -> true, values.toArray())
                .isPresent();
    }

    private Imported restore(SqlSession sql, String personId, JsonNode tables, String unknown) throws SQLException {
        long openBefore = loops.countOpen(sql, personId);
        Map<String, Map<Long, Long>> ids = new HashMap<>();
        Map<String, Integer> added = new LinkedHashMap<>();
        Map<String, Integer> alreadyHere = new LinkedHashMap<>();
        List<Merge> merged = new ArrayList<>();
        Map<String, Integer> notRestored = new LinkedHashMap<>();
        for (PersonalTable table : PersonalData.TABLES) {
            JsonNode rows = tables.path(table.name());
            if (table.handling() == Handling.EXPORTED && rows.isArray()) {
                // Carried for the person to read ("me too" marks on servers' loops): not restored, and said so, but
                // for those the person holds here already (their own file imported again).
                int missing = 0;
                for (JsonNode row : rows) {
                    missing += row.isObject() && holdsAlready(sql, table, row, personId) ? 0 : 1;
                }
                if (missing > 0) {
                    notRestored.put(table.name(), missing);
                }
            }
            if (table.handling() != Handling.PORTABLE || rows.isMissingNode() || rows.isNull()) {
                continue;
            }
            if (!rows.isArray()) {
                throw new InvalidInputException("In that export, \"" + table.name() + "\" is not a list. "
                        + "Nothing was imported.");
            }
            Map<String, Column> columns = store.columns(sql, table.name()).stream()
                    .collect(Collectors.toMap(Column::name, c -> c, (a, b) -> a, LinkedHashMap::new));
            Map<Long, Long> tableIds = ids.computeIfAbsent(table.name(), n -> new HashMap<>());
            int position = 0;
            for (JsonNode row : rows) {
                position++;
                String where = table.name() + " #" + position;
                if (!row.isObject()) {
                    throw new InvalidInputException(where + " is not an object. Nothing was imported.");
                }
                if (row.has("id") && tableIds.containsKey(row.get("id").asLong())) {
                    // Rows of other tables point at it by this number: two rows with it leave which one unknown.
                    throw new InvalidInputException(where + " has the id " + row.get("id").asLong() + ", as an earlier "
                            + table.name() + " row has; each row's id is its own. Nothing was imported.");
                }
                Map<String, Object> values = values(table, columns, row, personId, ids, where, unknown);
                check(table.name(), values, where);
                notInTheFuture(values, where);
                if (table.name().equals("open_loop") && LoopStatus.OPEN.db().equals(values.get("status"))) {
                    // Open, not opened: no phase (an older version left one on a reopened loop; its history stays in
                    // loop_phase).
                    values.put("phase", null);
                    values.put("phase_since", null);
                }
                var existing = store.existing(sql, table, values);
                if (existing.isEmpty()) {
                    existing = activeFocusWithSameText(sql, table, personId, values);
                }
                long id;
                Optional<OpenLoop> same = existing.isPresent() ? Optional.empty() : openWithSameConcept(sql, table,
                        personId, values);
                if (existing.isPresent()) {
                    id = existing.get();
                    alreadyHere.merge(table.name(), 1, Integer::sum);
                } else if (same.isPresent()) {
                    id = same.get().id();
                    merged.add(mergeInto(sql, same.get(), values));
                } else {
                    id = insert(sql, table, columns, values, where);
                    added.merge(table.name(), 1, Integer::sum);
                }
                if (row.has("id")) {
                    tableIds.put(row.get("id").asLong(), id);
                }
            }
        }
        if (added.containsKey("nudge_schedule")) {
            // Its zone was the file's: with settings kept here in another zone, quiet hours read one zone and the nudge
            // another ("Sundays at 18:00 (Europe/Berlin)" for someone in New York).
            Optional<java.time.ZoneId> zone = settings.person(sql, personId).givenZone();
            if (zone.isPresent()) {
                for (SettingsService.ZoneListener listener : zoneListeners) {
                    listener.zoneChanged(sql, personId, zone.get());
                }
            }
        }
        long open = loops.countOpen(sql, personId);
        if (open > maxOpenLoops) {
            throw new InvalidInputException(overOpenLimit(open, openBefore));
        }
        List<Focus> focus = focusStore.active(sql, personId, clock.instant());
        if (!FocusLimits.withinLimit(focus.stream().map(Focus::source).toList())) {
            throw new InvalidInputException("With that file you would have " + focus.size() + " active focus items; a "
                    + "person may have " + FocusLimits.MAX_ACTIVE + " (and one work-log note and one thread title "
                    + "besides). Clear some with /focus clear first, or import a smaller export. Nothing was imported.");
        }
        return new Imported(added, alreadyHere, merged, notRestored);
    }

    /**
     * The refusal of an import that would pass the open-loop limit, with the step that gets it through: closing loops
     * here when the person has enough open to make room, or else (the file alone is over it) where the file came from.
     */
    private String overOpenLimit(long open, long openBefore) {
        long over = open - maxOpenLoops;
        String fix = openBefore >= over
                ? "Close or let go of at least " + over + " of your open loops here (/close), then import the file again."
                : "That file alone holds more than that: close some loops where you exported it, export again and "
                        + "import the new file.";
        return "With that file you would have " + open + " open loops; a person may keep " + maxOpenLoops + ". " + fix
                + " Nothing was imported.";
    }

    /**
     * For an active focus item of the file, the person's active item with the same text (ignoring case and spacing) and
     * source, if any: the one item it already is, as setting the same focus again refreshes it rather than adds a copy.
     */
    private Optional<Long> activeFocusWithSameText(SqlSession sql, PersonalTable table, String personId,
            Map<String, Object> values) throws SQLException {
        Instant now = clock.instant();
        boolean active = values.get("cleared_at") == null
                && !(values.get("expires_at") instanceof Long expires && expires <= now.toEpochMilli());
        if (!table.name().equals("focus") || !active || !(values.get("text") instanceof String text)) {
            return Optional.empty();
        }
        String source = values.get("source") instanceof String given ? given : FocusSource.COMMAND.db();
        return focusStore.active(sql, personId, now).stream()
                .filter(f -> f.source().db().equals(source) && UserText.key(f.text()).equals(UserText.key(text)))
                .map(Focus::id).findFirst();
    }

    /** For an open loop of the file, the person's open loop with the same concept key, if any. */
    private Optional<OpenLoop> openWithSameConcept(SqlSession sql, PersonalTable table, String personId,
            Map<String, Object> values) throws SQLException {
        if (!table.name().equals("open_loop")) {
            return Optional.empty();
        }
        // A loop without a status is stored with the column's default, open.
        Object status = values.getOrDefault("status", LoopStatus.OPEN.db());
        if (LoopStatus.OPEN_STATUSES.stream().noneMatch(s -> s.db().equals(status))) {
            return Optional.empty();
        }
        return loops.findOpenByKey(sql, personId, (String) values.get("concept_key"));
    }

    /**
     * The file's loop kept as part of {@code loop}: what it brings that the loop does not hold (its why, its source)
     * becomes a note dated when the file's loop was made, as a park of the same concept adds one. Nothing the loop
     * holds already is stored twice, so a second import of the file adds nothing.
     */
    private Merge mergeInto(SqlSession sql, OpenLoop loop, Map<String, Object> values) throws SQLException {
        String concept = (String) values.get("concept");
        String why = values.get("why") instanceof String text && !text.isBlank() ? text : null;
        Origin origin = new Origin(text(values, "origin_guild_id"), text(values, "origin_channel_id"),
                text(values, "origin_message_url"), text(values, "origin_excerpt"));
        Instant at = values.get("created_at") instanceof Long millis ? Instant.ofEpochMilli(millis) : clock.instant();
        // Where the file's why was typed is the file's word (none in a file from before V35: not known).
        boolean noted = loops.noteWhatIsNew(sql, loop, concept, why, origin, text(values, "why_guild_id"), at,
                clock.instant()).isPresent();
        // The loop's own class stays; one never triaged here takes the file's, which fills a gap and changes nothing.
        Optional<Triage> triage = values.get("triage") instanceof String given ? Triage.parse(given) : Optional.empty();
        if (loop.triage() == Triage.UNTRIAGED && triage.filter(t -> t != Triage.UNTRIAGED).isPresent()) {
            loops.setTriage(sql, loop.ownerId(), loop.id(), triage.get(), clock.instant());
        }
        // The file's loop was opened and this one not: the work goes on here, where it stood (its phase rows follow
        // with the file's loop_phase table, which lands on this loop).
        Optional<Phase> phase = values.get("phase") instanceof String given ? Phase.parse(given) : Optional.empty();
        if (loop.phase() == null && phase.isPresent() && values.get("phase_since") instanceof Long since) {
            loops.takePhase(sql, loop.ownerId(), loop.id(), phase.get(), Instant.ofEpochMilli(since), clock.instant());
        }
        return new Merge(concept, loop.id(), loop.concept(), noted);
    }

    private static String text(Map<String, Object> values, String column) {
        return values.get(column) instanceof String text ? text : null;
    }

    private long insert(SqlSession sql, PersonalTable table, Map<String, Column> columns, Map<String, Object> values,
            String where) {
        try {
            return store.insert(sql, table, values);
        } catch (SQLException e) {
            String reason = e.getMessage() == null ? "" : e.getMessage().lines().findFirst().orElse("");
            // A field the row needs, left out of the file (by a hand edit): named as the file names it, not in the
            // database's words ("[SQLITE_CONSTRAINT_NOTNULL] A NOT NULL constraint failed (...)").
            List<String> missing = columns.values().stream()
                    .filter(c -> !c.nullable() && !values.containsKey(c.name()) && reason.contains(c.name()))
                    .map(Column::name).toList();
            if (!missing.isEmpty()) {
                throw new InvalidInputException(where + " has no " + String.join(" or ", missing) + ", which every "
                        + table.name() + " row needs (an export writes it). Nothing was imported.");
            }
            throw new InvalidInputException(where + " cannot be stored (" + UserText.shorten(reason, 160)
                    + "). Nothing was imported.");
        }
    }

    /** The row's values as the table stores them: owners made the importer, links remapped, kinds checked. */
    private static Map<String, Object> values(PersonalTable table, Map<String, Column> columns, JsonNode row,
            String personId, Map<String, Map<Long, Long>> ids, String where, String unknown) {
        Map<String, Object> values = new LinkedHashMap<>();
        for (Map.Entry<String, JsonNode> field : row.properties()) {
            String name = field.getKey();
            if (name.equals("id") || table.recomputed().contains(name)) {
                continue;
            }
            Column column = columns.get(name);
            if (column == null) {
                throw new InvalidInputException(where + " has a field this Loopkeeper does not know, \""
                        + UserText.shorten(name, 60) + "\"" + unknown + " Nothing was imported.");
            }
            JsonNode value = field.getValue();
            if (table.owners().contains(name)) {
                values.put(name, value.isNull() ? null : personId);
            } else if (table.links().containsKey(name)) {
                values.put(name, link(table.links().get(name), value, ids, where + "'s " + name));
            } else {
                values.put(name, convert(column, value, where + "'s " + name));
            }
        }
        // The file's id in an owner's column is replaced by the importer's anyway: a row that does not name its owner (a
        // person who took their id out of the file before moving it) is theirs all the same. It was refused with the
        // database's "NOT NULL constraint failed: open_loop.owner_id".
        for (String owner : table.owners()) {
            Column column = columns.get(owner);
            if (column != null && !column.nullable() && !values.containsKey(owner)) {
                values.put(owner, personId);
            }
        }
        return values;
    }

    private static Long link(String target, JsonNode value, Map<String, Map<Long, Long>> ids, String where) {
        if (value.isNull()) {
            return null;
        }
        Long mapped = ids.getOrDefault(target, Map.of()).get(value.asLong());
        if (!value.isIntegralNumber() || mapped == null) {
            throw new InvalidInputException(where + " points at " + target + " " + UserText.shorten(value.asText(), 40)
                    + ", which is not in the file. Nothing was imported.");
        }
        return mapped;
    }

    private static Object convert(Column column, JsonNode value, String where) {
        if (value.isNull()) {
            return null;
        }
        String type = column.type();
        if (type.contains("BLOB") || type.contains("BYTEA")) {
            try {
                return Base64.getDecoder().decode(value.textValue() == null ? "!" : value.textValue());
            } catch (IllegalArgumentException e) {
                throw wrongKind(where, "Base64 bytes");
            }
        }
        if (type.contains("INT")) {
            if (value.isIntegralNumber()) {
                return value.longValue();
            }
            if (value.isTextual() && ExportJson.isTime(column.name())) {
                try {
                    return Instant.parse(value.textValue()).toEpochMilli();
                } catch (DateTimeParseException e) {
                    throw wrongKind(where, "a time such as 2026-11-30T07:30:00Z");
                }
            }
            throw wrongKind(where, "a whole number");
        }
        if (type.contains("DOUBLE") || type.contains("REAL") || type.contains("FLOAT") || type.contains("NUMERIC")) {
            if (value.isNumber()) {
                return value.doubleValue();
            }
            throw wrongKind(where, "a number");
        }
        if (!value.isTextual()) {
            throw wrongKind(where, "text");
        }
        if (value.textValue().length() > MAX_TEXT) {
            throw new InvalidInputException(where + " is longer than " + MAX_TEXT + " characters. Nothing was imported.");
        }
        // As typed text is: no direction override comes in to turn a line of a list around, no control character to
        // reach a terminal.
        return UserText.asSaved(value.textValue());
    }

    private static InvalidInputException wrongKind(String where, String expected) {
        return new InvalidInputException(where + " should be " + expected + ". Nothing was imported.");
    }

    /** What each feature's own commands would refuse, refused here too: an import is not a way around the limits. */
    private static void check(String table, Map<String, Object> values, String where) {
        switch (table) {
            case "open_loop" -> {
                String concept = values.get("concept") instanceof String s ? UserText.singleLine(s) : "";
                if (concept.isBlank() || UserText.length(concept) > LoopLimits.MAX_CONCEPT) {
                    throw new InvalidInputException(where + " needs a concept of 1 to " + LoopLimits.MAX_CONCEPT
                            + " characters. Nothing was imported.");
                }
                limit(values, "why", LoopLimits.MAX_WHY, where);
                oneLine(values, "takeaway");
                limit(values, "takeaway", LoopLimits.MAX_TAKEAWAY, where);
                values.put("concept", concept);
                values.put("concept_key", UserText.key(concept));
                if (values.containsKey("scope") && !"personal".equals(values.get("scope"))) {
                    throw new InvalidInputException(where + " is a server's loop; an import restores your own loops "
                            + "only. Nothing was imported.");
                }
                oneOf(values, "status", LOOP_STATUSES, where);
                oneOf(values, "triage", Arrays.stream(Triage.values()).map(Triage::db).collect(Collectors.toSet()),
                        where);
                oneOf(values, "outcome", OUTCOMES, where);
                oneOf(values, "phase", PHASES, where);
            }
            // Each stored name below is read back as its kind (Phase.fromDb and the like): one this version does not
            // know had every later command of the person fail, until /forget-me.
            // A note's why, a build and a reflection are held to what their commands take, as a loop's why is: a file
            // edited to hold 9,000 characters in one was stored whole, the only way past /park's 1,000.
            case "loop_note" -> {
                oneOf(values, "outcome", OUTCOMES, where);
                oneLine(values, "takeaway");
                limit(values, "why", LoopLimits.MAX_WHY, where);
                limit(values, "takeaway", LoopLimits.MAX_TAKEAWAY, where);
            }
            case "loop_phase" -> {
                if (values.get("phase") == null) {
                    throw new InvalidInputException(where + " has no phase. Nothing was imported.");
                }
                oneOf(values, "phase", PHASES, where);
                oneLine(values, "note");
                limit(values, "note", LoopLimits.MAX_BUILT, where);
            }
            case "reflection" -> limit(values, "answer", NudgeService.MAX_REFLECTION, where);
            case "triage_poll" -> oneOf(values, "status", Arrays.stream(TriagePoll.Status.values())
                    .map(TriagePoll.Status::db).collect(Collectors.toSet()), where);
            case "nudge_schedule" -> readable(where, "a weekly nudge", () -> {
                WeeklySlot.stored(((Number) values.get("weekday")).intValue(), (String) values.get("local_time"),
                        (String) values.get("zone"));
                if (values.get("slot_local") != null) {
                    java.time.LocalDateTime.parse((String) values.get("slot_local"));
                }
            });
            case "person_settings" -> {
                readable(where, "settings", () -> {
                    if (values.get("zone") != null) {
                        PersonSettings.zone((String) values.get("zone"));
                    }
                    for (String time : new String[] {"quiet_from", "quiet_to"}) {
                        if (values.get(time) != null) {
                            java.time.LocalTime.parse((String) values.get(time));
                        }
                    }
                });
                if (values.get("quiet_off") instanceof Number off && off.intValue() != 0 && off.intValue() != 1) {
                    throw new InvalidInputException(where + "'s quiet_off is " + off + "; it should be 0 (quiet hours "
                            + "on) or 1 (off, kept for /focus quiet state:on). Nothing was imported.");
                }
                // "Not relevant" raises a person's bar by steps up to a cap; a higher one would silence every reminder.
                double offset = values.get("threshold_offset") instanceof Number n ? n.doubleValue() : 0;
                double most = ReminderPolicy.defaults().maxOffset();
                if (offset < 0 || offset > most + 1e-9) {
                    throw new InvalidInputException(where + "'s threshold_offset is " + offset + "; it should be from 0 "
                            + "to " + most + ". Nothing was imported.");
                }
            }
            case "focus" -> {
                // One line, as /focus set keeps it (and as a loop's concept is taken above): a focus of several lines
                // broke every list it was shown in.
                String text = values.get("text") instanceof String s ? UserText.singleLine(s) : "";
                if (text.isEmpty() || UserText.length(text) > FocusLimits.MAX_TEXT) {
                    throw new InvalidInputException(where + " needs a text of 1 to " + FocusLimits.MAX_TEXT
                            + " characters. Nothing was imported.");
                }
                values.put("text", text);
                oneOf(values, "source", Arrays.stream(FocusSource.values()).map(FocusSource::db)
                        .collect(Collectors.toSet()), where);
                // The work-log message a note came from is this database's business: imported elsewhere, or into
                // another person's account, its edit or deletion must not move this copy.
                values.put("origin_id", null);
            }
            default -> {
            }
        }
    }

    /**
     * Refuses a row whose days, times or time zone this version cannot read. Stored, such a row failed later in code
     * that reads everyone's rows: a weekly nudge with the zone "Foo/Bar" stopped the nudge job for every person.
     */
    private static void readable(String where, String what, Runnable read) {
        String why;
        try {
            read.run();
            return;
        } catch (java.time.DateTimeException e) {
            why = e.getMessage();
        } catch (ClassCastException | NullPointerException e) {
            why = "a value missing or of the wrong kind";
        }
        // The reason quotes the value (java.time's "Invalid ID for region-based ZoneId, invalid format: ..."), which a
        // hand-edited file can make thousands of characters long.
        throw new InvalidInputException(where + " is not " + what + " this Loopkeeper can read ("
                + UserText.shorten(why, 160) + "). Nothing was imported.");
    }

    /**
     * Refuses a row dated after tomorrow: when something was parked, closed or changed has happened (a day allows for
     * clocks that differ). A loop "parked in 72 years" ordered every list wrongly.
     */
    private void notInTheFuture(Map<String, Object> values, String where) {
        Instant latest = clock.instant().plus(java.time.Duration.ofDays(1));
        for (String column : PAST_TIMES) {
            if (values.get(column) instanceof Number millis && Instant.ofEpochMilli(millis.longValue()).isAfter(latest)) {
                throw new InvalidInputException(where + "'s " + column + " is " + Instant.ofEpochMilli(millis.longValue())
                        + ", in the future. Nothing was imported.");
            }
        }
    }

    /**
     * A takeaway is one line, as {@code /close} keeps it: one of several lines from a file broke the list it is shown in
     * (its next line stood at the margin, like a loop of its own).
     */
    private static void oneLine(Map<String, Object> values, String column) {
        if (values.get(column) instanceof String text) {
            values.put(column, UserText.singleLine(text));
        }
    }

    private static void limit(Map<String, Object> values, String column, int max, String where) {
        if (values.get(column) instanceof String text && UserText.length(text) > max) {
            throw new InvalidInputException(where + "'s " + column + " is longer than " + max
                    + " characters. Nothing was imported.");
        }
    }

    private static void oneOf(Map<String, Object> values, String column, Set<String> allowed, String where) {
        Object value = values.get(column);
        if (value != null && !allowed.contains(value)) {
            throw new InvalidInputException(where + "'s " + column + " is \"" + UserText.shorten(value.toString(), 40)
                    + "\"; it should be one of " + allowed.stream().sorted().collect(Collectors.joining(", "))
                    + ". Nothing was imported.");
        }
    }

    /**
     * How many rows of each kind forgetting deleted, how many of a server's rows no longer name the person, and how many
     * messages for them had been posted in a server's channel (their direct messages closed), which stay on Discord.
     */
    public record Forgotten(Map<String, Integer> deleted, int anonymised, int postedInServers) {
        public int deletedTotal() {
            return deleted.values().stream().mapToInt(Integer::intValue).sum();
        }
    }

    /**
     * Deletes everything that is the person's, in one transaction: children before parents, and the counters the
     * deletions move (delivery state, loop versions) last. A server's rows that name them keep the row, not the name.
     */
    public Forgotten forget(String personId) {
        Forgotten forgotten = database.inTransaction(sql -> {
            int postedInServers = store.postedInServers(sql, personId);
            List<PersonalTable> order = new ArrayList<>(PersonalData.TABLES);
            java.util.Collections.reverse(order);
            order.sort((a, b) -> Boolean.compare(a.handling() == Handling.INTERNAL, b.handling() == Handling.INTERNAL));
            Map<String, Integer> deleted = new LinkedHashMap<>();
            for (PersonalTable table : order) {
                deleted.put(table.name(), store.delete(sql, table, personId));
            }
            int anonymised = 0;
            for (PersonalData.Anonymised rule : PersonalData.ANONYMISED) {
                anonymised += store.anonymise(sql, rule, personId);
            }
            return new Forgotten(deleted, anonymised, postedInServers);
        });
        database.flushDeleted();
        afterForget.accept(personId);
        return forgotten;
    }

    private static String schema(SqlSession sql) throws SQLException {
        return sql.queryOne("SELECT version FROM flyway_schema_history WHERE success AND version IS NOT NULL "
                + "ORDER BY installed_rank DESC LIMIT 1", r -> r.getString(1)).orElse("?");
    }
}
