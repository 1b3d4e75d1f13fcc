package dev.loopkeeper.ownership;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.loopkeeper.storage.SqlSession.Column;
import dev.loopkeeper.support.AppTestBase;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * The registry covers the schema: every table is either a person's (exported or at least deleted with them) or said
 * not to be, and one who used everything leaves no row that names them once forgotten.
 */
class PersonalDataTest extends AppTestBase {
    /** Column names that hold a person's id. A new table with one of these is personal unless shown otherwise. */
    private static final Pattern PERSON_COLUMN = Pattern.compile("owner_id|user_id|author_id|recipient_id|person_id"
            + "|member_id|voter_id|.*_by");
    private static final String ADA = "1000000000000000301";
    private static final String BOB = "1000000000000000302";

    PersonalDataTest() {
        super("2026-03-02T10:00:00Z");
    }

    private Map<String, List<Column>> schema() {
        return app.database().read(sql -> {
            Map<String, List<Column>> tables = new LinkedHashMap<>();
            for (String table : sql.tables()) {
                if (!table.startsWith("sqlite_")) {
                    tables.put(table, sql.columns(table));
                }
            }
            return tables;
        });
    }

    @Test
    void everyTableIsClassifiedAndEveryClassifiedTableExists() {
        Set<String> tables = schema().keySet();
        Set<String> classified = new HashSet<>(PersonalData.NOT_PERSONAL.keySet());
        PersonalData.TABLES.forEach(t -> classified.add(t.name()));
        Set<String> missing = new HashSet<>(tables);
        missing.removeAll(classified);
        assertEquals(Set.of(), missing, "tables that PersonalData does not classify: say whose rows they hold");
        Set<String> stale = new HashSet<>(classified);
        stale.removeAll(tables);
        assertEquals(Set.of(), stale, "PersonalData names tables the schema does not have");
        ServerData.TABLES.forEach(t -> assertTrue(tables.contains(t.name()), t.name()));
    }

    @Test
    void aTableCalledNotPersonalNamesNobodyUnlessThatColumnIsAnonymised() {
        schema().forEach((table, columns) -> {
            // Flyway's installed_by is the database account that ran a migration, never a Discord person.
            if (!PersonalData.NOT_PERSONAL.containsKey(table) || table.equals("flyway_schema_history")) {
                return;
            }
            for (Column column : columns) {
                if (PERSON_COLUMN.matcher(column.name()).matches()) {
                    assertTrue(PersonalData.ANONYMISED.stream().anyMatch(a -> a.table().equals(table)
                                    && a.column().equals(column.name())),
                            table + "." + column.name() + " names a person: register the table as personal, or "
                                    + "anonymise the column when the person is forgotten");
                }
            }
        });
    }

    @Test
    void theRegistryNamesColumnsThatExist() {
        Map<String, List<Column>> schema = schema();
        for (PersonalTable table : PersonalData.TABLES) {
            Set<String> columns = schema.get(table.name()).stream().map(Column::name).collect(Collectors.toSet());
            List<String> named = new ArrayList<>(table.key());
            named.addAll(table.owners());
            named.addAll(table.links().keySet());
            named.addAll(table.recomputed());
            for (String column : named) {
                assertTrue(columns.contains(column), table.name() + " has no column " + column);
            }
            table.links().values().forEach(target -> assertTrue(PersonalData.TABLES.indexOf(PersonalData.table(target))
                    < PersonalData.TABLES.indexOf(table), table.name() + " links to " + target + ", listed after it"));
        }
    }

    @Test
    void someoneWhoUsedEverythingHasRowsInEveryPersonalTableAndNoneOnceForgotten() {
        PersonalDataFixture.use(app, ADA, BOB);
        PersonalDataFixture.use(app, BOB, ADA);
        DataStore store = new DataStore();
        for (PersonalTable table : PersonalData.TABLES) {
            long rows = app.database().read(sql -> store.count(sql, table.name(), table.rowsOf(), ADA));
            assertTrue(rows > 0, "the fixture leaves no row in " + table.name() + ": make it use that feature");
        }
        long bobBefore = mentions(BOB);
        long hersInServers = app.database().read(sql -> {
            long rows = 0;
            for (PersonalData.Anonymised rule : PersonalData.ANONYMISED) {
                rows += store.count(sql, rule.table(), rule.rowsOf(), ADA);
            }
            return rows;
        });

        DataService.Forgotten forgotten = app.data().forget(ADA);

        assertEquals(0, mentions(ADA), "no column of any table still holds the forgotten person's id");
        assertTrue(forgotten.deleted().get("open_loop") >= 2, forgotten.toString());
        assertTrue(hersInServers >= PersonalData.ANONYMISED.size(), "the fixture leaves a row for every rule");
        assertEquals(hersInServers, forgotten.anonymised(), "her server loops and work-log channel stay, without her id");
        assertEquals(bobBefore, mentions(BOB), "nobody else loses anything");
        assertEquals(1L, (long) app.database().read(sql -> sql.queryLong(
                "SELECT COUNT(*) FROM open_loop WHERE concept = 'CRDTs, from " + ADA + "' AND owner_id = 'server-500'")),
                "the loop she parked for the group stays the group's");
    }

    /** Rows in any table whose any text column equals the id. */
    private long mentions(String id) {
        return app.database().read(sql -> {
            long total = 0;
            for (Map.Entry<String, List<Column>> table : schema().entrySet()) {
                for (Column column : table.getValue()) {
                    if (column.type().contains("TEXT") || column.type().contains("CHAR")) {
                        total += sql.queryLong("SELECT COUNT(*) FROM " + table.getKey() + " WHERE " + column.name()
                                + " = ?", id);
                    }
                }
            }
            return total;
        });
    }
}
