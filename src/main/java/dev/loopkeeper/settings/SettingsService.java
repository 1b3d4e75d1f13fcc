package dev.loopkeeper.settings;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.loopkeeper.common.InvalidInputException;
import dev.loopkeeper.common.UserText;
import dev.loopkeeper.storage.Database;
import dev.loopkeeper.storage.SqlSession;
import java.sql.SQLException;
import java.time.Clock;
import java.time.DateTimeException;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Stream;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BiConsumer;
import java.util.function.Consumer;
import java.util.function.UnaryOperator;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Reads and changes per-person and per-server settings; every change is one transaction. */
public final class SettingsService {
    /** The largest quorum a server may set for its polls. */
    public static final int MAX_QUORUM = 100;
    /**
     * The longest time of day a person may type ({@code /focus quiet}, {@code /nudge set}): the forms {@link #time}
     * reads, "12:30 p.m." the longest. Discord's own box refuses more than an option's maximum before anything is sent,
     * and at 5 it took "22:00" but refused "6:30 pm" and "10:30pm", which the README offers.
     */
    public static final int MAX_TIME_TEXT = 12;
    /** The most of a refused time or zone quoted back, escaped so that it shows as typed (Discord's zone option: 64). */
    private static final int ECHOED = 64;
    private final Database database;
    private final SettingsStore store;
    private final Clock clock;
    /** Every message in a server asks "is this a work-log channel?": answer from memory. */
    private final Cache<String, Boolean> worklog = Caffeine.newBuilder().maximumSize(50_000).build();
    private final List<ZoneListener> zoneListeners = new CopyOnWriteArrayList<>();
    /** Told, after the change commits, whose quiet hours changed or ended (reminders waiting for them move). */
    private final List<Consumer<String>> quietListeners = new CopyOnWriteArrayList<>();

    /**
     * What else reads the person's one time zone and must move with it when quiet hours change it (the weekly nudge),
     * told inside the same transaction.
     */
    @FunctionalInterface
    public interface ZoneListener {
        void zoneChanged(SqlSession sql, String ownerId, ZoneId zone) throws SQLException;
    }

    /**
     * Runs a change of the person's zone made here (quiet hours with a zone), so that what ends at a moment read in that
     * zone (a snooze until the weekly review) can follow it. Runs the change alone until set.
     */
    private volatile BiConsumer<String, Runnable> zoneFollower = (ownerId, change) -> change.run();

    public SettingsService(Database database, SettingsStore store, Clock clock) {
        this.database = database;
        this.store = store;
        this.clock = clock;
    }

    public void onZoneChange(ZoneListener listener) {
        zoneListeners.add(listener);
    }

    /** Lets what ends at a moment read in the person's zone follow a zone change (set once by the composition root). */
    public void aroundZoneChange(BiConsumer<String, Runnable> follower) {
        this.zoneFollower = follower;
    }

    public void onQuietHoursChange(Consumer<String> listener) {
        quietListeners.add(listener);
    }

    public PersonSettings person(String ownerId) {
        return database.read(sql -> store.person(sql, ownerId));
    }

    /** Applies {@code change} to the person's settings atomically and returns the result. */
    public PersonSettings updatePerson(String ownerId, UnaryOperator<PersonSettings> change) {
        return database.inTransaction(sql -> updatePerson(sql, ownerId, change));
    }

    /** The same inside the caller's transaction, so the change commits with the caller's own writes. */
    public PersonSettings updatePerson(SqlSession sql, String ownerId, UnaryOperator<PersonSettings> change)
            throws SQLException {
        PersonSettings updated = change.apply(store.person(sql, ownerId));
        store.savePerson(sql, updated, clock.instant());
        return updated;
    }

    /**
     * Sets quiet hours from what the person typed: {@code 22:00}, {@code 08:00}, an IANA zone such as
     * {@code Europe/Berlin} (blank: the zone they gave before). The same time for both is refused: it would leave
     * no quiet hours at all, and {@link #clearQuietHours} says that plainly. A zone given alone moves the hours the
     * person has to it, at the same local times; no times at all bring back the hours they turned off.
     */
    public PersonSettings setQuietHours(String ownerId, String from, String to, String zone) {
        boolean hasFrom = from != null && !from.isBlank();
        boolean hasTo = to != null && !to.isBlank();
        // A time typed wrong is named even when the other is missing ("from:25:00" alone is not "no start").
        Optional<LocalTime> typedFrom = hasFrom ? Optional.of(parseTime(from)) : Optional.empty();
        Optional<LocalTime> typedTo = hasTo ? Optional.of(parseTime(to)) : Optional.empty();
        Optional<QuietHours> current = person(ownerId).quietHours();
        if (!hasFrom && !hasTo) {
            // No times: the hours the person has (zone: alone moves them to that zone at the same local times), or
            // the ones they turned off, brought back (/focus quiet state:on).
            Optional<QuietHours> kept = current.isPresent() ? current
                    : database.read(sql -> store.hoursTurnedOff(sql, ownerId));
            typedFrom = kept.map(QuietHours::from);
            typedTo = kept.map(QuietHours::to);
        }
        if (typedFrom.isEmpty() || typedTo.isEmpty()) {
            throw new InvalidInputException("Quiet hours need a start and an end, such as "
                    + "/focus quiet from:22:00 to:08:00 zone:Europe/Berlin. To turn them off: /focus quiet state:off.");
        }
        LocalTime start = typedFrom.get();
        LocalTime end = typedTo.get();
        if (start.equals(end)) {
            throw new InvalidInputException("Quiet hours from " + start + " to " + end + " would be no quiet hours at "
                    + "all. Give two different times, or turn them off with /focus quiet state:off.");
        }
        Optional<ZoneId> given = zone == null || zone.isBlank() ? Optional.empty() : Optional.of(parseZone(zone));
        PersonSettings[] set = new PersonSettings[1];
        Runnable change = () -> set[0] = database.inTransaction(sql -> {
            PersonSettings before = store.person(sql, ownerId);
            ZoneId zoneId = given.orElse(before.zone());
            // Without zone: the hours are read in the zone the person has, and none becomes theirs if they gave none.
            PersonSettings updated = new PersonSettings(ownerId, Optional.of(new QuietHours(start, end, zoneId)),
                    given.or(before::givenZone), before.followWorklog(), before.thresholdOffset());
            store.savePerson(sql, updated, clock.instant());
            if (given.isPresent()) {
                for (ZoneListener listener : zoneListeners) {
                    listener.zoneChanged(sql, ownerId, zoneId);
                }
            }
            return updated;
        });
        if (given.isPresent()) {
            zoneFollower.accept(ownerId, change);
        } else {
            change.run();
        }
        quietListeners.forEach(listener -> listener.accept(ownerId));
        return set[0];
    }

    /**
     * {@code /focus quiet}: sets the hours, or with {@code off} turns them off, which takes no hours or zone (given,
     * they would be ignored unsaid, so they are refused); says what the hours were.
     */
    public QuietChange quietHours(String ownerId, boolean off, String from, String to, String zone) {
        Optional<QuietHours> before = person(ownerId).quietHours();
        if (!off) {
            boolean zoneAlone = blank(from) && blank(to) && !blank(zone);
            if (zoneAlone && before.isEmpty() && database.read(sql -> store.hoursTurnedOff(sql, ownerId)).isEmpty()) {
                // No hours to move: the zone is still the person's one zone (their nudge's, their weekly review's),
                // and was refused as "quiet hours need a start and an end", unsaved.
                return new QuietChange(setZoneAlone(ownerId, parseZone(zone)), before, Optional.empty(), true);
            }
            return new QuietChange(setQuietHours(ownerId, from, to, zone), before, Optional.empty(), false);
        }
        if (Stream.of(from, to, zone).anyMatch(given -> given != null && !given.isBlank())) {
            throw new InvalidInputException("state:off turns quiet hours off, so from:, to: and zone: have nothing to "
                    + "set. Give state:off alone, or the hours without it. Nothing was changed.");
        }
        Optional<QuietHours> kept = before.isPresent() ? Optional.empty()
                : database.read(sql -> store.hoursTurnedOff(sql, ownerId));
        return new QuietChange(clearQuietHours(ownerId), before, kept, false);
    }

    private static boolean blank(String text) {
        return text == null || text.isBlank();
    }

    /**
     * Sets the person's one zone with no quiet hours to move: their nudge and their weekly review follow it, and so
     * does a reminder a daily limit holds, whose day is now read in this zone (without, one held for midnight UTC came
     * the same evening in New York as the day's three).
     */
    private PersonSettings setZoneAlone(String ownerId, ZoneId zone) {
        PersonSettings[] set = new PersonSettings[1];
        zoneFollower.accept(ownerId, () -> set[0] = database.inTransaction(sql -> {
            setZone(sql, ownerId, zone);
            for (ZoneListener listener : zoneListeners) {
                listener.zoneChanged(sql, ownerId, zone);
            }
            return store.person(sql, ownerId);
        }));
        zoneSet(ownerId);
        return set[0];
    }

    /**
     * The person's settings after {@code /focus quiet}, the quiet hours they had before it, and, when they were off
     * already, the hours kept for {@code state:on}; {@code zoneOnly} when a zone alone was given with no quiet hours to
     * move, and saved as the person's zone.
     */
    public record QuietChange(PersonSettings now, Optional<QuietHours> before, Optional<QuietHours> kept,
            boolean zoneOnly) {
    }

    /** Turns quiet hours off; the time zone stays, for the weekly review and the daily count. */
    public PersonSettings clearQuietHours(String ownerId) {
        PersonSettings cleared = updatePerson(ownerId, s -> new PersonSettings(ownerId, Optional.empty(), s.givenZone(),
                s.followWorklog(), s.thresholdOffset()));
        quietListeners.forEach(listener -> listener.accept(ownerId));
        return cleared;
    }

    /** The zone the person gave, if they gave one (the settings read UTC otherwise). */
    public Optional<ZoneId> givenZone(String ownerId) {
        return person(ownerId).givenZone();
    }

    /**
     * Sets the person's one time zone inside the caller's transaction: their quiet hours and their weekly nudge read
     * it, and another feature's change (a nudge schedule) commits with it.
     */
    public void setZone(SqlSession sql, String ownerId, ZoneId zone) throws SQLException {
        PersonSettings s = store.person(sql, ownerId);
        store.savePerson(sql, new PersonSettings(ownerId,
                s.quietHours().map(q -> new QuietHours(q.from(), q.to(), zone)), Optional.of(zone), s.followWorklog(),
                s.thresholdOffset()), clock.instant());
    }

    /**
     * Tells what waits for quiet hours that a {@link #setZone} in a transaction now committed moved (the person's
     * quiet hours keep their local times in the new zone).
     */
    public void zoneSet(String ownerId) {
        quietListeners.forEach(listener -> listener.accept(ownerId));
    }

    /** Reads an IANA zone a person typed, or says which names work. */
    public static ZoneId zone(String text) {
        return parseZone(text);
    }

    /** Reads a 24-hour time a person typed, or says how to write one. */
    public static LocalTime time(String text) {
        return parseTime(text);
    }

    public PersonSettings setFollowWorklog(String ownerId, boolean follow) {
        return updatePerson(ownerId, s -> new PersonSettings(ownerId, s.quietHours(), s.givenZone(), follow,
                s.thresholdOffset()));
    }

    public Optional<String> reminderChannel(String guildId) {
        return database.read(sql -> store.reminderChannel(sql, guildId));
    }

    public void setReminderChannel(String guildId, String channelId) {
        database.write(sql -> store.setReminderChannel(sql, guildId, channelId, clock.instant()));
    }

    /**
     * The most reminders a member gets a day from work in this server (a {@code /focus set} run here, or a message in
     * its work-log channels), if the server set a cap; below the bot-wide cap, which always applies too.
     */
    public Optional<Integer> reminderCap(String guildId) {
        return database.read(sql -> store.reminderCap(sql, guildId));
    }

    /**
     * Sets a server's reminder cap: from 1 to {@code botCap}, the bot-wide cap whoever runs the bot set (a server can
     * lower it for work done there, never raise it). Empty removes the server's cap. Returns what holds now.
     */
    public Optional<Integer> setReminderCap(String guildId, Optional<Long> cap, int botCap) {
        if (cap.isPresent() && (cap.get() < 1 || cap.get() > botCap)) {
            throw new InvalidInputException(cap.get() < 1
                    ? "A daily cap of " + cap.get() + " would hold every reminder back for good. Give a number from 1 to "
                            + botCap + ", or state:off to use the bot's own limit (" + botCap + " a day)."
                    : "This bot sends each person at most " + botCap + (botCap == 1 ? " reminder" : " reminders")
                            + " a day (set by whoever runs it); a server can lower that for work done here, not raise "
                            + "it. Give a number from 1 to " + botCap + ", not " + cap.get() + ".");
        }
        Integer value = cap.map(Long::intValue).orElse(null);
        database.write(sql -> store.setReminderCap(sql, guildId, value, clock.instant()));
        return Optional.ofNullable(value);
    }

    /** Who may start triage polls in a server besides its managers, and the fewest votes a result needs. */
    public PollSettings polls(String guildId) {
        return database.read(sql -> store.polls(sql, guildId));
    }

    /**
     * Changes a server's poll settings: {@code roleId} (a role whose members may start polls), {@code managersOnly}
     * (only Manage Server again) and {@code quorum} (1 to {@link #MAX_QUORUM}); what is not given stays.
     */
    public PollSettings setPolls(String guildId, Optional<String> roleId, boolean managersOnly, Optional<Long> quorum) {
        if (managersOnly && roleId.isPresent()) {
            throw new InvalidInputException("Give a role, or starters:managers to let only people with Manage Server "
                    + "start polls; not both.");
        }
        if (quorum.isPresent() && (quorum.get() < 1 || quorum.get() > MAX_QUORUM)) {
            throw new InvalidInputException("A poll's quorum is the fewest votes a result needs: give a number from 1 to "
                    + MAX_QUORUM + ", not " + quorum.get() + ".");
        }
        return database.inTransaction(sql -> {
            PollSettings now = store.polls(sql, guildId);
            PollSettings updated = new PollSettings(managersOnly ? Optional.empty() : roleId.or(now::roleId),
                    quorum.map(Long::intValue).orElse(now.quorum()));
            store.savePolls(sql, guildId, updated, clock.instant());
            return updated;
        });
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

    /**
     * Forgets what this process remembers of a server whose data was deleted (it removed the bot, and the grace period
     * passed): a server that adds the bot back starts with no work-log channel, as its settings say.
     */
    public void forgetServer(String guildId) {
        worklog.asMap().keySet().removeIf(key -> key.startsWith(guildId + "/"));
    }

    public boolean isWorklog(String guildId, String channelId) {
        return worklog.get(guildId + "/" + channelId, key -> database.read(sql -> store.isWorklog(sql, guildId, channelId)));
    }

    /**
     * A time of day as people write it besides HH:MM: a bare hour ({@code 7}, {@code 22}), {@code 18h}, {@code 18h30},
     * {@code 18.30}, and the 12-hour clock ({@code 10pm}, {@code 6:30 am}, {@code 7 p.m.}).
     */
    private static final Pattern CLOCK = Pattern.compile(
            "(?i)(\\d{1,2})(?:\\s*([:.h])\\s*(\\d{2})?)?\\s*(?:([ap])\\.?\\s*m\\.?)?");

    static LocalTime parseTime(String text) {
        String t = UserText.narrow(text).strip();
        try {
            return LocalTime.parse(t.length() == 4 ? "0" + t : t);
        } catch (DateTimeParseException e) {
            return clock(t).orElseThrow(() -> new InvalidInputException("'" + UserText.fitEcho(text.strip(), ECHOED)
                    + "' is not a time I can read. Use HH:MM, such as 22:00, or 10pm."));
        }
    }

    /** {@link #CLOCK}'s forms; empty for anything else, or an hour or minute out of range ("13pm", "24", "7:60"). */
    private static Optional<LocalTime> clock(String typed) {
        Matcher m = CLOCK.matcher(typed);
        if (!m.matches() || (m.group(2) != null && !m.group(2).equalsIgnoreCase("h") && m.group(3) == null)) {
            return Optional.empty(); // "18:" and "18." say a minute is coming, and none came
        }
        int hour = Integer.parseInt(m.group(1));
        int minute = m.group(3) == null ? 0 : Integer.parseInt(m.group(3));
        if (m.group(4) != null) {
            if (hour < 1 || hour > 12) {
                return Optional.empty();
            }
            hour = hour % 12 + (m.group(4).equalsIgnoreCase("p") ? 12 : 0); // 12am is midnight, 12pm noon
        }
        return hour > 23 || minute > 59 ? Optional.empty() : Optional.of(LocalTime.of(hour, minute));
    }

    /** An offset as people write it: {@code +5:30}, {@code UTC+5:30}, {@code gmt -3:30}, {@code utc+5}. */
    private static final Pattern OFFSET = Pattern.compile("(?i)(UTC|GMT)?\\s*([+-])\\s*(\\d{1,2})(?::?(\\d{2}))?");

    /**
     * A fixed offset written with one digit for the hour, or after a lower-case "utc": java.time reads only
     * {@code +05:30} and {@code UTC+05:30}, and "+5:30" was told to use a zone's name instead.
     */
    private static Optional<ZoneId> offset(String typed) {
        Matcher m = OFFSET.matcher(typed);
        if (!m.matches()) {
            return Optional.empty();
        }
        int sign = m.group(2).equals("-") ? -1 : 1;
        try {
            ZoneOffset offset = ZoneOffset.ofHoursMinutes(sign * Integer.parseInt(m.group(3)),
                    sign * (m.group(4) == null ? 0 : Integer.parseInt(m.group(4))));
            ZoneId zone = m.group(1) == null ? offset : ZoneId.ofOffset(m.group(1).toUpperCase(Locale.ROOT), offset);
            return Optional.of(PersonSettings.zone(zone.getId())); // "+0" is UTC by its name, as "+00:00" is
        } catch (DateTimeException outOfRange) {
            return Optional.empty(); // beyond 18 hours, or 60 minutes and more
        }
    }

    static ZoneId parseZone(String text) {
        String typed = text.strip();
        try {
            return PersonSettings.zone(typed);
        } catch (DateTimeException e) {
            Optional<ZoneId> offset = offset(typed);
            if (offset.isPresent()) {
                return offset.get();
            }
            // IANA names are case-sensitive; people type "europe/berlin" too.
            Optional<String> named = ZoneId.getAvailableZoneIds().stream().filter(id -> id.equalsIgnoreCase(typed))
                    .findFirst();
            if (named.isPresent()) {
                return PersonSettings.zone(named.get());
            }
            throw new InvalidInputException("'" + UserText.fitEcho(text.strip(), ECHOED)
                    + "' is not a time zone I know. Use an IANA name such as "
                    + "Europe/Berlin, America/New_York or Asia/Tokyo.");
        }
    }
}
