package dev.loopkeeper.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigLoaderTest {
    private static final String TOKEN = "MTIzNDU2Nzg5MDEy.GhIjKl.abcdefghijklmnopqrstuvwxyz_0123456789";

    @TempDir
    Path folder;

    @Test
    void defaultsComeFromTheBundledPropertiesFile() {
        Config config = ConfigLoader.load(Map.of(), folder, false);
        assertEquals(folder.resolve("data/loopkeeper.db"), config.databasePath());
        assertEquals(4, config.workers());
        assertEquals(5000, config.maxOpenLoops());
        assertEquals(80, config.relevance().indexMegabytes());
        assertEquals(Optional.empty(), config.devGuildId());
        assertEquals(Optional.empty(), config.discordApiBase());
    }

    @Test
    void theIndexBoundIsAWholeNumberOfMegabytes() {
        assertEquals(64, ConfigLoader.load(Map.of(ConfigLoader.INDEX_MB, "64"), folder, false).relevance()
                .indexMegabytes());
        ConfigException e = assertThrows(ConfigException.class,
                () -> ConfigLoader.load(Map.of(ConfigLoader.INDEX_MB, "half a gig"), folder, false));
        assertTrue(e.getMessage().contains("LOOPKEEPER_INDEX_MB must be a whole number from 1 to 65536, got 'half a gig'."),
                e.getMessage());
    }

    @Test
    void aStopTakesEightSecondsAtMostUnlessSetOtherwise() {
        assertEquals(java.time.Duration.ofSeconds(8), ConfigLoader.load(Map.of(), folder, false).stopLimit());
        assertEquals(java.time.Duration.ofSeconds(25),
                ConfigLoader.load(Map.of(ConfigLoader.STOP_SECONDS, "25"), folder, false).stopLimit());
        ConfigException e = assertThrows(ConfigException.class,
                () -> ConfigLoader.load(Map.of(ConfigLoader.STOP_SECONDS, "0"), folder, false));
        assertEquals(java.util.List.of("LOOPKEEPER_STOP_SECONDS must be a whole number from 1 to 600, got '0'."),
                e.problems());
    }

    @Test
    void theUploadLimitIsDiscordsTenMebibytesLessRoomAndMayOnlyBeLowered() {
        assertEquals(10 * 1024 * 1024 - 64 * 1024, ConfigLoader.load(Map.of(), folder, false).uploadLimitBytes());
        assertEquals(2048, ConfigLoader.load(Map.of(ConfigLoader.UPLOAD_LIMIT_KB, "2"), folder, false)
                .uploadLimitBytes());
        ConfigException e = assertThrows(ConfigException.class,
                () -> ConfigLoader.load(Map.of(ConfigLoader.UPLOAD_LIMIT_KB, "25000"), folder, false));
        assertEquals(java.util.List.of("LOOPKEEPER_UPLOAD_LIMIT_KB must be a whole number from 1 to 10176, got '25000'."),
                e.problems());
    }

    @Test
    void dueMailIsLookedForEvery15SecondsUnderA45SecondLeaseUnlessSetOtherwise() {
        Config config = ConfigLoader.load(Map.of(), folder, false);
        assertEquals(java.time.Duration.ofSeconds(15), config.delivery().every());
        assertEquals(java.time.Duration.ofSeconds(45), config.delivery().lease());
        assertEquals(Config.Delivery.DEFAULTS, config.delivery());
        Config quick = ConfigLoader.load(Map.of(ConfigLoader.DELIVERY_SECONDS, "1",
                ConfigLoader.MAIL_LEASE_SECONDS, "3"), folder, false);
        assertEquals(new Config.Delivery(java.time.Duration.ofSeconds(1), java.time.Duration.ofSeconds(3)),
                quick.delivery());
        ConfigException e = assertThrows(ConfigException.class,
                () -> ConfigLoader.load(Map.of(ConfigLoader.MAIL_LEASE_SECONDS, "0"), folder, false));
        assertEquals(java.util.List.of("LOOPKEEPER_MAIL_LEASE_SECONDS must be a whole number from 1 to 3600, got '0'."),
                e.problems());
    }

    @Test
    void environmentBeatsDotEnvWhichBeatsThePropertiesFile() throws IOException {
        Files.createDirectories(folder.resolve("config"));
        Files.writeString(folder.resolve("config/loopkeeper.properties"), "LOOPKEEPER_WORKERS=2\nLOOPKEEPER_PAGE_SIZE=5\nLOOPKEEPER_MAX_OPEN_LOOPS=7\n");
        Files.writeString(folder.resolve(".env"), "# comment\nexport LOOPKEEPER_WORKERS=3\nLOOPKEEPER_PAGE_SIZE=\"6\"\nDISCORD_TOKEN=" + TOKEN + "\n");
        Config config = ConfigLoader.load(Map.of("LOOPKEEPER_WORKERS", "8"), folder, true);
        assertEquals(8, config.workers());
        assertEquals(6, config.pageSize());
        assertEquals(7, config.maxOpenLoops());
        assertEquals(Optional.of(TOKEN), config.discordToken());
    }

    @Test
    void aMissingTokenNamesTheVariableAndPointsAtTheExampleAndConsole() {
        ConfigException e = assertThrows(ConfigException.class, () -> ConfigLoader.load(Map.of(), folder, true));
        assertEquals(1, e.problems().size());
        String line = e.problems().get(0);
        assertTrue(line.startsWith("DISCORD_TOKEN is not set"), line);
        assertTrue(line.contains(".env.example") && line.contains("console"), line);
    }

    @Test
    void aMalformedTokenIsReportedWithoutEchoingIt() {
        String bad = "Bot " + TOKEN;
        ConfigException e = assertThrows(ConfigException.class,
                () -> ConfigLoader.load(Map.of("DISCORD_TOKEN", bad), folder, true));
        assertTrue(e.getMessage().contains("DISCORD_TOKEN is malformed"), e.getMessage());
        assertFalse(e.getMessage().contains(TOKEN), "the token must never be printed");
    }

    /**
     * The console, score, backup and export use no token, so one that is malformed (.env.example's placeholder filled
     * in with a note, a half-pasted token) does not keep them from running; they carry none.
     */
    @Test
    void aModeWithoutDiscordIgnoresAMalformedToken() {
        Config config = ConfigLoader.load(Map.of("DISCORD_TOKEN", "paste your token here"), folder, false);
        assertEquals(Optional.empty(), config.discordToken());
        assertEquals(Optional.empty(), ConfigLoader.load(Map.of("DISCORD_TOKEN", TOKEN), folder, false).discordToken());
    }

    @Test
    void everyBadKeyIsNamedAtOnce() {
        ConfigException e = assertThrows(ConfigException.class, () -> ConfigLoader.load(Map.of(
                "LOOPKEEPER_WORKERS", "many",
                "LOOPKEEPER_DEV_GUILD", "my-server",
                "LOOPKEEPER_DISCORD_GATEWAY_URL", "http://not-a-websocket"), folder, false));
        assertEquals(3, e.problems().size(), e.getMessage());
        assertTrue(e.getMessage().contains("LOOPKEEPER_WORKERS"));
        assertTrue(e.getMessage().contains("LOOPKEEPER_DEV_GUILD"));
        assertTrue(e.getMessage().contains("LOOPKEEPER_DISCORD_GATEWAY_URL"));
    }

    @Test
    void testingEndpointsAreReadAndTheTokenIsMaskedInToString() {
        Config config = ConfigLoader.load(Map.of(
                "DISCORD_TOKEN", TOKEN,
                "LOOPKEEPER_DISCORD_API_BASE", "http://127.0.0.1:8080/api/v10/",
                "LOOPKEEPER_DISCORD_GATEWAY_URL", "ws://127.0.0.1:8081"), folder, true);
        assertEquals(Optional.of(URI.create("http://127.0.0.1:8080/api/v10/")), config.discordApiBase());
        assertEquals(Optional.of(URI.create("ws://127.0.0.1:8081")), config.discordGatewayUrl());
        assertFalse(config.toString().contains(TOKEN));
    }

    private static final String PG = "jdbc:postgresql://db.internal:5432/loopkeeper";

    private String problem(Map<String, String> env) {
        ConfigException e = assertThrows(ConfigException.class, () -> ConfigLoader.load(env, folder, false));
        assertEquals(1, e.problems().size(), e.problems().toString());
        return e.problems().get(0);
    }

    @Test
    void aPostgresUrlSelectsPostgresWithTheUserAndAPasswordThatIsNeverPrinted() {
        Config config = ConfigLoader.load(Map.of(ConfigLoader.DB, PG, ConfigLoader.DB_USER, "lk",
                ConfigLoader.DB_PASSWORD, "s3cret"), folder, false);
        Config.Postgres pg = config.postgres().orElseThrow();
        assertEquals(PG, pg.url());
        assertEquals(Optional.of("lk"), pg.user());
        assertEquals(Optional.of("s3cret"), pg.password());
        assertEquals(PG, config.databaseName());
        assertFalse(config.toString().contains("s3cret"), config.toString());
        // Local files of a console run (exports, trees) still go under ./data.
        assertEquals(folder.resolve("data"), config.databasePath().getParent());

        Config inUrl = ConfigLoader.load(Map.of(ConfigLoader.DB, PG + "?user=lk&password=s3cret"), folder, false);
        assertEquals(Optional.empty(), inUrl.postgres().orElseThrow().user());
        assertFalse(inUrl.databaseName().contains("s3cret"), inUrl.databaseName());
        assertFalse(inUrl.toString().contains("s3cret"), inUrl.toString());
        assertEquals(Optional.empty(), ConfigLoader.load(Map.of(), folder, false).postgres(), "SQLite stays the default");
    }

    @Test
    void aJdbcSqliteUrlIsReadAsItsFileAndOneWithoutAFileIsRefused() {
        assertEquals(folder.resolve("data/lk.db"),
                ConfigLoader.load(Map.of(ConfigLoader.DB, "jdbc:sqlite:./data/lk.db"), folder, false).databasePath());
        Path absolute = folder.resolve("elsewhere/lk.db").toAbsolutePath();
        assertEquals(absolute,
                ConfigLoader.load(Map.of(ConfigLoader.DB, "JDBC:SQLITE:" + absolute), folder, false).databasePath());
        for (String noFile : List.of("jdbc:sqlite::memory:", "jdbc:sqlite:", "jdbc:sqlite:lk.db?journal_mode=OFF",
                "jdbc:sqlite:file:lk.db?mode=memory")) {
            String problem = problem(Map.of(ConfigLoader.DB, noFile));
            assertTrue(problem.contains("must name a database file, such as ./data/loopkeeper.db, got '" + noFile),
                    problem);
        }
    }

    @Test
    void aLeadingTildeIsTheHomeFolderAndAVariableIsRefusedByName() {
        assertEquals(Path.of(System.getProperty("user.home"), "lk", "data.db"),
                ConfigLoader.load(Map.of(ConfigLoader.DB, "~/lk/data.db"), folder, false).databasePath());
        assertEquals(folder.resolve("a~b/lk.db"),
                ConfigLoader.load(Map.of(ConfigLoader.DB, "a~b/lk.db"), folder, false).databasePath(), "only a lead");
        for (String variable : List.of("$HOME/lk.db", "${XDG_DATA_HOME}/lk.db")) {
            String problem = problem(Map.of(ConfigLoader.DB, variable));
            assertTrue(problem.contains("holds a variable, '" + variable + "': nothing expands it here"), problem);
        }
        assertEquals(folder.resolve("cost$5.db"),
                ConfigLoader.load(Map.of(ConfigLoader.DB, "cost$5.db"), folder, false).databasePath(), "no variable");
    }

    @Test
    void badDatabaseSettingsSayWhatToSet() {
        String noUser = problem(Map.of(ConfigLoader.DB, PG));
        assertTrue(noUser.contains("LOOPKEEPER_DB_USER") && noUser.contains("user="), noUser);
        String noDatabase = problem(Map.of(ConfigLoader.DB, "jdbc:postgresql://localhost:5432/", ConfigLoader.DB_USER, "lk"));
        assertTrue(noDatabase.contains("must name a host and a database"), noDatabase);
        String otherJdbc = problem(Map.of(ConfigLoader.DB, "jdbc:mysql://localhost/lk?password=pw"));
        assertTrue(otherJdbc.contains("SQLite file path or a jdbc:postgresql://"), otherJdbc);
        assertFalse(otherJdbc.contains("pw'"), "the password is masked: " + otherJdbc);
        String userForSqlite = problem(Map.of(ConfigLoader.DB_USER, "lk"));
        assertTrue(userForSqlite.contains("for PostgreSQL only"), userForSqlite);
    }

    @Test
    void aSqliteFileWhoseNameStartsWithPostgresIsAFile() {
        for (String file : List.of("postgres-old.db", "postgresql.db", "postgres_backup/lk.db")) {
            Config config = ConfigLoader.load(Map.of(ConfigLoader.DB, file), folder, false);
            assertEquals(folder.resolve(file), config.databasePath(), file);
            assertEquals(Optional.empty(), config.postgres(), file);
        }
        // Written as a URL, it is read as one: refused, since only jdbc:postgresql:// names a PostgreSQL database.
        String url = problem(Map.of(ConfigLoader.DB, "postgres:loopkeeper"));
        assertTrue(url.contains("must be a SQLite file path or a jdbc:postgresql://"), url);
    }

    @Test
    void aPostgresUrlCarryingItsPasswordIsRefusedSayingWhatToSetWithoutEchoingIt() {
        // The form Heroku, Render and Supabase give.
        String hosted = problem(Map.of(ConfigLoader.DB,
                "postgres://alice:s3cretPW@db.example.com:5432/loopkeeper?sslmode=require"));
        assertFalse(hosted.contains("s3cretPW"), hosted);
        assertTrue(hosted.startsWith("LOOPKEEPER_DB is a postgres:// URL"), hosted);
        assertTrue(hosted.contains("set LOOPKEEPER_DB=jdbc:postgresql://db.example.com:5432/loopkeeper?sslmode=require, "
                + "LOOPKEEPER_DB_USER=alice and LOOPKEEPER_DB_PASSWORD to its password"), hosted);
        String plain = problem(Map.of(ConfigLoader.DB, "postgresql://db.example.com/loopkeeper"));
        assertTrue(plain.contains("set LOOPKEEPER_DB=jdbc:postgresql://db.example.com/loopkeeper, LOOPKEEPER_DB_USER and "
                + "LOOPKEEPER_DB_PASSWORD"), plain);
        // A $ in the password is the password's, not a variable to name (and echo).
        String dollar = problem(Map.of(ConfigLoader.DB, "postgres://alice:s3c$ret@db.example.com/loopkeeper"));
        assertFalse(dollar.contains("s3c$ret") || dollar.contains("$ret"), dollar);

        // The JDBC form with the same part: the driver would read "alice:s3cretPW@host" as a host and quote it.
        String jdbc = problem(Map.of(ConfigLoader.DB, "jdbc:postgresql://alice:s3cretPW@db.example.com/loopkeeper",
                ConfigLoader.DB_PASSWORD, "other"));
        assertFalse(jdbc.contains("s3cretPW"), jdbc);
        assertTrue(jdbc.contains("holds a user and password before the host")
                && jdbc.contains("LOOPKEEPER_DB=jdbc:postgresql://db.example.com/loopkeeper, LOOPKEEPER_DB_USER=alice"),
                jdbc);
        // A user in a parameter may hold an @ (Azure's alice@server): that is no user part.
        assertEquals(Optional.of("jdbc:postgresql://db.example.com/lk?user=alice@server"), ConfigLoader.load(
                Map.of(ConfigLoader.DB, "jdbc:postgresql://db.example.com/lk?user=alice@server"), folder, false)
                .postgres().map(Config.Postgres::url));
    }

    @Test
    void shardsAreUnsetByDefaultAndAProcessRunsTheShardsItNames() {
        assertEquals(Optional.empty(), ConfigLoader.load(Map.of(), folder, false).shards());
        Config config = ConfigLoader.load(Map.of(ConfigLoader.DB, PG, ConfigLoader.DB_USER, "lk",
                ConfigLoader.SHARDS, "2", ConfigLoader.SHARD_IDS, "1"), folder, false);
        Config.Shards shards = config.shards().orElseThrow();
        assertEquals(2, shards.total());
        assertEquals(java.util.List.of(1), shards.ids());
        // Discord's rule: (id >> 22) % total. 4194304 is 1 << 22, so it lands on shard 1; 0 on shard 0.
        assertEquals(1, shards.shardOf("4194304"));
        assertTrue(shards.runs("4194304"));
        assertFalse(shards.runs("8388608"));
        assertEquals(0, shards.shardOf(String.valueOf(2L << 22)));

        Config one = ConfigLoader.load(Map.of(ConfigLoader.SHARDS, "1"), folder, false);
        assertEquals(java.util.List.of(0), one.shards().orElseThrow().ids(), "one shard in all: this process runs it");
    }

    @Test
    void aProcessMayRunSeveralShardsAndEveryShardWhenItNamesNone() {
        Config some = ConfigLoader.load(Map.of(ConfigLoader.DB, PG, ConfigLoader.DB_USER, "lk",
                ConfigLoader.SHARDS, "8", ConfigLoader.SHARD_IDS, "0-3, 6"), folder, false);
        assertEquals(java.util.List.of(0, 1, 2, 3, 6), some.shards().orElseThrow().ids());
        // Every shard in this one process: no other process shares the database, so SQLite will do.
        Config all = ConfigLoader.load(Map.of(ConfigLoader.SHARDS, "4"), folder, false);
        assertEquals(java.util.List.of(0, 1, 2, 3), all.shards().orElseThrow().ids());
        Config named = ConfigLoader.load(Map.of(ConfigLoader.SHARDS, "2", ConfigLoader.SHARD_IDS, "1,0"), folder, false);
        assertEquals(java.util.List.of(1, 0), named.shards().orElseThrow().ids());
        assertTrue(named.shards().orElseThrow().runs("4194304") && named.shards().orElseThrow().runs("8388608"));
    }

    @Test
    void badShardSettingsSayWhatIsWrong() {
        Map<String, String> pg = Map.of(ConfigLoader.DB, PG, ConfigLoader.DB_USER, "lk");
        java.util.function.BiFunction<String, String, Map<String, String>> with = (total, ids) -> {
            Map<String, String> env = new java.util.HashMap<>(pg);
            if (total != null) {
                env.put(ConfigLoader.SHARDS, total);
            }
            if (ids != null) {
                env.put(ConfigLoader.SHARD_IDS, ids);
            }
            return env;
        };
        assertTrue(problem(with.apply(null, "0")).contains("LOOPKEEPER_SHARD_IDS needs LOOPKEEPER_SHARDS"));
        assertTrue(problem(with.apply("0", "0")).startsWith("LOOPKEEPER_SHARDS must be a whole number from 1"));
        // One line for one mistake: the ids are not measured against a total that was refused.
        assertEquals("LOOPKEEPER_SHARDS must be a whole number from 1 to 1024, got 'two'.",
                problem(with.apply("two", "0-1")));
        assertTrue(problem(with.apply("2", "two")).contains("shard numbers such as 0-3 or 0,2"));
        String outOfRange = problem(with.apply("2", "2"));
        assertTrue(outOfRange.contains("the shards are 0 to 1"), outOfRange);
        assertTrue(problem(with.apply("4", "1,1")).contains("names shard 1 twice"));
        String backwards = problem(with.apply("4", "3-1"));
        assertTrue(backwards.contains("names shard 3-1"), backwards);
        String sqlite = problem(Map.of(ConfigLoader.SHARDS, "4", ConfigLoader.SHARD_IDS, "0-1"));
        assertTrue(sqlite.contains("LOOPKEEPER_SHARD_IDS=0-1 leaves shards to other processes")
                && sqlite.contains("jdbc:postgresql://"), sqlite);
    }
    /** Every setting the loader reads is in .env.example and in README's configuration table. */
    @Test
    void everySettingIsListedInTheExampleAndInTheReadme() throws Exception {
        String readme = Files.readString(Path.of("README.md"));
        String example = Files.readString(Path.of(".env.example"));
        List<String> keys = new java.util.ArrayList<>();
        for (java.lang.reflect.Field field : ConfigLoader.class.getFields()) {
            if (field.getType() == String.class && java.lang.reflect.Modifier.isStatic(field.getModifiers())) {
                String value = (String) field.get(null);
                if (value.matches("(LOOPKEEPER|DISCORD)_[A-Z_]+")) {
                    keys.add(value);
                }
            }
        }
        assertTrue(keys.size() > 20, keys.toString());
        List<String> missing = keys.stream().filter(key -> !readme.contains("\n| `" + key + "` | ")
                || !java.util.regex.Pattern.compile("(?m)^" + key + "=").matcher(example).find()).toList();
        assertEquals(List.of(), missing, "settings missing from README's configuration table or .env.example");
    }

    /**
     * The other way round, and the values: every key that .env.example, config/loopkeeper.properties and README's table
     * name is one the loader reads, and each default they state is the same in all three and is what the loader falls
     * back to when the key is left empty.
     */
    @Test
    void theDocumentedSettingsAreReadAndTheirDefaultsAgree() throws Exception {
        List<String> read = new java.util.ArrayList<>();
        for (java.lang.reflect.Field field : ConfigLoader.class.getFields()) {
            if (field.getType() == String.class && java.lang.reflect.Modifier.isStatic(field.getModifiers())) {
                read.add((String) field.get(null));
            }
        }
        Map<String, String> example = ConfigLoader.readDotEnv(Path.of(".env.example"));
        java.util.Properties properties = new java.util.Properties();
        try (java.io.Reader in = Files.newBufferedReader(Path.of("config/loopkeeper.properties"))) {
            properties.load(in);
        }
        Map<String, String> readme = new java.util.LinkedHashMap<>();
        java.util.regex.Matcher row = java.util.regex.Pattern.compile("(?m)^\\| `([A-Z_]+)` \\| ([^|]*) \\|")
                .matcher(Files.readString(Path.of("README.md")));
        while (row.find()) {
            String shown = row.group(2).strip();
            // `15` is a value; (empty), (none) and (Discord's) say the key is left empty.
            readme.put(row.group(1), shown.startsWith("`") ? shown.replace("`", "") : "");
        }
        List<String> problems = new java.util.ArrayList<>();
        java.util.Set<String> named = new java.util.TreeSet<>(example.keySet());
        named.addAll(properties.stringPropertyNames());
        named.addAll(readme.keySet());
        named.stream().filter(key -> !read.contains(key)).forEach(key -> problems.add(key + " is documented but not read"));
        Map<String, String> emptied = new java.util.HashMap<>();
        for (String key : properties.stringPropertyNames()) {
            String stated = properties.getProperty(key);
            if (example.containsKey(key) && !example.get(key).equals(stated)) {
                problems.add(key + ": .env.example says " + example.get(key) + ", config/ says " + stated);
            }
            if (readme.containsKey(key) && !readme.get(key).equals(stated)) {
                problems.add(key + ": README says " + readme.get(key) + ", config/ says " + stated);
            }
            emptied.put(key, "");
        }
        assertEquals(List.of(), problems);
        // The bundled copy of config/ against the loader's own fallbacks (read when a key is empty).
        assertEquals(ConfigLoader.load(Map.of(), folder, false), ConfigLoader.load(emptied, folder, false));
    }

    @Test
    void aDotEnvValueEndsAtItsClosingQuoteOrBeforeAComment() {
        assertEquals("~/r/lk.db", ConfigLoader.dotEnvValue("~/r/lk.db # my db"));
        assertEquals("~/r/lk.db", ConfigLoader.dotEnvValue("\"~/r/lk.db\" # my db"));
        assertEquals("a # b", ConfigLoader.dotEnvValue("'a # b'"));
        assertEquals("x#y", ConfigLoader.dotEnvValue("x#y"), "a # inside a word is the value's");
        assertEquals("", ConfigLoader.dotEnvValue("# only a comment"));
        assertEquals("\"open", ConfigLoader.dotEnvValue("\"open"), "an unclosed quote is kept as typed");
    }
}
