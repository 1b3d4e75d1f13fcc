package dev.loopkeeper.loop;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.loopkeeper.storage.Database;
import dev.loopkeeper.support.TestPostgres;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.postgresql.ds.PGSimpleDataSource;
import org.sqlite.SQLiteDataSource;

/**
 * V35 on the rows before it, on SQLite and (with {@code -Dloopkeeper.db=postgres}) the embedded PostgreSQL: nothing
 * recorded an /edit, so a loop's why counts as typed where it was parked only when nothing changed the loop since; a
 * park-again note's why was typed where its source is; a merge note's why, or one of a loop parked in a DM, is not
 * known to have been typed in any server.
 */
class WhyWhereTypedMigrationTest {

    @TempDir
    Path folder;

    @Test
    void aWhyCountsAsTypedWhereItWasParkedOnlyWhenNothingCouldHaveEditedIt() throws SQLException {
        DataSource source;
        List<String> migrations;
        Runnable open;
        if (TestPostgres.enabled()) {
            String url = TestPostgres.emptyDatabase();
            PGSimpleDataSource pg = new PGSimpleDataSource();
            pg.setURL(url);
            pg.setUser(TestPostgres.USER);
            source = pg;
            migrations = Database.POSTGRES_MIGRATIONS;
            open = () -> Database.openPostgres(url, TestPostgres.USER, null).close();
        } else {
            Path file = folder.resolve("old.db");
            SQLiteDataSource sqlite = new SQLiteDataSource();
            sqlite.setUrl("jdbc:sqlite:" + file);
            source = sqlite;
            migrations = Database.SQLITE_MIGRATIONS;
            open = () -> Database.open(file).close();
        }
        Flyway.configure().dataSource(source).locations(migrations.toArray(String[]::new)).target("34").load()
                .migrate();
        try (Connection db = source.getConnection(); Statement s = db.createStatement()) {
            s.executeUpdate("""
                    INSERT INTO open_loop (id, owner_id, concept, concept_key, why, origin_guild_id, origin_channel_id,
                        created_at, updated_at)
                    VALUES (1, '100', 'Bloom filters', 'bloom filters', 'the cache team asked', '500', '600', 1000, 1000),
                           (2, '100', 'Huffman coding', 'huffman coding', 'maybe edited in a DM', '500', '600', 1000,
                            2000),
                           (3, '100', 'Fenwick trees', 'fenwick trees', NULL, '500', '600', 1000, 1000),
                           (4, '100', 'Skip lists', 'skip lists', 'typed in a DM', NULL, NULL, 1000, 1000)""");
            s.executeUpdate("""
                    INSERT INTO loop_note (id, loop_id, owner_id, concept, why, origin_guild_id, origin_channel_id,
                        merged_from, created_at)
                    VALUES (1, 1, '100', 'bloom filters', 'parked again from the lab', '500', '700', NULL, 1100),
                           (2, 1, '100', 'Huffman coding', 'maybe edited in a DM', '500', '600', 2, 1200),
                           (3, 1, '100', 'bloom filters', NULL, '900', '901', NULL, 1300),
                           (4, 1, '100', 'bloom filters', 'parked again, the same source', NULL, NULL, NULL, 1400)""");
        }

        open.run();

        try (Connection db = source.getConnection()) {
            assertEquals(List.of("1 500", "2 -", "3 -", "4 -"),
                    rows(db, "SELECT id, why_guild_id FROM open_loop ORDER BY id"));
            assertEquals(List.of("1 500", "2 -", "3 -", "4 -"),
                    rows(db, "SELECT id, why_guild_id FROM loop_note ORDER BY id"));
        }
    }

    private static List<String> rows(Connection db, String sql) throws SQLException {
        List<String> rows = new ArrayList<>();
        try (Statement s = db.createStatement(); ResultSet r = s.executeQuery(sql)) {
            while (r.next()) {
                rows.add(r.getLong(1) + " " + (r.getString(2) == null ? "-" : r.getString(2)));
            }
        }
        return rows;
    }
}
