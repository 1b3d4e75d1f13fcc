package dev.loopkeeper.schedule;

import dev.loopkeeper.storage.Database;
import java.lang.management.ManagementFactory;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

/**
 * Which bot process runs which Discord shard, as claims with a lease in the shared database ({@code shard_claim}).
 * Each process settles its shards at start-up and renews them while it runs; a claim nobody renews runs out. A process
 * learns this way that another live process runs one of its shards too (their {@code LOOPKEEPER_SHARD_IDS} overlap:
 * Discord then sends that shard's events to both, and both answer), or counts another {@code LOOPKEEPER_SHARDS}. It
 * says so; it does not stop, since the other may be a process that was just stopped and whose claim has not run out.
 */
public final class ShardClaims {
    /** How long a claim lasts unless renewed: three renewals, so one late renewal loses nothing. */
    public static final Duration LEASE = Duration.ofSeconds(90);
    /** How often a running process renews its claims. */
    public static final Duration RENEW = Duration.ofSeconds(30);

    /** A live claim of another process that stands against this one's: the same shard, or another total. */
    public record Conflict(int shard, int total, String process, Instant until) {
    }

    /** A line a renewal has to say ({@link #renew}): a warning, or news that all is well again. */
    public record Notice(boolean warning, String line) {
    }

    private final Database database;
    private final Clock clock;
    private final String process;
    private final Duration lease;
    /** The conflicts already said, so a renewal every {@link #RENEW} does not repeat them. */
    private final Set<String> conflictsSaid = new HashSet<>();
    /** When this process first renewed, and the shards no process ran when it last said so. */
    private Instant renewingSince;
    private List<Integer> unclaimedSaid = List.of();

    public ShardClaims(Database database, Clock clock, String process, Duration lease) {
        this.database = database;
        this.clock = clock;
        this.process = process;
        this.lease = lease;
    }

    /** This run of this process: {@code pid@host}, and when it started (a restart is another run). */
    public static String thisProcess() {
        return ManagementFactory.getRuntimeMXBean().getName() + " started "
                + Instant.ofEpochMilli(ManagementFactory.getRuntimeMXBean().getStartTime());
    }

    public String process() {
        return process;
    }

    /**
     * Claims (or renews) {@code shards} of {@code total} for this process: a shard is taken when it is free, already
     * this process's, or its holder's claim has run out. Returns the live claims of other processes that stand against
     * this one's: on one of these shards (left with them), or made with another total. Empty is the healthy answer.
     */
    public List<Conflict> claim(int total, List<Integer> shards) {
        Instant now = clock.instant();
        long until = now.plus(lease).toEpochMilli();
        return database.inTransaction(sql -> {
            for (int shard : shards) {
                sql.update("""
                        INSERT INTO shard_claim (shard_id, shard_total, process, lease_until) VALUES (?, ?, ?, ?)
                        ON CONFLICT (shard_id) DO UPDATE SET shard_total = excluded.shard_total,
                            process = excluded.process, lease_until = excluded.lease_until
                         WHERE shard_claim.process = excluded.process OR shard_claim.lease_until < ?""",
                        shard, total, process, until, now.toEpochMilli());
            }
            return sql.query("""
                    SELECT shard_id, shard_total, process, lease_until FROM shard_claim
                     WHERE process <> ? AND lease_until >= ? ORDER BY shard_id""",
                    row -> new Conflict(row.getInt(1), row.getInt(2), row.getString(3),
                            Instant.ofEpochMilli(row.getLong(4))), process, now.toEpochMilli())
                    .stream().filter(c -> shards.contains(c.shard()) || c.total() != total).toList();
        });
    }

    /**
     * Claims (or renews) {@code shards} of {@code total} and returns what is new to say: each conflict once, and, when
     * this process runs only some shards and the others have had a renewal's time to start, the shards no process
     * runs whenever that set changes (and that all are run again, when it empties).
     */
    public synchronized List<Notice> renew(int total, List<Integer> shards) {
        Instant now = clock.instant();
        if (renewingSince == null) {
            renewingSince = now;
        }
        List<Notice> notices = new ArrayList<>();
        for (Conflict conflict : claim(total, shards)) {
            if (conflictsSaid.add(conflict.shard() + "/" + conflict.total() + " " + conflict.process())) {
                notices.add(new Notice(true, describe(conflict, total)));
            }
        }
        if (shards.size() < total && !now.isBefore(renewingSince.plus(RENEW))) {
            List<Integer> unclaimed = unclaimed(total);
            if (!unclaimed.equals(unclaimedSaid)) {
                notices.add(unclaimed.isEmpty()
                        ? new Notice(false, "Every shard of " + total + " is run by a bot process again")
                        : new Notice(true, describeUnclaimed(unclaimed, total)));
                unclaimedSaid = unclaimed;
            }
        }
        return notices;
    }

    /**
     * The shards of {@code total} that no live process claims under that total: servers on them are run by nobody (their
     * commands go unanswered). Right after start-up the other processes may still be starting; ask after a renewal.
     */
    public List<Integer> unclaimed(int total) {
        Instant now = clock.instant();
        List<Integer> claimed = database.read(sql -> sql.query(
                "SELECT shard_id FROM shard_claim WHERE shard_total = ? AND lease_until >= ?",
                row -> row.getInt(1), total, now.toEpochMilli()));
        return IntStream.range(0, total).filter(shard -> !claimed.contains(shard)).boxed().toList();
    }

    /** The log line for shards that no process runs. */
    public static String describeUnclaimed(List<Integer> shards, int total) {
        boolean one = shards.size() == 1;
        String them = one ? "it" : "them";
        return (one ? "Shard " : "Shards ") + shards.stream().map(String::valueOf).collect(Collectors.joining(", "))
                + " of " + total + (one ? " is" : " are") + " run by no bot process (none has claimed " + them
                + " for " + RENEW.toSeconds() + " s): commands in servers on " + them + " go unanswered. Start a "
                + "process whose LOOPKEEPER_SHARD_IDS includes " + them + " (docs/DEPLOY.md).";
    }

    /** Gives this process's claims back, at a clean stop: its shards are free for another process at once. */
    public void release() {
        database.write(sql -> sql.update("DELETE FROM shard_claim WHERE process = ?", process));
    }

    /** The log line for a conflict, naming the setting to change. */
    public static String describe(Conflict conflict, int total) {
        if (conflict.total() != total) {
            return "Another bot process (" + conflict.process() + ") runs with LOOPKEEPER_SHARDS=" + conflict.total()
                    + ", this one with " + total + ": every process must count the same shards, or servers are run by "
                    + "two processes or by none. Set the same LOOPKEEPER_SHARDS everywhere and restart them all "
                    + "(docs/DEPLOY.md). If that process was just stopped, ignore this: its claim runs out at "
                    + conflict.until() + ".";
        }
        return "Shard " + conflict.shard() + " of " + total + " is run by another bot process too (" + conflict.process()
                + "): Discord sends its events to both, and both answer. Give each process its own "
                + "LOOPKEEPER_SHARD_IDS, so that every shard is run by exactly one (docs/DEPLOY.md). If that process was "
                + "just stopped, ignore this: its claim runs out at " + conflict.until() + ".";
    }
}
