package dev.loopkeeper.nudge;

import dev.loopkeeper.common.ConsolePerson;
import dev.loopkeeper.loop.LoopStore;
import dev.loopkeeper.reminder.Reminder;
import dev.loopkeeper.settings.PersonSettings;
import dev.loopkeeper.storage.SqlSession;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The SQL for nudges: schedules (claimed by a conditional UPDATE of the slot), nudges and the prompts they asked,
 * reflections, the week's view of a person's loops, and the servers' nudge settings and digests.
 */
public final class NudgeStore {
    private static final Logger log = LoggerFactory.getLogger(NudgeStore.class);

    /** Where every statement on {@code open_loop} lives: this store asks it for the week's loops. */
    private final LoopStore loops;
    /** Unreadable schedules already warned about, each as it reads (a changed row is warned about again). */
    private final Set<String> unreadableWarned = java.util.concurrent.ConcurrentHashMap.newKeySet();

    public NudgeStore(LoopStore loops) {
        this.loops = loops;
    }

    /** A stored nudge's frame; what it shows is read afresh from the loops. */
    public record Stored(long id, String ownerId, boolean preview, Instant weekFrom, Instant weekTo) {
    }

    // ---- schedules ----

    public Optional<NudgeSchedule> schedule(SqlSession sql, String ownerId) throws SQLException {
        return sql.queryOne("""
                SELECT owner_id, weekday, local_time, zone, slot_local FROM nudge_schedule WHERE owner_id = ?""",
                NudgeStore::schedule, ownerId);
    }

    public void saveSchedule(SqlSession sql, String ownerId, WeeklySlot slot, LocalDateTime next, Instant nextRun,
            Instant now) throws SQLException {
        sql.update("""
                INSERT INTO nudge_schedule (owner_id, weekday, local_time, zone, slot_local, next_run, updated_at)
                VALUES (?, ?, ?, ?, ?, ?, ?)
                ON CONFLICT (owner_id) DO UPDATE SET
                    weekday = excluded.weekday, local_time = excluded.local_time, zone = excluded.zone,
                    slot_local = excluded.slot_local, next_run = excluded.next_run, updated_at = excluded.updated_at""",
                ownerId, slot.day().getValue(), slot.time().toString(), slot.zone().getId(), next.toString(),
                nextRun.toEpochMilli(), now.toEpochMilli());
    }

    /** Moves a schedule that is off to another zone (its day and local time stay); nothing when it is on. */
    public void setZoneOfOff(SqlSession sql, String ownerId, ZoneId zone, Instant now) throws SQLException {
        sql.update("UPDATE nudge_schedule SET zone = ?, updated_at = ? WHERE owner_id = ? AND next_run IS NULL",
                zone.getId(), now.toEpochMilli(), ownerId);
    }

    public boolean turnOff(SqlSession sql, String ownerId, Instant now) throws SQLException {
        return sql.update("""
                UPDATE nudge_schedule SET slot_local = NULL, next_run = NULL, updated_at = ?
                 WHERE owner_id = ? AND next_run IS NOT NULL""", now.toEpochMilli(), ownerId) == 1;
    }

    /**
     * Schedules whose slot has come, oldest first: the bot's, so never the console person's, whose terminal prints it
     * ({@link #dueFor}).
     */
    public List<NudgeSchedule> due(SqlSession sql, Instant now, int limit) throws SQLException {
        // A schedule that cannot be read is never moved on, so it stays due and comes first: the next page is read
        // past such rows until one holds a readable schedule. Filtered out of a single page of 500, 500 of them kept
        // every other person's nudge from ever going.
        long afterRun = Long.MIN_VALUE;
        String afterOwner = "";
        while (true) {
            List<Paged> page = sql.query("""
                    SELECT owner_id, weekday, local_time, zone, slot_local, next_run FROM nudge_schedule
                     WHERE owner_id <> ? AND next_run IS NOT NULL AND next_run <= ?
                       AND (next_run > ? OR next_run = ? AND owner_id > ?)
                     ORDER BY next_run, owner_id LIMIT ?""",
                    row -> new Paged(readableSchedule(row), row.getLong("next_run"), row.getString("owner_id")),
                    ConsolePerson.ID, now.toEpochMilli(), afterRun, afterRun, afterOwner, limit);
            List<NudgeSchedule> due = page.stream().map(Paged::schedule).filter(Objects::nonNull).toList();
            if (!due.isEmpty() || page.size() < limit) {
                return due;
            }
            Paged last = page.get(page.size() - 1);
            afterRun = last.nextRun();
            afterOwner = last.ownerId();
        }
    }

    /** A due row as {@link #due} pages through them: its schedule (null when unreadable) and where it sorts. */
    private record Paged(NudgeSchedule schedule, long nextRun, String ownerId) {
    }

    /** The person's schedule, if its slot has come. */
    public List<NudgeSchedule> dueFor(SqlSession sql, String ownerId, Instant now) throws SQLException {
        return sql.query("""
                SELECT owner_id, weekday, local_time, zone, slot_local FROM nudge_schedule
                 WHERE owner_id = ? AND next_run IS NOT NULL AND next_run <= ?""",
                this::readableSchedule, ownerId, now.toEpochMilli()).stream().filter(Objects::nonNull).toList();
    }

    /**
     * Moves a schedule from the slot the caller saw to the next one; false when another thread or process moved it
     * first (or the person changed or turned off their nudge meanwhile). Whoever moves it sends that slot's nudge.
     * {@code updated_at} is left as it was: it says when the person last set, moved or turned off their nudge, a sign
     * that they use Loopkeeper ({@link #usedSince}), which the bot's own weekly claim is not.
     */
    public boolean claim(SqlSession sql, String ownerId, LocalDateTime seen, LocalDateTime next, Instant nextRun,
            Instant now) throws SQLException {
        return sql.update("""
                UPDATE nudge_schedule SET slot_local = ?, next_run = ?
                 WHERE owner_id = ? AND slot_local = ?""",
                next.toString(), nextRun.toEpochMilli(), ownerId, seen.toString()) == 1;
    }

    /**
     * A due schedule, or null (left out, with a warning) when its day, time or zone cannot be read: a zone this JVM does
     * not know (one written by a newer JVM on a shared database), or a row from before imports checked them. Thrown,
     * it stopped every person's nudges, and the delivery job with them. Warned about once per process and row as it
     * reads: it stays due, and is read again at every look for due nudges.
     */
    private NudgeSchedule readableSchedule(ResultSet row) throws SQLException {
        try {
            return schedule(row);
        } catch (java.time.DateTimeException e) {
            String seen = String.join("|", row.getString("owner_id"), String.valueOf(row.getInt("weekday")),
                    row.getString("local_time"), row.getString("zone"), String.valueOf(row.getString("slot_local")));
            if (unreadableWarned.add(seen)) {
                log.warn("The weekly nudge of {} cannot be read ({}); it is left out until they set it again",
                        row.getString("owner_id"), e.getMessage());
            }
            return null;
        }
    }

    private static NudgeSchedule schedule(ResultSet row) throws SQLException {
        WeeklySlot slot = WeeklySlot.stored(row.getInt("weekday"), row.getString("local_time"), row.getString("zone"));
        String next = row.getString("slot_local");
        return new NudgeSchedule(row.getString("owner_id"), slot,
                next == null ? Optional.empty() : Optional.of(LocalDateTime.parse(next)));
    }

    // ---- nudges and their prompts ----

    /** A new nudge for a slot; empty when that slot's nudge exists already (it is never made twice). */
    public Optional<Long> insertNudge(SqlSession sql, String ownerId, String slotKey, Instant weekFrom, Instant weekTo,
            boolean preview, Instant now) throws SQLException {
        return sql.queryOne("""
                INSERT INTO nudge (owner_id, slot_local, week_from, week_to, preview, created_at)
                VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (owner_id, slot_local) DO NOTHING RETURNING id""",
                row -> row.getLong(1),
                ownerId, slotKey, weekFrom.toEpochMilli(), weekTo.toEpochMilli(), preview ? 1 : 0, now.toEpochMilli());
    }

    public Optional<Stored> nudge(SqlSession sql, long id) throws SQLException {
        return sql.queryOne("SELECT id, owner_id, preview, week_from, week_to FROM nudge WHERE id = ?",
                row -> new Stored(row.getLong(1), row.getString(2), row.getInt(3) == 1,
                        Instant.ofEpochMilli(row.getLong(4)), Instant.ofEpochMilli(row.getLong(5))), id);
    }

    public long nudgeCount(SqlSession sql, String ownerId) throws SQLException {
        return sql.queryLong("SELECT COUNT(*) FROM nudge WHERE owner_id = ? AND preview = 0", ownerId);
    }

    /** A prompt as stored: which template, about which loop. */
    public record StoredPrompt(int position, long loopId, String key) {
    }

    public List<StoredPrompt> prompts(SqlSession sql, long nudgeId) throws SQLException {
        return sql.query("SELECT position, loop_id, prompt_key FROM nudge_prompt WHERE nudge_id = ? ORDER BY position",
                row -> new StoredPrompt(row.getInt(1), row.getLong(2), row.getString(3)), nudgeId);
    }

    public void savePrompt(SqlSession sql, long nudgeId, int position, long loopId, String key) throws SQLException {
        sql.update("""
                INSERT INTO nudge_prompt (nudge_id, position, loop_id, prompt_key) VALUES (?, ?, ?, ?)
                ON CONFLICT (nudge_id, position) DO NOTHING""", nudgeId, position, loopId, key);
    }

    /** The prompt keys the person's latest earlier weekly (not preview) nudge asked: never asked two weeks running. */
    public Set<String> keysOfLastWeekly(SqlSession sql, String ownerId, long nudgeId) throws SQLException {
        return new HashSet<>(sql.query("""
                SELECT p.prompt_key FROM nudge_prompt p
                 WHERE p.nudge_id = (SELECT MAX(n.id) FROM nudge n WHERE n.owner_id = ? AND n.id < ? AND n.preview = 0)""",
                row -> row.getString(1), ownerId, nudgeId));
    }

    /** The end of the week the person's latest weekly nudge (not a preview) covered: when it was due. */
    public Optional<Instant> lastWeeklyTo(SqlSession sql, String ownerId) throws SQLException {
        return sql.queryOne("SELECT MAX(week_to) FROM nudge WHERE owner_id = ? AND preview = 0",
                row -> row.getObject(1) == null ? null : Instant.ofEpochMilli(row.getLong(1)), ownerId);
    }

    /**
     * The latest sign that the person uses Loopkeeper: a change to one of their loops, a reflection, a {@code /nudge
     * now}, their nudge set, moved or turned off; empty when there is none.
     */
    public Optional<Instant> lastSignOfLife(SqlSession sql, String ownerId) throws SQLException {
        Optional<Instant> loop = loops.lastChangedBy(sql, ownerId);
        Optional<Instant> own = sql.queryOne("""
                SELECT MAX(at) FROM (SELECT MAX(created_at) AS at FROM reflection WHERE owner_id = ?
                                     UNION ALL SELECT MAX(created_at) FROM nudge WHERE owner_id = ? AND preview = 1
                                     UNION ALL SELECT updated_at FROM nudge_schedule WHERE owner_id = ?) t""",
                row -> row.getObject(1) == null ? null : Instant.ofEpochMilli(row.getLong(1)), ownerId, ownerId,
                ownerId);
        return Stream.of(loop, own).flatMap(Optional::stream).max(Comparator.naturalOrder());
    }

    /**
     * Where the week of the person's {@code n}th latest weekly nudge began (1: the latest); empty when they have had
     * fewer. Read through {@code nudge_by_owner}: a handful of rows a person.
     */
    public Optional<Instant> nthLatestWeekFrom(SqlSession sql, String ownerId, int n) throws SQLException {
        return nthLatestWeekFrom(sql, ownerId, n, Long.MAX_VALUE);
    }

    /** The same among the person's weekly nudges up to {@code uptoId} (a nudge being shown, and those before it). */
    public Optional<Instant> nthLatestWeekFrom(SqlSession sql, String ownerId, int n, long uptoId) throws SQLException {
        return sql.queryOne("""
                SELECT week_from FROM nudge WHERE owner_id = ? AND preview = 0 AND id <= ?
                 ORDER BY created_at DESC, id DESC LIMIT 1 OFFSET ?""",
                row -> Instant.ofEpochMilli(row.getLong(1)), ownerId, uptoId, n - 1);
    }

    /**
     * Whether the person showed a sign of use after {@code since} (what {@link #lastSignOfLife} takes the latest of),
     * asked cheapest first and stopping at the first found: the nudge set again, a reflection or a {@code /nudge now}
     * (a row or a few indexed ones), a park (the person's entries in an index), then any change to their loops, the
     * only part that reads their rows. The weekly job asks it of every person due; before, it read every person's loops
     * whole, some seconds a batch of 500 on a large file whose pages were not in memory.
     */
    public boolean usedSince(SqlSession sql, String ownerId, Instant since) throws SQLException {
        long t = since.toEpochMilli();
        // CASE, not a bare EXISTS: PostgreSQL's EXISTS is a boolean, which no long reads (every fourth weekly nudge on
        // failed there, from the first that asked this).
        return sql.queryLong("""
                SELECT CASE WHEN EXISTS (SELECT 1 FROM nudge_schedule WHERE owner_id = ? AND updated_at > ?)
                    OR EXISTS (SELECT 1 FROM reflection WHERE owner_id = ? AND created_at > ?)
                    OR EXISTS (SELECT 1 FROM nudge WHERE owner_id = ? AND preview = 1 AND created_at > ?)
                    THEN 1 ELSE 0 END""",
                ownerId, t, ownerId, t, ownerId, t) != 0 || loops.changedSince(sql, ownerId, since);
    }

    /** The prompt keys any earlier nudge (previews too) asked since {@code since}: avoided too, when others fit. */
    public Set<String> keysAskedSince(SqlSession sql, String ownerId, long nudgeId, Instant since) throws SQLException {
        return new HashSet<>(sql.query("""
                SELECT DISTINCT p.prompt_key FROM nudge_prompt p JOIN nudge n ON n.id = p.nudge_id
                 WHERE n.owner_id = ? AND n.id < ? AND n.created_at >= ?""",
                row -> row.getString(1), ownerId, nudgeId, since.toEpochMilli()));
    }

    // ---- the week in loops ----

    public long parkedBetween(SqlSession sql, String ownerId, Instant from, Instant to) throws SQLException {
        return loops.parkedBetween(sql, ownerId, from, to);
    }

    /** Loops whose class was set in the week (and still is). */
    public long triagedBetween(SqlSession sql, String ownerId, Instant from, Instant to) throws SQLException {
        return loops.triagedBetween(sql, ownerId, from, to);
    }

    public long resurfacedBetween(SqlSession sql, String ownerId, Instant from, Instant to) throws SQLException {
        return sql.queryLong("""
                SELECT COUNT(DISTINCT i.loop_id) FROM reminder r JOIN reminder_item i ON i.reminder_id = r.id
                  JOIN outbox o ON o.kind = ? AND o.ref_id = r.id AND o.status = 'delivered'
                 WHERE r.owner_id = ? AND r.created_at >= ? AND r.created_at < ?""",
                Reminder.KIND, ownerId, from.toEpochMilli(), to.toEpochMilli());
    }

    public long closedCountBetween(SqlSession sql, String ownerId, Instant from, Instant to) throws SQLException {
        return loops.closedCountBetween(sql, ownerId, from, to);
    }

    public List<Nudge.Closed> closedBetween(SqlSession sql, String ownerId, Instant from, Instant to, int limit)
            throws SQLException {
        return loops.closedBetween(sql, ownerId, from, to, limit).stream()
                .map(c -> new Nudge.Closed(c.id(), c.concept(), c.outcome(), c.takeaway())).toList();
    }

    /** Loops that moved in the week, as prompts see them: closed learned or applied, started, parked. */
    public List<LoopFacts> moved(SqlSession sql, String ownerId, Instant from, Instant to, int limit)
            throws SQLException {
        List<LoopFacts> facts = new ArrayList<>();
        facts.addAll(facts(loops.grownBetween(sql, ownerId, from, to, limit), LoopFacts.Movement.CLOSED));
        facts.addAll(facts(loops.progressedBetween(sql, ownerId, from, to, limit), LoopFacts.Movement.PROGRESSED));
        facts.addAll(facts(loops.startedBetween(sql, ownerId, from, to, limit), LoopFacts.Movement.STARTED));
        facts.addAll(facts(loops.inAbstractionSince(sql, ownerId, to.minus(LoopFacts.STUCK_AFTER), limit),
                LoopFacts.Movement.STUCK));
        facts.addAll(facts(loops.openParkedBetween(sql, ownerId, from, to, limit), LoopFacts.Movement.PARKED));
        // A loop counts once, by its most telling movement (the order above).
        Set<Long> seen = new HashSet<>();
        facts.removeIf(f -> !seen.add(f.loopId()));
        return facts;
    }

    private static List<LoopFacts> facts(List<LoopStore.MovedRow> rows, LoopFacts.Movement movement) {
        return rows.stream().map(r -> new LoopFacts(r.id(), r.concept(), movement, r.outcome(), r.triage(), r.at(),
                r.phase())).toList();
    }

    public long openCount(SqlSession sql, String ownerId) throws SQLException {
        return loops.countOpen(sql, ownerId);
    }

    public Optional<Instant> oldestOpen(SqlSession sql, String ownerId) throws SQLException {
        return loops.oldestOpen(sql, ownerId);
    }

    public List<Nudge.LoopLine> oldestCore(SqlSession sql, String ownerId, int limit) throws SQLException {
        return lines(loops.oldestCore(sql, ownerId, limit));
    }

    /**
     * Open peripheral loops nobody touched (nor kept) since {@code before}: those the nudge ending {@code weekTo} offered,
     * then those offered least recently (never before all), oldest touch first.
     */
    public List<Nudge.LoopLine> untouched(SqlSession sql, String ownerId, Instant before, Instant weekTo, int limit)
            throws SQLException {
        return lines(loops.untouched(sql, ownerId, before, weekTo, limit));
    }

    /** Whether the weekly nudge ending {@code weekTo} has recorded what it offered to let go. */
    public boolean offered(SqlSession sql, String ownerId, Instant weekTo) throws SQLException {
        return loops.offeredAt(sql, ownerId, weekTo);
    }

    /** Records that the weekly nudge ending {@code weekTo} offered these loops to let go. */
    public void markOffered(SqlSession sql, String ownerId, Collection<Long> loopIds, Instant weekTo)
            throws SQLException {
        loops.markOffered(sql, ownerId, loopIds, weekTo);
    }

    /** Which of these loops are still open peripheral loops nobody touched (nor kept) since {@code before}. */
    public Set<Long> untouchedAmong(SqlSession sql, String ownerId, Collection<Long> loopIds, Instant before)
            throws SQLException {
        return loops.untouchedAmong(sql, ownerId, loopIds, before);
    }

    public long untouchedCount(SqlSession sql, String ownerId, Instant before) throws SQLException {
        return loops.countUntouched(sql, ownerId, before);
    }

    private static List<Nudge.LoopLine> lines(List<LoopStore.LineRow> rows) {
        return rows.stream().map(r -> new Nudge.LoopLine(r.id(), r.concept(), r.at())).toList();
    }

    /** Restarts the bankruptcy clock of these open peripheral loops; returns how many it kept. */
    public int keep(SqlSession sql, String ownerId, Collection<Long> loopIds, Instant now) throws SQLException {
        return loops.keep(sql, ownerId, loopIds, now);
    }

    // ---- reflections ----

    public long insertReflection(SqlSession sql, String ownerId, long loopId, String key, String prompt, String answer,
            Instant now) throws SQLException {
        return sql.insertReturningId("""
                INSERT INTO reflection (owner_id, loop_id, prompt_key, prompt, answer, created_at)
                VALUES (?, ?, ?, ?, ?, ?) RETURNING id""", ownerId, loopId, key, prompt, answer, now.toEpochMilli());
    }

    /**
     * The id of a reflection with this very answer to the same question on the loop, written since {@code since}: the
     * same form sent again (Discord keeps a form open after an answer that failed or came late).
     */
    public Optional<Long> sameReflection(SqlSession sql, String ownerId, long loopId, String key, String answer,
            Instant since) throws SQLException {
        return sql.queryOne("""
                SELECT id FROM reflection
                 WHERE owner_id = ? AND loop_id = ? AND COALESCE(prompt_key, '') = ? AND answer = ? AND created_at >= ?
                 ORDER BY id DESC LIMIT 1""", row -> row.getLong(1), ownerId, loopId, key == null ? "" : key, answer,
                since.toEpochMilli());
    }

    /** The person's reflections, newest first, {@code limit} from {@code offset}; on one loop when {@code loopId} is set. */
    public List<Reflection> reflections(SqlSession sql, String ownerId, Long loopId, int limit, long offset)
            throws SQLException {
        return loops.reflections(sql, ownerId, loopId, limit, offset,
                row -> new Reflection(row.getLong(1), row.getLong(2), row.getString(3), row.getString(4),
                        row.getString(5), Instant.ofEpochMilli(row.getLong(6))));
    }

    public long reflectionCount(SqlSession sql, String ownerId, Long loopId) throws SQLException {
        return loopId == null ? sql.queryLong("SELECT COUNT(*) FROM reflection WHERE owner_id = ?", ownerId)
                : sql.queryLong("SELECT COUNT(*) FROM reflection WHERE owner_id = ? AND loop_id = ?", ownerId, loopId);
    }

    // ---- servers ----

    public Optional<ZoneId> defaultZone(SqlSession sql, String guildId) throws SQLException {
        return sql.queryOne("SELECT default_zone FROM guild_nudge_settings WHERE guild_id = ?",
                row -> row.getString(1) == null ? null : PersonSettings.zone(row.getString(1)), guildId);
    }

    public void setDefaultZone(SqlSession sql, String guildId, ZoneId zone, Instant now) throws SQLException {
        sql.update("""
                INSERT INTO guild_nudge_settings (guild_id, default_zone, updated_at) VALUES (?, ?, ?)
                ON CONFLICT (guild_id) DO UPDATE SET default_zone = excluded.default_zone,
                                                     updated_at = excluded.updated_at""",
                guildId, zone.getId(), now.toEpochMilli());
    }

    public Optional<String> digestChannel(SqlSession sql, String guildId) throws SQLException {
        return sql.queryOne("SELECT digest_channel_id FROM guild_nudge_settings WHERE guild_id = ?",
                row -> row.getString(1), guildId);
    }

    public void setDigestChannel(SqlSession sql, String guildId, String channelId, Instant now) throws SQLException {
        sql.update("""
                INSERT INTO guild_nudge_settings (guild_id, digest_channel_id, updated_at) VALUES (?, ?, ?)
                ON CONFLICT (guild_id) DO UPDATE SET digest_channel_id = excluded.digest_channel_id,
                                                     updated_at = excluded.updated_at""",
                guildId, channelId, now.toEpochMilli());
    }

    /** A server with a digest channel, and its default zone (null: UTC). */
    public record DigestServer(String guildId, String zone) {
    }

    /**
     * Servers with a digest channel, leaving out those that removed the bot (their data waits out its grace period;
     * the bot can post nothing there).
     */
    public List<DigestServer> digestServers(SqlSession sql) throws SQLException {
        return sql.query("""
                SELECT guild_id, default_zone FROM guild_nudge_settings
                 WHERE digest_channel_id IS NOT NULL
                   AND guild_id NOT IN (SELECT guild_id FROM server_departure)
                 ORDER BY guild_id""", row -> new DigestServer(row.getString(1), row.getString(2)));
    }

    /**
     * How far apart two digests' ends may lie and still be the same week's: a change of the server's zone moves its
     * Monday 09:00 by at most 26 hours, and the next week's ends a week later.
     */
    static final Duration SAME_WEEK = Duration.ofDays(3);

    /**
     * Claims a server's digest for a week: empty when that week's digest exists (another process or an earlier run made
     * it). A week's digest is one whose end lies within {@link #SAME_WEEK} of this one's: one counted before the week
     * was counted in the server's zone (an hour apart across a change of summer time), or in the zone the server had
     * before a change, is not followed by a second one.
     */
    public Optional<Long> insertDigest(SqlSession sql, String guildId, Instant weekFrom, Instant weekTo, Instant now)
            throws SQLException {
        return sql.queryOne("""
                INSERT INTO server_digest (guild_id, week_from, week_to, created_at)
                SELECT ?, ?, ?, ? WHERE NOT EXISTS (SELECT 1 FROM server_digest
                                                     WHERE guild_id = ? AND week_to > ? AND week_to < ?)
                ON CONFLICT (guild_id, week_from) DO NOTHING RETURNING id""",
                row -> row.getLong(1), guildId, weekFrom.toEpochMilli(), weekTo.toEpochMilli(), now.toEpochMilli(),
                guildId, weekTo.minus(SAME_WEEK).toEpochMilli(), weekTo.plus(SAME_WEEK).toEpochMilli());
    }

    /** The end of the server's latest digest that ends before {@code before}. */
    public Optional<Instant> lastDigestEnd(SqlSession sql, String guildId, Instant before) throws SQLException {
        return sql.queryOne("SELECT MAX(week_to) FROM server_digest WHERE guild_id = ? AND week_to < ?",
                row -> row.getObject(1) == null ? null : Instant.ofEpochMilli(row.getLong(1)), guildId,
                before.toEpochMilli());
    }

    /**
     * The end of the server's latest digest that ends at or before {@code atOrBefore} and was not given up (Discord
     * would not take it): one sent, on its way, or only claimed (the week before the digest was turned on).
     */
    public Optional<Instant> lastDigestEndNotGivenUp(SqlSession sql, String guildId, Instant atOrBefore)
            throws SQLException {
        return sql.queryOne("""
                SELECT MAX(d.week_to) FROM server_digest d WHERE d.guild_id = ? AND d.week_to <= ?
                   AND NOT EXISTS (SELECT 1 FROM outbox o WHERE o.kind = ? AND o.ref_id = d.id AND o.status = 'failed')""",
                row -> row.getObject(1) == null ? null : Instant.ofEpochMilli(row.getLong(1)), guildId,
                atOrBefore.toEpochMilli(), ServerDigest.KIND);
    }

    /** A stored digest's frame. */
    public record StoredDigest(long id, String guildId, Instant weekFrom, Instant weekTo) {
    }

    public Optional<StoredDigest> digest(SqlSession sql, long id) throws SQLException {
        return sql.queryOne("SELECT id, guild_id, week_from, week_to FROM server_digest WHERE id = ?",
                row -> new StoredDigest(row.getLong(1), row.getString(2), Instant.ofEpochMilli(row.getLong(3)),
                        Instant.ofEpochMilli(row.getLong(4))), id);
    }

    /** Server loops parked in the week, newest first. */
    public List<Nudge.LoopLine> serverLoopsParked(SqlSession sql, String ownerKey, Instant from, Instant to, int limit)
            throws SQLException {
        return lines(loops.serverLoopsParked(sql, ownerKey, from, to, limit));
    }

    /** A server loop and how many people said "me too". */
    public record Interest(long loopId, String concept, long count) {
    }

    public List<Interest> mostMeToo(SqlSession sql, String ownerKey, int limit) throws SQLException {
        return loops.mostMeToo(sql, ownerKey, limit).stream()
                .map(r -> new Interest(r.loopId(), r.concept(), r.count())).toList();
    }
}
