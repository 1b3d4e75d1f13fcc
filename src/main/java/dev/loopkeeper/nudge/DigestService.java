package dev.loopkeeper.nudge;

import dev.loopkeeper.common.InvalidInputException;
import dev.loopkeeper.common.UserText;
import dev.loopkeeper.delivery.MailKind;
import dev.loopkeeper.delivery.Outbox;
import dev.loopkeeper.loop.LoopScope;
import dev.loopkeeper.settings.PersonSettings;
import dev.loopkeeper.settings.SettingsService;
import dev.loopkeeper.storage.Database;
import dev.loopkeeper.storage.SqlSession;
import java.sql.SQLException;
import java.time.Clock;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The optional weekly digest of a server's shared loops, posted through the outbox in the channel the server set:
 * new parking-lot loops, the loops with the most "me too", and whatever other {@link DigestSource}s add (poll
 * results). It goes out Mondays at 09:00 in the server's default zone (UTC when none), once per server and week.
 */
public final class DigestService implements MailKind {
    private static final Logger log = LoggerFactory.getLogger(DigestService.class);
    /** When a server's digest goes out, in its default zone. */
    public static final DayOfWeek DAY = DayOfWeek.MONDAY;
    public static final LocalTime TIME = LocalTime.of(9, 0);
    static final int SHOWN = 5;

    private final Database database;
    private final NudgeStore store;
    private final Outbox outbox;
    private final Clock clock;
    private final List<DigestSource> sources = new CopyOnWriteArrayList<>();

    public DigestService(Database database, NudgeStore store, Outbox outbox, Clock clock) {
        this.database = database;
        this.store = store;
        this.outbox = outbox;
        this.clock = clock;
        sources.add(this::newLoops);
        sources.add(this::mostMeToo);
    }

    /** Adds a section to every digest, after those already there (the composition root wires poll results here). */
    public void addSource(DigestSource source) {
        sources.add(source);
    }

    /**
     * Sets (or with null, clears) the server's digest channel. Turning the digest on claims the week that ended at the
     * latest Monday 09:00 without sending it: a digest turned on on a Tuesday morning would otherwise go out at once
     * (a slot less than a day late is still sent), about a week before the digest was asked for. The first one comes
     * at the next Monday 09:00.
     */
    public void setChannel(String guildId, String channelId) {
        Instant now = clock.instant();
        database.write(sql -> {
            boolean turningOn = channelId != null && store.digestChannel(sql, guildId).isEmpty();
            store.setDigestChannel(sql, guildId, channelId, now);
            if (turningOn) {
                ZoneId zone = store.defaultZone(sql, guildId).orElse(PersonSettings.UTC);
                Instant latest = latestSlot(zone, now);
                store.insertDigest(sql, guildId, weekBefore(latest, zone), latest, now);
            }
        });
    }

    /**
     * The Monday 09:00 a week before {@code slot}, in {@code zone}: the start of the week that digest covers. Not 168
     * hours: across a change of summer time those would start at 08:00 or 10:00, and an hour of parks and polls would be
     * in two digests or in none.
     */
    private static Instant weekBefore(Instant slot, ZoneId zone) {
        return slot.atZone(zone).minusWeeks(1).toInstant();
    }

    /**
     * Where the week of the digest due at {@code slot} starts: where the server's last digest ended, so no hour of the
     * server's weeks is in two digests or in none. That is the Monday 09:00 before, unless the server's zone changed
     * since (that Monday then lies up to 26 hours off), or the bot was offline over a digest's time for more than a day
     * (that digest is not made, and its week was in no digest at all). Only a server with no digest yet counts from the
     * Monday 09:00 before.
     */
    private Instant weekFrom(SqlSession sql, String guildId, Instant slot, ZoneId zone) throws SQLException {
        return store.lastDigestEnd(sql, guildId, slot).orElse(weekBefore(slot, zone));
    }

    /**
     * What a digest covers: its week, and before it the weeks of digests given up since the last one that was not
     * (Discord would not take them, such as a channel made read-only for the bot): otherwise those weeks were in no
     * digest at all.
     */
    private Instant coveredFrom(SqlSession sql, NudgeStore.StoredDigest digest) throws SQLException {
        return store.lastDigestEndNotGivenUp(sql, digest.guildId(), digest.weekFrom())
                .filter(end -> end.isBefore(digest.weekFrom())).orElse(digest.weekFrom());
    }

    /** The latest Monday 09:00 at or before {@code now} in {@code zone}. */
    private static Instant latestSlot(ZoneId zone, Instant now) {
        WeeklySlot slot = new WeeklySlot(DAY, TIME, zone);
        return slot.resolve(slot.firstSlotAfter(now).minusWeeks(1));
    }

    public Optional<String> channel(String guildId) {
        return database.read(sql -> store.digestChannel(sql, guildId));
    }

    /** The server's default zone for its members' nudges, and for its digest. */
    public ZoneId setDefaultZone(String guildId, String zone) {
        if (zone == null || zone.isBlank()) {
            throw new InvalidInputException(NudgeMessages.zoneNeeded());
        }
        ZoneId id = SettingsService.zone(zone);
        database.write(sql -> store.setDefaultZone(sql, guildId, id, clock.instant()));
        return id;
    }

    public Optional<ZoneId> defaultZone(String guildId) {
        return database.read(sql -> store.defaultZone(sql, guildId));
    }

    /**
     * Hands each server's digest for the week that ended at its latest Monday 09:00 to the outbox, once per week: the
     * server_digest row's unique key claims it. A week more than a day late is left out, as nudges are.
     */
    public int enqueueDue() {
        Instant now = clock.instant();
        int handed = 0;
        for (NudgeStore.DigestServer server : database.read(store::digestServers)) {
            ZoneId zone;
            try {
                zone = server.zone() == null ? PersonSettings.UTC : PersonSettings.zone(server.zone());
            } catch (java.time.DateTimeException e) {
                // As for a person's nudge: a zone this JVM cannot read (a newer one wrote it) leaves this server out,
                // not every server after it.
                log.warn("The digest of server {} is left out: its zone cannot be read ({})", server.guildId(),
                        e.getMessage());
                continue;
            }
            Instant at = latestSlot(zone, now);
            if (at.isAfter(now) || Duration.between(at, now).compareTo(NudgeService.CATCH_UP) >= 0) {
                continue;
            }
            try {
                boolean made = database.inTransaction(sql -> {
                    Optional<Long> id = store.insertDigest(sql, server.guildId(),
                            weekFrom(sql, server.guildId(), at, zone), at, now);
                    if (id.isPresent()) {
                        outbox.enqueue(sql, ServerDigest.KIND, id.get(), null, now);
                    }
                    return id.isPresent();
                });
                handed += made ? 1 : 0;
            } catch (RuntimeException e) {
                // One server's digest that cannot be made (tried again at the next run) leaves the others to go.
                log.error("The digest of server {} could not be made; trying again later", server.guildId(), e);
            }
        }
        return handed;
    }

    @Override
    public String name() {
        return ServerDigest.KIND;
    }

    @Override
    public Optional<ServerDigest> load(long digestId) {
        return database.read(sql -> {
            Optional<NudgeStore.StoredDigest> stored = store.digest(sql, digestId);
            if (stored.isEmpty()) {
                return stored;
            }
            NudgeStore.StoredDigest d = stored.get();
            return Optional.of(new NudgeStore.StoredDigest(d.id(), d.guildId(), coveredFrom(sql, d), d.weekTo()));
        }).map(d -> {
            List<DigestSource.Section> sections = new ArrayList<>();
            for (DigestSource source : sources) {
                source.section(d.guildId(), d.weekFrom(), d.weekTo()).ifPresent(sections::add);
            }
            return new ServerDigest(d.id(), d.guildId(), d.weekFrom(), d.weekTo(), sections);
        });
    }

    @Override
    public Optional<String> serverChannel(String guildId) {
        return channel(guildId);
    }

    private Optional<DigestSource.Section> newLoops(String guildId, Instant from, Instant to) {
        String owner = LoopScope.server(guildId).ownerKey();
        List<Nudge.LoopLine> parked = database.read(sql -> store.serverLoopsParked(sql, owner, from, to, SHOWN));
        if (parked.isEmpty()) {
            return Optional.empty();
        }
        List<String> lines = parked.stream()
                .map(l -> UserText.fitEcho(l.concept(), 120) + " (#" + l.loopId() + ")").toList();
        long all = database.read(sql -> store.parkedBetween(sql, owner, from, to));
        return Optional.of(new DigestSource.Section("New in the parking lot", lines, Math.max(0, all - parked.size()),
                "/loops scope:server lists them"));
    }

    private Optional<DigestSource.Section> mostMeToo(String guildId, Instant from, Instant to) {
        String owner = LoopScope.server(guildId).ownerKey();
        List<NudgeStore.Interest> top = database.read(sql -> store.mostMeToo(sql, owner, SHOWN));
        if (top.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(new DigestSource.Section("Most \"me too\"", top.stream()
                .map(i -> UserText.fitEcho(i.concept(), 120) + " (#" + i.loopId() + "): " + i.count()
                        + (i.count() == 1 ? " person" : " people")).toList()));
    }

    /**
     * The digest's text, within one message by whole lines: when all of it would not fit, lines are left out of the
     * section that shows the most (the later one on a tie), each section saying how many more it has. Cutting the text
     * at its end had broken its last line mid-way (an unclosed bold showing its asterisks) and dropped the lines after
     * it unsaid, as a week of many polls on long concepts did.
     */
    public static String text(ServerDigest digest) {
        List<DigestSource.Section> sections = digest.sections();
        int[] shown = sections.stream().mapToInt(s -> s.lines().size()).toArray();
        String text = render(digest, sections, shown);
        while (UserText.length(text) > NudgeMessages.LIMIT) {
            int most = -1;
            for (int i = 0; i < shown.length; i++) {
                if (shown[i] > 0 && (most < 0 || shown[i] >= shown[most])) {
                    most = i;
                }
            }
            if (most < 0) {
                break; // only titles and counts left: no source's line is this long, but never fail to post
            }
            shown[most]--;
            text = render(digest, sections, shown);
        }
        return UserText.length(text) <= NudgeMessages.LIMIT ? text : UserText.shorten(text, NudgeMessages.LIMIT);
    }

    /** The sections in order, each with its first {@code shown} lines and a count of the rest. */
    private static String render(ServerDigest digest, List<DigestSource.Section> sections, int[] shown) {
        // A digest that covers the weeks of digests that did not go out says so (a week and a day at most is one week:
        // a change of the server's zone moves its Monday 09:00 by up to 26 hours).
        long weeks = Math.max(1, Math.round(Duration.between(digest.weekFrom(), digest.weekTo()).toHours() / 168.0));
        StringBuilder out = new StringBuilder(weeks == 1 ? "**This week's shared loops**\n"
                : "**Shared loops of the last " + weeks + " weeks**\n" + (weeks == 2
                        ? "The digest before this one did not go out (Loopkeeper was offline or could not post here), "
                                + "so this one covers both weeks.\n"
                        : "The " + (weeks - 1) + " digests before this one did not go out (Loopkeeper was offline or "
                                + "could not post here), so this one covers all " + weeks + " weeks.\n"));
        if (sections.isEmpty()) {
            out.append(weeks == 1 ? "A quiet week: nothing new in the parking lot. Open loops are allowed to exist."
                    : "Quiet weeks: nothing new in the parking lot. Open loops are allowed to exist.");
        }
        for (int i = 0; i < sections.size(); i++) {
            DigestSource.Section section = sections.get(i);
            out.append('\n').append("**").append(UserText.escapeMarkdown(section.title())).append("**\n");
            section.lines().subList(0, shown[i]).forEach(line -> out.append("- ").append(line).append('\n'));
            long more = section.unlisted() + section.lines().size() - shown[i];
            if (more > 0) {
                out.append("- ").append(shown[i] == 0 ? "" : "and ").append(more).append(" more")
                        .append(section.whereUnlisted().isEmpty() ? "" : ": " + section.whereUnlisted()).append('\n');
            }
        }
        return out.toString().strip();
    }
}
