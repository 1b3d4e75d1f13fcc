package dev.loopkeeper.reminder;

import dev.loopkeeper.common.UserText;
import dev.loopkeeper.delivery.Outbox;
import dev.loopkeeper.focus.Focus;
import dev.loopkeeper.focus.FocusService;
import dev.loopkeeper.loop.Edited;
import dev.loopkeeper.loop.LoopListener;
import dev.loopkeeper.loop.LoopStore;
import dev.loopkeeper.loop.OpenLoop;
import dev.loopkeeper.relevance.RelevanceIndex;
import dev.loopkeeper.settings.PersonSettings;
import dev.loopkeeper.settings.SettingsService;
import dev.loopkeeper.storage.Database;
import dev.loopkeeper.storage.SqlSession;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * When a person's focus changes: asks the relevance index which open loops match it, applies the reminder policy
 * (cooldown, snoozes, "not relevant", the person's threshold, quiet hours, the daily caps: the bot-wide one per person,
 * and the cap of the server the work was done in, if it set one) and makes at most one reminder, which the outbox
 * delivers. A reminder a daily cap holds back waits for the person's next day with room.
 */
public final class FocusMatcher implements LoopListener {
    /** How far ahead a reminder the daily cap holds back may wait for a day with room. */
    static final int MAX_DAYS_AHEAD = 14;
    private static final Logger log = LoggerFactory.getLogger(FocusMatcher.class);

    private final Database database;
    private final ReminderStore store;
    private final LoopStore loops;
    private final RelevanceIndex relevance;
    private final FocusService focus;
    private final SettingsService settings;
    private final Outbox outbox;
    private final ReminderPolicy policy;
    private final Clock clock;

    public FocusMatcher(Database database, ReminderStore store, LoopStore loops, RelevanceIndex relevance,
            FocusService focus, SettingsService settings, Outbox outbox, ReminderPolicy policy, Clock clock) {
        this.database = database;
        this.store = store;
        this.loops = loops;
        this.relevance = relevance;
        this.focus = focus;
        this.settings = settings;
        this.outbox = outbox;
        this.policy = policy;
        this.clock = clock;
    }

    /**
     * Scores the person's open loops against a focus that just changed, applies the policy, and reminds at most once.
     * The focus is then decided: a start decides again only those a stop cut off ({@link FocusService#undecided}).
     */
    public Decision onFocus(Focus changed) {
        Instant now = clock.instant();
        Decision decision = decide(changed, now);
        if (decision.reminderId().isEmpty()) {
            focus.decided(changed.id(), now);
        }
        return decision;
    }

    private Decision decide(Focus changed, Instant now) {
        return decide(changed, now, Optional.empty());
    }

    /** The decision for a focus item; with {@code only}, among those loops alone (every other is left out). */
    private Decision decide(Focus changed, Instant now, Optional<Set<Long>> only) {
        String owner = changed.ownerId();
        PersonSettings person = settings.person(owner);
        double threshold = policy.threshold() + person.thresholdOffset();
        Set<Long> activeFocus = focus.active(owner).stream().map(Focus::id).collect(Collectors.toSet());
        // A reminder still waiting (quiet hours, a daily cap) for a focus that has ended since (cleared, run out, or a
        // work-log note replaced by the next) will not be sent: withdrawn now, it holds no loop back from this
        // decision. Left, it kept a loop that fits the new note in cooldown, and was then dropped unsent. (One held for
        // the person's next command, their DMs closed, holds no loop back once its focus ended: {@code excluded}.)
        List<Long> ended = database.read(sql -> store.held(sql, owner, now)).stream()
                .map(ReminderStore.Held::focusId).filter(id -> !activeFocus.contains(id)).distinct().toList();
        if (!ended.isEmpty()) {
            withdraw(owner, ended);
        }
        Set<Long> excluded = database.read(sql -> {
            Set<Long> out = new HashSet<>(store.excluded(sql, owner, now, policy.cooldown(), focusKey(changed.text())));
            out.addAll(loops.snoozed(sql, owner, now, activeFocus));
            // A loop the person opened is what they work on, not a parked one to bring back: a reminder of it
            // would offer to open it and spend one of the day's reminders.
            out.addAll(loops.activeIds(sql, owner));
            if (only.isPresent()) {
                Set<Long> others = loops.openIds(sql, owner);
                others.removeAll(only.get());
                out.addAll(others);
            }
            return out;
        });
        // One more than a reminder shows, to know whether more matched: a reminder says so rather than drop them unsaid.
        List<RelevanceIndex.Candidate> ranked = relevance.rank(owner, changed.text(), threshold, excluded,
                policy.maxItems() + 1);
        boolean moreMatched = ranked.size() > policy.maxItems();
        List<RelevanceIndex.Candidate> best = moreMatched ? ranked.subList(0, policy.maxItems()) : ranked;
        if (best.isEmpty()) {
            return new Decision(Decision.Kind.NO_MATCH, best, Optional.empty());
        }
        Instant deliverAfter = outOfQuietHours(now, person);
        // Work done in a server also counts against that server's cap, if it set one (/settings caps).
        String guild = changed.guildId();
        Optional<Integer> serverCap = guild == null ? Optional.empty() : settings.reminderCap(guild);
        Optional<Scheduled> scheduled = database.inTransaction(sql -> {
            // Read again where it is written: the focus may have been cleared, and loops closed, opened or deleted
            // (/forget-me deletes them with the focus), while the loops were ranked.
            if (!focus.isActive(sql, changed.id())) {
                return Optional.of(Scheduled.OVERTAKEN);
            }
            Set<Long> parked = loops.stillParked(sql, best.stream().map(RelevanceIndex.Candidate::loopId).toList());
            // And what keeps a loop out: a reminder written meanwhile (another process deciding for the same person),
            // a snooze or a Not relevant clicked while this one ranked. All of it is small: a week of reminders.
            Set<Long> nowExcluded = new HashSet<>(store.excluded(sql, owner, now, policy.cooldown(),
                    focusKey(changed.text())));
            nowExcluded.addAll(loops.snoozed(sql, owner, now, activeFocus));
            List<RelevanceIndex.Candidate> items = best.stream()
                    .filter(c -> parked.contains(c.loopId()) && !nowExcluded.contains(c.loopId())).toList();
            if (items.isEmpty()) {
                return Optional.of(Scheduled.OVERTAKEN);
            }
            // The daily caps never drop a match: when the person's day is full, the reminder waits for the next.
            Optional<Slot> slot = firstRoom(sql, owner, guild, serverCap, person, deliverAfter, 0);
            if (slot.isEmpty()) {
                return Optional.<Scheduled>empty();
            }
            Instant when = slot.get().when();
            long id = store.insert(sql, owner, changed.id(), changed.text(), guild, slot.get().waited(), moreMatched,
                    now);
            focus.decided(sql, changed.id(), now);
            for (int i = 0; i < items.size(); i++) {
                RelevanceIndex.Candidate c = items.get(i);
                // People read the reason in words; the score has its own column and goes to the log.
                store.insertItem(sql, id, c.loopId(), i, c.match().score(), c.match().explanation().words());
            }
            return Optional.of(new Scheduled(id, outbox.enqueue(sql, Reminder.KIND, id, owner, when), when,
                    slot.get().waited() != ReminderStore.Waited.NO, items));
        });
        if (scheduled.isEmpty()) {
            // Only a person whose next weeks are all full gets here; the loops stay parked and match again later.
            log.info("Reminders for {} are full for {} days; this match stays parked", owner, MAX_DAYS_AHEAD);
            return new Decision(Decision.Kind.NO_ROOM, best, Optional.empty());
        }
        Scheduled made = scheduled.get();
        if (made.overtaken()) {
            log.debug("Focus {} ended, or its matches closed, while it was being decided; no reminder", changed.id());
            return new Decision(Decision.Kind.OVERTAKEN, List.of(), Optional.empty());
        }
        log.info("Reminder {} for {}: {}", made.reminderId(), owner, made.items().stream()
                .map(c -> String.format(Locale.ROOT, "loop %d score %.2f", c.loopId(), c.match().score()))
                .collect(Collectors.joining(", ")));
        if (!made.deliverAfter().isAfter(now)) {
            outbox.deliver(made.outboxId());
        }
        return new Decision(made.waited() ? Decision.Kind.WAITING_FOR_CAP : Decision.Kind.REMINDED, made.items(),
                Optional.of(made.reminderId()));
    }

    /**
     * Quiet hours changed, ended or moved to another zone: each waiting reminder goes when the new ones allow. One
     * that waited only for quiet hours goes at once when they no longer cover now, else at their end. One a daily cap
     * holds is never moved earlier (its day was counted in the zone of its decision, and an earlier time may fall on a
     * day whose limit is used), only out of the new quiet hours when it would land inside them, and to the first day
     * with room when its day, read in a new zone, has none.
     */
    public void quietHoursChanged(String owner) {
        Instant now = clock.instant();
        PersonSettings person = settings.person(owner);
        // The caps of the servers the waiting reminders' work was in, read before the write lock is taken.
        Map<String, Optional<Integer>> serverCaps = new HashMap<>();
        for (ReminderStore.Held held : database.read(sql -> store.held(sql, owner, now))) {
            if (held.guildId() != null) {
                serverCaps.computeIfAbsent(held.guildId(), settings::reminderCap);
            }
        }
        List<Long> due = database.inTransaction(sql -> {
            List<Long> dueNow = new ArrayList<>();
            for (ReminderStore.Held held : store.held(sql, owner, now)) {
                Instant when = outOfQuietHours(held.forCap() ? held.deliverAfter() : now, person);
                // Moved to another day (quiet hours turned off at night, or ending after midnight now), or its day in a
                // new zone is full: its moment was counted in the old zone's day, and a zone to the west put the
                // midnight a daily limit held it for on the evening of the day whose reminders had used that limit.
                if ((!held.forCap() && !sameDay(when, held.deliverAfter(), person))
                        || !roomBeside(sql, owner, held, when, person, serverCaps)) {
                    Optional<Instant> there = onFirstDayWithRoom(sql, owner, held, when, person, serverCaps);
                    if (there.isEmpty()) {
                        continue; // every day ahead is full: it stays where it was counted
                    }
                    when = there.get();
                }
                if (!when.equals(held.deliverAfter())) {
                    store.reschedule(sql, held.outboxId(), when);
                }
                if (!when.isAfter(now)) {
                    dueNow.add(held.outboxId());
                }
            }
            return dueNow;
        });
        due.forEach(outbox::deliver);
    }

    /**
     * How long after its time a reminder is still sent as it was placed: longer than the delivery job's usual gap. One
     * found later was not sent because nothing was sending (the bot down or cut off from Discord, the console closed):
     * its place is found again, as for one decided now.
     */
    public static final Duration LATE = Duration.ofMinutes(1);
    /** How many late reminders one transaction places: a week's downtime must not hold the write lock in one go. */
    static final int LATE_BATCH = 200;

    /**
     * Places again the reminders of every person but the console's whose time passed more than {@link #LATE} ago
     * unsent; returns how many moved. The delivery job runs this before it sends what is due.
     */
    public int placeLate() {
        return placeLate(null);
    }

    /** The same for one person only: the console's, whose terminal sends its own mail. */
    public int placeLateFor(String owner) {
        return placeLate(owner);
    }

    /**
     * A reminder that would come now inside the person's quiet hours waits for their end; one that would come on
     * another day than the one its daily limits counted it on goes on the first day from there with room, as a match
     * made now would, so a week of waiting reminders does not arrive at once. Sent as they were, after a week's
     * downtime every one of them went at the bot's start, at 03:00 in the person's quiet hours and past their daily
     * limit. A batch at a time, each read first without the lock (the settings and server caps with it), then again
     * inside it, as another process may have sent or placed some meanwhile.
     */
    private int placeLate(String owner) {
        Instant now = clock.instant();
        Instant before = now.minus(LATE);
        int placed = 0;
        Optional<ReminderStore.DueKey> after = Optional.empty();
        while (true) {
            Optional<ReminderStore.DueKey> from = after;
            List<ReminderStore.Due> seen = database.read(sql -> store.dueSince(sql, owner, before, from, LATE_BATCH));
            if (seen.isEmpty()) {
                break;
            }
            Map<String, PersonSettings> people = new HashMap<>();
            Map<String, Optional<Integer>> serverCaps = new HashMap<>();
            for (ReminderStore.Due due : seen) {
                people.computeIfAbsent(due.ownerId(), settings::person);
                if (due.held().guildId() != null) {
                    serverCaps.computeIfAbsent(due.held().guildId(), settings::reminderCap);
                }
            }
            placed += database.inTransaction(sql -> {
                int moved = 0;
                for (ReminderStore.Due due : store.dueSince(sql, owner, before, from, LATE_BATCH)) {
                    PersonSettings person = people.get(due.ownerId());
                    if (person != null && placeLate(sql, due, person, now, serverCaps)) {
                        moved++;
                    }
                }
                return moved;
            });
            after = Optional.of(seen.get(seen.size() - 1).key());
            if (seen.size() < LATE_BATCH) {
                break;
            }
        }
        if (placed > 0) {
            log.info("Placed {} reminder(s) whose time passed while nothing sent them: out of quiet hours, within the "
                    + "daily limits", placed);
        }
        return placed;
    }

    /**
     * Loops of every person but the console's whose snooze for a week or until the weekly review has run out: the
     * focus whose reminder they were snoozed from is decided again while it is still active, so each comes back when
     * its snooze said, not only at the person's next change of focus (which, under a focus kept for weeks, may never
     * come). The delivery job runs this; returns how many focus items are decided again.
     */
    public int snoozesRunOut() {
        return snoozesRunOut(null);
    }

    /** The same for one person only: the console's, whose terminal looks for its own mail. */
    public int snoozesRunOutFor(String owner) {
        return snoozesRunOut(owner);
    }

    private int snoozesRunOut(String owner) {
        Instant now = clock.instant();
        List<LoopStore.RunOut> runOut = database.read(sql -> loops.snoozesRunOut(sql, owner, now, LATE_BATCH));
        if (runOut.isEmpty()) {
            return 0;
        }
        // Each snooze is taken off where it is written (another process may take the same one, and finds it gone).
        // A kill after this commit leaves the loop parked without its snooze: it comes back at the next focus change.
        Map<Long, Set<Long>> byFocus = database.inTransaction(sql -> {
            Map<Long, Set<Long>> loopsByFocus = new HashMap<>();
            for (LoopStore.RunOut loop : runOut) {
                if (loops.endSnooze(sql, loop.loopId(), now) == 0) {
                    continue;
                }
                Optional<Long> from = store.snoozedFrom(sql, loop.ownerId(), loop.loopId());
                if (from.isPresent() && focus.isActive(sql, from.get())) {
                    loopsByFocus.computeIfAbsent(from.get(), id -> new HashSet<>()).add(loop.loopId());
                }
            }
            return loopsByFocus;
        });
        Set<String> owners = runOut.stream().map(LoopStore.RunOut::ownerId).collect(Collectors.toSet());
        int decided = 0;
        for (String person : owners) {
            for (Focus item : focus.active(person)) {
                Set<Long> only = byFocus.get(item.id());
                if (only != null) {
                    // Only the loops whose snooze ran out: the others the same reminder showed are out of their rest by
                    // now (it began when the reminder was shown, the snooze when it was clicked), and deciding the whole
                    // focus again brought them back beside it, which the snooze's answer never said.
                    log.info("Snoozes of {} ran out while focus {} is active: deciding loops {} again", person,
                            item.id(), only);
                    // Their snoozes are off already: one person's failure must not skip the others' decisions.
                    try {
                        decide(item, now, Optional.of(only));
                        decided++;
                    } catch (RuntimeException e) {
                        log.warn("Could not decide loops {} of {} again after their snoozes ran out; they come back at "
                                + "the next change of their work", only, person, e);
                    }
                }
            }
        }
        return decided;
    }

    /** Places one late reminder ({@link #placeLate(String)}); whether it moved. */
    private boolean placeLate(SqlSession sql, ReminderStore.Due due, PersonSettings person, Instant now,
            Map<String, Optional<Integer>> serverCaps) throws SQLException {
        ReminderStore.Held held = due.held();
        Instant when = outOfQuietHours(now, person);
        if (!sameDay(when, held.deliverAfter(), person)) {
            // Compared where it would land, not now: due at 21:30, found at 23:00 in quiet hours until 07:00, it
            // lands on the next day, whose limits were not counted for it.
            Optional<Instant> there = onFirstDayWithRoom(sql, due.ownerId(), held, when, person, serverCaps);
            if (there.isEmpty() && when.equals(now)) {
                return false; // every day ahead is full and nothing holds it: it goes now, as it would have
            }
            when = there.orElse(when);
        }
        if (when.equals(now)) {
            return false; // out of quiet hours on its own day: it goes now, as placed
        }
        store.reschedule(sql, held.outboxId(), when);
        return true;
    }

    /**
     * Whether the day of {@code when}, in the person's zone now, has room for this waiting reminder beside the others
     * counted there (not itself), under their limit and its server's cap.
     */
    private boolean roomBeside(SqlSession sql, String owner, ReminderStore.Held held, Instant when,
            PersonSettings person, Map<String, Optional<Integer>> serverCaps) throws SQLException {
        Instant dayStart = startOfDay(when, person.zone());
        Instant dayEnd = startOfDay(dayStart.atZone(person.zone()).plusDays(1).toInstant(), person.zone());
        if (outbox.countFor(sql, owner, Reminder.KIND, dayStart, dayEnd, held.outboxId()) >= policy.dailyCap()) {
            return false;
        }
        Optional<Integer> serverCap = held.guildId() == null ? Optional.empty()
                : serverCaps.getOrDefault(held.guildId(), Optional.empty());
        return serverCap.isEmpty() || store.countFromServer(sql, owner, held.guildId(), Reminder.KIND, dayStart, dayEnd,
                held.outboxId()) < serverCap.get();
    }

    /** Whether two moments fall on the same day of the person's calendar. */
    private static boolean sameDay(Instant a, Instant b, PersonSettings person) {
        return startOfDay(a, person.zone()).equals(startOfDay(b, person.zone()));
    }

    /**
     * A waiting reminder moved to another day than the one its limits counted it on, where they may be used: the first
     * day from {@code when} with room (never counting itself: the walk may cross the day it leaves, where its own place
     * is free),
     * marked as waited for the limit when it had to wait; empty when every day ahead is full.
     */
    private Optional<Instant> onFirstDayWithRoom(SqlSession sql, String owner, ReminderStore.Held held, Instant when,
            PersonSettings person, Map<String, Optional<Integer>> serverCaps) throws SQLException {
        Optional<Integer> serverCap = held.guildId() == null ? Optional.empty()
                : serverCaps.getOrDefault(held.guildId(), Optional.empty());
        Optional<Slot> slot = firstRoom(sql, owner, held.guildId(), serverCap, person, when, held.outboxId());
        if (slot.isPresent() && slot.get().waited() != ReminderStore.Waited.NO) {
            store.markWaited(sql, held.reminderId(), slot.get().waited());
        }
        return slot.map(Slot::when);
    }

    /**
     * A loop closed (or merged) while a reminder that lists it waits (for its time, or held for the person's next
     * command): it is left out of that reminder.
     */
    @Override
    public void onClosed(OpenLoop closed) {
        leaveOut(closed, "its loop was closed");
    }

    /**
     * A loop edited while a reminder that lists it waits (for its time, or held for the person's next command, their
     * DMs closed): what the reminder says of it no longer holds, so it is left out, and the focus that reminder waited
     * for is decided again at once (a new reminder goes as any does: held again while the DMs stay closed). The loop
     * as it reads now may well still fit (a why added, a word mended); before, it came back only at the person's next
     * change of focus, and a reminder of that one loop was gone without a word.
     */
    @Override
    public void onEdited(Edited edited) {
        OpenLoop loop = edited.after();
        Set<Long> waitedFor = leaveOut(loop, "its loop was edited");
        if (!waitedFor.isEmpty()) {
            focus.active(loop.ownerId()).stream().filter(f -> waitedFor.contains(f.id())).forEach(focus::decideAgain);
        }
    }

    /** Leaves the loop out of the reminders waiting with it; returns the focus items those reminders were made for. */
    private Set<Long> leaveOut(OpenLoop loop, String why) {
        if (loop.scope().isServer()) {
            return Set.of(); // reminders list people's own loops
        }
        Instant now = clock.instant();
        // Nearly always nothing waits: one read, and the write transaction (the database's write lock) only when a
        // reminder lists the loop; it is read again inside.
        if (database.read(sql -> store.waitingWith(sql, loop.ownerId(), loop.id(), now)).isEmpty()) {
            return Set.of();
        }
        Set<Long> focusIds = database.inTransaction(sql -> {
            return store.focusIdsOf(sql, store.leaveOut(sql, loop.ownerId(), loop.id(), now, why));
        });
        if (!focusIds.isEmpty()) {
            log.info("Left loop {} out of the waiting reminder(s) of {}: {}", loop.id(), loop.ownerId(), why);
        }
        return focusIds;
    }

    /**
     * Focus items the person cleared (or a work-log note deleted or replaced): their reminders still waiting (quiet
     * hours, a daily limit) are withdrawn. Each loop such a reminder listed was in cooldown for every decision made
     * while it waited, so the person's other active items set since it was made are decided again: one that fits the
     * loop brings it back. Before, setting two works that fit one loop within minutes of each other in quiet hours, then
     * dropping the first, lost the loop for the second. Returns how many were withdrawn.
     */
    public int cleared(String owner, List<Long> focusIds) {
        Instant now = clock.instant();
        Optional<Instant> firstMade = database.read(sql -> {
            Optional<Instant> first = Optional.empty();
            for (ReminderStore.Held held : store.toShow(sql, owner, now)) {
                if (focusIds.contains(held.focusId())) {
                    Optional<Instant> made = store.find(sql, held.reminderId()).map(Reminder::createdAt);
                    if (made.isPresent() && (first.isEmpty() || made.get().isBefore(first.get()))) {
                        first = made;
                    }
                }
            }
            return first;
        });
        int withdrawn = withdraw(owner, focusIds);
        if (withdrawn > 0 && firstMade.isPresent()) {
            focus.active(owner).stream()
                    .filter(f -> !focusIds.contains(f.id()) && !f.startedAt().isBefore(firstMade.get()))
                    .forEach(focus::decideAgain);
        }
        return withdrawn;
    }

    /**
     * Reminders still waiting whose focus has run out meanwhile (a {@code for:} that ended in quiet hours): withdrawn
     * as a clear withdraws them ({@link #cleared}), so the loops they held come for the person's other work. Found
     * only when sent, they were dropped then, and those loops were lost for it. The delivery job runs this (for
     * everyone but the console person); returns how many were withdrawn.
     */
    public int endedWhileWaiting() {
        return endedWhileWaiting(null);
    }

    /**
     * How long after a focus item's time ran out the job still frees the loops its waiting reminders hold: a bot down
     * for longer drops those reminders at their time, as before.
     */
    static final Duration ENDED_LOOKED_BACK = Duration.ofDays(1);

    /** The same for one person only: the console's. */
    public int endedWhileWaitingFor(String owner) {
        return endedWhileWaiting(owner);
    }

    private int endedWhileWaiting(String owner) {
        Map<String, Set<Long>> ended = database.read(sql -> store.waitingForEndedFocus(sql, owner, clock.instant(),
                ENDED_LOOKED_BACK));
        int withdrawn = 0;
        for (Map.Entry<String, Set<Long>> person : ended.entrySet()) {
            withdrawn += cleared(person.getKey(), List.copyOf(person.getValue()));
        }
        return withdrawn;
    }

    /** Withdraws the reminders still waiting for focus items the person cleared; returns how many. */
    public int withdraw(String owner, List<Long> focusIds) {
        Instant now = clock.instant();
        int withdrawn = database.inTransaction(sql -> store.withdrawFor(sql, owner, focusIds, now));
        if (withdrawn > 0) {
            log.info("Withdrew {} waiting reminder(s) of {}: their focus ended (cleared, run out or replaced)", withdrawn,
                    owner);
        }
        return withdrawn;
    }

    /** When a reminder may go, and whether a daily limit held it back to then. */
    private record Slot(Instant when, ReminderStore.Waited waited) {
    }

    /**
     * The first moment from {@code from} (already out of quiet hours) on a day, in the person's zone, on which neither
     * the person's daily limit nor the cap of the server the work was in is used up; a later day starts where its quiet
     * hours end; the outbox row {@code moving} (a waiting reminder placed again; 0 for a new one) is not counted. Empty
     * when the next {@value #MAX_DAYS_AHEAD} days are all full.
     */
    private Optional<Slot> firstRoom(SqlSession sql, String owner, String guild, Optional<Integer> serverCap,
            PersonSettings person, Instant from, long moving) throws SQLException {
        Instant when = from;
        ReminderStore.Waited waited = ReminderStore.Waited.NO;
        for (int day = 0; day < MAX_DAYS_AHEAD; day++) {
            Instant dayStart = startOfDay(when, person.zone());
            Instant dayEnd = startOfDay(dayStart.atZone(person.zone()).plusDays(1).toInstant(), person.zone());
            boolean personFull = outbox.countFor(sql, owner, Reminder.KIND, dayStart, dayEnd, moving)
                    >= policy.dailyCap();
            boolean serverFull = !personFull && serverCap.isPresent()
                    && store.countFromServer(sql, owner, guild, Reminder.KIND, dayStart, dayEnd, moving)
                    >= serverCap.get();
            if (!personFull && !serverFull) {
                return Optional.of(new Slot(when, waited));
            }
            when = outOfQuietHours(dayEnd, person);
            if (personFull || waited == ReminderStore.Waited.NO) {
                waited = personFull ? ReminderStore.Waited.PERSON : ReminderStore.Waited.SERVER;
            }
        }
        return Optional.empty();
    }

    private static Instant outOfQuietHours(Instant moment, PersonSettings person) {
        return person.quietHours().filter(q -> q.contains(moment)).map(q -> q.endAfter(moment)).orElse(moment);
    }

    private static Instant startOfDay(Instant moment, ZoneId zone) {
        return moment.atZone(zone).toLocalDate().atStartOfDay(zone).toInstant();
    }

    /** A reminder written, with the loops it shows; none when the decision was overtaken while it was made. */
    private record Scheduled(long reminderId, long outboxId, Instant deliverAfter, boolean waited,
            List<RelevanceIndex.Candidate> items) {
        static final Scheduled OVERTAKEN = new Scheduled(0, 0, Instant.EPOCH, false, List.of());

        boolean overtaken() {
            return items.isEmpty();
        }
    }

    /** The key that ties "not relevant" to a focus: its text, ignoring case and spacing. */
    public static String focusKey(String focusText) {
        return UserText.key(focusText);
    }
}
