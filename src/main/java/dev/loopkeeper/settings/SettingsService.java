package dev.loopkeeper.settings;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.loopkeeper.common.InvalidInputException;
import dev.loopkeeper.storage.Database;
import java.time.Clock;
import java.time.DateTimeException;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Optional;
import java.util.function.UnaryOperator;

/** Reads and changes per-person and per-server settings; every change is one transaction. */
public final class SettingsService {
    private final Database database;
    private final SettingsStore store;
    private final Clock clock;
    /** Every message in a server asks "is this a work-log channel?": answer from memory. */
    private final Cache<String, Boolean> worklog = Caffeine.newBuilder().maximumSize(50_000).build();

    public SettingsService(Database database, SettingsStore store, Clock clock) {
        this.database = database;
        this.store = store;
        this.clock = clock;
    }

    public PersonSettings person(String ownerId) {
        return database.read(sql -> store.person(sql, ownerId));
    }

    /** Applies {@code change} to the person's settings atomically and returns the result. */
    public PersonSettings updatePerson(String ownerId, UnaryOperator<PersonSettings> change) {
        return database.inTransaction(sql -> {
            PersonSettings updated = change.apply(store.person(sql, ownerId));
            store.savePerson(sql, updated, clock.instant());
            return updated;
        });
    }

    /** Sets quiet hours from what the person typed: {@code 22:00}, {@code 08:00}, an IANA zone such as {@code Europe/Berlin}. */
    public PersonSettings setQuietHours(String ownerId, String from, String to, String zone) {
        ZoneId zoneId = parseZone(zone);
        QuietHours quiet = new QuietHours(parseTime(from), parseTime(to), zoneId);
        return updatePerson(ownerId, s -> new PersonSettings(ownerId, Optional.of(quiet), zoneId, s.followWorklog(),
                s.thresholdOffset()));
    }

    public PersonSettings setFollowWorklog(String ownerId, boolean follow) {
        return updatePerson(ownerId, s -> new PersonSettings(ownerId, s.quietHours(), s.zone(), follow, s.thresholdOffset()));
    }

    public Optional<String> reminderChannel(String guildId) {
        return database.read(sql -> store.reminderChannel(sql, guildId));
    }

    public void setReminderChannel(String guildId, String channelId) {
        database.write(sql -> store.setReminderChannel(sql, guildId, channelId, clock.instant()));
    }

    public boolean addWorklog(String guildId, String channelId, String by) {
        boolean added = database.inTransaction(sql -> store.addWorklog(sql, guildId, channelId, by, clock.instant()));
        worklog.invalidate(guildId + "/" + channelId);
        return added;
    }

    public boolean removeWorklog(String guildId, String channelId) {
        boolean removed = database.inTransaction(sql -> store.removeWorklog(sql, guildId, channelId));
        worklog.invalidate(guildId + "/" + channelId);
        return removed;
    }

    public List<String> worklogChannels(String guildId) {
        return database.read(sql -> store.worklogChannels(sql, guildId));
    }

    public boolean isWorklog(String guildId, String channelId) {
        return worklog.get(guildId + "/" + channelId, key -> database.read(sql -> store.isWorklog(sql, guildId, channelId)));
    }

    static LocalTime parseTime(String text) {
        try {
            String t = text.strip();
            return LocalTime.parse(t.length() == 4 ? "0" + t : t);
        } catch (DateTimeParseException e) {
            throw new InvalidInputException("'" + text.strip() + "' is not a time I can read. Use 24-hour HH:MM, such as 22:00.");
        }
    }

    static ZoneId parseZone(String text) {
        try {
            return ZoneId.of(text.strip());
        } catch (DateTimeException e) {
            throw new InvalidInputException("'" + text.strip() + "' is not a time zone I know. Use an IANA name such as "
                    + "Europe/Berlin, America/New_York or Asia/Tokyo.");
        }
    }
}
