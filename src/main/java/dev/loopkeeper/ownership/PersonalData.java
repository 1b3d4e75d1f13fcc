package dev.loopkeeper.ownership;

import dev.loopkeeper.ownership.PersonalTable.Handling;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Every table, and what it holds of a person. Export and import walk {@link #TABLES} in order (a table only links to
 * tables before it); forgetting walks it backwards, then clears {@link #ANONYMISED}. A table in neither list must be in
 * {@link #NOT_PERSONAL} with the reason: {@code PersonalDataTest} fails for a table that is in no list, and for a table
 * called not personal that has a column naming a person.
 */
public final class PersonalData {
    private static final Set<String> NONE = Set.of();
    private static final String OWNER = "owner_id = ?";
    /*
     * The one SQL on open_loop outside loop/LoopStore (OpenLoopSqlTest allows it): this registry gives every table a
     * predicate that DataStore runs by table name, and the tables hanging off a loop find a person's rows through their
     * loop. Moving this predicate into LoopStore would special-case one table in a list meant to be uniform.
     */
    private static final String OWN_LOOP = "loop_id IN (SELECT id FROM open_loop WHERE owner_id = ?)";

    /**
     * The bot's own bookkeeping among a person's rows (delivery state, counters, which one-time hints were shown):
     * deleted with the rest, but neither counted aloud nor shown in the Markdown form (the JSON form carries the
     * hints; delivery state and counters are not exported at all).
     */
    static final List<String> BOOKKEEPING = List.of("outbox", "loop_version", "person_hint");

    public static final List<PersonalTable> TABLES = List.of(
            new PersonalTable("person_settings", OWNER, Handling.PORTABLE, Set.of("owner_id"), Map.of(),
                    List.of("owner_id"), NONE),
            new PersonalTable("person_hint", OWNER, Handling.PORTABLE, Set.of("owner_id"), Map.of(),
                    List.of("owner_id", "hint"), NONE),
            // Whether a focus change was decided is this database's bookkeeping (V33), not the person's data.
            new PersonalTable("focus", OWNER, Handling.PORTABLE, Set.of("owner_id"), Map.of(),
                    List.of("owner_id", "text", "started_at"), Set.of("undecided_since")),
            // When a nudge last offered a loop to let go (V34) only orders the next offers: this database's bookkeeping.
            // Where its why was typed (why_guild_id, V35; loop_note's too) is exported: an import keeps it, and a file
            // without it leaves the why out of servers' channels.
            new PersonalTable("open_loop", OWNER, Handling.PORTABLE, Set.of("owner_id", "author_id"),
                    Map.of("snooze_focus_id", "focus"), List.of("owner_id", "concept_key", "created_at"),
                    Set.of("embedding", "embedding_model", "why_embedding", "foundations", "foundations_version",
                            "embed_lease_until", "offered_at")),
            new PersonalTable("loop_note", OWN_LOOP, Handling.PORTABLE, Set.of("owner_id"),
                    Map.of("loop_id", "open_loop", "merged_from", "open_loop"),
                    List.of("loop_id", "concept", "created_at"), NONE),
            new PersonalTable("loop_phase", OWNER, Handling.PORTABLE, Set.of("owner_id"), Map.of("loop_id", "open_loop"),
                    List.of("loop_id", "phase", "created_at"), NONE),
            new PersonalTable("reminder", OWNER, Handling.PORTABLE, Set.of("owner_id"), Map.of("focus_id", "focus"),
                    List.of("owner_id", "focus_text", "created_at"), NONE),
            new PersonalTable("reminder_item", "reminder_id IN (SELECT id FROM reminder WHERE owner_id = ?)",
                    Handling.PORTABLE, NONE, Map.of("reminder_id", "reminder", "loop_id", "open_loop"),
                    List.of("reminder_id", "loop_id"), NONE),
            new PersonalTable("suppression", OWNER, Handling.PORTABLE, Set.of("owner_id"), Map.of("loop_id", "open_loop"),
                    List.of("loop_id", "focus_key"), NONE),
            new PersonalTable("loop_feedback", OWNER, Handling.PORTABLE, Set.of("owner_id"),
                    Map.of("loop_id", "open_loop"), List.of("owner_id", "loop_id", "source", "created_at"), NONE),
            new PersonalTable("nudge_schedule", OWNER, Handling.PORTABLE, Set.of("owner_id"), Map.of(),
                    List.of("owner_id"), NONE),
            new PersonalTable("nudge", OWNER, Handling.PORTABLE, Set.of("owner_id"), Map.of(),
                    List.of("owner_id", "slot_local"), NONE),
            new PersonalTable("nudge_prompt", "nudge_id IN (SELECT id FROM nudge WHERE owner_id = ?)", Handling.PORTABLE,
                    NONE, Map.of("nudge_id", "nudge", "loop_id", "open_loop"), List.of("nudge_id", "position"), NONE),
            new PersonalTable("reflection", OWNER, Handling.PORTABLE, Set.of("owner_id"), Map.of("loop_id", "open_loop"),
                    List.of("loop_id", "created_at"), NONE),
            // A poll on one of the person's own loops (a console run); a server's polls are the server's. Found through
            // the loops (a poll's owner_id is its loop's): triage_poll_by_loop answers; owner_id has no index.
            new PersonalTable("triage_poll", OWN_LOOP, Handling.PORTABLE, Set.of("owner_id", "started_by"),
                    Map.of("loop_id", "open_loop"), List.of("loop_id", "created_at"), NONE),
            new PersonalTable("loop_interest", "user_id = ?", Handling.EXPORTED, Set.of("user_id"), Map.of(),
                    List.of("loop_id", "user_id"), NONE),
            new PersonalTable("outbox", "recipient_id = ?", Handling.INTERNAL, Set.of("recipient_id"), Map.of(),
                    List.of("kind", "ref_id"), NONE),
            new PersonalTable("loop_version", OWNER, Handling.INTERNAL, Set.of("owner_id"), Map.of(),
                    List.of("owner_id"), NONE));

    /**
     * A person's id in rows that are a server's: the loops they parked in a server's shared lot stay the group's, and
     * a work-log channel they marked stays marked, but neither keeps their id.
     */
    public static final List<Anonymised> ANONYMISED = List.of(
            new Anonymised("open_loop", "author_id", "scope = 'server' AND author_id = ?", null),
            new Anonymised("worklog_channel", "added_by", "added_by = ?", ""),
            new Anonymised("triage_poll", "started_by", "owner_id <> ? AND started_by = ?", ""));

    /** Tables that hold nothing of a person, and why. */
    public static final Map<String, String> NOT_PERSONAL = Map.of(
            "guild_settings", "a server's settings, deleted when the bot has left the server (ServerDeparture)",
            "server_departure", "when the bot was removed from a server",
            "guild_nudge_settings", "a server's default zone and digest channel",
            "server_digest", "a server's weekly digest",
            "worklog_channel", "a server's work-log channels (who marked one is in ANONYMISED)",
            "flyway_schema_history", "the schema's migrations",
            "shard_claim", "which bot process runs which Discord shard",
            "group_post", "where the bot's message for a server loop is (a channel and the bot's own message), to edit "
                    + "it as the loop changes; deleted with the server's shared lot (ServerData)");

    /** A column that names a person in a row that is not theirs: set to {@code replacement} when they are forgotten. */
    public record Anonymised(String table, String column, String rowsOf, String replacement) {
    }

    /** The registered table of this name. */
    public static PersonalTable table(String name) {
        return TABLES.stream().filter(t -> t.name().equals(name)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("Not a personal table: " + name));
    }

    private PersonalData() {
    }
}
