package dev.loopkeeper.nudge;

import dev.loopkeeper.loop.Outcome;
import dev.loopkeeper.loop.Phase;
import dev.loopkeeper.loop.Triage;
import dev.loopkeeper.storage.SqlSession;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The SQL for nudges: schedules (claimed by a conditional UPDATE of the slot), nudges and the prompts they asked,
 * reflections, the week's view of a person's loops, and the servers' nudge settings and digests.
 */
public final class NudgeStore {

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

    public boolean turnOff(SqlSession sql, String ownerId, Instant now) throws SQLException {
        return sql.update("""
                UPDATE nudge_schedule SET slot_local = NULL, next_run = NULL, updated_at = ?
                 WHERE owner_id = ? AND next_run IS NOT NULL""", now.toEpochMilli(), ownerId) == 1;
    }

    /** Schedules whose slot has come, oldest first. */
    public List<NudgeSchedule> due(SqlSession sql, Instant now, int limit) throws SQLException {
        return sql.query("""
                SELECT owner_id, weekday, local_time, zone, slot_local FROM nudge_schedule
                 WHERE next_run IS NOT NULL AND next_run <= ? ORDER BY next_run LIMIT ?""",
                NudgeStore::schedule, now.toEpochMilli(), limit);
    }

    /**
     * Moves a schedule from the slot the caller saw to the next one; false when another thread or process moved it
     * first (or the person changed or turned off their nudge meanwhile). Whoever moves it sends that slot's nudge.
     */
    public boolean claim(SqlSession sql, String ownerId, LocalDateTime seen, LocalDateTime next, Instant nextRun,
            Instant now) throws SQLException {
        return sql.update("""
                UPDATE nudge_schedule SET slot_local = ?, next_run = ?, updated_at = ?
                 WHERE owner_id = ? AND slot_local = ?""",
                next.toString(), nextRun.toEpochMilli(), now.toEpochMilli(), ownerId, seen.toString()) == 1;
    }

    private static NudgeSchedule schedule(ResultSet row) throws SQLException {
        WeeklySlot slot = new WeeklySlot(DayOfWeek.of(row.getInt("weekday")), LocalTime.parse(row.getString("local_time")),
                ZoneId.of(row.getString("zone")));
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

    /** The prompt keys any earlier nudge (previews too) asked since {@code since}: avoided too, when others fit. */
    public Set<String> keysAskedSince(SqlSession sql, String ownerId, long nudgeId, Instant since) throws SQLException {
        return new HashSet<>(sql.query("""
                SELECT DISTINCT p.prompt_key FROM nudge_prompt p JOIN nudge n ON n.id = p.nudge_id
                 WHERE n.owner_id = ? AND n.id < ? AND n.created_at >= ?""",
                row -> row.getString(1), ownerId, nudgeId, since.toEpochMilli()));
    }

    // ---- the week in loops ----

    public long parkedBetween(SqlSession sql, String ownerId, Instant from, Instant to) throws SQLException {
        return sql.queryLong("SELECT COUNT(*) FROM open_loop WHERE owner_id = ? AND created_at >= ? AND created_at < ?",
                ownerId, from.toEpochMilli(), to.toEpochMilli());
    }

    /** Loops whose class was set in the week (and still is). */
    public long triagedBetween(SqlSession sql, String ownerId, Instant from, Instant to) throws SQLException {
        return sql.queryLong("""
                SELECT COUNT(*) FROM open_loop WHERE owner_id = ? AND triage <> 'untriaged'
                   AND triaged_at >= ? AND triaged_at < ?""",
                ownerId, from.toEpochMilli(), to.toEpochMilli());
    }

    public long resurfacedBetween(SqlSession sql, String ownerId, Instant from, Instant to) throws SQLException {
        return sql.queryLong("""
                SELECT COUNT(DISTINCT i.loop_id) FROM reminder r JOIN reminder_item i ON i.reminder_id = r.id
                 WHERE r.owner_id = ? AND r.created_at >= ? AND r.created_at < ?""",
                ownerId, from.toEpochMilli(), to.toEpochMilli());
    }

    public long closedCountBetween(SqlSession sql, String ownerId, Instant from, Instant to) throws SQLException {
        return sql.queryLong("""
                SELECT COUNT(*) FROM open_loop WHERE owner_id = ? AND status = 'closed'
                   AND closed_at >= ? AND closed_at < ?""", ownerId, from.toEpochMilli(), to.toEpochMilli());
    }

    public List<Nudge.Closed> closedBetween(SqlSession sql, String ownerId, Instant from, Instant to, int limit)
            throws SQLException {
        return sql.query("""
                SELECT id, concept, outcome, takeaway FROM open_loop WHERE owner_id = ? AND status = 'closed'
                   AND closed_at >= ? AND closed_at < ? ORDER BY closed_at DESC, id DESC LIMIT ?""",
                row -> new Nudge.Closed(row.getLong(1), row.getString(2),
                        row.getString(3) == null ? Outcome.LET_GO : Outcome.fromDb(row.getString(3)), row.getString(4)),
                ownerId, from.toEpochMilli(), to.toEpochMilli(), limit);
    }

    /** Loops that moved in the week, as prompts see them: closed learned or applied, started, parked. */
    public List<LoopFacts> moved(SqlSession sql, String ownerId, Instant from, Instant to, int limit)
            throws SQLException {
        List<LoopFacts> facts = new ArrayList<>(sql.query("""
                SELECT id, concept, outcome, triage, closed_at, phase FROM open_loop
                 WHERE owner_id = ? AND status = 'closed' AND outcome IN ('learned', 'applied')
                   AND closed_at >= ? AND closed_at < ? ORDER BY closed_at DESC LIMIT ?""",
                row -> facts(row, LoopFacts.Movement.CLOSED), ownerId, from.toEpochMilli(), to.toEpochMilli(), limit));
        facts.addAll(sql.query("""
                SELECT id, concept, outcome, triage, phase_since, phase FROM open_loop
                 WHERE owner_id = ? AND status = 'active' AND phase IN ('instantiation', 're-abstraction')
                   AND phase_since >= ? AND phase_since < ? ORDER BY phase_since DESC LIMIT ?""",
                row -> facts(row, LoopFacts.Movement.PROGRESSED), ownerId, from.toEpochMilli(), to.toEpochMilli(),
                limit));
        facts.addAll(sql.query("""
                SELECT id, concept, outcome, triage, updated_at, phase FROM open_loop
                 WHERE owner_id = ? AND status = 'active' AND updated_at >= ? AND updated_at < ?
                 ORDER BY updated_at DESC LIMIT ?""",
                row -> facts(row, LoopFacts.Movement.STARTED), ownerId, from.toEpochMilli(), to.toEpochMilli(), limit));
        facts.addAll(sql.query("""
                SELECT id, concept, outcome, triage, phase_since, phase FROM open_loop
                 WHERE owner_id = ? AND status = 'active' AND phase = 'abstraction' AND phase_since < ?
                 ORDER BY phase_since LIMIT ?""",
                row -> facts(row, LoopFacts.Movement.STUCK), ownerId,
                to.minus(LoopFacts.STUCK_AFTER).toEpochMilli(), limit));
        facts.addAll(sql.query("""
                SELECT id, concept, outcome, triage, created_at, phase FROM open_loop
                 WHERE owner_id = ? AND status = 'open' AND created_at >= ? AND created_at < ?
                 ORDER BY triage = 'core' DESC, created_at DESC LIMIT ?""",
                row -> facts(row, LoopFacts.Movement.PARKED), ownerId, from.toEpochMilli(), to.toEpochMilli(), limit));
        // A loop counts once, by its most telling movement (the order above).
        Set<Long> seen = new HashSet<>();
        facts.removeIf(f -> !seen.add(f.loopId()));
        return facts;
    }

    private static LoopFacts facts(ResultSet row, LoopFacts.Movement movement) throws SQLException {
        String outcome = row.getString(3);
        String phase = row.getString(6);
        return new LoopFacts(row.getLong(1), row.getString(2), movement,
                outcome == null ? null : Outcome.fromDb(outcome), Triage.fromDb(row.getString(4)),
                Instant.ofEpochMilli(row.getLong(5)), phase == null ? null : Phase.fromDb(phase));
    }

    public long openCount(SqlSession sql, String ownerId) throws SQLException {
        return sql.queryLong("SELECT COUNT(*) FROM open_loop WHERE owner_id = ? AND status IN ('open', 'active')",
                ownerId);
    }

    public Optional<Instant> oldestOpen(SqlSession sql, String ownerId) throws SQLException {
        return sql.queryOne("SELECT MIN(created_at) FROM open_loop WHERE owner_id = ? AND status IN ('open', 'active')",
                row -> row.getObject(1) == null ? null : Instant.ofEpochMilli(row.getLong(1)), ownerId);
    }

    public List<Nudge.LoopLine> oldestCore(SqlSession sql, String ownerId, int limit) throws SQLException {
        return sql.query("""
                SELECT id, concept, created_at FROM open_loop
                 WHERE owner_id = ? AND status IN ('open', 'active') AND triage = 'core'
                 ORDER BY created_at, id LIMIT ?""",
                row -> new Nudge.LoopLine(row.getLong(1), row.getString(2), Instant.ofEpochMilli(row.getLong(3))),
                ownerId, limit);
    }

    /** Open peripheral loops nobody touched (nor kept) since {@code before}, oldest touch first. */
    public List<Nudge.LoopLine> untouched(SqlSession sql, String ownerId, Instant before, int limit)
            throws SQLException {
        return sql.query("""
                SELECT id, concept, CASE WHEN kept_at > updated_at THEN kept_at ELSE updated_at END AS touched
                  FROM open_loop
                 WHERE owner_id = ? AND status = 'open' AND triage = 'peripheral'
                   AND CASE WHEN kept_at > updated_at THEN kept_at ELSE updated_at END < ?
                 ORDER BY touched, id LIMIT ?""",
                row -> new Nudge.LoopLine(row.getLong(1), row.getString(2), Instant.ofEpochMilli(row.getLong(3))),
                ownerId, before.toEpochMilli(), limit);
    }

    /** Restarts the bankruptcy clock of these open peripheral loops; returns how many it kept. */
    public int keep(SqlSession sql, String ownerId, Collection<Long> loopIds, Instant now) throws SQLException {
        if (loopIds.isEmpty()) {
            return 0;
        }
        List<Object> params = new ArrayList<>();
        params.add(now.toEpochMilli());
        params.add(ownerId);
        params.addAll(loopIds);
        return sql.update("UPDATE open_loop SET kept_at = ? WHERE owner_id = ? AND status = 'open' AND id IN ("
                + SqlSession.placeholders(loopIds.size()) + ")", params.toArray());
    }

    // ---- reflections ----

    public long insertReflection(SqlSession sql, String ownerId, long loopId, String key, String prompt, String answer,
            Instant now) throws SQLException {
        return sql.insertReturningId("""
                INSERT INTO reflection (owner_id, loop_id, prompt_key, prompt, answer, created_at)
                VALUES (?, ?, ?, ?, ?, ?) RETURNING id""", ownerId, loopId, key, prompt, answer, now.toEpochMilli());
    }

    /** The person's reflections, newest first; on one loop when {@code loopId} is set. */
    public List<Reflection> reflections(SqlSession sql, String ownerId, Long loopId, int limit) throws SQLException {
        String where = loopId == null ? "" : " AND r.loop_id = ?";
        List<Object> params = new ArrayList<>(List.of(ownerId));
        if (loopId != null) {
            params.add(loopId);
        }
        params.add(limit);
        return sql.query("""
                SELECT r.id, r.loop_id, l.concept, r.prompt, r.answer, r.created_at
                  FROM reflection r JOIN open_loop l ON l.id = r.loop_id
                 WHERE r.owner_id = ?""" + where + " ORDER BY r.created_at DESC, r.id DESC LIMIT ?",
                row -> new Reflection(row.getLong(1), row.getLong(2), row.getString(3), row.getString(4),
                        row.getString(5), Instant.ofEpochMilli(row.getLong(6))), params.toArray());
    }

    public long reflectionCount(SqlSession sql, String ownerId, Long loopId) throws SQLException {
        return loopId == null ? sql.queryLong("SELECT COUNT(*) FROM reflection WHERE owner_id = ?", ownerId)
                : sql.queryLong("SELECT COUNT(*) FROM reflection WHERE owner_id = ? AND loop_id = ?", ownerId, loopId);
    }

    // ---- servers ----

    public Optional<ZoneId> defaultZone(SqlSession sql, String guildId) throws SQLException {
        return sql.queryOne("SELECT default_zone FROM guild_nudge_settings WHERE guild_id = ?",
                row -> row.getString(1) == null ? null : ZoneId.of(row.getString(1)), guildId);
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

    /** Servers with a digest channel, and their default zone (null: UTC). */
    public record DigestServer(String guildId, String zone) {
    }

    public List<DigestServer> digestServers(SqlSession sql) throws SQLException {
        return sql.query("""
                SELECT guild_id, default_zone FROM guild_nudge_settings WHERE digest_channel_id IS NOT NULL
                 ORDER BY guild_id""", row -> new DigestServer(row.getString(1), row.getString(2)));
    }

    /** Claims a server's digest for a week: false when it exists (another process or an earlier run made it). */
    public Optional<Long> insertDigest(SqlSession sql, String guildId, Instant weekFrom, Instant weekTo, Instant now)
            throws SQLException {
        return sql.queryOne("""
                INSERT INTO server_digest (guild_id, week_from, week_to, created_at) VALUES (?, ?, ?, ?)
                ON CONFLICT (guild_id, week_from) DO NOTHING RETURNING id""",
                row -> row.getLong(1), guildId, weekFrom.toEpochMilli(), weekTo.toEpochMilli(), now.toEpochMilli());
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
        return sql.query("""
                SELECT id, concept, created_at FROM open_loop WHERE owner_id = ? AND scope = 'server'
                   AND created_at >= ? AND created_at < ? ORDER BY created_at DESC, id DESC LIMIT ?""",
                row -> new Nudge.LoopLine(row.getLong(1), row.getString(2), Instant.ofEpochMilli(row.getLong(3))),
                ownerKey, from.toEpochMilli(), to.toEpochMilli(), limit);
    }

    /** A server loop and how many people said "me too". */
    public record Interest(long loopId, String concept, long count) {
    }

    public List<Interest> mostMeToo(SqlSession sql, String ownerKey, int limit) throws SQLException {
        return sql.query("""
                SELECT l.id, l.concept, COUNT(i.user_id) AS n FROM open_loop l JOIN loop_interest i ON i.loop_id = l.id
                 WHERE l.owner_id = ? AND l.scope = 'server' AND l.status IN ('open', 'active')
                 GROUP BY l.id, l.concept ORDER BY n DESC, l.id LIMIT ?""",
                row -> new Interest(row.getLong(1), row.getString(2), row.getLong(3)), ownerKey, limit);
    }
}
