package dev.loopkeeper.ownership;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.loopkeeper.config.ConfigLoader;
import dev.loopkeeper.loop.Actor;
import dev.loopkeeper.loop.LoopScope;
import dev.loopkeeper.loop.OpenLoop;
import dev.loopkeeper.loop.Origin;
import dev.loopkeeper.loop.ParkRequest;
import dev.loopkeeper.loop.ParkResult;
import dev.loopkeeper.poll.PollVotes;
import dev.loopkeeper.support.AppTestBase;
import dev.loopkeeper.support.TestApp;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A server that removes the bot keeps its data for the grace period (30 days by default, or as configured), then loses
 * it; a removal while the bot was offline is found when the READY of the server's shard leaves the server out.
 */
class ServerDepartureTest extends AppTestBase {
    private static final String GUILD = "500";
    private static final String OTHER_GUILD = "501";

    ServerDepartureTest() {
        super("2026-03-02T10:00:00Z");
    }

    @BeforeEach
    void open() {
        for (String guild : new String[] {GUILD, OTHER_GUILD}) {
            OpenLoop paxos = ((ParkResult.Parked) app.loops().park(new ParkRequest("ada", "Paxos", "reading group",
                    Origin.channel(guild, "600"), LoopScope.server(guild)))).loop();
            app.groupPosts().posted(paxos.id(), guild, "600", "7" + guild);
            app.settings().setReminderChannel(guild, "600");
            app.settings().addWorklog(guild, "601", "ada");
        }
        app.loops().park(new ParkRequest("ada", "Raft", "mine", Origin.channel(GUILD, "600")));
    }

    private long rows(String sql, Object... params) {
        return app.database().read(s -> s.queryLong(sql, params));
    }

    private long lot(String guild) {
        return rows("SELECT COUNT(*) FROM open_loop WHERE owner_id = ?", "server-" + guild);
    }

    /** A Discord snowflake whose server is on shard {@code (id >> 22) % total}: {@code n << 22}. */
    private static String snowflake(long n) {
        return Long.toString(n << 22);
    }

    private void parkForServer(String guild, String concept) {
        app.loops().park(new ParkRequest("ada", concept, null, Origin.channel(guild, "600"), LoopScope.server(guild)));
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
        assertEquals(0, rows("SELECT COUNT(*) FROM group_post WHERE guild_id = ?", GUILD), "its loops' posts too");
        assertEquals(1, rows("SELECT COUNT(*) FROM group_post WHERE guild_id = ?", OTHER_GUILD));
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
    void aDepartedServersDigestsLeaveNoMailBehindThatStopsAnotherServersDigest() {
        app.digests().setChannel(GUILD, "600");
        app.digests().setChannel(OTHER_GUILD, "600");
        clock.advance(Duration.ofDays(7)); // Monday 9 March, 10:00: both servers' digests are made, 501's last
        assertEquals(2, app.digests().enqueueDue());
        // And a poll of its lot decided, whose follow-up is mail too.
        String paxos = Long.toString(app.loops().resolve(LoopScope.server(OTHER_GUILD),
                Actor.member("ada", OTHER_GUILD, true), "Paxos").id());
        var poll = app.polls().start(Actor.member("ada", OTHER_GUILD, true), Set.of(), "600", paxos, 1L);
        app.polls().posted(poll.id(), "9001");
        clock.advance(Duration.ofHours(2));
        assertTrue(app.polls().finish("9001", new PollVotes(3, 0, 0, 0)).isPresent());
        app.departures().left(OTHER_GUILD);
        clock.advance(Duration.ofDays(30));
        assertEquals(Set.of(OTHER_GUILD), app.departures().deleteExpired().keySet());
        assertEquals(0, rows("SELECT COUNT(*) FROM outbox WHERE kind = 'digest' AND ref_id NOT IN"
                + " (SELECT id FROM server_digest)"), "no mail about a digest that is gone");
        assertEquals(0, rows("SELECT COUNT(*) FROM outbox WHERE kind = 'poll_result' AND ref_id NOT IN"
                + " (SELECT id FROM triage_poll)"), "nor about a poll that is gone");

        clock.advance(Duration.ofDays(5).minusHours(2).minusMinutes(59)); // Monday 13 April, 09:01
        assertEquals(1, app.digests().enqueueDue(), "the server that stayed gets its digest");
    }

    @Test
    void aServerThatHasRemovedTheBotGetsNoDigestWhileItsDataWaits() {
        app.digests().setChannel(GUILD, "600");
        app.departures().left(GUILD);
        clock.advance(Duration.ofDays(7));

        assertEquals(0, app.digests().enqueueDue(), "the bot cannot post there");
    }

    @Test
    void aServerWhoseDataWasDeletedHasNoWorkLogChannelWhenItAddsTheBotBack() {
        assertTrue(app.settings().isWorklog(GUILD, "601"), "remembered, as every message in the server asks");
        app.departures().left(GUILD);
        clock.advance(Duration.ofDays(30));
        app.departures().deleteExpired();
        app.departures().present(GUILD); // added back while this process runs

        assertFalse(app.settings().isWorklog(GUILD, "601"), "its messages no longer become anyone's focus");
        assertTrue(app.settings().isWorklog(OTHER_GUILD, "601"));
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

    @Test
    void anotherGracePeriodIsTakenFromTheSettingAndCountsTheSameWay() {
        app.close();
        app = TestApp.open(TestApp.config(folder, Map.of(ConfigLoader.SERVER_GRACE_DAYS, "7")), clock);
        assertEquals(Duration.ofDays(7), app.departures().grace());

        app.departures().left(GUILD);
        clock.advance(Duration.ofDays(7).minusSeconds(1));
        assertEquals(Map.of(), app.departures().deleteExpired(), "a second short of 7 days");
        assertEquals(1, lot(GUILD));

        clock.advance(Duration.ofSeconds(1));
        assertEquals(Set.of(GUILD), app.departures().deleteExpired().keySet());
        assertEquals(0, lot(GUILD));
        assertEquals(0, rows("SELECT COUNT(*) FROM guild_settings WHERE guild_id = ?", GUILD));
        assertEquals(1, rows("SELECT COUNT(*) FROM open_loop WHERE owner_id = 'ada' AND concept = 'Raft'"));
        assertEquals(1, lot(OTHER_GUILD), "30 days would not have been over either: the setting decides");
    }

    @Test
    void aServerLeftOutOfReadyRemovedTheBotWhileItWasOfflineAndGoesAfterTheGracePeriod() {
        ServerDeparture.Reconciled ready = app.departures().sessionReady(0, 1, Set.of(OTHER_GUILD, "999"));
        assertEquals(List.of(GUILD), ready.departed());
        assertEquals(List.of(), ready.back());
        assertFalse(ready.noneListed(), "another server with data is still the bot's");

        // Another start, still without it: the grace period runs from the first time it was missed.
        clock.advance(Duration.ofDays(20));
        assertEquals(List.of(), app.departures().sessionReady(0, 1, Set.of(OTHER_GUILD)).departed());
        clock.advance(Duration.ofDays(10).minusSeconds(1));
        assertEquals(Map.of(), app.departures().deleteExpired());
        assertEquals(1, lot(GUILD));

        clock.advance(Duration.ofSeconds(1));
        assertEquals(Set.of(GUILD), app.departures().deleteExpired().keySet());
        assertEquals(0, lot(GUILD));
        assertEquals(0, rows("SELECT COUNT(*) FROM guild_settings WHERE guild_id = ?", GUILD));
        assertEquals(0, rows("SELECT COUNT(*) FROM worklog_channel WHERE guild_id = ?", GUILD));
        assertEquals(1, rows("SELECT COUNT(*) FROM open_loop WHERE owner_id = 'ada' AND concept = 'Raft'"),
                "a personal loop parked in that server stays");
        assertEquals(1, lot(OTHER_GUILD));
        assertEquals(1, rows("SELECT COUNT(*) FROM guild_settings WHERE guild_id = ?", OTHER_GUILD));
    }

    @Test
    void aServerListedInReadyIsTheBotsEvenInAnOutageAndADepartureRecordedForItIsCancelled() {
        app.departures().left(GUILD);
        clock.advance(Duration.ofDays(10));
        // READY lists a server in an outage as it lists the others; the caller passes the whole list.
        ServerDeparture.Reconciled ready = app.departures().sessionReady(0, 1, Set.of(GUILD, OTHER_GUILD));
        assertEquals(List.of(), ready.departed());
        assertEquals(List.of(GUILD), ready.back(), "added back while the bot was offline");
        clock.advance(Duration.ofDays(40));
        assertEquals(Map.of(), app.departures().deleteExpired());
        assertEquals(1, lot(GUILD));
    }

    @Test
    void eachSessionDecidesOnlyForTheServersOfItsOwnShard() {
        String zero = snowflake(4);
        String one = snowflake(5);
        String otherOne = snowflake(7);
        for (String guild : List.of(zero, one, otherOne)) {
            parkForServer(guild, "Gossip");
        }
        // GUILD and OTHER_GUILD ("500", "501") are on shard 0 of 2 as well.
        assertEquals(0, (Long.parseLong(GUILD) >> 22) % 2);

        // The process running shard 0 sees only its servers: shard 1's are not missing, they are another's.
        ServerDeparture.Reconciled shardZero = app.departures().sessionReady(0, 2, Set.of(zero, GUILD));
        assertEquals(List.of(OTHER_GUILD), shardZero.departed());
        // The process running shard 1: the bot is still in one of its servers, not in the other.
        ServerDeparture.Reconciled shardOne = app.departures().sessionReady(1, 2, Set.of(one));
        assertEquals(List.of(otherOne), shardOne.departed());
        assertEquals(Set.of(OTHER_GUILD, otherOne), Set.copyOf(app.database().read(sql -> sql.query(
                "SELECT guild_id FROM server_departure", r -> r.getString(1)))));

        // A session of another layout (three shards) splits the servers its own way.
        ServerDeparture.Reconciled three = app.departures().sessionReady(1, 3, Set.of());
        assertEquals(List.of(zero), three.departed(),
                "4 % 3 == 1; 7 % 3 == 1 too, but its departure is recorded already; 5 and 500 are on shards 2 and 0");
    }

    @Test
    void everyKindOfServerDataCountsAndEveryServerMissingIsSaidToBeSo() {
        String digestOnly = snowflake(10);
        String lotOnly = snowflake(11);
        String worklogOnly = snowflake(12);
        app.digests().setChannel(digestOnly, "700");
        parkForServer(lotOnly, "CRDT");
        app.settings().addWorklog(worklogOnly, "701", "ada");

        ServerDeparture.Reconciled ready = app.departures().sessionReady(0, 1, Set.of());
        assertEquals(List.of(GUILD, OTHER_GUILD, digestOnly, lotOnly, worklogOnly).stream().sorted().toList(),
                ready.departed());
        assertTrue(ready.noneListed(), "none of the servers with data is the bot's: worth a warning");
    }

    @Test
    void everyTableThatNamesAServerIsAskedWhichServersHoldData() {
        for (ServerData.Table table : ServerData.TABLES) {
            boolean ofALotsLoop = table.rowsOf().startsWith("loop_id IN (SELECT id FROM open_loop");
            boolean throughAnotherTable = table.rowsOf().contains("ref_id IN (SELECT id FROM ");
            if (!ofALotsLoop && !throughAnotherTable && !table.name().equals("server_departure")) {
                assertTrue(java.util.regex.Pattern.compile("FROM " + table.name() + "\\b").matcher(ServerData.HOLDERS)
                                .find(),
                        table.name() + " holds a server's rows: ServerData.HOLDERS must read it");
            }
        }
    }
}
