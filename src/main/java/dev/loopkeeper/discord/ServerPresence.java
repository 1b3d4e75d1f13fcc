package dev.loopkeeper.discord;

import dev.loopkeeper.ownership.ServerDeparture;
import net.dv8tion.jda.api.events.guild.GuildJoinEvent;
import net.dv8tion.jda.api.events.guild.GuildLeaveEvent;
import net.dv8tion.jda.api.events.guild.GuildReadyEvent;
import net.dv8tion.jda.api.hooks.ListenerAdapter;

/**
 * Tells {@link ServerDeparture} when the bot leaves a server (its data is deleted after the grace period) and when it
 * is in one (added back, or seen at start-up: nothing is deleted).
 */
public final class ServerPresence extends ListenerAdapter {
    private final ServerDeparture departures;

    public ServerPresence(ServerDeparture departures) {
        this.departures = departures;
    }

    @Override
    public void onGuildLeave(GuildLeaveEvent event) {
        departures.left(event.getGuild().getId());
    }

    @Override
    public void onGuildJoin(GuildJoinEvent event) {
        departures.present(event.getGuild().getId());
    }

    @Override
    public void onGuildReady(GuildReadyEvent event) {
        departures.present(event.getGuild().getId());
    }
}
