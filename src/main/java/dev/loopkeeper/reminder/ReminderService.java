package dev.loopkeeper.reminder;

import dev.loopkeeper.common.InvalidInputException;
import dev.loopkeeper.focus.Focus;
import dev.loopkeeper.focus.FocusService;
import dev.loopkeeper.loop.LoopErrors;
import dev.loopkeeper.loop.LoopService;
import dev.loopkeeper.loop.OpenLoop;
import dev.loopkeeper.loop.Outcome;
import dev.loopkeeper.settings.PersonSettings;
import dev.loopkeeper.settings.SettingsService;
import dev.loopkeeper.storage.Database;
import java.time.Clock;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZonedDateTime;
import java.time.temporal.TemporalAdjusters;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Delivers reminders and carries out what people do with them. Direct message first; if DMs are closed, the
 * server's reminder channel for loops parked in that server; otherwise the reminder is held and shown at the
 * person's next command. Failed attempts are retried with back-off, then held: never dropped silently.
 */
public final class ReminderService {
    /** Attempts before a failing delivery is held for the next command. */
    public static final int MAX_ATTEMPTS = 3;
    private static final Duration FIRST_RETRY = Duration.ofMinutes(1);
    private static final Logger log = LoggerFactory.getLogger(ReminderService.class);

    private final Database database;
    private final ReminderStore store;
    private final LoopService loops;
    private final FocusService focus;
    private final SettingsService settings;
    private final ReminderPolicy policy;
    private final Clock clock;
    private volatile ReminderNotifier notifier;

    public ReminderService(Database database, ReminderStore store, LoopService loops, FocusService focus,
            SettingsService settings, ReminderPolicy policy, Clock clock) {
        this.database = database;
        this.store = store;
        this.loops = loops;
        this.focus = focus;
        this.settings = settings;
        this.policy = policy;
        this.clock = clock;
    }

    /** The front that delivers; until one is attached, reminders wait in the database. */
    public void attach(ReminderNotifier notifier) {
        this.notifier = notifier;
    }

    /** Makes deliveries a crash interrupted due again; call once at start-up, before any delivery. */
    public int recoverInterrupted() {
        return database.inTransaction(store::releaseClaims);
    }

    public Optional<Reminder> find(long reminderId) {
        return database.read(sql -> store.find(sql, reminderId));
    }

    /** Tries to deliver one reminder now and records how it went. */
    public void deliver(long reminderId) {
        ReminderNotifier front = notifier;
        if (front == null || !database.inTransaction(sql -> store.claim(sql, reminderId))) {
            return;
        }
        Reminder reminder = find(reminderId).orElseThrow();
        ReminderNotifier.Outcome direct = safely(() -> front.sendDirect(reminder));
        Instant now = clock.instant();
        if (direct == ReminderNotifier.Outcome.DELIVERED) {
            database.write(sql -> store.markDelivered(sql, reminderId, "dm", now));
        } else if (direct == ReminderNotifier.Outcome.DMS_CLOSED) {
            fallBackToChannels(front, reminder, now);
        } else {
            int attempts = reminder.attempts() + 1;
            if (attempts >= MAX_ATTEMPTS) {
                log.warn("Reminder {} for {} failed {} times; holding it for their next command", reminderId,
                        reminder.ownerId(), attempts);
                database.write(sql -> store.markHeld(sql, reminderId, "delivery failed " + attempts + " times"));
            } else {
                Instant retry = now.plus(FIRST_RETRY.multipliedBy((long) Math.pow(5, attempts - 1)));
                database.write(sql -> store.reschedule(sql, reminderId, attempts, retry, "delivery failed"));
            }
        }
    }

    /** Delivers every scheduled reminder whose time has come (quiet hours ended, retry due); returns how many tried. */
    public int deliverDue() {
        List<Long> due = database.read(sql -> store.due(sql, clock.instant(), 100));
        due.forEach(this::deliver);
        return due.size();
    }

    /** How many reminders wait for this person's next command. */
    public int heldCount(String ownerId) {
        return database.read(sql -> store.held(sql, ownerId)).size();
    }

    /** Reminders held for this person (DMs closed, no channel, or repeated failures), marked delivered as they are taken. */
    public List<Reminder> takeHeld(String ownerId) {
        Instant now = clock.instant();
        // One transaction: two commands arriving together must not both show the same reminder.
        return database.inTransaction(sql -> {
            List<Reminder> taken = new ArrayList<>();
            for (long id : store.held(sql, ownerId)) {
                store.find(sql, id).ifPresent(taken::add);
                store.markDelivered(sql, id, "command", now);
            }
            return taken;
        });
    }

    /** Carries out a button press on a reminded loop; returns the person's own loop after it. */
    public OpenLoop act(String ownerId, long reminderId, long loopId, ReminderAction action) {
        Reminder reminder = reminderOf(ownerId, reminderId, loopId);
        OpenLoop loop = loops.resolve(ownerId, String.valueOf(loopId));
        Instant now = clock.instant();
        PersonSettings person = settings.person(ownerId);
        switch (action) {
            case OPEN -> loop = loops.activate(ownerId, loopId);
            case SNOOZE_WEEK -> loops.snooze(ownerId, loopId, now.plus(Duration.ofDays(7)), null);
            case SNOOZE_FOCUS -> {
                Optional<Focus> active = focus.active(ownerId).stream().filter(f -> f.id() == reminder.focusId()).findFirst();
                if (active.isPresent() && active.get().expiresAt() != null) {
                    loops.snooze(ownerId, loopId, active.get().expiresAt(), null);
                } else {
                    loops.snooze(ownerId, loopId, null, reminder.focusId());
                }
            }
            case SNOOZE_REVIEW -> loops.snooze(ownerId, loopId, nextWeeklyReview(now, person), null);
            case NOT_RELEVANT -> {
                database.write(sql -> store.suppress(sql, ownerId, loopId, FocusMatcher.focusKey(reminder.focusText()), now));
                settings.updatePerson(ownerId, s -> new PersonSettings(ownerId, s.quietHours(), s.zone(),
                        s.followWorklog(), Math.min(policy.maxOffset(), s.thresholdOffset() + policy.adaptStep())));
            }
            case LET_GO -> loop = loops.close(ownerId, loopId, Outcome.LET_GO, null);
            default -> throw new IllegalArgumentException(action.name());
        }
        database.write(sql -> store.recordAction(sql, ownerId, reminderId, loopId, action.code(), now));
        return loop;
    }

    /** The open loop a reminder's button refers to, if that reminder is this person's and lists it. */
    public OpenLoop remindedLoop(String ownerId, long reminderId, long loopId) {
        reminderOf(ownerId, reminderId, loopId);
        return loops.resolve(ownerId, String.valueOf(loopId));
    }

    private Reminder reminderOf(String ownerId, long reminderId, long loopId) {
        return find(reminderId).filter(r -> r.ownerId().equals(ownerId))
                .filter(r -> r.items().stream().anyMatch(i -> i.loopId() == loopId))
                .orElseThrow(() -> new InvalidInputException(LoopErrors.noSuchOpenLoop()));
    }

    /** The weekly review: Monday 09:00 in the person's time zone, the next one strictly after now. */
    public static Instant nextWeeklyReview(Instant now, PersonSettings person) {
        ZonedDateTime here = now.atZone(person.zone());
        ZonedDateTime monday = here.with(TemporalAdjusters.nextOrSame(DayOfWeek.MONDAY)).with(LocalTime.of(9, 0));
        if (!monday.isAfter(here)) {
            monday = monday.plusWeeks(1);
        }
        return monday.toInstant();
    }

    private void fallBackToChannels(ReminderNotifier front, Reminder reminder, Instant now) {
        Map<String, List<Reminder.Item>> byServer = new LinkedHashMap<>();
        boolean everyItemHasAServer = true;
        for (Reminder.Item item : reminder.items()) {
            if (item.guildId() == null) {
                everyItemHasAServer = false;
            } else {
                byServer.computeIfAbsent(item.guildId(), g -> new ArrayList<>()).add(item);
            }
        }
        boolean allPosted = everyItemHasAServer;
        for (Map.Entry<String, List<Reminder.Item>> server : byServer.entrySet()) {
            Optional<String> channel = settings.reminderChannel(server.getKey());
            // A loop parked in one server is only ever shown in that server's channel.
            ReminderNotifier.Outcome posted = channel.isEmpty() ? ReminderNotifier.Outcome.CHANNEL_UNAVAILABLE
                    : safely(() -> front.sendToChannel(server.getKey(), channel.get(), reminder.only(server.getValue())));
            allPosted &= posted == ReminderNotifier.Outcome.DELIVERED;
        }
        if (allPosted) {
            database.write(sql -> store.markDelivered(sql, reminder.id(), "channel", now));
        } else {
            log.info("Reminder {}: DMs closed and no channel for every loop; holding it for the next command", reminder.id());
            database.write(sql -> store.markHeld(sql, reminder.id(), "DMs closed"));
        }
    }

    private ReminderNotifier.Outcome safely(Supplier<ReminderNotifier.Outcome> send) {
        try {
            return send.get();
        } catch (RuntimeException e) {
            log.warn("Reminder delivery threw", e);
            return ReminderNotifier.Outcome.FAILED;
        }
    }
}
