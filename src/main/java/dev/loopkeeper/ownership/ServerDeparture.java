package dev.loopkeeper.ownership;

import dev.loopkeeper.config.Config;
import dev.loopkeeper.storage.Database;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A server that removes the bot keeps its settings and shared lot for a grace period, in case it adds the bot back;
 * then they are deleted ({@link #deleteExpired}, a scheduled job). Personal loops stay with their owners. The bot learns
 * of a removal while it runs ({@link #left}), or, for one that happened while it was offline, when a gateway session's
 * READY leaves the server out ({@link #sessionReady}).
 */
public final class ServerDeparture {
    private static final Logger log = LoggerFactory.getLogger(ServerDeparture.class);
    /** Records a departure (guild id, when) unless one is recorded already: its grace period runs from the first. */
    private static final String RECORD = """
            INSERT INTO server_departure (guild_id, left_at) VALUES (?, ?)
            ON CONFLICT (guild_id) DO NOTHING""";
    /** Cancels a server's departure (guild id): the bot is in it. */
    private static final String CANCEL = "DELETE FROM server_departure WHERE guild_id = ?";

    private final Database database;
    private final Clock clock;
    private final Duration grace;
    /** Told, after the deletion commits, of each server whose data was deleted: what remembers it forgets it. */
    private final List<Consumer<String>> deletedListeners = new CopyOnWriteArrayList<>();
    /**
     * The servers whose departure is recorded, as read after this process's last change of them: every interaction in a
     * server asks ({@link #isRecorded}), which must not cost a database read.
     */
    private volatile Set<String> recorded;

    public ServerDeparture(Database database, Clock clock, Duration grace) {
        this.database = database;
        this.clock = clock;
        this.grace = grace;
        reread();
    }

    private void reread() {
        recorded = Set.copyOf(database.read(sql -> sql.query("SELECT guild_id FROM server_departure",
                r -> r.getString(1))));
    }

    public Duration grace() {
        return grace;
    }

    /** The bot was removed from the server: its data is kept until {@link #grace} has passed. */
    public void left(String guildId) {
        database.write(sql -> sql.update(RECORD, guildId, clock.millis()));
        reread();
        log.info("Removed from server {}; its settings and shared loops are deleted after {} days unless it comes back",
                guildId, grace.toDays());
    }

    /** The bot is in the server (added back, or seen at start-up): nothing of it is to be deleted. */
    public void present(String guildId) {
        database.write(sql -> sql.update(CANCEL, guildId));
        reread();
    }

    /**
     * Whether the server's departure is recorded, as far as this process knows (no database read): what an interaction
     * from it asks before {@link #used}.
     */
    public boolean isRecorded(String guildId) {
        return recorded.contains(guildId);
    }

    /**
     * Someone used Loopkeeper's commands in the server: it has Loopkeeper, whatever READY said. A server can keep the
     * app's commands without the bot (added with its commands only, or the bot kicked and its commands kept): READY
     * never lists it, so each start recorded it as gone, and its shared loops, parked and read there every day, were
     * deleted after the grace period. Cancels a departure recorded for it; returns whether there was one.
     */
    public boolean used(String guildId) {
        if (!isRecorded(guildId)) {
            return false;
        }
        boolean cancelled = database.inTransaction(sql -> sql.update(CANCEL, guildId)) > 0;
        reread();
        if (cancelled) {
            log.info("Server {} uses Loopkeeper's commands (its interactions arrive) though the bot is not among its "
                    + "members: its settings and shared loops are kept", guildId);
        }
        return cancelled;
    }

    /** What a session's READY changed: the servers newly recorded as gone, and those whose departure it cancelled. */
    public record Reconciled(List<String> departed, List<String> back, boolean noneListed) {
    }

    /**
     * A gateway session for shard {@code shard} of {@code total} is ready, and Discord listed {@code listed} as the
     * servers of that shard the bot is in (available or not: a server in an outage is listed too). Each server on that
     * shard that has data here ({@link ServerData#HOLDERS}) and is not listed removed the bot while it was offline: its
     * departure is recorded now, and the grace period runs from now (the bot cannot know when it happened). Each listed
     * server is present: a departure recorded for it is cancelled. Servers on other shards are left alone: another
     * session, perhaps another process, lists them. Callers pass one session's list at a time, in the order of events,
     * so that a server that adds the bot after this READY is made present again afterwards.
     */
    public Reconciled sessionReady(int shard, int total, Set<String> listed) {
        Config.Shards session = new Config.Shards(total, List.of(shard));
        long now = clock.millis();
        Reconciled reconciled = database.inTransaction(sql -> {
            Set<String> holders = new TreeSet<>(sql.query(ServerData.HOLDERS, r -> r.getString(1)));
            List<String> departed = new ArrayList<>();
            boolean anyListed = false;
            for (String guildId : holders) {
                if (!onShard(session, guildId)) {
                    continue;
                }
                if (listed.contains(guildId)) {
                    anyListed = true;
                } else if (sql.update(RECORD, guildId, now) == 1) {
                    departed.add(guildId);
                }
            }
            List<String> back = new ArrayList<>();
            for (String guildId : sql.query("SELECT guild_id FROM server_departure ORDER BY guild_id",
                    r -> r.getString(1))) {
                if (listed.contains(guildId)) {
                    sql.update(CANCEL, guildId);
                    back.add(guildId);
                }
            }
            return new Reconciled(List.copyOf(departed), List.copyOf(back), !anyListed);
        });
        if (reconciled.departed().size() > 1 && reconciled.noneListed()) {
            // Every server with data here gone at once (several: a bot in one server may well be removed from it):
            // more often a bot started with another application's token on this database than a real mass removal.
            // Say so while the grace period leaves time to fix it.
            log.warn("None of the servers with data here is among the bot's servers on shard {} of {}: {} are recorded "
                    + "as having removed the bot, and their settings and shared loops are deleted after {} days. If "
                    + "this bot now runs with another application's token than before, start it with the old one "
                    + "before then: its READY lists them again, and nothing is deleted", shard, total,
                    shorten(reconciled.departed()), grace.toDays());
        } else if (!reconciled.departed().isEmpty()) {
            log.info("Server(s) {} removed the bot while it was offline (not among shard {} of {}'s {} servers at its "
                    + "start); their settings and shared loops are deleted after {} days unless they add it back",
                    shorten(reconciled.departed()), shard, total, listed.size(), grace.toDays());
        }
        if (!reconciled.back().isEmpty()) {
            log.info("Server(s) {} have the bot again: their data is kept", shorten(reconciled.back()));
        }
        reread();
        return reconciled;
    }

    /**
     * Whether Discord sends the server's events to this session: {@code (id >> 22) % total == shard}. An id that is not
     * a Discord snowflake names no server of any shard.
     */
    private static boolean onShard(Config.Shards session, String guildId) {
        return Config.Shards.isServerId(guildId) && session.runs(guildId);
    }

    /** At most ten ids for a log line, and how many more. */
    private static String shorten(List<String> ids) {
        return ids.size() <= 10 ? String.join(", ", ids)
                : String.join(", ", ids.subList(0, 10)) + " and " + (ids.size() - 10) + " more";
    }

    /** Adds what must forget a server once its data is deleted (a cache of its settings). */
    public void onDeleted(Consumer<String> listener) {
        deletedListeners.add(listener);
    }

    /** Deletes what the servers left behind longer than the grace period ago; returns the rows deleted per server. */
    public Map<String, Integer> deleteExpired() {
        Instant cutoff = clock.instant().minus(grace);
        List<String> expired = database.read(sql -> sql.query(
                "SELECT guild_id FROM server_departure WHERE left_at <= ? ORDER BY left_at", r -> r.getString(1),
                cutoff.toEpochMilli()));
        Map<String, Integer> deleted = new LinkedHashMap<>();
        for (String guildId : expired) {
            int rows = database.inTransaction(sql -> {
                // Still expired inside the transaction: the bot may have been added back since the read above.
                if (sql.queryLong("SELECT COUNT(*) FROM server_departure WHERE guild_id = ? AND left_at <= ?", guildId,
                        cutoff.toEpochMilli()) == 0) {
                    return 0;
                }
                int count = 0;
                for (ServerData.Table table : ServerData.TABLES) {
                    count += sql.update(table.delete(),
                            Collections.nCopies((int) table.rowsOf().chars().filter(c -> c == '?').count(), guildId)
                                    .toArray());
                }
                return count;
            });
            deleted.put(guildId, rows);
            reread();
            deletedListeners.forEach(listener -> listener.accept(guildId));
            log.info("Deleted server {}'s settings and shared loops ({} rows): the bot left it over {} days ago",
                    guildId, rows, grace.toDays());
        }
        return deleted;
    }
}
