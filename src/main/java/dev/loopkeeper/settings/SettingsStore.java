package dev.loopkeeper.settings;

import dev.loopkeeper.storage.SqlSession;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.List;
import java.util.Optional;

/** The SQL for per-person and per-server settings and the servers' work-log channels. */
public final class SettingsStore {

    public PersonSettings person(SqlSession sql, String ownerId) throws SQLException {
        return sql.queryOne("""
                SELECT quiet_from, quiet_to, quiet_off, zone, follow_worklog, threshold_offset
                  FROM person_settings WHERE owner_id = ?""", row -> {
            Optional<QuietHours> quiet = row.getInt("quiet_off") == 1 ? Optional.empty() : hours(row, zone(row));
            Optional<ZoneId> given = Optional.ofNullable(row.getString("zone")).map(PersonSettings::zone);
            return new PersonSettings(ownerId, quiet, given, row.getInt("follow_worklog") == 1,
                    row.getDouble("threshold_offset"));
        }, ownerId).orElse(PersonSettings.defaults(ownerId));
    }

    private static ZoneId zone(ResultSet row) throws SQLException {
        return row.getString("zone") == null ? PersonSettings.UTC : PersonSettings.zone(row.getString("zone"));
    }

    private static Optional<QuietHours> hours(ResultSet row, ZoneId zone) throws SQLException {
        String from = row.getString("quiet_from");
        String to = row.getString("quiet_to");
        // Equal times were once how "off" was written: read them as no quiet hours.
        return from == null || to == null || from.equals(to) ? Optional.empty()
                : Optional.of(new QuietHours(LocalTime.parse(from), LocalTime.parse(to), zone));
    }

    /** The quiet hours the person turned off, kept for {@code state:on} (empty while they are on, or never set). */
    public Optional<QuietHours> hoursTurnedOff(SqlSession sql, String ownerId) throws SQLException {
        return sql.queryOne("""
                SELECT quiet_from, quiet_to, zone FROM person_settings WHERE owner_id = ? AND quiet_off = 1""",
                row -> hours(row, zone(row)), ownerId).flatMap(hours -> hours);
    }

    /**
     * Saves the person's settings. Without quiet hours, the hours they had are kept, marked off ({@code quiet_off}),
     * for {@link #hoursTurnedOff}; with hours, those are saved and on. Only a zone the person gave is saved: settings
     * that read UTC because they gave none save none (a "not relevant" click, or quiet hours set without a zone, had
     * saved that UTC as theirs).
     */
    public void savePerson(SqlSession sql, PersonSettings settings, Instant now) throws SQLException {
        String from = settings.quietHours().map(q -> q.from().toString()).orElse(null);
        String to = settings.quietHours().map(q -> q.to().toString()).orElse(null);
        sql.update("""
                INSERT INTO person_settings (owner_id, quiet_from, quiet_to, quiet_off, zone, follow_worklog,
                                             threshold_offset, updated_at)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?)
                ON CONFLICT (owner_id) DO UPDATE SET
                    quiet_from = COALESCE(excluded.quiet_from, person_settings.quiet_from),
                    quiet_to = COALESCE(excluded.quiet_to, person_settings.quiet_to), quiet_off = excluded.quiet_off,
                    zone = COALESCE(excluded.zone, person_settings.zone), follow_worklog = excluded.follow_worklog,
                    threshold_offset = excluded.threshold_offset, updated_at = excluded.updated_at""",
                settings.ownerId(), from, to, settings.quietHours().isPresent() ? 0 : 1,
                settings.givenZone().map(ZoneId::getId).orElse(null),
                settings.followWorklog() ? 1 : 0, settings.thresholdOffset(), now.toEpochMilli());
    }

    public Optional<String> reminderChannel(SqlSession sql, String guildId) throws SQLException {
        return sql.queryOne("SELECT reminder_channel_id FROM guild_settings WHERE guild_id = ?",
                row -> row.getString(1), guildId).filter(id -> id != null);
    }

    public void setReminderChannel(SqlSession sql, String guildId, String channelId, Instant now) throws SQLException {
        sql.update("""
                INSERT INTO guild_settings (guild_id, reminder_channel_id, updated_at) VALUES (?, ?, ?)
                ON CONFLICT (guild_id) DO UPDATE SET
                    reminder_channel_id = excluded.reminder_channel_id, updated_at = excluded.updated_at""",
                guildId, channelId, now.toEpochMilli());
    }

    /** The most reminders a member gets a day from work in this server, if the server set a cap. */
    public Optional<Integer> reminderCap(SqlSession sql, String guildId) throws SQLException {
        return sql.queryOne("SELECT reminder_daily_cap FROM guild_settings WHERE guild_id = ?", row -> {
            int cap = row.getInt(1);
            return row.wasNull() ? null : cap;
        }, guildId);
    }

    /** Sets the server's reminder cap; null removes it (the bot-wide cap alone applies). */
    public void setReminderCap(SqlSession sql, String guildId, Integer cap, Instant now) throws SQLException {
        sql.update("""
                INSERT INTO guild_settings (guild_id, reminder_daily_cap, updated_at) VALUES (?, ?, ?)
                ON CONFLICT (guild_id) DO UPDATE SET
                    reminder_daily_cap = excluded.reminder_daily_cap, updated_at = excluded.updated_at""",
                guildId, cap, now.toEpochMilli());
    }

    public PollSettings polls(SqlSession sql, String guildId) throws SQLException {
        return sql.queryOne("SELECT poll_role_id, poll_quorum FROM guild_settings WHERE guild_id = ?", row -> {
            int quorum = row.getInt(2);
            boolean defaultQuorum = row.wasNull();
            return new PollSettings(Optional.ofNullable(row.getString(1)),
                    defaultQuorum ? PollSettings.DEFAULT_QUORUM : quorum);
        }, guildId).orElse(PollSettings.defaults());
    }

    /** Saves both poll settings; a default quorum is stored as null, so a later change of the default applies. */
    public void savePolls(SqlSession sql, String guildId, PollSettings polls, Instant now) throws SQLException {
        Integer quorum = polls.quorum() == PollSettings.DEFAULT_QUORUM ? null : polls.quorum();
        sql.update("""
                INSERT INTO guild_settings (guild_id, poll_role_id, poll_quorum, updated_at) VALUES (?, ?, ?, ?)
                ON CONFLICT (guild_id) DO UPDATE SET
                    poll_role_id = excluded.poll_role_id, poll_quorum = excluded.poll_quorum,
                    updated_at = excluded.updated_at""",
                guildId, polls.roleId().orElse(null), quorum, now.toEpochMilli());
    }

    public boolean addWorklog(SqlSession sql, String guildId, String channelId, String by, Instant now) throws SQLException {
        return sql.update("""
                INSERT INTO worklog_channel (guild_id, channel_id, added_by, added_at) VALUES (?, ?, ?, ?)
                ON CONFLICT (guild_id, channel_id) DO NOTHING""", guildId, channelId, by, now.toEpochMilli()) > 0;
    }

    public boolean removeWorklog(SqlSession sql, String guildId, String channelId) throws SQLException {
        return sql.update("DELETE FROM worklog_channel WHERE guild_id = ? AND channel_id = ?", guildId, channelId) > 0;
    }

    public List<String> worklogChannels(SqlSession sql, String guildId) throws SQLException {
        return sql.query("SELECT channel_id FROM worklog_channel WHERE guild_id = ? ORDER BY added_at",
                row -> row.getString(1), guildId);
    }

    public boolean isWorklog(SqlSession sql, String guildId, String channelId) throws SQLException {
        return sql.queryLong("SELECT COUNT(*) FROM worklog_channel WHERE guild_id = ? AND channel_id = ?",
                guildId, channelId) > 0;
    }
}
