package dev.loopkeeper.ownership;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.loopkeeper.loop.LoopScope;
import dev.loopkeeper.loop.Origin;
import dev.loopkeeper.loop.ParkRequest;
import dev.loopkeeper.support.AppTestBase;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** A server that removes the bot keeps its data for the grace period (30 days by default), then loses it. */
class ServerDepartureTest extends AppTestBase {
    private static final String GUILD = "500";
    private static final String OTHER_GUILD = "501";

    ServerDepartureTest() {
        super("2026-03-02T10:00:00Z");
    }

    @BeforeEach
    void open() {
        for (String guild : new String[] {GUILD, OTHER_GUILD}) {
            app.loops().park(new ParkRequest("ada", "Paxos", "reading group", Origin.channel(guild, "600"),
                    LoopScope.server(guild)));
            app.settings().setReminderChannel(guild, "600");
            app.settings().addWorklog(guild, "601", "ada");
        }
        app.loops().park(new ParkRequest("ada", "Raft", "mine", Origin.channel(GUILD, "600")));
    }

    private long rows(String sql, Object... params) {
        return app.database().read(s -> s.queryLong(sql, params));
    }

    @Test
    void theServersDataStaysThroughTheGracePeriodAndGoesAfterItPersonalLoopsStay() {
        assertEquals(Duration.ofDays(30), app.departures().grace(), "the documented default");
        app.departures().left(GUILD);
        clock.advance(Duration.ofDays(29));
        assertEquals(Map.of(), app.departures().deleteExpired());
        assertEquals(1, rows("SELECT COUNT(*) FROM open_loop WHERE owner_id = 'server-500'"));

        clock.advance(Duration.ofDays(1));
        Map<String, Integer> deleted = app.departures().deleteExpired();
        assertEquals(java.util.Set.of(GUILD), deleted.keySet());
        assertEquals(0, rows("SELECT COUNT(*) FROM open_loop WHERE owner_id = 'server-500'"));
        assertEquals(0, rows("SELECT COUNT(*) FROM guild_settings WHERE guild_id = ?", GUILD));
        assertEquals(0, rows("SELECT COUNT(*) FROM worklog_channel WHERE guild_id = ?", GUILD));
        assertEquals(0, rows("SELECT COUNT(*) FROM server_departure"));
        assertEquals(1, rows("SELECT COUNT(*) FROM open_loop WHERE owner_id = 'ada' AND concept = 'Raft'"),
                "a personal loop parked in that server is its owner's and stays");
        assertEquals(1, rows("SELECT COUNT(*) FROM open_loop WHERE owner_id = 'server-501'"), "other servers keep theirs");
        assertEquals(1, rows("SELECT COUNT(*) FROM guild_settings WHERE guild_id = ?", OTHER_GUILD));
        assertTrue(app.departures().deleteExpired().isEmpty(), "deleted once");
    }

    @Test
    void aServerThatAddsTheBotBackInTimeKeepsEverything() {
        app.departures().left(GUILD);
        clock.advance(Duration.ofDays(20));
        app.departures().present(GUILD);
        clock.advance(Duration.ofDays(40));
        assertEquals(Map.of(), app.departures().deleteExpired());
        assertEquals(1, rows("SELECT COUNT(*) FROM open_loop WHERE owner_id = 'server-500'"));
        assertEquals(1, rows("SELECT COUNT(*) FROM guild_settings WHERE guild_id = ?", GUILD));
    }

    @Test
    void leavingTwiceCountsFromTheFirstTime() {
        app.departures().left(GUILD);
        clock.advance(Duration.ofDays(20));
        app.departures().left(GUILD);
        clock.advance(Duration.ofDays(10));
        assertEquals(java.util.Set.of(GUILD), app.departures().deleteExpired().keySet());
    }
}
