package dev.loopkeeper.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
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
        assertEquals(512, config.relevance().indexMegabytes());
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
}
