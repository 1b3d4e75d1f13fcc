package dev.loopkeeper.ownership;

import dev.loopkeeper.nudge.ServerDigest;
import dev.loopkeeper.poll.PollService;
import java.util.List;

/**
 * What a server leaves behind: its settings and its shared parking lot, each table with an SQL predicate whose
 * every {@code ?} is the guild id. Deleted in this order (children first) when the grace period after the bot's
 * removal has passed. Personal loops parked in the server are their owners' and stay.
 */
public final class ServerData {
    private static final String LOT = "owner_id = 'server-' || ?";
    /* Like PersonalData's OWN_LOOP, the generic registry's exception to "all open_loop SQL lives in LoopStore". */
    private static final String LOT_LOOP = "loop_id IN (SELECT id FROM open_loop WHERE owner_id = 'server-' || ?)";

    public static final List<Table> TABLES = List.of(
            // Mail about the server's polls and digests, reached through them and so deleted first. Left behind, a
            // row kept its kind and id, and SQLite hands a deleted table's newest id out again: the next poll or
            // digest made anywhere then failed on the outbox's unique key, and every digest stopped with it.
            new Table("outbox", "kind = '" + PollService.KIND + "' AND ref_id IN (SELECT id FROM triage_poll WHERE "
                    + LOT_LOOP + ")"),
            new Table("outbox", "kind = '" + ServerDigest.KIND + "' AND ref_id IN (SELECT id FROM server_digest"
                    + " WHERE guild_id = ?)"),
            new Table("loop_interest", LOT_LOOP),
            new Table("triage_poll", LOT_LOOP),
            new Table("loop_note", LOT_LOOP),
            new Table("loop_phase", LOT_LOOP),
            new Table("reminder_item", LOT_LOOP),
            new Table("suppression", LOT_LOOP),
            new Table("loop_feedback", LOT_LOOP),
            new Table("group_post", LOT_LOOP),
            new Table("open_loop", LOT),
            new Table("loop_version", LOT),
            new Table("worklog_channel", "guild_id = ?"),
            new Table("server_digest", "guild_id = ?"),
            new Table("guild_nudge_settings", "guild_id = ?"),
            new Table("guild_settings", "guild_id = ?"),
            new Table("server_departure", "guild_id = ?"));

    /**
     * The servers this database holds data for, one guild id a row (possibly repeated): every table of {@link #TABLES}
     * that names a server itself; the other tables hold rows of a shared lot's loops, which {@code open_loop} names.
     * A server listed here and absent from the bot's servers at start-up has removed the bot while it was offline.
     */
    public static final String HOLDERS = """
            SELECT guild_id FROM guild_settings
            UNION SELECT guild_id FROM guild_nudge_settings
            UNION SELECT guild_id FROM worklog_channel
            UNION SELECT guild_id FROM server_digest
            UNION SELECT substr(owner_id, 8) FROM open_loop WHERE owner_id LIKE 'server-%'
            UNION SELECT substr(owner_id, 8) FROM loop_version WHERE owner_id LIKE 'server-%'""";

    /** One table's rows of a server. */
    public record Table(String name, String rowsOf) {
        /** Deletes the server's rows of the table; every {@code ?} is the guild id (its plan is tested). */
        public String delete() {
            return "DELETE FROM " + name + " WHERE " + rowsOf;
        }
    }

    private ServerData() {
    }
}
