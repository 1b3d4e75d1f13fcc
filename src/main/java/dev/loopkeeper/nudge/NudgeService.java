package dev.loopkeeper.nudge;

import dev.loopkeeper.common.InvalidInputException;
import dev.loopkeeper.common.UserText;
import dev.loopkeeper.delivery.MailKind;
import dev.loopkeeper.delivery.Outbox;
import dev.loopkeeper.loop.LoopService;
import dev.loopkeeper.loop.OpenLoop;
import dev.loopkeeper.loop.Outcome;
import dev.loopkeeper.settings.SettingsService;
import dev.loopkeeper.storage.Database;
import dev.loopkeeper.storage.SqlSession;
import java.sql.SQLException;
import java.time.Clock;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.format.TextStyle;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Weekly re-abstraction nudges: each person's schedule (off until they opt in), finding due nudges in the database
 * and handing them to the outbox, what a nudge shows, the answers people write, and curiosity bankruptcy.
 *
 * <p>A due slot is claimed by moving the schedule to its next slot with a conditional UPDATE in the same transaction
 * that saves the nudge and its outbox row, so two threads or two processes never send one slot twice. A slot found
 * less than {@link #CATCH_UP} late (the bot was down) is sent once; an older one is skipped.
 */
public final class NudgeService implements MailKind {
    /** How late a due nudge may still be sent; an older one is skipped and the next one scheduled. */
    public static final Duration CATCH_UP = Duration.ofDays(1);
    /** Schedules claimed per transaction: one fsync per batch, not per person. */
    static final int CLAIM_BATCH = 500;
    static final int MAX_CLOSED_SHOWN = 5;
    static final int MAX_CORE_SHOWN = 3;
    static final int MAX_UNTOUCHED_SHOWN = 5;
    /** The least time between two weekly nudges when the person moves theirs (half a week). */
    static final Duration MIN_GAP = Duration.ofHours(84);
    public static final int MAX_REFLECTION = 1_500;
    /** Within this, the same answer to the same question on a loop is one reflection (a form sent twice). */
    static final Duration RESUBMIT_WINDOW = Duration.ofMinutes(15);
    public static final int REFLECTIONS_SHOWN = 10;
    private static final Duration WEEK = Duration.ofDays(7);
    /**
     * Weekly nudges in a row that find nothing changed since the one before (no park, close, class, phase, reflection,
     * keep, preview, or the nudge set again) before the nudge backs off to every {@link #QUIET_EVERY}: someone who stopped using Loopkeeper, or
     * never answers, is not written to every week for ever, and the third such nudge says so. Not stopped: they asked for
     * it, and a silent stop would read as a broken bot; {@code /nudge off} is one command away. Any change makes it
     * weekly again at the next slot.
     */
    static final int QUIET_NUDGES = 3;
    static final Duration QUIET_EVERY = Duration.ofDays(28);
    /**
     * The furthest a nudge looks back, to where the last one ended: two weeks (one skipped slot), and what a clock
     * change may add between them ({@link WeeklySlot#CLOCK_CHANGE}).
     */
    static final Duration LOOK_BACK = Duration.ofDays(14).plus(WeeklySlot.CLOCK_CHANGE);
    private static final Logger log = LoggerFactory.getLogger(NudgeService.class);

    private final Database database;
    private final NudgeStore store;
    private final Outbox outbox;
    private final SettingsService settings;
    private final LoopService loops;
    private final ReabstractionPrompts prompts;
    private final Clock clock;
    private final Duration untouchedAfter;
    /** Runs a change of the schedule, so that what ends at the next weekly review can follow it (none until set). */
    private volatile ReviewFollower reviewFollower = (ownerId, change) -> change.run();

    public NudgeService(Database database, NudgeStore store, Outbox outbox, SettingsService settings, LoopService loops,
            ReabstractionPrompts prompts, Clock clock, Duration untouchedAfter) {
        this.database = database;
        this.store = store;
        this.outbox = outbox;
        this.settings = settings;
        this.loops = loops;
        this.prompts = prompts;
        this.clock = clock;
        this.untouchedAfter = untouchedAfter;
    }

    // ---- the schedule ----

    /**
     * Sets (or changes) the person's weekly nudge from what they typed. The zone defaults to the one they gave before,
     * then to the server's default; the zone given here becomes their one zone, for quiet hours too.
     */
    public NudgeSchedule set(String ownerId, String day, String time, String zone, String guildId) {
        DayOfWeek weekday = parseDay(day);
        LocalTime at = parseNudgeTime(time);
        ZoneId zoneId = zone == null || zone.isBlank() ? defaultZone(ownerId, guildId) : SettingsService.zone(zone);
        WeeklySlot slot = new WeeklySlot(weekday, at, zoneId);
        LocalDateTime[] next = new LocalDateTime[1];
        reviewFollower.around(ownerId, () -> {
            // One transaction: the schedule and the person's one zone (quiet hours read it too) change together.
            next[0] = database.inTransaction(sql -> {
                LocalDateTime first = schedule(sql, ownerId, slot);
                settings.setZone(sql, ownerId, zoneId);
                return first;
            });
        });
        settings.zoneSet(ownerId); // quiet hours moved with the zone: what waits for them moves too
        return new NudgeSchedule(ownerId, slot, Optional.of(next[0]));
    }

    /**
     * Runs a change of the person's nudge: what was set to end at their next weekly review (a snooze) is told where
     * the review was before and is after.
     */
    @FunctionalInterface
    public interface ReviewFollower {
        void around(String ownerId, Runnable change);
    }

    /** Lets what ends at the weekly review follow the nudge that sets it (set once by the composition root). */
    public void onReviewMove(ReviewFollower follower) {
        this.reviewFollower = follower;
    }

    /**
     * Saves {@code slot} as the person's weekly nudge, next due at its first time from now; returns that time. Once a
     * week: a slot less than {@link #MIN_GAP} after the last nudge sent (moved a day or a minute on, just after it came)
     * waits for the week after.
     */
    private LocalDateTime schedule(SqlSession sql, String ownerId, WeeklySlot slot) throws SQLException {
        Instant now = clock.instant();
        Instant from = store.lastWeeklyTo(sql, ownerId).map(last -> last.plus(MIN_GAP)).filter(now::isBefore)
                .orElse(now);
        LocalDateTime next = slot.firstSlotAfter(from);
        store.saveSchedule(sql, ownerId, slot, next, slot.resolve(next), now);
        return next;
    }

    /**
     * The person's one zone changed elsewhere (quiet hours): a nudge that is on keeps its weekday and local time in the
     * new zone, and its next run moves with it. Runs in the caller's transaction ({@link SettingsService#onZoneChange}).
     */
    public void zoneChanged(SqlSession sql, String ownerId, ZoneId zone) throws SQLException {
        Optional<NudgeSchedule> schedule = store.schedule(sql, ownerId);
        if (schedule.isEmpty() || schedule.get().slot().zone().equals(zone)) {
            return;
        }
        if (!schedule.get().on()) {
            // Off, its day and time kept for the next set: in the person's one zone, as /nudge show says.
            store.setZoneOfOff(sql, ownerId, zone, clock.instant());
            return;
        }
        schedule(sql, ownerId, new WeeklySlot(schedule.get().slot().day(), schedule.get().slot().time(), zone));
    }

    /**
     * Whether a {@link #set} with this zone text would take the server's default zone: none typed, and the person gave
     * none before. Asked before the set, which makes that zone theirs.
     */
    public boolean takesServerZone(String ownerId, String zone, String guildId) {
        return (zone == null || zone.isBlank()) && guildId != null && settings.givenZone(ownerId).isEmpty()
                && database.read(sql -> store.defaultZone(sql, guildId)).isPresent();
    }

    private ZoneId defaultZone(String ownerId, String guildId) {
        return settings.givenZone(ownerId)
                .or(() -> guildId == null ? Optional.empty() : database.read(sql -> store.defaultZone(sql, guildId)))
                .orElseThrow(() -> new InvalidInputException(NudgeMessages.zoneNeeded()));
    }

    public Optional<NudgeSchedule> schedule(String ownerId) {
        return database.read(sql -> store.schedule(sql, ownerId));
    }

    /** The schedule as {@code /nudge show} tells it: {@code backingOff} when its next slots are skipped for now. */
    public record Shown(NudgeSchedule schedule, boolean backingOff) {
    }

    /**
     * The person's schedule with the next slot a nudge will really go: while the nudge backs off (three in a row found
     * nothing changed), the weekly slots before the fourth week are skipped, and {@code /nudge show} named one of them.
     */
    public Optional<Shown> shown(String ownerId) {
        return database.read(sql -> {
            Optional<NudgeSchedule> found = store.schedule(sql, ownerId);
            if (found.isEmpty() || !found.get().on()) {
                return found.map(schedule -> new Shown(schedule, false));
            }
            NudgeSchedule schedule = found.get();
            LocalDateTime slot = schedule.nextSlot().orElseThrow();
            if (!backingOff(sql, ownerId, schedule.slot().resolve(slot))) {
                return Optional.of(new Shown(schedule, false));
            }
            // Skipped while before the back-off's end, which does not depend on the slot (at most four weeks on).
            for (int weeks = 0; weeks < 5 && backingOff(sql, ownerId, schedule.slot().resolve(slot)); weeks++) {
                slot = slot.plusWeeks(1);
            }
            return Optional.of(new Shown(new NudgeSchedule(ownerId, schedule.slot(), Optional.of(slot)), true));
        });
    }

    /** Turns the nudge off; false when it was not on. The day, time and zone are kept for the next set. */
    public boolean off(String ownerId) {
        boolean[] was = new boolean[1];
        reviewFollower.around(ownerId,
                () -> was[0] = database.inTransaction(sql -> store.turnOff(sql, ownerId, clock.instant())));
        return was[0];
    }

    /**
     * When the person's next nudge runs, if they have one on: a snooze "until the weekly review" ends there. A nudge
     * due but not yet sent (in the seconds before the delivery job moves it on, or longer on a busy bot) is under way,
     * so the review after it is the next: a snooze ending at the due one would end before it began.
     */
    public Optional<Instant> nextNudge(String ownerId) {
        Instant now = clock.instant();
        return schedule(ownerId).flatMap(s -> s.nextSlot().map(slot -> {
            Instant at = s.slot().resolve(slot);
            return at.isAfter(now) ? at : s.slot().resolve(s.slot().nextAfter(slot, now));
        }));
    }

    static DayOfWeek parseDay(String text) {
        if (text == null || text.isBlank()) {
            throw new InvalidInputException(NudgeMessages.dayNeeded());
        }
        String typed = UserText.narrow(text).strip().toLowerCase(Locale.ROOT);
        List<DayOfWeek> matches = Arrays.stream(DayOfWeek.values())
                .filter(d -> typed.length() >= 2 && d.getDisplayName(TextStyle.FULL, Locale.ENGLISH).toLowerCase(Locale.ROOT)
                        .startsWith(typed))
                .toList();
        if (matches.size() != 1) {
            throw new InvalidInputException(NudgeMessages.notADay(text.strip()));
        }
        return matches.get(0);
    }

    static LocalTime parseNudgeTime(String text) {
        if (text == null || text.isBlank()) {
            throw new InvalidInputException(NudgeMessages.timeNeeded());
        }
        return SettingsService.time(text);
    }

    // ---- finding due nudges ----

    /**
     * Claims every due slot and hands its nudge to the outbox; returns how many were handed over. A slot more than a
     * day late is skipped (its schedule still moves on). Safe to run on several threads and processes at once.
     */
    public int enqueueDue() {
        return enqueue(now -> database.read(sql -> store.due(sql, now, CLAIM_BATCH)));
    }

    /**
     * The same for one person only: the console's local person, whose terminal must not take (and print) the nudges
     * of the Discord users a bot keeps in the same database.
     */
    public int enqueueDueFor(String ownerId) {
        return enqueue(now -> database.read(sql -> store.dueFor(sql, ownerId, now)));
    }

    private int enqueue(java.util.function.Function<Instant, List<NudgeSchedule>> dueAt) {
        int handed = 0;
        while (true) {
            Instant now = clock.instant();
            List<NudgeSchedule> due = dueAt.apply(now);
            if (due.isEmpty()) {
                return handed;
            }
            // Who is backed off is read before the write lock: it reads each person's loops, which a batch of 500
            // inside the lock made every park of the bot wait for; a change in between moves it by one slot at most.
            Set<String> quiet = database.read(sql -> {
                Set<String> owners = new HashSet<>();
                for (NudgeSchedule schedule : due) {
                    if (backingOff(sql, schedule.ownerId(), schedule.slot().resolve(latestSlot(schedule, now)))) {
                        owners.add(schedule.ownerId());
                    }
                }
                return owners;
            });
            int[] batch = {0, 0};
            database.write(sql -> {
                for (NudgeSchedule schedule : due) {
                    LocalDateTime slot = schedule.nextSlot().orElseThrow();
                    LocalDateTime next = schedule.slot().nextAfter(slot, now);
                    if (!store.claim(sql, schedule.ownerId(), slot, next, schedule.slot().resolve(next), now)) {
                        continue; // someone else took this slot
                    }
                    batch[1]++;
                    LocalDateTime latest = latestSlot(schedule, now);
                    Instant at = schedule.slot().resolve(latest);
                    if (Duration.between(at, now).compareTo(CATCH_UP) >= 0) {
                        log.info("Nudge for {} due at {} is more than a day late; skipping to {}", schedule.ownerId(),
                                at, next);
                        continue;
                    }
                    if (quiet.contains(schedule.ownerId())) {
                        log.info("Nudge for {} due at {} skipped: {} nudges in a row found nothing changed; one goes every "
                                + "{} days until something does", schedule.ownerId(), at, QUIET_NUDGES, QUIET_EVERY.toDays());
                        continue;
                    }
                    Optional<Long> id = store.insertNudge(sql, schedule.ownerId(), latest.toString(),
                            weekFrom(store.lastWeeklyTo(sql, schedule.ownerId()), at), at, false, now);
                    if (id.isPresent()) {
                        outbox.enqueue(sql, Nudge.KIND, id.get(), schedule.ownerId(), now);
                        batch[0]++;
                    }
                }
            });
            handed += batch[0];
            if (batch[1] == 0) {
                // Every due row was claimed by someone else between our read and our write: they will send them.
                return handed;
            }
        }
    }

    /**
     * The latest slot of a due schedule that has come: the one stored, or, after a week or more without a look (the bot
     * down, the console closed), a later one, which is the one the catch-up rule is about.
     */
    private static LocalDateTime latestSlot(NudgeSchedule schedule, Instant now) {
        return schedule.slot().nextAfter(schedule.nextSlot().orElseThrow(), now).minusWeeks(1);
    }

    /**
     * Whether the slot due {@code at} is skipped: the person's last {@link #QUIET_NUDGES} weekly nudges or more came
     * after their last sign of life, and the latest of them is less than {@link #QUIET_EVERY} before it (a clock change's
     * hour aside).
     */
    private boolean backingOff(SqlSession sql, String ownerId, Instant at) throws SQLException {
        // The last QUIET_NUDGES nudges found nothing changed when no sign of use came after the first of them began.
        Optional<Instant> quietFrom = store.nthLatestWeekFrom(sql, ownerId, QUIET_NUDGES);
        if (quietFrom.isEmpty() || store.usedSince(sql, ownerId, quietFrom.get())) {
            return false;
        }
        Instant lastTo = store.lastWeeklyTo(sql, ownerId).orElseThrow();
        return at.isBefore(lastTo.plus(QUIET_EVERY).minus(WeeklySlot.CLOCK_CHANGE));
    }

    /**
     * Where a weekly nudge due {@code at} starts looking back: where the person's last one ended, so a nudge moved to
     * another day neither repeats days the last one told of nor leaves any out (one skipped while the bot was down is
     * covered by the next), but no further back than {@link #LOOK_BACK}; a week without a last one.
     */
    static Instant weekFrom(Optional<Instant> lastTo, Instant at) {
        return lastTo.filter(last -> last.isBefore(at) && !last.isBefore(at.minus(LOOK_BACK))).orElse(at.minus(WEEK));
    }

    /** A preview of the person's nudge now, over the past seven days; it is not delivered, the caller shows it. */
    public Nudge preview(String ownerId) {
        Instant now = clock.instant();
        // The week runs up to and including now: what the person did a moment ago counts.
        Instant to = now.plusMillis(1);
        long id = database.inTransaction(sql -> store.insertNudge(sql, ownerId, "preview-" + now.toEpochMilli()
                + "-" + System.nanoTime(), to.minus(WEEK), to, true, now)).orElseThrow();
        return load(id).orElseThrow();
    }

    // ---- the mail ----

    @Override
    public String name() {
        return Nudge.KIND;
    }

    /** Nudges are personal: with DMs closed they wait for the person's next command, never in a server channel. */
    @Override
    public Optional<String> serverChannel(String guildId) {
        return Optional.empty();
    }

    /**
     * A nudge as it shows now. Its prompts are chosen the first time and kept, so a retry or a held nudge shows the
     * same questions, and the next week's nudge can avoid them.
     */
    @Override
    public Optional<Nudge> load(long nudgeId) {
        choosePromptsOnce(nudgeId);
        offerUntouchedOnce(nudgeId);
        return database.read(sql -> {
            Optional<NudgeStore.Stored> found = store.nudge(sql, nudgeId);
            if (found.isEmpty()) {
                return Optional.<Nudge>empty();
            }
            NudgeStore.Stored n = found.get();
            String owner = n.ownerId();
            Instant from = n.weekFrom();
            Instant to = n.weekTo();
            List<LoopFacts> moved = store.moved(sql, owner, from, to, 10);
            List<NudgeStore.StoredPrompt> kept = store.prompts(sql, nudgeId);
            List<Prompt> asked = new ArrayList<>();
            for (NudgeStore.StoredPrompt p : kept) {
                String concept = moved.stream().filter(f -> f.loopId() == p.loopId()).map(LoopFacts::concept).findFirst()
                        .orElseGet(() -> conceptOf(owner, p.loopId()));
                prompts.template(p.key()).ifPresent(t -> asked.add(new Prompt(p.key(), p.loopId(), concept,
                        t.about(concept))));
            }
            Nudge.Week week = new Nudge.Week(store.parkedBetween(sql, owner, from, to),
                    store.triagedBetween(sql, owner, from, to), store.resurfacedBetween(sql, owner, from, to),
                    store.closedCountBetween(sql, owner, from, to),
                    store.closedBetween(sql, owner, from, to, MAX_CLOSED_SHOWN));
            return Optional.of(new Nudge(nudgeId, owner, n.preview(), from, to, week, store.openCount(sql, owner),
                    store.oldestOpen(sql, owner).orElse(null), store.oldestCore(sql, owner, MAX_CORE_SHOWN), asked,
                    store.untouched(sql, owner, to.minus(untouchedAfter), to, MAX_UNTOUCHED_SHOWN),
                    store.untouchedCount(sql, owner, to.minus(untouchedAfter)), quietSince(sql, n)));
        });
    }

    /**
     * For a weekly nudge that is the {@link #QUIET_NUDGES}th or later in a row to find nothing changed, since when nothing
     * has (the nudge says it now comes every four weeks); null otherwise, and for a preview, which is a sign of life.
     */
    private Instant quietSince(SqlSession sql, NudgeStore.Stored n) throws SQLException {
        if (n.preview()) {
            return null;
        }
        // Asked as the weekly job asks it (cheapest signs first), among this nudge and those before it; the latest sign
        // is read only for a nudge that says it backs off.
        Optional<Instant> quietFrom = store.nthLatestWeekFrom(sql, n.ownerId(), QUIET_NUDGES, n.id());
        if (quietFrom.isEmpty() || store.usedSince(sql, n.ownerId(), quietFrom.get())) {
            return null;
        }
        // Setting the nudge is a sign of use (its schedule's updated_at), so a person with weekly nudges always has
        // one; the nudge's own week is only the fallback of a schedule gone meanwhile.
        return store.lastSignOfLife(sql, n.ownerId()).orElse(n.weekFrom());
    }

    /**
     * Fixes a nudge's questions the first time it is shown; a write only then (a nudge with nothing that moved, or
     * shown before, is read alone). Two processes racing here both insert at the same positions: the first wins.
     */
    private void choosePromptsOnce(long nudgeId) {
        boolean needed = database.read(sql -> {
            Optional<NudgeStore.Stored> n = store.nudge(sql, nudgeId);
            return n.isPresent() && store.prompts(sql, nudgeId).isEmpty()
                    && !store.moved(sql, n.get().ownerId(), n.get().weekFrom(), n.get().weekTo(), 1).isEmpty();
        });
        if (!needed) {
            return;
        }
        database.write(sql -> {
            NudgeStore.Stored n = store.nudge(sql, nudgeId).orElseThrow();
            if (!store.prompts(sql, nudgeId).isEmpty()) {
                return;
            }
            List<LoopFacts> moved = store.moved(sql, n.ownerId(), n.weekFrom(), n.weekTo(), 10);
            // Never last week's questions; and none a preview asked in the past eight days either, as long as that
            // costs no loop its question: the loops that moved most tellingly (a build first) are asked about anyway.
            Set<String> lastWeek = store.keysOfLastWeekly(sql, n.ownerId(), nudgeId);
            Set<String> recent = new HashSet<>(lastWeek);
            recent.addAll(store.keysAskedSince(sql, n.ownerId(), nudgeId, n.weekTo().minus(Duration.ofDays(8))));
            List<Prompt> varied = prompts.choose(moved, recent, nudgeId);
            List<Prompt> asked = prompts.choose(moved, lastWeek, nudgeId);
            List<Prompt> chosen = loopsOf(varied).equals(loopsOf(asked)) ? varied : asked;
            for (int i = 0; i < chosen.size(); i++) {
                store.savePrompt(sql, nudgeId, i, chosen.get(i).loopId(), chosen.get(i).key());
            }
        });
    }

    /**
     * Records, the first time a weekly nudge is shown, which untouched loops it offers to let go, so the next nudges
     * offer the others first and each comes up in turn (someone who let the offer be saw the same five every week, and
     * never the rest). Shown again, the nudge offers the same ones. A preview records nothing: it shows what the next
     * weekly nudge would offer. A write only then; a nudge that offers nothing, or recorded its offer, is read alone.
     */
    private void offerUntouchedOnce(long nudgeId) {
        Optional<NudgeStore.Stored> weekly = database.read(sql -> store.nudge(sql, nudgeId))
                .filter(n -> !n.preview());
        if (weekly.isEmpty()) {
            return;
        }
        String owner = weekly.get().ownerId();
        Instant to = weekly.get().weekTo();
        Instant before = to.minus(untouchedAfter);
        boolean needed = database.read(sql -> !store.offered(sql, owner, to)
                && !store.untouched(sql, owner, before, to, 1).isEmpty());
        if (!needed) {
            return;
        }
        database.write(sql -> {
            if (!store.offered(sql, owner, to)) {
                store.markOffered(sql, owner, store.untouched(sql, owner, before, to, MAX_UNTOUCHED_SHOWN).stream()
                        .map(Nudge.LoopLine::loopId).toList(), to);
            }
        });
    }

    private static List<Long> loopsOf(List<Prompt> chosen) {
        return chosen.stream().map(Prompt::loopId).toList();
    }

    /** The concept a question was about, whatever became of its loop since (closed, merged: it may still be answered). */
    private String conceptOf(String owner, long loopId) {
        return loops.find(owner, loopId).map(OpenLoop::concept)
                .orElseThrow(() -> new InvalidInputException(NudgeMessages.noSuchPrompt()));
    }

    /** How long a peripheral loop rests untouched before a nudge offers to let it go. */
    public Duration untouchedAfter() {
        return untouchedAfter;
    }

    // ---- reflections ----

    /** The question a nudge asked at {@code position}, if the nudge is this person's. */
    public Prompt prompt(String ownerId, long nudgeId, int position) {
        return load(nudgeId).filter(n -> n.ownerId().equals(ownerId))
                .flatMap(n -> position >= 0 && position < n.prompts().size() ? Optional.of(n.prompts().get(position))
                        : Optional.empty())
                .orElseThrow(() -> new InvalidInputException(NudgeMessages.noSuchPrompt()));
    }

    /** Saves an answer to a nudge's question on the loop it was about. */
    public Reflection reflect(String ownerId, long nudgeId, int position, String answer) {
        Prompt prompt = prompt(ownerId, nudgeId, position);
        return save(ownerId, prompt.loopId(), prompt.concept(), prompt.key(), prompt.text(), answer);
    }

    /**
     * Saves an answer typed for a loop (the console's {@code /reflect}): it answers the latest question asked about
     * that loop, if any.
     */
    public Reflection reflect(String ownerId, String loopReference, String answer) {
        OpenLoop loop = loops.resolveAny(ownerId, loopReference);
        Optional<Prompt> latest = latestPromptAbout(ownerId, loop.id());
        return save(ownerId, loop.id(), loop.concept(), latest.map(Prompt::key).orElse(null),
                latest.map(Prompt::text).orElse(null), answer);
    }

    private Optional<Prompt> latestPromptAbout(String ownerId, long loopId) {
        return database.read(sql -> sql.queryOne("""
                SELECT p.nudge_id, p.position FROM nudge_prompt p JOIN nudge n ON n.id = p.nudge_id
                 WHERE n.owner_id = ? AND p.loop_id = ? ORDER BY n.id DESC LIMIT 1""",
                row -> new long[] {row.getLong(1), row.getLong(2)}, ownerId, loopId))
                .map(ids -> prompt(ownerId, ids[0], (int) ids[1]));
    }

    /**
     * Saves an answer on the loop it is about; a loop merged into another since the question was asked has its content
     * there, and so the answer goes there too (the merge carried the earlier reflections the same way).
     */
    private Reflection save(String ownerId, long loopId, String concept, String key, String prompt, String answer) {
        String text = UserText.multiLine(answer == null ? "" : answer);
        if (text.isEmpty()) {
            throw new InvalidInputException(NudgeMessages.emptyReflection());
        }
        int length = UserText.length(text);
        if (length > MAX_REFLECTION) {
            throw new InvalidInputException(NudgeMessages.reflectionTooLong(length, MAX_REFLECTION));
        }
        OpenLoop holder = loops.holder(ownerId, loopId).orElse(null);
        long savedOn = holder == null ? loopId : holder.id();
        Instant now = clock.instant();
        // The same answer sent twice (a form submitted again after a slow or failed answer) is saved once.
        long id = database.inTransaction(sql -> {
            Optional<Long> same = store.sameReflection(sql, ownerId, savedOn, key, text, now.minus(RESUBMIT_WINDOW));
            return same.isPresent() ? same.get() : store.insertReflection(sql, ownerId, savedOn, key, prompt, text, now);
        });
        return savedOn == loopId ? new Reflection(id, loopId, concept, prompt, text, now)
                : new Reflection(id, savedOn, holder.concept(), prompt, text, now, concept);
    }

    /** The person's newest reflections (a page's worth), all or on one loop (open or closed). */
    public List<Reflection> reflections(String ownerId, String loopReference) {
        return reflections(ownerId, loopReference, 0).shown();
    }

    /**
     * A page of the person's reflections, newest first, all or on one loop (open or closed); {@code page} counts from
     * zero, and one past the last shows the last (the caller compares {@link ReflectionPage#page()} to say so).
     */
    public ReflectionPage reflections(String ownerId, String loopReference, int page) {
        Long loopId = reflectedOn(ownerId, loopReference);
        return database.read(sql -> {
            long total = store.reflectionCount(sql, ownerId, loopId);
            int last = (int) Math.max(0, (total - 1) / REFLECTIONS_SHOWN);
            int shown = Math.min(Math.max(0, page), last);
            return new ReflectionPage(store.reflections(sql, ownerId, loopId, REFLECTIONS_SHOWN,
                    (long) shown * REFLECTIONS_SHOWN), loopId, shown, REFLECTIONS_SHOWN, total);
        });
    }

    /**
     * The loop whose reflections a reference asks for (null for all): the loop named, or for one merged into another,
     * the loop that holds it, where its reflections went with it.
     */
    private Long reflectedOn(String ownerId, String loopReference) {
        if (loopReference == null || loopReference.isBlank()) {
            return null;
        }
        OpenLoop named = loops.resolveReflected(ownerId, loopReference);
        return loops.holder(ownerId, named.id()).map(OpenLoop::id).orElse(named.id());
    }

    public long reflectionCount(String ownerId, String loopReference) {
        Long loopId = reflectedOn(ownerId, loopReference);
        return database.read(sql -> store.reflectionCount(sql, ownerId, loopId));
    }

    // ---- curiosity bankruptcy ----

    /** Lets the offered loops go (closed as let go); only those still open and the person's. Returns how many. */
    public int letGo(String ownerId, List<Long> loopIds) {
        // Only what the nudge offered still holds: a loop opened, moved on, classed otherwise or kept since it was
        // offered is no longer one to let go (the button carries the ids of a week ago).
        Set<Long> stillOffered = database.read(sql -> store.untouchedAmong(sql, ownerId, loopIds,
                clock.instant().minus(untouchedAfter)));
        int n = 0;
        for (long id : loopIds) {
            if (!stillOffered.contains(id)) {
                continue;
            }
            try {
                loops.close(ownerId, id, Outcome.LET_GO, null);
                n++;
            } catch (InvalidInputException closedMeanwhile) {
                // Closed since the read (the same button clicked twice, a /close): the rest still go.
            }
        }
        return n;
    }

    /** Keeps the offered loops: their clock restarts, so next week's nudge does not offer them again. */
    public int keep(String ownerId, List<Long> loopIds) {
        Instant now = clock.instant();
        return database.inTransaction(sql -> store.keep(sql, ownerId, loopIds, now));
    }

    /** Loop ids as a button carries them: base 36, joined by dots. */
    public static String encodeIds(List<Long> ids) {
        return ids.stream().map(id -> Long.toString(id, Character.MAX_RADIX)).collect(Collectors.joining("."));
    }

    public static Optional<List<Long>> decodeIds(String text) {
        try {
            return Optional.of(Arrays.stream(text.split("\\.")).map(s -> Long.parseLong(s, Character.MAX_RADIX))
                    .toList());
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }
}
