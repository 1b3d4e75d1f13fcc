package dev.loopkeeper.discord;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

import java.time.Duration;
import java.util.Set;
import net.dv8tion.jda.api.entities.Guild;
import net.dv8tion.jda.api.events.guild.GuildJoinEvent;
import net.dv8tion.jda.api.events.guild.GuildLeaveEvent;
import net.dv8tion.jda.api.events.guild.GuildReadyEvent;
import org.junit.jupiter.api.Test;

/** Guild events reach {@code ServerDeparture}: leaving starts the grace period, being back (or ready) ends it. */
class ServerPresenceTest extends CommandTestBase {

    private static Guild guild() {
        Guild guild = mock(Guild.class);
        when(guild.getId()).thenReturn(MockInteractions.GUILD);
        return guild;
    }

    @Test
    void leavingStartsTheGracePeriodAndComingBackOrBeingReadyEndsIt() {
        ServerPresence presence = new ServerPresence(app.departures(), Runnable::run);
        GuildLeaveEvent left = mock(GuildLeaveEvent.class);
        Guild guild = guild();
        when(left.getGuild()).thenReturn(guild);
        GuildJoinEvent joined = mock(GuildJoinEvent.class);
        when(joined.getGuild()).thenReturn(guild);
        GuildReadyEvent ready = mock(GuildReadyEvent.class);
        when(ready.getGuild()).thenReturn(guild);

        presence.onGuildLeave(left);
        clock.advance(Duration.ofDays(31));
        presence.onGuildReady(ready);
        assertEquals(Set.of(), app.departures().deleteExpired().keySet(), "seen at start-up: nothing is deleted");

        presence.onGuildLeave(left);
        clock.advance(Duration.ofDays(10));
        presence.onGuildJoin(joined);
        clock.advance(Duration.ofDays(31));
        assertEquals(Set.of(), app.departures().deleteExpired().keySet(), "added back in time");

        presence.onGuildLeave(left);
        clock.advance(Duration.ofDays(30));
        assertEquals(Set.of(MockInteractions.GUILD), app.departures().deleteExpired().keySet());
    }
}
