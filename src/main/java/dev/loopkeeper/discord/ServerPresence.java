package dev.loopkeeper.discord;

import dev.loopkeeper.ownership.ServerDeparture;
import java.util.concurrent.Executor;
import net.dv8tion.jda.api.events.guild.GuildJoinEvent;
import net.dv8tion.jda.api.events.guild.GuildLeaveEvent;
import net.dv8tion.jda.api.events.guild.GuildReadyEvent;
import net.dv8tion.jda.api.hooks.ListenerAdapter;

/**
 * Tells {@link ServerDeparture} when the bot leaves a server (its data is deleted after the grace period) and when it
 * is in one (added back, or seen at start-up: nothing is deleted). Each is a database write, so it runs on the executor given,
 * never on the gateway thread (a start-up in many servers fires one ready event per server).
 */
public final class ServerPresence extends ListenerAdapter {
    private final ServerDeparture departures;
    private final Executor writes;

    public ServerPresence(ServerDeparture departures, Executor writes) {
        this.departures = departures;
        this.writes = writes;
    }

    @Override
    public void onGuildLeave(GuildLeaveEvent event) {
        String guildId = event.getGuild().getId();
        writes.execute(() -> departures.left(guildId));
    }

    @Override
    public void onGuildJoin(GuildJoinEvent event) {
        String guildId = event.getGuild().getId();
        writes.execute(() -> departures.present(guildId));
    }

    @Override
    public void onGuildReady(GuildReadyEvent event) {
        String guildId = event.getGuild().getId();
        writes.execute(() -> departures.present(guildId));
    }
}
