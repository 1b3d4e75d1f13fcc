package dev.loopkeeper.discord;

import dev.loopkeeper.ownership.ServerDeparture;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.Executor;
import net.dv8tion.jda.api.JDA;
import net.dv8tion.jda.api.events.RawGatewayEvent;
import net.dv8tion.jda.api.events.guild.GuildJoinEvent;
import net.dv8tion.jda.api.events.guild.GuildLeaveEvent;
import net.dv8tion.jda.api.events.guild.UnavailableGuildLeaveEvent;
import net.dv8tion.jda.api.events.interaction.GenericInteractionCreateEvent;
import net.dv8tion.jda.api.hooks.ListenerAdapter;
import net.dv8tion.jda.api.utils.data.DataArray;

/**
 * Tells {@link ServerDeparture} when the bot leaves a server (its data is deleted after the grace period) and when it
 * is in one (added back: nothing is deleted), or its commands are used there (the app is there, bot or not). A
 * removal while the bot was offline sends no event; the next READY of the server's shard leaves it out, so each
 * session's READY is handed over whole ({@link ServerDeparture#sessionReady}).
 * READY is read raw because it is the one complete list: JDA's public API does not name the servers that are in an
 * outage at start-up, and such a server has not removed the bot. Each change is a database write, so it runs on the
 * executor given, never on the gateway thread; that executor must run them one at a time in order (the job thread), so
 * that a server that adds the bot after a READY is present again after that READY is reconciled.
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

    /** Removed from a server while it was in an outage: JDA has no guild object for it, only its id. */
    @Override
    public void onUnavailableGuildLeave(UnavailableGuildLeaveEvent event) {
        String guildId = event.getGuildId();
        writes.execute(() -> departures.left(guildId));
    }

    @Override
    public void onGuildJoin(GuildJoinEvent event) {
        String guildId = event.getGuild().getId();
        writes.execute(() -> departures.present(guildId));
    }

    /**
     * An interaction in a server proves the app is there, bot or not (its commands only, or the bot kicked and its
     * commands kept: READY lists neither): a departure recorded for it is cancelled. Asked of memory here, on the
     * gateway thread; only a server with a departure recorded costs a write.
     */
    @Override
    public void onGenericInteractionCreate(GenericInteractionCreateEvent event) {
        if (event.getGuild() == null) {
            return;
        }
        String guildId = event.getGuild().getId();
        if (departures.isRecorded(guildId)) {
            writes.execute(() -> departures.used(guildId));
        }
    }

    /**
     * A session's READY (at start-up, or after a reconnect that could not resume): every server of its shard the bot
     * is in, available or not. JDA passes each dispatch here once handled, with raw events enabled ({@link DiscordBot}).
     */
    @Override
    public void onRawGateway(RawGatewayEvent event) {
        if (!"READY".equals(event.getType())) {
            return;
        }
        DataArray guilds = event.getPayload().optArray("guilds").orElseGet(DataArray::empty);
        Set<String> listed = new HashSet<>();
        for (int i = 0; i < guilds.length(); i++) {
            listed.add(guilds.getObject(i).getString("id"));
        }
        JDA.ShardInfo shard = event.getJDA().getShardInfo();
        int id = shard.getShardId();
        int total = shard.getShardTotal();
        writes.execute(() -> departures.sessionReady(id, total, listed));
    }
}
