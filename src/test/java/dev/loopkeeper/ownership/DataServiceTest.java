package dev.loopkeeper.ownership;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.loopkeeper.Loopkeeper;
import dev.loopkeeper.common.InvalidInputException;
import dev.loopkeeper.common.UserText;
import dev.loopkeeper.focus.Focus;
import dev.loopkeeper.focus.FocusLimits;
import dev.loopkeeper.focus.FocusSource;
import dev.loopkeeper.loop.Actor;
import dev.loopkeeper.loop.LoopFilter;
import dev.loopkeeper.loop.LoopScope;
import dev.loopkeeper.loop.OpenLoop;
import dev.loopkeeper.loop.Origin;
import dev.loopkeeper.loop.Outcome;
import dev.loopkeeper.loop.ParkRequest;
import dev.loopkeeper.loop.ParkResult;
import dev.loopkeeper.loop.Triage;
import dev.loopkeeper.relevance.RelevanceIndex;
import dev.loopkeeper.support.AppTestBase;
import dev.loopkeeper.support.TestApp;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Export, import and forgetting on a real database with the real model: a round trip loses nothing. */
class DataServiceTest extends AppTestBase {
    private static final String ADA = "1000000000000000301";
    private static final String BOB = "1000000000000000302";
    private static final ObjectMapper JSON = new ObjectMapper();

    DataServiceTest() {
        super("2026-03-02T10:00:00Z");
    }

    @BeforeEach
    void open() {
        PersonalDataFixture.use(app, ADA, BOB);
    }

    private byte[] json(String person) {
        return app.data().write(app.data().export(person), ExportFormat.JSON);
    }

    /** The export's tables with what differs between two databases (ids, internal links) left out. */
    private Map<String, List<Map<String, Object>>> comparable(String person) {
        Export export = app.data().export(person);
        Map<String, List<Map<String, Object>>> tables = new LinkedHashMap<>();
        for (PersonalTable table : PersonalData.TABLES) {
            if (table.handling() != PersonalTable.Handling.PORTABLE) {
                continue;
            }
            tables.put(table.name(), export.rows(table.name()).stream().map(row -> {
                Map<String, Object> copy = new LinkedHashMap<>(row);
                copy.remove("id");
                table.links().keySet().forEach(copy::remove);
                copy.replaceAll((column, value) -> value instanceof byte[] bytes ? Base64.getEncoder().encodeToString(bytes)
                        : value);
                return copy;
            }).collect(Collectors.toList()));
        }
        return tables;
    }

    private Map<String, Long> counts() {
        return app.database().read(sql -> {
            Map<String, Long> counts = new LinkedHashMap<>();
            for (PersonalTable table : PersonalData.TABLES) {
                counts.put(table.name(), sql.queryLong("SELECT COUNT(*) FROM " + table.name()));
            }
            return counts;
        });
    }

    @Test
    void theJsonExportIsVersionedAndHoldsEveryExportedTableWithoutVectors() throws Exception {
        JsonNode root = JSON.readTree(json(ADA));
        assertEquals("loopkeeper-export", root.get("format").asText());
        assertEquals(Export.VERSION, root.get("version").asInt());
        assertEquals(ADA, root.get("person").asText());
        for (PersonalTable table : PersonalData.TABLES) {
            assertEquals(table.exported(), root.get("tables").has(table.name()), table.name());
        }
        JsonNode kalman = root.get("tables").get("open_loop").get(0);
        assertEquals("Kalman filter", kalman.get("concept").asText());
        assertEquals("2026-03-02T10:00:00Z", kalman.get("created_at").asText(), "times read as ISO-8601");
        assertFalse(kalman.has("embedding"), "vectors are computed again, not exported");
        JsonNode focus = root.get("tables").get("focus").get(0);
        assertTrue(focus.has("text"), focus.toString());
        // Whether it was decided is this database's bookkeeping: a version before it refused the file for it.
        assertFalse(focus.has("undecided_since"), focus.toString());
        int phased = 0;
        for (JsonNode loop : root.get("tables").get("open_loop")) {
            if (!loop.path("phase_since").isNull() && !loop.path("phase_since").isMissingNode()) {
                assertTrue(loop.get("phase_since").isTextual(), "the phase's date reads as ISO-8601 too: " + loop);
                java.time.Instant.parse(loop.get("phase_since").asText());
                phased++;
            }
        }
        assertTrue(phased > 0, "the fixture has an opened loop");
        JsonNode schedule = root.get("tables").get("nudge_schedule").get(0);
        java.time.Instant.parse(schedule.get("next_run").asText()); // a time whose name does not say so reads as one too
        JsonNode nudge = root.get("tables").get("nudge").get(0);
        assertTrue(java.time.Instant.parse(nudge.get("week_from").asText())
                .isBefore(java.time.Instant.parse(nudge.get("week_to").asText())), nudge.toString());
        assertEquals("again, from the drone project", root.get("tables").get("loop_note").get(0).get("why").asText());
        assertTrue(root.get("tables").get("loop_feedback").get(0).get("work_vector").isTextual(), "feedback's vectors "
                + "are what it learned; they travel as Base64");
    }

    @Test
    void forgettingThenImportingTheExportRestoresEverythingAndASecondImportAddsNothing() {
        Map<String, List<Map<String, Object>>> before = comparable(ADA);
        byte[] file = json(ADA);
        assertEquals(Map.of(), app.data().importJson(ADA, file).notRestored(), "her marks are here: nothing to say");
        app.data().forget(ADA);
        assertTrue(app.loops().list(ADA, new LoopFilter(LoopFilter.Stage.ALL, Optional.empty()), 0, 50).loops()
                .isEmpty());

        DataService.Imported first = app.data().importJson(ADA, file);
        assertEquals(before, comparable(ADA), "a round trip loses nothing");
        assertEquals(2, first.added().get("open_loop"));
        // Her "me too" marks on the server's loops are in the file for her to read, not brought back: the answer says so.
        assertEquals(Map.of("loop_interest", 2), first.notRestored());
        String said = new OwnershipMessages().imported(first);
        assertTrue(said.startsWith("Imported 2 loops, ") && said.endsWith(" Not restored: 2 \"me too\"s (marks on "
                + "servers' shared loops, which an import cannot bring back); press Me too again on the group's posts."),
                said);
        Map<String, Long> counts = counts();

        DataService.Imported second = app.data().importJson(ADA, file);
        assertEquals(0, second.addedTotal(), second.toString());
        assertEquals(counts, counts(), "importing the same file twice duplicates nothing");
        String again = new OwnershipMessages().imported(second);
        assertTrue(again.startsWith("Everything in that export is already here (2 loops, 1 note, 2 phase changes, "
                + "1 focus item, 1 reminder, 1 loop shown in a reminder,"), again);
        assertTrue(again.contains(", 1 reflection, ") && again.endsWith("); nothing was added. Not restored: 2 "
                + "\"me too\"s (marks on servers' shared loops, which an import cannot bring back); press Me too again on "
                + "the group's posts."), again);
    }

    /**
     * A forgotten person's loop ids outlive them (a printed {@code /remind loop:N}, a button): the next loop parked,
     * anyone's, gets an id above every one ever handed out, not the newest forgotten one again (SQLite's V28).
     */
    @Test
    void theNextLoopAfterForgettingTheNewestLoopsGetsAnIdNeverGivenBefore() {
        clock.advance(java.time.Duration.ofMinutes(5));
        OpenLoop bobsNewest = assertInstanceOf(ParkResult.Parked.class, app.loops().park(new ParkRequest(BOB,
                "Vector clocks", "for the replication talk", Origin.none()))).loop();
        long highest = app.database().read(sql -> sql.queryLong("SELECT MAX(id) FROM open_loop"));
        assertEquals(bobsNewest.id(), highest, "Bob's loop is the newest");

        app.data().forget(BOB);
        assertEquals(Optional.empty(), app.loops().find(BOB, bobsNewest.id()));
        OpenLoop next = assertInstanceOf(ParkResult.Parked.class, app.loops().park(new ParkRequest(ADA,
                "Merkle trees", null, Origin.none()))).loop();

        assertTrue(next.id() > highest, "loop #" + next.id() + " after the forgotten #" + highest);
    }

    @Test
    void importedLoopsAreEmbeddedAgainAndMatchLikeParkedOnes() {
        byte[] file = json(ADA);
        app.data().forget(ADA);
        app.data().importJson(BOB, file);
        // In production a background job embeds them right after the import; here the test does it on its thread.
        app.relevance().reembedStale();
        OpenLoop kalman = app.loops().resolve(BOB, "Kalman filter");
        assertEquals(BOB, kalman.ownerId(), "the rows become the importer's");
        List<RelevanceIndex.Candidate> matches = app.relevance().rank(BOB,
                "tracking a drone with a Kalman filter", 0.5, Set.of(), 10);
        assertTrue(matches.stream().anyMatch(c -> c.loopId() == kalman.id()), matches.toString());
    }

    @Test
    void anOpenLoopWhoseConceptIsOpenHereAlreadyIsMergedIntoItAndASecondImportAddsNothing() {
        byte[] file = json(ADA);
        clock.advance(java.time.Duration.ofHours(1));
        OpenLoop mine = assertInstanceOf(ParkResult.Parked.class, app.loops().park(new ParkRequest(BOB,
                "KALMAN   filter", "for the robot", Origin.none()))).loop();

        DataService.Imported first = app.data().importJson(BOB, file);
        assertEquals(List.of(new DataService.Merge("Kalman filter", mine.id(), "KALMAN filter", true)), first.merged());
        assertEquals(1, first.added().get("open_loop"), "the closed B-tree loop is imported as it is: " + first);
        assertEquals(List.of(mine.id()), openIds(BOB), "one open loop per concept, the one Bob had");
        assertEquals(List.of("for the robot"), app.database().read(sql -> sql.query(
                "SELECT why FROM open_loop WHERE id = ?", r -> r.getString(1), mine.id())), "his loop stays his");
        assertEquals(List.of("tracking, with noise|https://discord.com/channels/500/600/700",
                        "again, from the drone project|null"),
                app.database().read(sql -> sql.query("SELECT why, origin_message_url FROM loop_note WHERE loop_id = ? "
                        + "ORDER BY created_at, id", r -> r.getString(1) + "|" + r.getString(2), mine.id())),
                "the file's why and source, and its note, are kept on his loop");
        assertEquals(List.of(mine.id()), app.database().read(sql -> sql.query(
                "SELECT loop_id FROM reflection WHERE owner_id = ?", r -> r.getLong(1), BOB)), "and its reflection");
        String said = new OwnershipMessages().imported(first);
        assertTrue(said.endsWith(" 1 open loop in the file has the concept of a loop you have open, so it was merged "
                + "into it as parking it again would be, keeping its why, notes, phases and reflections there: "
                + "\"Kalman filter\" into #" + mine.id() + ". Not restored: 1 \"me too\" (marks on servers' shared "
                + "loops, which an import cannot bring back); press Me too again on the group's posts."), said);
        Map<String, Long> counts = counts();

        DataService.Imported second = app.data().importJson(BOB, file);
        assertEquals(0, second.addedTotal(), second.toString());
        assertEquals(counts, counts(), "importing the same file twice adds nothing");
        assertEquals(List.of(new DataService.Merge("Kalman filter", mine.id(), "KALMAN filter", false)), second.merged());
        String again = new OwnershipMessages().imported(second);
        assertTrue(again.startsWith("Everything in that export is already here (2 loops, 1 note, "), again);
        // Bob marked one of the two loops himself: only the other is not his.
        assertTrue(again.endsWith("); nothing was added. Not restored: 1 \"me too\" (marks on servers' shared "
                + "loops, which an import cannot bring back); press Me too again on the group's posts."), again);
    }

    /**
     * Where a why was typed (a server's channel shows only those typed in the loop's server) goes through the file: to
     * a loop imported as it is, and to the note a loop merged into one open here leaves. A file that does not say (made
     * before it was kept, or edited) leaves it not known, so no channel shows that why.
     */
    @Test
    void whereAWhyWasTypedGoesThroughTheFileAndAFileThatDoesNotSayLeavesItUnknown() throws Exception {
        ObjectNode file = (ObjectNode) JSON.readTree(json(ADA));
        assertEquals("500", loop(file).get("why_guild_id").asText(), "parked with its why in server 500");
        ObjectNode older = file.deepCopy();
        loop(older).remove("why_guild_id");
        loop(older).put("why", "tracking, as edited somewhere");
        clock.advance(java.time.Duration.ofHours(1));
        OpenLoop mine = assertInstanceOf(ParkResult.Parked.class, app.loops().park(new ParkRequest(BOB,
                "KALMAN   filter", "for the robot", Origin.channel("500", "601")))).loop();

        app.data().importJson(BOB, JSON.writeValueAsBytes(file));
        app.data().importJson(BOB, JSON.writeValueAsBytes(older));
        assertEquals(List.of("for the robot|500", "tracking, with noise|500", "again, from the drone project|null",
                        "tracking, as edited somewhere|null"),
                app.database().read(sql -> sql.query("SELECT why, why_guild_id FROM open_loop WHERE id = ? UNION ALL "
                        + "SELECT why, why_guild_id FROM (SELECT why, why_guild_id, created_at, id FROM loop_note "
                        + "WHERE loop_id = ? AND why IS NOT NULL ORDER BY created_at, id) n",
                        r -> r.getString(1) + "|" + r.getString(2), mine.id(), mine.id())));

        app.data().forget(ADA);
        app.data().importJson(ADA, JSON.writeValueAsBytes(older));
        assertEquals(List.of("tracking, as edited somewhere|null"), app.database().read(sql -> sql.query(
                "SELECT why, why_guild_id FROM open_loop WHERE owner_id = ? AND status = 'open'",
                r -> r.getString(1) + "|" + r.getString(2), ADA)));
        app.data().forget(ADA);
        app.data().importJson(ADA, JSON.writeValueAsBytes(file));
        assertEquals(List.of("tracking, with noise|500"), app.database().read(sql -> sql.query(
                "SELECT why, why_guild_id FROM open_loop WHERE owner_id = ? AND status = 'open'",
                r -> r.getString(1) + "|" + r.getString(2), ADA)));
    }

    @Test
    void aWorkLogNotesMessageIdStaysWithTheDatabaseItCameFrom() {
        app.focus().set(ADA, "today: reading the Raft paper", Optional.of("4h"), FocusSource.WORK_LOG, "500", "600",
                "900000000000000001");
        app.data().importJson(BOB, json(ADA));
        assertEquals(List.of(), app.database().read(sql -> sql.query(
                "SELECT origin_id FROM focus WHERE owner_id = ? AND origin_id IS NOT NULL", r -> r.getString(1), BOB)),
                "Bob's copy is no message's focus");

        app.focus().noteDeleted("900000000000000001");

        assertTrue(app.focus().active(ADA).stream().noneMatch(f -> f.text().equals("today: reading the Raft paper")));
        assertTrue(app.focus().active(BOB).stream().anyMatch(f -> f.text().equals("today: reading the Raft paper")),
                "Ada deleting her message leaves Bob's imported copy");
    }

    @Test
    void aMergedConceptIsNamedInTheImportsAnswerAsTypedNotAsMarkdown() {
        DataService.Imported imported = new DataService.Imported(Map.of("open_loop", 0), Map.of(),
                List.of(new DataService.Merge("`grad` **x", 7, "`grad` **x", true)));

        String said = new OwnershipMessages().imported(imported);

        assertTrue(said.endsWith(": \"\\`grad\\` \\*\\*x\" into #7."), said);
    }

    @Test
    void anImportKeepsOneActiveFocusPerTextAndAMergedLoopTakesTheFilesClassWhenItHadNone() {
        OpenLoop quorum = assertInstanceOf(ParkResult.Parked.class, app.loops().park(new ParkRequest(ADA,
                "quorum intersection", null, Origin.none()))).loop();
        app.triage().classify(ADA, quorum.id(), Triage.CORE);
        app.focus().set(ADA, "implementing Raft in Go", Optional.empty(), FocusSource.COMMAND, null, null);
        byte[] file = json(ADA);
        clock.advance(java.time.Duration.ofMinutes(17));
        OpenLoop bobs = assertInstanceOf(ParkResult.Parked.class, app.loops().park(new ParkRequest(BOB,
                "Quorum  Intersection", null, Origin.none()))).loop();
        app.focus().set(BOB, "IMPLEMENTING raft in go", Optional.of("2d"), FocusSource.COMMAND, null, null);

        app.data().importJson(BOB, file);

        assertEquals(1, app.focus().active(BOB).stream()
                .filter(f -> UserText.key(f.text()).equals(UserText.key("implementing Raft in Go"))).count(),
                "the same active focus is one item, not a copy");
        assertEquals(Triage.CORE, app.loops().find(BOB, bobs.id()).orElseThrow().triage(),
                "his untriaged loop takes the file's class");
    }

    @Test
    void twoOpenLoopsOfOneConceptInOneFileBecomeOneButClosedOnesStayApart() throws Exception {
        ObjectNode file = (ObjectNode) JSON.readTree(json(ADA));
        ArrayNode loops = (ArrayNode) file.get("tables").get("open_loop");
        ObjectNode twin = loop(file).deepCopy().put("id", 999_001).put("concept", "kalman Filter")
                .put("why", "a second why").put("created_at", "2026-03-02T11:00:00Z");
        ObjectNode closed = loop(file).deepCopy().put("id", 999_002).put("status", "closed").put("outcome", "learned")
                .put("closed_at", "2026-03-02T12:00:00Z").put("created_at", "2026-03-02T09:00:00Z");
        loops.add(twin);
        loops.add(closed);
        app.data().forget(ADA);

        DataService.Imported imported = app.data().importJson(ADA, JSON.writeValueAsBytes(file));
        assertEquals(1, imported.merged().size(), imported.toString());
        assertEquals("kalman Filter", imported.merged().get(0).concept());
        assertEquals(3, imported.added().get("open_loop"), "the first Kalman loop, the B-tree one, the closed twin");
        assertEquals(1, openIds(ADA).size(), "one open Kalman filter");
        assertEquals(Long.valueOf(2), app.database().<Long>read(sql -> sql.queryLong("SELECT COUNT(*) FROM open_loop WHERE owner_id = ? "
                + "AND concept_key = 'kalmanfilter'", ADA)), "the closed one is a loop of its own");
        assertTrue(app.database().read(sql -> sql.query("SELECT why FROM loop_note WHERE loop_id = ?",
                r -> r.getString(1), openIds(ADA).get(0))).contains("a second why"));
    }

    @Test
    void theSummaryOfManyMergesNamesFiveShortenedAndFitsAReply() {
        List<DataService.Merge> merges = new java.util.ArrayList<>();
        for (int i = 0; i < 7; i++) {
            merges.add(new DataService.Merge(i + "x".repeat(199), 1_000_000 + i, "y".repeat(200), true));
        }
        String said = new OwnershipMessages().imported(new DataService.Imported(Map.of("loop_note", 3), Map.of(),
                merges));
        assertTrue(said.startsWith("Imported 3 notes. 7 open loops in the file have the concept of a loop you have "
                + "open, so they were merged into it"), said);
        assertTrue(said.endsWith(" into #1000004 and 2 more."), said);
        assertTrue(said.length() < 1000 && !said.contains("x".repeat(60)), said.length() + ": " + said);
    }

    private List<Long> openIds(String person) {
        return app.database().read(sql -> sql.query("SELECT id FROM open_loop WHERE owner_id = ? AND status IN "
                + "('open', 'active') ORDER BY id", r -> r.getLong(1), person));
    }

    @Test
    void aBadFileGetsASpecificMessageAndChangesNothing() throws Exception {
        Map<String, Long> counts = counts();
        ObjectNode good = (ObjectNode) JSON.readTree(json(ADA));
        byte[] markdown = app.data().write(app.data().export(ADA), ExportFormat.MARKDOWN);
        byte[] csv = app.data().write(app.data().export(ADA), ExportFormat.CSV);
        app.data().forget(ADA);
        Map<String, Long> empty = counts();

        assertRefused("That is a Markdown export, for reading elsewhere; an import takes the JSON export "
                + "(/export format:json), which holds everything. Nothing was imported.", markdown);
        assertRefused("That is a CSV export, for reading elsewhere;", csv);

        assertRefused("not valid JSON (line 1, column", "{\"format\": ".getBytes(StandardCharsets.UTF_8));
        assertRefused("not a Loopkeeper export", "{\"hello\": 1}".getBytes(StandardCharsets.UTF_8));
        assertRefused("version 2; this Loopkeeper reads version 1", edit(good, root -> root.put("version", 2)));
        assertRefused("That export has no version number", edit(good, root -> root.remove("version")));
        assertRefused("a table this Loopkeeper does not know, \"secrets\"",
                edit(good, root -> ((ObjectNode) root.get("tables")).putArray("secrets")));
        assertRefused("open_loop #1 has a field this Loopkeeper does not know, \"colour\"",
                edit(good, root -> loop(root).put("colour", "red")));
        assertRefused("open_loop #1's created_at should be a time such as",
                edit(good, root -> loop(root).put("created_at", "yesterday")));
        assertRefused("open_loop #1 needs a concept of 1 to 200 characters",
                edit(good, root -> loop(root).put("concept", "x".repeat(201))));
        assertRefused("open_loop #1's status is \"lost\"", edit(good, root -> loop(root).put("status", "lost")));
        assertRefused("open_loop #1 is a server's loop", edit(good, root -> loop(root).put("scope", "server")));
        assertRefused("loop_note #1's loop_id points at open_loop 999999",
                edit(good, root -> ((ObjectNode) root.get("tables").get("loop_note").get(0)).put("loop_id", 999999)));
        // Days, times and zones it could not read later: a nudge with an unknown zone stopped everyone's nudges.
        assertRefused("nudge_schedule #1 is not a weekly nudge this Loopkeeper can read (Unknown time-zone ID: Foo/Bar)",
                edit(good, root -> ((ObjectNode) root.get("tables").get("nudge_schedule").get(0)).put("zone", "Foo/Bar")));
        assertRefused("nudge_schedule #1 is not a weekly nudge this Loopkeeper can read (Invalid value for DayOfWeek: 9)",
                edit(good, root -> ((ObjectNode) root.get("tables").get("nudge_schedule").get(0)).put("weekday", 9)));
        assertRefused("person_settings #1 is not settings this Loopkeeper can read",
                edit(good, root -> ((ObjectNode) root.get("tables").get("person_settings").get(0))
                        .put("quiet_from", "25:00")));
        // Names read back as their kind, which failed every later command of the person once stored.
        assertRefused("open_loop #1's phase is \"learning\"", edit(good, root -> loop(root).put("phase", "learning")));
        assertRefused("loop_phase #1's phase is \"learning\"", edit(good, root -> row(root, "loop_phase")
                .put("phase", "learning")));
        assertRefused("focus #1's source is \"typed\"", edit(good, root -> row(root, "focus").put("source", "typed")));
        assertRefused("person_settings #1's threshold_offset is 99.0; it should be from 0 to 0.2",
                edit(good, root -> row(root, "person_settings").put("threshold_offset", 99)));
        assertRefused("as an earlier open_loop row has; each row's id is its own", edit(good, root -> {
            var loops = (com.fasterxml.jackson.databind.node.ArrayNode) root.get("tables").get("open_loop");
            loops.add(((ObjectNode) loops.get(0).deepCopy()).put("concept", "another concept"));
        }));
        assertRefused("person_settings #1's quiet_off is 5; it should be 0",
                edit(good, root -> row(root, "person_settings").put("quiet_off", 5)));
        assertRefused("open_loop #1's created_at is 2099-01-01T00:00:00Z, in the future",
                edit(good, root -> loop(root).put("created_at", "2099-01-01T00:00:00Z")));
        assertEquals(empty, counts(), "a refused file changes nothing, not even the rows before the bad one");

        app.data().importJson(ADA, JSON.writeValueAsBytes(good));
        assertEquals(counts.get("open_loop"), counts().get("open_loop"), "the untouched file imports; her server "
                + "loop was never hers to export, it stayed the server's");
    }

    /**
     * A field or table this Loopkeeper does not know says where it came from: a file from a newer Loopkeeper (the
     * schema it names is ahead of this one's), which no edit fixes, or an edit. Both said only "does not know".
     */
    @Test
    void aFieldFromANewerLoopkeeperSaysSoAndOneInAnEditedFileSaysThat() throws Exception {
        ObjectNode good = (ObjectNode) JSON.readTree(json(ADA));
        app.data().forget(ADA);
        int ahead = dev.loopkeeper.storage.Database.SCHEMA_VERSION + 2;

        assertRefused("open_loop #1 has a field this Loopkeeper does not know, \"colour\": the file comes from a newer "
                + "Loopkeeper (its database at version " + ahead + ", this one at "
                + dev.loopkeeper.storage.Database.SCHEMA_VERSION + "). Import it into a Loopkeeper as new as that one",
                edit(good, root -> {
                    root.put("schema", String.valueOf(ahead));
                    loop(root).put("colour", "red");
                }));
        assertRefused("a table this Loopkeeper does not know, \"tags\": the file comes from a newer Loopkeeper",
                edit(good, root -> {
                    root.put("schema", String.valueOf(ahead));
                    ((ObjectNode) root.get("tables")).putArray("tags");
                }));
        assertRefused("open_loop #1 has a field this Loopkeeper does not know, \"colour\" (no export of this version or "
                + "an older one has it: was the file edited?).", edit(good, root -> loop(root).put("colour", "red")));
    }

    /**
     * A row's owner is the importer whatever the file says, so a row that does not name one (the person took their id
     * out before moving the file) is theirs too; a field a row cannot do without, left out, is named. Both were refused
     * in the database's words: "NOT NULL constraint failed: open_loop.owner_id".
     */
    @Test
    void aRowWithoutItsOwnerIsTheImportersAndOneWithoutARequiredFieldNamesIt() throws Exception {
        Map<String, List<Map<String, Object>>> before = comparable(ADA);
        ObjectNode good = (ObjectNode) JSON.readTree(json(ADA));
        app.data().forget(ADA);

        assertRefused("open_loop #1 has no created_at, which every open_loop row needs (an export writes it).",
                edit(good, root -> loop(root).remove("created_at")));
        app.data().importJson(ADA, edit(good, root -> {
            root.remove("person");
            for (JsonNode loop : root.get("tables").get("open_loop")) {
                ((ObjectNode) loop).remove("owner_id");
            }
            row(root, "reflection").remove("owner_id");
        }));
        assertEquals(before, comparable(ADA), "every loop and reflection is hers, as in the file with her id");
    }

    /**
     * A note's why, what was built and a reflection are held to what /park, /progress and Reflect take, as a loop's why
     * already was: edited into a file, 9,000 characters in one were stored whole.
     */
    @Test
    void aNotesWhyABuildAndAReflectionAreHeldToWhatTheirCommandsTake() throws Exception {
        ObjectNode good = (ObjectNode) JSON.readTree(json(ADA));
        app.data().forget(ADA);
        Map<String, Long> empty = counts();

        assertRefused("loop_note #1's why is longer than 1000 characters",
                edit(good, root -> row(root, "loop_note").put("why", "y".repeat(1001))));
        assertRefused("loop_phase #1's note is longer than 300 characters",
                edit(good, root -> row(root, "loop_phase").put("note", "n".repeat(301))));
        assertRefused("reflection #1's answer is longer than 1500 characters",
                edit(good, root -> row(root, "reflection").put("answer", "z".repeat(1501))));
        assertEquals(empty, counts(), "nothing of a refused file is kept");

        app.data().importJson(ADA, edit(good, root -> row(root, "loop_phase").put("note", "a toy\nB-tree")));
        assertEquals(1L, (long) app.database().read(sql -> sql.queryLong("SELECT COUNT(*) FROM loop_phase WHERE note = "
                + "'a toy B-tree'")), "what was built is one line, as /progress keeps it");
    }

    /**
     * A person has one zone: imported where they keep quiet hours in another zone than the file's, the file's weekly
     * nudge keeps its weekday and time in the zone kept here, as /focus quiet moves it. It stayed in the file's zone:
     * "Sundays at 18:00 (Europe/Berlin)" for someone whose quiet hours read New York.
     */
    @Test
    void anImportedWeeklyNudgeTakesTheZoneKeptHere() {
        byte[] file = json(ADA);
        app.data().forget(ADA);
        app.settings().setQuietHours(ADA, "23:00", "06:00", "America/New_York");

        app.data().importJson(ADA, file);

        assertEquals(java.time.ZoneId.of("America/New_York"), app.settings().givenZone(ADA).orElseThrow(),
                "what is here is left as it is");
        var schedule = app.nudges().schedule(ADA).orElseThrow();
        assertEquals(new dev.loopkeeper.nudge.WeeklySlot(java.time.DayOfWeek.SUNDAY, java.time.LocalTime.of(18, 0),
                java.time.ZoneId.of("America/New_York")), schedule.slot());
        assertEquals(java.time.DayOfWeek.SUNDAY, schedule.nextSlot().orElseThrow().getDayOfWeek());
        assertEquals(java.time.LocalTime.of(18, 0), schedule.nextSlot().orElseThrow().toLocalTime());
        assertEquals(schedule.slot().resolve(schedule.nextSlot().orElseThrow()).toEpochMilli(), (long) app.database()
                .read(sql -> sql.queryLong("SELECT next_run FROM nudge_schedule WHERE owner_id = ?", ADA)),
                "it comes at 18:00 in New York, not at 18:00 in Berlin");
    }

    /**
     * A large export reaches the person zipped (over Discord's 10 MiB it is sent as a zip), and unzipped it is too large
     * to attach again without a paid upload limit: the zip Loopkeeper sent is imported as it is.
     */
    @Test
    void theZipOfALargeExportIsImportedAsItIsAndABadZipIsRefused() throws Exception {
        Map<String, List<Map<String, Object>>> before = comparable(ADA);
        byte[] zip = ExportZip.zip("loopkeeper-export-20260302-100000.json", json(ADA));
        byte[] markdown = ExportZip.zip("loopkeeper-export-20260302-100000.md",
                app.data().write(app.data().export(ADA), ExportFormat.MARKDOWN));
        app.data().forget(ADA);
        Map<String, Long> empty = counts();

        assertRefused("That zip file cannot be read", java.util.Arrays.copyOf(zip, zip.length / 2));
        java.io.ByteArrayOutputStream nothing = new java.io.ByteArrayOutputStream();
        new java.util.zip.ZipOutputStream(nothing).close();
        assertRefused("That zip holds no JSON export", nothing.toByteArray());
        assertRefused("That is a Markdown export, for reading elsewhere", markdown);
        // A small zip that unzips into more than an import reads stops at the limit, not at the machine's memory.
        assertRefused("Unzipped, that export is over 20 MB; an import reads at most 20 MB",
                ExportZip.zip("loopkeeper-export.json", new byte[DataService.MAX_IMPORT_BYTES + 1]));
        assertEquals(empty, counts(), "a refused zip changes nothing");

        DataService.Imported imported = app.data().importJson(ADA, zip);
        assertEquals(2, imported.added().get("open_loop"));
        assertEquals(before, comparable(ADA), "the zipped round trip loses nothing");
    }

    @Test
    void anImportThatWouldPassTheOpenLoopLimitIsRefused() throws Exception {
        Loopkeeper small = TestApp.open(TestApp.config(folder, Map.of(
                        dev.loopkeeper.config.ConfigLoader.DB, folder.resolve("small.db").toString(),
                        dev.loopkeeper.config.ConfigLoader.MAX_OPEN_LOOPS, "1")), clock);
        try {
            ObjectNode file = (ObjectNode) JSON.readTree(json(ADA));
            loop(file).put("status", "open");
            ((ObjectNode) file.get("tables").get("open_loop").get(1)).put("status", "open");
            InvalidInputException refused = assertThrows(InvalidInputException.class,
                    () -> small.data().importJson(ADA, JSON.writeValueAsBytes(file)));
            // She has no open loop there to close: only a smaller file helps, and the answer says how to make one.
            assertEquals("With that file you would have 2 open loops; a person may keep 1. That file alone holds more "
                    + "than that: close some loops where you exported it, export again and import the new file. Nothing "
                    + "was imported.", refused.getMessage());
        } finally {
            small.close();
        }
    }

    @Test
    void anImportThatWouldPassTheOpenLoopLimitSaysHowManyToCloseFirst() throws Exception {
        // A heavy user's pass: "Close some first, or import a smaller export" named no number, and no way to make an
        // export smaller. With enough open loops of her own, closing that many here lets the same file in.
        Loopkeeper small = TestApp.open(TestApp.config(folder, Map.of(
                        dev.loopkeeper.config.ConfigLoader.DB, folder.resolve("full.db").toString(),
                        dev.loopkeeper.config.ConfigLoader.MAX_OPEN_LOOPS, "3")), clock);
        try {
            ObjectNode file = (ObjectNode) JSON.readTree(json(ADA));
            loop(file).put("status", "open");
            ((ObjectNode) file.get("tables").get("open_loop").get(1)).put("status", "open");
            for (String concept : List.of("bloom filters", "vector clocks", "gossip protocols")) {
                small.loops().park(new ParkRequest(ADA, concept, null, Origin.none()));
            }
            byte[] bytes = JSON.writeValueAsBytes(file);
            InvalidInputException refused = assertThrows(InvalidInputException.class,
                    () -> small.data().importJson(ADA, bytes));
            assertEquals("With that file you would have 5 open loops; a person may keep 3. Close or let go of at least 2 "
                    + "of your open loops here (/close), then import the file again. Nothing was imported.",
                    refused.getMessage());
            assertEquals(3, small.loops().countOpen(ADA), "nothing was imported");

            for (OpenLoop loop : small.loops().list(ADA, LoopFilter.open(), 0, 10).loops().subList(0, 2)) {
                small.loops().close(ADA, loop.id(), Outcome.LET_GO, null);
            }
            assertEquals(2, small.data().importJson(ADA, bytes).added().get("open_loop"), "as the answer said");
            assertEquals(3, small.loops().countOpen(ADA));
        } finally {
            small.close();
        }
    }

    @Test
    void anImportedFocusIsOneLineAndNoMoreActiveItemsComeInThanFocusSetAllows() throws Exception {
        // Found by a review: an import skipped what /focus set applies, the one line and the limit of 25 active items.
        ObjectNode file = (ObjectNode) JSON.readTree(json(ADA));
        row(file, "focus").put("text", "writing a\ntiny   autograd\r\n");
        app.data().forget(ADA);
        app.data().importJson(ADA, JSON.writeValueAsBytes(file));
        assertEquals(List.of("writing a tiny autograd"), app.focus().active(ADA).stream().map(Focus::text).toList());

        // She has 1 active item; 25 more in a file would be 26 typed ones.
        ObjectNode tooMany = file.deepCopy();
        ArrayNode items = (ArrayNode) tooMany.get("tables").get("focus");
        for (int i = 0; i < FocusLimits.MAX_ACTIVE; i++) {
            items.add(row(file, "focus").deepCopy().put("id", 990_000 + i).put("text", "item " + i)
                    .putNull("cleared_at").putNull("expires_at"));
        }
        assertRefused("With that file you would have 26 active focus items; a person may have 25",
                JSON.writeValueAsBytes(tooMany));
        assertEquals(1, app.focus().active(ADA).size(), "nothing was imported");

        // A work-log note is never refused at the limit (it takes its previous one's place): 25 typed and it are allowed.
        ((ObjectNode) items.get(items.size() - 1)).put("source", FocusSource.WORK_LOG.db());
        app.data().importJson(ADA, JSON.writeValueAsBytes(tooMany));
        assertEquals(FocusLimits.MAX_ACTIVE + 1, app.focus().active(ADA).size());
    }

    @Test
    void aWhyOfSeveralLinesStaysInsideItsLoopInTheMarkdownExport() {
        app.loops().park(new ParkRequest(BOB, "Paxos", "context\n## Notes\ntext\n---\n# BUY NOW\n- a list\n<!-- hidden",
                Origin.none()));
        String md = new String(app.data().write(app.data().export(BOB), ExportFormat.MARKDOWN), StandardCharsets.UTF_8);

        assertEquals(1, md.lines().filter(line -> line.startsWith("## ")).count(), md);
        assertEquals(List.of(), md.lines().filter(line -> line.startsWith("# B") || line.startsWith("- a")).toList(),
                "no heading or list made of the why: " + md);
        assertEquals(2, md.lines().filter(line -> line.equals("---")).count(), "the front matter's two only: " + md);
        assertTrue(md.contains("**Why:** context\n\\## Notes\ntext\n\\---\n\\# BUY NOW\n\\- a list\n\\<!-- hidden\n"),
                md);
    }

    @Test
    void htmlInAConceptOrWhyIsShownAsTypedInTheMarkdownExport() {
        app.loops().park(new ParkRequest(BOB, "the <b> tag", "x <script>alert(1)</script>", Origin.none()));
        String md = new String(app.data().write(app.data().export(BOB), ExportFormat.MARKDOWN), StandardCharsets.UTF_8);

        assertTrue(md.contains("**Why:** x \\<script>alert(1)\\</script>\n"), md);
        assertTrue(md.contains("the \\<b> tag"), md);
        assertTrue(!md.replace("\\<", "").contains("<"), "no < a notes app reads as HTML: " + md);
    }

    @Test
    void markdownHasFrontMatterAndAHeadingPerLoopWithItsPropertiesAndWhatCameOfIt() {
        app.loops().park(new ParkRequest(ADA, "Bloom filters", null, Origin.channel(null, null)));
        app.nudges().reflect(ADA, "Bloom filters", "no nudge asked, a note of my own");
        String md = new String(app.data().write(app.data().export(ADA), ExportFormat.MARKDOWN), StandardCharsets.UTF_8);
        assertTrue(md.startsWith("---\nexport: loopkeeper-export 1\n"), md);
        assertTrue(md.contains("\n## Kalman filter\n\n```yaml\n"), md);
        assertTrue(md.contains("source: \"https://discord.com/channels/500/600/700\""), md);
        assertTrue(md.contains("\n## B-tree indexes\n"), md);
        assertTrue(md.contains("outcome: \"learned\""), md);
        assertTrue(md.contains("**Takeaway:** pages split in half, keys stay sorted"), md);
        assertTrue(md.contains(": instantiation (a toy B-tree in Rust)"), md);
        assertTrue(md.contains("while working on tracking a drone with a Kalman filter: not relevant\n"), md);
        assertFalse(md.contains("# person_hint"), "the bot's bookkeeping is not for a notes vault: " + md);
        assertFalse(md.contains("[B@"), "no learned vector printed as a Java array: " + md);
        assertTrue(md.contains("# Focus\n\n- tracking a drone with a Kalman filter"), md);
        // A reflection typed with no question asked has no empty quote above it.
        assertTrue(md.contains("**Reflections**\n\n20") && md.contains(": no nudge asked, a note of my own"), md);
        assertFalse(md.contains("\n> \n"), md);
        assertTrue(md.contains("\n> What problem was Kalman filter invented to solve"), "a question asked is quoted");
    }

    @Test
    void aQuestionAnsweredBeforeTheLoopWasRenamedIsNotListedAgainAsAsked() {
        OpenLoop kalman = app.loops().resolve(ADA, "Kalman filter");
        app.loops().edit(LoopScope.personal(ADA), Actor.person(ADA), kalman.id(), "Kalman filtering", null);
        String md = new String(app.data().write(app.data().export(ADA), ExportFormat.MARKDOWN), StandardCharsets.UTF_8);

        // Quoted above its answer as it was asked; not listed again, reworded with the new name, as not answered.
        assertTrue(md.contains("\n> What problem was Kalman filter invented to solve"), md);
        assertFalse(md.contains("What problem was Kalman filtering invented to solve"), md);
    }

    @Test
    void markdownAndCsvSayHowAReopenedLoopEndedBeforeAndWhichLoopWasMergedIn() {
        long paxos = ((ParkResult.Parked) app.loops().park(new ParkRequest(ADA, "Paxos", "two phases", Origin.channel(null, null)))).loop().id();
        long multi = ((ParkResult.Parked) app.loops().park(new ParkRequest(ADA, "Multi-Paxos", "a stable leader",
                Origin.channel(null, null)))).loop().id();
        app.loops().merge(ADA, multi, paxos);
        app.loops().close(ADA, paxos, Outcome.LEARNED, "promise then accept");
        app.loops().reopen(LoopScope.personal(ADA), Actor.person(ADA), paxos);
        Export export = app.data().export(ADA);
        String md = new String(app.data().write(export, ExportFormat.MARKDOWN), StandardCharsets.UTF_8);
        assertTrue(md.contains(": merged from #" + multi + " Multi-Paxos: a stable leader\n"), md);
        assertTrue(md.matches("(?s).*: closed before as learned \\S+ \\S+; takeaway: promise then accept; reopened\n.*"), md);
        String csv = new String(app.data().write(export, ExportFormat.CSV), StandardCharsets.UTF_8);
        assertTrue(csv.lines().anyMatch(l -> l.startsWith("note," + paxos + ",Paxos,merged from #" + multi
                + " Multi-Paxos: a stable leader,")), csv);
        assertTrue(csv.lines().anyMatch(l -> l.startsWith("note," + paxos + ",Paxos,closed before as learned ")
                && l.contains("; takeaway: promise then accept; reopened,")), csv);
    }

    /** The export of an opened "Paxos" built with ({@code building} after opening it), and "paxos" parked a day later. */
    private record PaxosAgain(byte[] file, long here) {
    }

    private PaxosAgain paxosBuiltForgottenAndParkedAgain(java.time.Duration building) {
        long paxos = ((ParkResult.Parked) app.loops().park(new ParkRequest(ADA, "Paxos", null, Origin.channel(null, null))))
                .loop().id();
        app.loops().activate(ADA, paxos);
        clock.advance(building);
        app.loops().progress(ADA, paxos, dev.loopkeeper.loop.Phase.INSTANTIATION, "a toy replicated log");
        byte[] file = json(ADA);
        app.data().forget(ADA);
        clock.advance(java.time.Duration.ofDays(1));
        long here = ((ParkResult.Parked) app.loops().park(new ParkRequest(ADA, "paxos", null, Origin.channel(null, null))))
                .loop().id();
        return new PaxosAgain(file, here);
    }

    @Test
    void anOpenedLoopOfTheFileMergedIntoOneNeverOpenedHereCarriesItsPhase() {
        PaxosAgain again = paxosBuiltForgottenAndParkedAgain(java.time.Duration.ZERO);
        long here = again.here();

        DataService.Imported imported = app.data().importJson(ADA, again.file());
        assertEquals(here, imported.merged().stream().filter(m -> m.concept().equals("Paxos")).findFirst()
                .orElseThrow(() -> new AssertionError(imported.toString())).into());
        dev.loopkeeper.loop.PhaseState state = app.loops().phaseState(ADA, here).orElseThrow();
        assertEquals(dev.loopkeeper.loop.LoopStatus.ACTIVE, state.loop().status());
        assertEquals(dev.loopkeeper.loop.Phase.INSTANTIATION, state.phase());
        assertEquals(2, state.history().size(), state.history().toString());
    }

    @Test
    void aMergedLoopsHistoryIsExportedOldestFirst() {
        PaxosAgain again = paxosBuiltForgottenAndParkedAgain(java.time.Duration.ofHours(1));
        app.loops().activate(ADA, again.here());
        app.data().importJson(ADA, again.file());

        String md = new String(app.data().write(app.data().export(ADA), ExportFormat.MARKDOWN), StandardCharsets.UTF_8);
        String phases = md.substring(md.indexOf("**Phases**"));
        List<String> times = phases.lines().skip(2).takeWhile(l -> l.startsWith("- "))
                .map(l -> l.substring(2, l.indexOf(": "))).toList();
        assertEquals(3, times.size(), phases);
        assertEquals(times.stream().sorted().toList(), times, "oldest first: " + phases);
    }

    @Test
    void anOpenLoopOfTheFileWithAPhaseAnOlderVersionLeftIsImportedOpenWithoutIt() throws Exception {
        ObjectNode file = (ObjectNode) JSON.readTree(json(ADA));
        ArrayNode loops = (ArrayNode) file.get("tables").get("open_loop");
        // As an older version exported reopened loops: open, with the phase they had when they closed.
        loops.add(loop(file).deepCopy().put("id", 999_003).put("concept", "Paxos").put("concept_key", "paxos")
                .put("created_at", "2026-02-20T11:00:00Z").put("phase", "instantiation")
                .put("phase_since", "2026-03-02T11:00:00Z"));
        loops.add(loop(file).deepCopy().put("id", 999_004).put("concept", "raft consensus")
                .put("concept_key", "raftconsensus").put("created_at", "2026-02-21T11:00:00Z")
                .put("phase", "instantiation").put("phase_since", "2026-03-02T11:00:00Z"));
        app.data().forget(ADA);
        long raft = ((ParkResult.Parked) app.loops().park(new ParkRequest(ADA, "Raft consensus", null,
                Origin.channel(null, null)))).loop().id();

        DataService.Imported imported = app.data().importJson(ADA, JSON.writeValueAsBytes(file));
        assertEquals(1, imported.merged().size(), imported.toString());
        OpenLoop paxos = app.loops().resolve(ADA, "Paxos");
        assertEquals(dev.loopkeeper.loop.LoopStatus.OPEN, paxos.status());
        assertEquals(null, paxos.phase(), "open, not opened");
        OpenLoop here = app.loops().find(ADA, raft).orElseThrow();
        assertEquals(dev.loopkeeper.loop.LoopStatus.OPEN, here.status(), "a merge does not make it active");
        assertEquals(null, here.phase());
    }

    @Test
    void directionOverridesInAFileAreDroppedAsTypedTextsAre() throws Exception {
        ObjectNode file = (ObjectNode) JSON.readTree(json(ADA));
        ObjectNode loop = loop(file);
        loop.put("why", "\u2066isolated\u2069 and \u202Ereversed");
        ((ObjectNode) file.get("tables").get("focus").get(0)).put("text", "\u202Ereversed focus");
        app.data().forget(ADA);

        app.data().importJson(ADA, JSON.writeValueAsBytes(file));
        assertEquals("isolated and reversed", app.loops().resolve(ADA, loop.get("concept").asText()).why());
        assertTrue(app.focus().active(ADA).stream().anyMatch(f -> f.text().equals("reversed focus")),
                app.focus().active(ADA).toString());
    }

    @Test
    void controlCharactersInAFileAreDroppedAndATakeawayIsOneLineAsTypedOnesAre() throws Exception {
        // A crafted file: terminal escapes (the console printed them raw: a cleared screen, a window title), a carriage
        // return that overprints a line, a NUL; and a takeaway of several lines, which /close never keeps.
        ObjectNode file = (ObjectNode) JSON.readTree(json(ADA));
        ObjectNode loop = loop(file);
        loop.put("why", "first line\u001b[2J\nsecond\rFAKE\u0000 \u009b31mline\u0007");
        loop.put("status", "closed").put("outcome", "learned").put("closed_at", loop.get("created_at").asText())
                .put("takeaway", "take\n# away\u001b]0;pwned\u0007");
        app.data().forget(ADA);

        app.data().importJson(ADA, JSON.writeValueAsBytes(file));

        OpenLoop imported = app.loops().list(ADA, LoopFilter.parse("all", null), 0, 10).loops().stream()
                .filter(l -> l.concept().equals(loop.get("concept").asText())).findFirst().orElseThrow();
        assertEquals("first line[2J\nsecondFAKE 31mline", imported.why(), "its lines kept, nothing else unseen");
        assertEquals("take # away]0;pwned", imported.takeaway());
    }

    @Test
    void markdownAndCsvWordEveryRowAPersonReadsWithLabelsAndLeaveTheRestToJson() {
        OpenLoop bloom = ((ParkResult.Parked) app.loops().park(new ParkRequest(ADA, "Bloom filters", null,
                Origin.channel(null, null)))).loop();
        app.loops().close(ADA, bloom.id(), Outcome.LET_GO, null);
        Export export = app.data().export(ADA);
        String md = new String(app.data().write(export, ExportFormat.MARKDOWN), StandardCharsets.UTF_8);
        String csv = new String(app.data().write(export, ExportFormat.CSV), StandardCharsets.UTF_8);

        for (String stored : List.of("let_go", "not_relevant", "owner_id", "prompt_key", "threshold_offset",
                "first-park")) {
            assertFalse(md.contains(stored) || csv.contains(stored), "no stored value or column: " + stored);
        }
        assertFalse(md.contains("loop_id"), md);
        for (PersonalTable table : PersonalData.TABLES) {
            assertFalse(md.contains("# " + table.name() + "\n"), "no table as raw rows: " + table.name());
        }
        assertTrue(md.contains("outcome: \"let go\""), md);
        assertTrue(md.matches("(?s).*\\*\\*Polls\\*\\*\n\n- \\S+ \\S+: a poll on \u201cKalman filter\u201d, decided \\S+ \\S+: the group "
                + "found it peripheral \\(Core 0 · Adjacent 0 · Peripheral 3 · Let it go 0\\)\n.*"), md);
        assertTrue(md.contains("\n**Asked by your weekly nudge**\n\n- "), md);
        assertTrue(md.contains("\n# Weekly nudge\n\nSundays at 18:00 (Europe/Berlin), the next one "), md);
        assertTrue(md.contains("\n# Settings\n\n- Time zone: Europe/Berlin\n- Quiet hours: 22:00 to 07:00\n- Work-log "
                + "messages count as focus: no\n- Your \"not relevant\" answers raised the bar a reminder must reach by "
                + "0.02\n"), md);
        assertTrue(md.endsWith("\n" + ExportMessages.JSON_HOLDS_MORE + "\n"), "what only the JSON form holds is named");
        List<String> lines = csv.lines().toList();
        assertTrue(lines.stream().anyMatch(l -> l.startsWith("loop,") && l.contains(",Bloom filters,,untriaged,closed,"
                + "let go,")), csv);
        assertTrue(lines.stream().anyMatch(l -> l.contains(",Kalman filter,decided ") && l.startsWith("poll,")), csv);
        assertTrue(lines.stream().anyMatch(l -> l.startsWith("settings,,,\"Time zone: Europe/Berlin; Quiet hours: "
                + "22:00 to 07:00;")), csv);
        assertTrue(lines.stream().anyMatch(l -> l.startsWith("\"weekly nudge,") || l.startsWith("weekly nudge,,,")), csv);
        assertTrue(lines.stream().anyMatch(l -> l.startsWith("question,")), csv);
        assertFalse(lines.stream().anyMatch(l -> l.matches("[^,]*,[^,]*,[^,]*,\"?\\w+=.*")), "no column=value cells: " + csv);
        // The JSON form keeps the stored values, for an import.
        String json = new String(app.data().write(export, ExportFormat.JSON), StandardCharsets.UTF_8);
        assertTrue(json.contains("\"let_go\""), "the JSON form as stored");
    }

    @Test
    void everyExportedTableIsWordedByTheReadableFormsOrLeftToJsonByName() {
        Set<String> exported = PersonalData.TABLES.stream()
                .filter(t -> t.handling() != dev.loopkeeper.ownership.PersonalTable.Handling.INTERNAL)
                .map(PersonalTable::name).collect(Collectors.toSet());
        Set<String> placed = new java.util.HashSet<>(ExportMessages.WORDED);
        placed.addAll(ExportMessages.FOR_LOOPKEEPER_ONLY);
        assertEquals(exported, placed, "a new table is worded in ExportMarkdown and ExportCsv, or named as the JSON "
                + "form's alone");
    }

    /**
     * The readable forms give times as a person reads them, in the time zone they gave: "2026-03-02 11:00" for a loop
     * parked at 10:00 UTC by someone in Berlin, the zone named once, never a stored instant ("2026-03-02T10:00:00Z").
     */
    @Test
    void markdownAndCsvGiveTimesInThePersonsZoneNotAsStoredInstants() {
        Export export = app.data().export(ADA);
        String md = new String(app.data().write(export, ExportFormat.MARKDOWN), StandardCharsets.UTF_8);
        String csv = new String(app.data().write(export, ExportFormat.CSV), StandardCharsets.UTF_8);
        java.util.regex.Pattern instant = java.util.regex.Pattern.compile("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d");
        assertFalse(instant.matcher(md.substring(md.indexOf("# Loopkeeper"))).find(), "no stored instant: " + md);
        assertFalse(instant.matcher(csv).find(), "no stored instant: " + csv);

        assertTrue(md.contains("\ntime_zone: \"Europe/Berlin\"\n"), md);
        assertTrue(md.contains("Times are in your time zone, Europe/Berlin."), md);
        assertTrue(md.contains("\nparked: 2026-03-02 11:00\n"), "10:00 UTC is 11:00 in Berlin: " + md);
        assertTrue(md.contains("\n# Weekly nudge\n\nSundays at 18:00 (Europe/Berlin), the next one 2026-03-08 18:00\n"),
                "the next nudge at the hour it was set for: " + md);
        assertTrue(csv.startsWith("\uFEFFrecord,loop,concept,text,class,status,outcome,takeaway,date (Europe/Berlin),"
                + "closed (Europe/Berlin),source link\r\n"), "headers a person reads, naming the zone: " + csv);
        assertTrue(csv.lines().anyMatch(l -> l.startsWith("loop,") && l.contains(",Kalman filter,")
                && l.contains(",2026-03-02 11:00,")), csv);

        // Someone who gave no zone reads UTC, and is told so.
        app.loops().park(new ParkRequest(BOB, "Paxos", null, Origin.none()));
        String bob = new String(app.data().write(app.data().export(BOB), ExportFormat.MARKDOWN), StandardCharsets.UTF_8);
        assertTrue(bob.contains("\nparked: 2026-03-02 10:00\n"), bob);
        assertTrue(bob.contains("Times are in UTC: you have given no time zone (/focus quiet or /nudge set take one)."),
                bob);
    }

    @Test
    void aTimeInTheHourAClockChangeRepeatsNamesItsOffsetAndOthersDoNot() {
        // New York falls back on 1 November 2026: 01:30 comes at 05:30 UTC (EDT) and again at 06:30 UTC (EST).
        app.settings().setQuietHours(BOB, "22:00", "07:00", "America/New_York");
        clock.advance(java.time.Duration.between(clock.instant(), java.time.Instant.parse("2026-11-01T05:30:00Z")));
        app.loops().park(new ParkRequest(BOB, "first pass", null, Origin.none()));
        clock.advance(java.time.Duration.ofHours(1));
        app.loops().park(new ParkRequest(BOB, "second pass", null, Origin.none()));
        clock.advance(java.time.Duration.ofHours(1));
        app.loops().park(new ParkRequest(BOB, "after the change", null, Origin.none()));

        Export export = app.data().export(BOB);
        String md = new String(app.data().write(export, ExportFormat.MARKDOWN), StandardCharsets.UTF_8);
        String csv = new String(app.data().write(export, ExportFormat.CSV), StandardCharsets.UTF_8);
        assertTrue(md.contains("\nparked: 2026-11-01 01:30 (UTC-04:00)\n"), md);
        assertTrue(md.contains("\nparked: 2026-11-01 01:30 (UTC-05:00)\n"), md);
        assertTrue(md.contains("\nparked: 2026-11-01 02:30\n"), "an hour that comes once reads as before: " + md);
        assertTrue(csv.lines().anyMatch(l -> l.contains(",first pass,") && l.contains(",2026-11-01 01:30 (UTC-04:00),")),
                csv);
        assertTrue(csv.lines().anyMatch(l -> l.contains(",second pass,") && l.contains(",2026-11-01 01:30 (UTC-05:00),")),
                csv);
    }

    @Test
    void csvIsOneRowPerRecordQuotedAndSafeFromFormulas() {
        String csv = new String(app.data().write(app.data().export(ADA), ExportFormat.CSV), StandardCharsets.UTF_8);
        List<String> lines = csv.lines().collect(Collectors.toList());
        // After the byte order mark Excel needs to read the file as UTF-8.
        assertEquals("\uFEFFrecord,loop,concept,text,class,status,outcome,takeaway,date (Europe/Berlin),"
                + "closed (Europe/Berlin),source link", lines.get(0));
        assertTrue(lines.stream().anyMatch(l -> l.startsWith("loop,") && l.contains(",Kalman filter,\"tracking, with noise\",")),
                csv);
        assertTrue(lines.stream().anyMatch(l -> l.startsWith("focus,")), csv);
        assertTrue(lines.stream().anyMatch(l -> l.startsWith("reminder,") && l.contains(",not relevant,")), csv);
        assertEquals("'=1+1", ExportCsv.cell("=1+1"), "a formula is shown, never run");
        assertEquals("\"say \"\"hi\"\"\"", ExportCsv.cell("say \"hi\""));
    }

    private static ObjectNode loop(JsonNode root) {
        return (ObjectNode) root.get("tables").get("open_loop").get(0);
    }

    /** The first row of a table of an export. */
    private static ObjectNode row(ObjectNode root, String table) {
        return (ObjectNode) root.get("tables").get(table).get(0);
    }

    private static byte[] edit(ObjectNode good, Consumer<ObjectNode> change) throws Exception {
        ObjectNode copy = good.deepCopy();
        change.accept(copy);
        return JSON.writeValueAsBytes(copy);
    }

    private void assertRefused(String fragment, byte[] file) {
        InvalidInputException refused = assertThrows(InvalidInputException.class, () -> app.data().importJson(ADA, file));
        assertTrue(refused.getMessage().contains(fragment), refused.getMessage());
        assertTrue(refused.getMessage().endsWith("Nothing was imported."), refused.getMessage());
    }
}
