package dev.loopkeeper.reminder;

import dev.loopkeeper.common.InvalidInputException;
import dev.loopkeeper.common.UserText;
import dev.loopkeeper.delivery.MailKind;
import dev.loopkeeper.focus.FocusService;
import dev.loopkeeper.loop.Actor;
import dev.loopkeeper.loop.LoopErrors;
import dev.loopkeeper.loop.LoopScope;
import dev.loopkeeper.loop.LoopService;
import dev.loopkeeper.loop.LoopStatus;
import dev.loopkeeper.loop.OpenLoop;
import dev.loopkeeper.loop.Outcome;
import dev.loopkeeper.settings.PersonSettings;
import dev.loopkeeper.settings.SettingsService;
import dev.loopkeeper.storage.Database;
import java.time.Clock;
import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZonedDateTime;
import java.time.temporal.TemporalAdjusters;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reminders as a kind of mail (the outbox delivers them) and what people do with them: the buttons under each
 * reminded loop.
 */
public final class ReminderService implements MailKind {
    private static final Logger log = LoggerFactory.getLogger(ReminderService.class);

    private final Database database;
    private final ReminderStore store;
    private final LoopService loops;
    private final FocusService focus;
    private final SettingsService settings;
    private final ReminderPolicy policy;
    private final FeedbackRecorder feedback;
    private final Clock clock;
    private volatile ReviewTime reviewTime = ReviewTime.NONE;

    public ReminderService(Database database, ReminderStore store, LoopService loops, FocusService focus,
            SettingsService settings, ReminderPolicy policy, FeedbackRecorder feedback, Clock clock) {
        this.database = database;
        this.feedback = feedback;
        this.store = store;
        this.loops = loops;
        this.focus = focus;
        this.settings = settings;
        this.policy = policy;
        this.clock = clock;
    }

    /** Where the person's chosen weekly review comes from (their weekly nudge); until connected, none is chosen. */
    public void connect(ReviewTime reviewTime) {
        this.reviewTime = reviewTime;
    }

    /**
     * When "until the weekly review" ends for this person: their next nudge, or else Monday 09:00 in their zone (UTC
     * when they gave none).
     */
    public Review review(String ownerId) {
        Optional<Instant> nudge = reviewTime.next(ownerId);
        return nudge.map(at -> new Review(at, true, true)).orElseGet(() -> {
            PersonSettings person = settings.person(ownerId);
            return new Review(nextWeeklyReview(clock.instant(), person), false, person.givenZone().isPresent());
        });
    }

    /**
     * Runs a change that may move the person's weekly review (their nudge set, moved or turned off): loops snoozed
     * "until the weekly review" end at the new one. Such a snooze ends at the exact moment the review was, which is how
     * it is told from a snooze for a week.
     */
    public void followReview(String ownerId, Runnable change) {
        Instant before = review(ownerId).at();
        change.run();
        Instant after = review(ownerId).at();
        if (!after.equals(before)) {
            loops.moveSnoozes(ownerId, before, after);
        }
    }

    /**
     * The end of a snooze until the weekly review; {@code chosen} when it is the person's own weekly nudge, {@code
     * zoneGiven} when the Monday 09:00 it falls back to is read in a zone the person gave (else in UTC).
     */
    public record Review(Instant at, boolean chosen, boolean zoneGiven) {
    }

    @Override
    public String name() {
        return Reminder.KIND;
    }

    /**
     * The reminder as it goes out: only the loops it lists that are still parked. One closed, merged or opened since
     * it was made (here, or by another process) is left out; a reminder with none left is not sent. Nor is one whose
     * focus has ended while it waited (quiet hours, the daily limit, a closed DM): it expired, or another process
     * cleared it. Clearing it here withdraws the reminder at once ({@link FocusMatcher#withdraw}); an end nobody
     * announced is found as the reminder goes.
     */
    @Override
    public Optional<Reminder> load(long reminderId) {
        return find(reminderId).filter(this::focusGoesOn).flatMap(reminder -> {
            // One read for all its loops (a reminder lists up to three).
            Map<Long, OpenLoop> listed = loops.byIds(LoopScope.personal(reminder.ownerId()),
                    Actor.person(reminder.ownerId()), reminder.items().stream().map(Reminder.Item::loopId).toList());
            List<Reminder.Item> open = reminder.items().stream()
                    .filter(item -> listed.containsKey(item.loopId()) && listed.get(item.loopId()).isParked())
                    .toList();
            return open.isEmpty() ? Optional.empty()
                    : Optional.of(open.size() == reminder.items().size() ? reminder : reminder.only(open));
        });
    }

    private boolean focusGoesOn(Reminder reminder) {
        boolean active = focusActive(reminder);
        if (!active) {
            log.info("Reminder {} of {} is not sent: its focus ended while it waited", reminder.id(), reminder.ownerId());
        }
        return active;
    }

    /** Whether the focus item the reminder was made for is still active (not cleared, not run out). */
    private boolean focusActive(Reminder reminder) {
        return focus.active(reminder.ownerId()).stream().anyMatch(f -> f.id() == reminder.focusId());
    }

    /** Reminders go to the channel a server set with {@code /settings reminders}. */
    @Override
    public Optional<String> serverChannel(String guildId) {
        return settings.reminderChannel(guildId);
    }

    public Optional<Reminder> find(long reminderId) {
        return database.read(sql -> store.find(sql, reminderId));
    }

    /**
     * What a button press did: the person's own loop after it, and whether the press changed nothing because it was
     * made before ("Open it now" on a loop already active, "Not relevant" already noted for this loop and focus), which
     * the answer says rather than claiming the change again; {@code snoozedUntil} when a snooze has an end of its own
     * (a week's), which the answer names.
     */
    public record Acted(OpenLoop loop, boolean again, Optional<Instant> snoozedUntil) {
        public Acted(OpenLoop loop, boolean again) {
            this(loop, again, Optional.empty());
        }
    }

    /**
     * Carries out a button press on a reminded loop. "Open it now", "Not relevant" and "Let it go" are also remembered
     * as feedback for the reminder's focus, once.
     */
    public Acted act(String ownerId, long reminderId, long loopId, ReminderAction action) {
        Reminder reminder = reminderOf(ownerId, reminderId, loopId);
        // By id only: read as typed text, a closed loop's number fell through to an open loop whose concept is that
        // number ("1984"), and the button acted on a loop its reminder never listed.
        OpenLoop loop = loops.openById(ownerId, loopId);
        if (action.keepsOut()) {
            requireParked(loop);
        }
        boolean wasActive = loop.status() == LoopStatus.ACTIVE;
        Instant now = clock.instant();
        Optional<Instant> until = Optional.empty();
        switch (action) {
            case OPEN -> loop = loops.activate(ownerId, loopId);
            case SNOOZE_WEEK -> {
                // A week on the person's clock: across a change of summer time, 168 hours ended an hour off ("until
                // Mon 9 Mar 06:00" for a snooze at 05:00 on the Monday before).
                until = Optional.of(now.atZone(settings.person(ownerId).zone()).plusWeeks(1).toInstant());
                snooze(ownerId, loopId, until.get(), null);
            }
            case SNOOZE_FOCUS -> {
                // Tied to the focus item itself, not to the end it had: clearing it early ends the snooze, and setting
                // the same text again (a new end) makes it last as long.
                if (!focusActive(reminder)) {
                    throw new InvalidInputException(focusEnded(reminder.focusText()));
                }
                snooze(ownerId, loopId, null, reminder.focusId());
            }
            case SNOOZE_REVIEW -> snooze(ownerId, loopId, review(ownerId).at(), null);
            case NOT_RELEVANT -> {
                // The pair's suppression and the raised bar in one transaction: apart, a failure between them left
                // the pair noted, and the retry, finding it noted, never raised the bar.
                int noted = database.inTransaction(sql -> {
                    String key = FocusMatcher.focusKey(reminder.focusText());
                    int n = store.suppress(sql, ownerId, loopId, key, now);
                    if (n > 0) {
                        // What the click raised the bar by is kept with its mark: at the cap, nothing, and Take it back
                        // lowers the bar by that, not by a step.
                        double[] raised = new double[1];
                        settings.updatePerson(sql, ownerId, s -> {
                            double after = Math.min(policy.maxOffset(), s.thresholdOffset() + policy.adaptStep());
                            raised[0] = Math.max(0, after - s.thresholdOffset());
                            return new PersonSettings(ownerId, s.quietHours(), s.givenZone(), s.followWorklog(), after);
                        });
                        store.raisedBy(sql, ownerId, loopId, key, raised[0]);
                    }
                    return n;
                });
                if (noted == 0) {
                    // Said before for this loop and focus (a second click, a line typed again after a restart): it
                    // counts once, or each repeat would raise the bar and teach the matcher the same thing again.
                    return new Acted(loop, true);
                }
            }
            case LET_GO -> loop = loops.close(ownerId, loopId, Outcome.LET_GO, null);
            default -> throw new IllegalArgumentException(action.name());
        }
        int recorded = database.inTransaction(sql -> store.recordAction(sql, ownerId, reminderId, loopId, action.code(),
                now));
        if (action != ReminderAction.OPEN || recorded > 0 && !wasActive) {
            // "Open it now" on a loop open already (a second click, the console's line typed twice, another reminder
            // of it) changed nothing: it is learned once, or each repeat would add the lesson again and multiply the
            // loop's learned lift, as "not relevant" counts once.
            feedback.acted(ownerId, loopId, reminder.focusText(), action);
        }
        return new Acted(loop, action == ReminderAction.OPEN && wasActive, until);
    }

    /**
     * Takes back "Not relevant" on a reminded loop, a click made by mistake: the loop may come back for that focus
     * again, the person's threshold goes back down the step it rose, and what was learned from it is forgotten, in one
     * transaction. Returns the loop and whether there was anything to take back ({@link Acted#again}: nothing was).
     */
    public Acted undoNotRelevant(String ownerId, long reminderId, long loopId) {
        Reminder reminder = reminderOf(ownerId, reminderId, loopId);
        OpenLoop loop = loops.find(ownerId, loopId).orElseThrow(() -> new InvalidInputException(reminderGone()));
        int undone = database.inTransaction(sql -> {
            String key = FocusMatcher.focusKey(reminder.focusText());
            // A mark made before V37 kept no step: every click raised the bar a step then, unless it was at its cap.
            double raised = store.raised(sql, ownerId, loopId, key).map(r -> r.orElse(policy.adaptStep())).orElse(0.0);
            int n = store.unsuppress(sql, ownerId, loopId, key);
            if (n > 0) {
                settings.updatePerson(sql, ownerId, s -> new PersonSettings(ownerId, s.quietHours(), s.givenZone(),
                        s.followWorklog(), Math.max(0, s.thresholdOffset() - raised)));
                store.clearAction(sql, ownerId, reminderId, loopId, ReminderAction.NOT_RELEVANT.code());
                feedback.takenBack(sql, ownerId, loopId, reminder.focusText(), ReminderAction.NOT_RELEVANT);
            }
            return n;
        });
        return new Acted(loop, undone == 0);
    }

    /** The newest reminder shown to the person that lists the loop, for the console's {@code /remind}. */
    public Optional<Long> latestShown(String ownerId, long loopId) {
        return database.read(sql -> store.latestShown(sql, ownerId, loopId));
    }

    /** The person's reminders for this focus item made but waiting for their time (a daily cap, quiet hours). */
    public List<ReminderStore.Held> waitingFor(String ownerId, long focusId) {
        Instant now = clock.instant();
        return database.read(sql -> store.held(sql, ownerId, now)).stream().filter(h -> h.focusId() == focusId)
                .toList();
    }

    /**
     * The loop a reminder's Snooze refers to, before asking for how long: refused at once when the person has opened
     * it since, rather than after they chose.
     */
    public OpenLoop snoozableLoop(String ownerId, long reminderId, long loopId) {
        OpenLoop loop = remindedLoop(ownerId, reminderId, loopId);
        requireParked(loop);
        return loop;
    }

    /** Snoozes the loop if it is still parked; one opened or closed since it was read is refused, saying so. */
    private void snooze(String ownerId, long loopId, Instant until, Long focusId) {
        if (!loops.snooze(ownerId, loopId, until, focusId)) {
            requireParked(loops.openById(ownerId, loopId)); // closed: "no longer open"; opened: "opened since"
            throw new InvalidInputException(LoopErrors.noSuchOpenLoop()); // parked again since: nothing was snoozed
        }
    }

    /**
     * Opened since the reminder came: reminders leave it out already, so a snooze would only show in /loops as if it
     * were parked, and "not relevant" would raise the bar for a loop the person took up.
     */
    private static void requireParked(OpenLoop loop) {
        if (loop.status() == LoopStatus.ACTIVE) {
            throw new InvalidInputException(openedSince(loop));
        }
    }

    /** The open loop a reminder's button refers to, if that reminder is this person's and lists it. */
    public OpenLoop remindedLoop(String ownerId, long reminderId, long loopId) {
        reminderOf(ownerId, reminderId, loopId);
        return loops.openById(ownerId, loopId);
    }

    /** A snooze or "not relevant" on a loop the person has opened: it is their work, which reminders leave out. */
    static String openedSince(OpenLoop loop) {
        return UserText.fitMessage(UserText.MESSAGE_LIMIT, List.of(loop.concept()), echo -> "**" + echo.get(0)
                + "** is open now (in " + loop.phase().label() + "): it is your work, and reminders leave it out. "
                + "Nothing was changed; /close ends it, and /reopen parks it again once closed.");
    }

    /** "Until this focus ends" asked after that focus ended: nothing to wait for, and nothing was snoozed. */
    static String focusEnded(String focusText) {
        return UserText.fitMessage(UserText.MESSAGE_LIMIT, List.of(focusText), echo -> "The focus this reminder came from ("
                + echo.get(0) + ") has ended, so nothing was snoozed. Snooze it for a week or until the weekly review "
                + "instead.");
    }

    private Reminder reminderOf(String ownerId, long reminderId, long loopId) {
        return find(reminderId).filter(r -> r.ownerId().equals(ownerId))
                .filter(r -> r.items().stream().anyMatch(i -> i.loopId() == loopId))
                .orElseThrow(() -> new InvalidInputException(reminderGone()));
    }

    /**
     * A reminder's button (or its console line) whose reminder is no longer stored: the person asked to be forgotten
     * since, or the loop it listed went. Nothing was typed, so "give its number or a word of its concept" did not fit.
     */
    static String reminderGone() {
        return "That reminder is no longer stored (its loop was deleted, or you asked Loopkeeper to forget you), so "
                + "nothing was changed. /loops shows what you have now.";
    }

    /** The weekly review when the person chose none: Monday 09:00 in the person's time zone, the next one strictly after now. */
    public static Instant nextWeeklyReview(Instant now, PersonSettings person) {
        ZonedDateTime here = now.atZone(person.zone());
        ZonedDateTime monday = here.with(TemporalAdjusters.nextOrSame(DayOfWeek.MONDAY)).with(LocalTime.of(9, 0));
        if (!monday.isAfter(here)) {
            monday = monday.plusWeeks(1);
        }
        return monday.toInstant();
    }
}
