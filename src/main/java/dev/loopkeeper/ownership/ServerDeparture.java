package dev.loopkeeper.ownership;

import dev.loopkeeper.storage.Database;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A server that removes the bot keeps its settings and shared lot for a grace period, in case it adds the bot back;
 * then they are deleted ({@link #deleteExpired}, a scheduled job). Personal loops stay with their owners.
 */
public final class ServerDeparture {
    private static final Logger log = LoggerFactory.getLogger(ServerDeparture.class);

    private final Database database;
    private final Clock clock;
    private final Duration grace;

    public ServerDeparture(Database database, Clock clock, Duration grace) {
        this.database = database;
        this.clock = clock;
        this.grace = grace;
    }

    public Duration grace() {
        return grace;
    }

    /** The bot was removed from the server: its data is kept until {@link #grace} has passed. */
    public void left(String guildId) {
        database.write(sql -> sql.update("""
                INSERT INTO server_departure (guild_id, left_at) VALUES (?, ?)
                ON CONFLICT (guild_id) DO NOTHING""", guildId, clock.millis()));
        log.info("Removed from server {}; its settings and shared loops are deleted after {} days unless it comes back",
                guildId, grace.toDays());
    }

    /** The bot is in the server (added back, or seen at start-up): nothing of it is to be deleted. */
    public void present(String guildId) {
        database.write(sql -> sql.update("DELETE FROM server_departure WHERE guild_id = ?", guildId));
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
                    count += sql.update("DELETE FROM " + table.name() + " WHERE " + table.rowsOf(),
                            Collections.nCopies((int) table.rowsOf().chars().filter(c -> c == '?').count(), guildId)
                                    .toArray());
                }
                return count;
            });
            deleted.put(guildId, rows);
            log.info("Deleted server {}'s settings and shared loops ({} rows): the bot left it over {} days ago",
                    guildId, rows, grace.toDays());
        }
        return deleted;
    }
}
