package dev.loopkeeper.config;

import dev.loopkeeper.common.DatabaseUrls;
import java.net.URI;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Everything Loopkeeper reads at start-up, validated once. The token is absent in console and score
 * modes and is never printed: {@link #toString()} masks it.
 */
public record Config(
        Optional<String> discordToken,
        Path databasePath,
        Optional<String> devGuildId,
        int workers,
        int maxOpenLoops,
        int pageSize,
        Optional<URI> discordApiBase,
        Optional<URI> discordGatewayUrl,
        Relevance relevance,
        int serverGraceDays,
        Nudges nudges,
        Optional<Postgres> postgres,
        Optional<Shards> shards,
        Delivery delivery,
        int uploadLimitKb,
        java.time.Duration stopLimit) {

    /**
     * The most a stop takes ({@code LOOPKEEPER_STOP_SECONDS}): interactions under way are answered, then the bot
     * disconnects, then its own work is finished. Eight seconds, inside Docker's ten between its stop signal and a kill.
     */
    public static final java.time.Duration DEFAULT_STOP_LIMIT = java.time.Duration.ofSeconds(8);

    /**
     * The largest file, in KiB, the bot attaches to a message: Discord takes 10 MiB from a bot (a direct message is never
     * boosted), less room for the request around the file. {@code LOOPKEEPER_UPLOAD_LIMIT_KB} may only lower it.
     */
    public static final int MAX_UPLOAD_KB = 10 * 1024 - 64;

    public int uploadLimitBytes() {
        return uploadLimitKb * 1024;
    }

    /**
     * Discord sharding: {@code total} shards ({@code LOOPKEEPER_SHARDS}), of which this process runs {@code ids}
     * ({@code LOOPKEEPER_SHARD_IDS}). Absent: one process, no sharding, as before.
     */
    public record Shards(int total, java.util.List<Integer> ids) {
        public Shards {
            ids = java.util.List.copyOf(ids);
        }

        /**
         * Discord's rule: a server's events arrive on shard {@code (server id >> 22) % total}. Throws
         * NumberFormatException for an id that is not a server's ({@link #isServerId}).
         */
        public int shardOf(String guildId) {
            return (int) Long.remainderUnsigned(Long.parseUnsignedLong(guildId) >>> 22, total);
        }

        /**
         * Whether this process runs the server's shard: only then are its channels in this process's cache. An id that
         * is not a server's (a hand-edited /import may give a loop any origin_guild_id) is on no shard, so no other
         * process runs it either: true, and this process finds no channel for it, as an unsharded one does. Thrown,
         * it left a reminder's row 'sending', failing on every lease; answered false, every process would hand that
         * mail to another, for ever.
         */
        public boolean runs(String guildId) {
            return !isServerId(guildId) || ids.contains(shardOf(guildId));
        }

        /** Whether {@code guildId} can be a Discord server's id (a snowflake: an unsigned 64-bit number). */
        public static boolean isServerId(String guildId) {
            if (guildId == null) {
                return false;
            }
            try {
                Long.parseUnsignedLong(guildId);
                return true;
            } catch (NumberFormatException e) {
                return false;
            }
        }
    }

    /**
     * The shared store when {@code LOOPKEEPER_DB} is a {@code jdbc:postgresql://} URL. {@link Config#databasePath()}
     * then names no database: its folder ({@code ./data}) still holds the files a console run writes (exports, trees).
     * The password is never printed.
     */
    public record Postgres(String url, Optional<String> user, Optional<String> password) {
        @Override
        public String toString() {
            return "Postgres[url=" + DatabaseUrls.redact(url) + ", user=" + user.orElse("<from url>") + ", password="
                    + password.map(p -> "***").orElse("<from url>") + "]";
        }
    }

    /** Where the data lives, for people: the SQLite file, or the PostgreSQL URL (without a password). */
    public String databaseName() {
        return postgres.map(pg -> DatabaseUrls.redact(pg.url())).orElse(databasePath.toString());
    }

    /** Reminder policy and work-log settings; see config/loopkeeper.properties. */
    public record Relevance(double threshold, int cooldownDays, int dailyCap, int worklogFocusHours,
            boolean messageContent, int indexMegabytes) {
    }

    /**
     * The mail the bot sends on its own: how often a process looks for due mail ({@code LOOPKEEPER_DELIVERY_SECONDS})
     * and how long its claim on a row lasts before another process may take it over
     * ({@code LOOPKEEPER_MAIL_LEASE_SECONDS}): a process that dies mid-send hands its mail over within about the sum.
     */
    public record Delivery(java.time.Duration every, java.time.Duration lease) {
        /**
         * Every 15 seconds, under a 45-second lease: a dead process's mail is sent by another within about a minute.
         * An attempt usually takes well under a second; one that outlasts the lease (Discord answering slower than
         * that) may be taken over and sent again, and the message's nonce, the same on both, makes Discord return the
         * first message rather than show a second ({@code Courier#sendDirect(Mail, String)}).
         */
        public static final Delivery DEFAULTS = new Delivery(java.time.Duration.ofSeconds(15),
                java.time.Duration.ofSeconds(45));
    }

    /** Weekly nudges: how many weeks a peripheral loop rests untouched before a nudge offers to let it go. */
    public record Nudges(int untouchedWeeks) {
    }

    @Override
    public String toString() {
        return "Config[discordToken=" + discordToken.map(t -> "***").orElse("<none>")
                + ", database=" + databaseName()
                + ", devGuildId=" + devGuildId.orElse("<global>")
                + ", workers=" + workers
                + ", maxOpenLoops=" + maxOpenLoops
                + ", pageSize=" + pageSize
                + ", discordApiBase=" + discordApiBase.map(URI::toString).orElse("<discord>")
                + ", discordGatewayUrl=" + discordGatewayUrl.map(URI::toString).orElse("<discord>")
                + ", relevance=" + relevance
                + ", serverGraceDays=" + serverGraceDays
                + ", nudges=" + nudges
                + ", shards=" + shards.map(Object::toString).orElse("<none>")
                + ", delivery=" + delivery
                + ", stopLimit=" + stopLimit + "]";
    }
}
