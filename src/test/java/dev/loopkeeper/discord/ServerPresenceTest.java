package dev.loopkeeper.discord;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

import dev.loopkeeper.loop.LoopScope;
import dev.loopkeeper.loop.Origin;
import dev.loopkeeper.loop.ParkRequest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import net.dv8tion.jda.api.JDA;
import net.dv8tion.jda.api.entities.Guild;
import net.dv8tion.jda.api.events.RawGatewayEvent;
import net.dv8tion.jda.api.events.guild.GuildJoinEvent;
import net.dv8tion.jda.api.events.guild.GuildLeaveEvent;
import net.dv8tion.jda.api.events.guild.UnavailableGuildLeaveEvent;
import net.dv8tion.jda.api.utils.data.DataArray;
import net.dv8tion.jda.api.utils.data.DataObject;
import org.junit.jupiter.api.Test;

/**
 * Guild events reach {@code ServerDeparture}: leaving (also while the server is in an outage) starts the grace period,
 * being added back ends it, and a session's READY, read raw, records the servers of its shard that it leaves out.
 */
class ServerPresenceTest extends CommandTestBase {

    private static Guild guild() {
        Guild guild = mock(Guild.class);
        when(guild.getId()).thenReturn(MockInteractions.GUILD);
        return guild;
    }

    /** The READY dispatch of a session of {@code shard} of {@code total}, as JDA hands it over raw. */
    private static RawGatewayEvent ready(int shard, int total, String... guilds) {
        JDA jda = mock(JDA.class);
        when(jda.getShardInfo()).thenReturn(new JDA.ShardInfo(shard, total));
        DataArray listed = DataArray.empty();
        for (String id : guilds) {
            listed.add(DataObject.empty().put("id", id).put("unavailable", true));
        }
        return new RawGatewayEvent(jda, 1, DataObject.empty().put("op", 0).put("s", 1).put("t", "READY")
                .put("d", DataObject.empty().put("session_id", "s").put("guilds", listed)));
    }

    @Test
    void leavingStartsTheGracePeriodAndComingBackEndsIt() {
        ServerPresence presence = new ServerPresence(app.departures(), Runnable::run);
        GuildLeaveEvent left = mock(GuildLeaveEvent.class);
        Guild guild = guild();
        when(left.getGuild()).thenReturn(guild);
        GuildJoinEvent joined = mock(GuildJoinEvent.class);
        when(joined.getGuild()).thenReturn(guild);

        presence.onGuildLeave(left);
        clock.advance(Duration.ofDays(10));
        presence.onGuildJoin(joined);
        clock.advance(Duration.ofDays(31));
        assertEquals(Set.of(), app.departures().deleteExpired().keySet(), "added back in time");

        // Removed while the server was in an outage: JDA knows only its id.
        JDA jda = mock(JDA.class);
        presence.onUnavailableGuildLeave(new UnavailableGuildLeaveEvent(jda, 2, Long.parseLong(MockInteractions.GUILD)));
        clock.advance(Duration.ofDays(30));
        assertEquals(Set.of(MockInteractions.GUILD), app.departures().deleteExpired().keySet());
    }

    @Test
    void aReadyThatLeavesOutAServerOfItsShardWithDataRecordsItsDepartureAndOneThatListsItCancelsIt() {
        String onShardOne = Long.toString(5L << 22);
        String otherOnShardOne = Long.toString(7L << 22);
        String onShardZero = Long.toString(4L << 22);
        for (String guild : List.of(onShardOne, otherOnShardOne, onShardZero)) {
            app.settings().setReminderChannel(guild, "600");
        }
        app.loops().park(new ParkRequest(ADA, "Raft", null, Origin.channel(onShardOne, "600"),
                LoopScope.server(onShardOne)));
        List<Runnable> queued = new ArrayList<>();
        ServerPresence presence = new ServerPresence(app.departures(), queued::add);

        // Other dispatches pass through untouched; READY is handed to the writer, not done on the gateway thread.
        presence.onRawGateway(new RawGatewayEvent(mock(JDA.class), 2, DataObject.empty().put("op", 0).put("s", 2)
                .put("t", "GUILD_CREATE").put("d", DataObject.empty().put("id", onShardOne))));
        assertEquals(0, queued.size());
        presence.onRawGateway(ready(1, 2, otherOnShardOne));
        assertEquals(1, queued.size());
        queued.remove(0).run();
        assertEquals(List.of(onShardOne), app.database().read(sql -> sql.query(
                "SELECT guild_id FROM server_departure", r -> r.getString(1))),
                "shard 1's server with data that READY left out; shard 0's is another session's to list");

        // The next start lists it again (added back while the bot was offline, in an outage or not).
        clock.advance(Duration.ofDays(3));
        presence.onRawGateway(ready(1, 2, onShardOne, otherOnShardOne));
        queued.remove(0).run();
        clock.advance(Duration.ofDays(40));
        assertEquals(Set.of(), app.departures().deleteExpired().keySet());
    }
}
