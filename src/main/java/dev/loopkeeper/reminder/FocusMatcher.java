package dev.loopkeeper.reminder;

import dev.loopkeeper.common.UserText;
import dev.loopkeeper.focus.Focus;
import dev.loopkeeper.focus.FocusService;
import dev.loopkeeper.loop.LoopStore;
import dev.loopkeeper.relevance.RelevanceIndex;
import dev.loopkeeper.settings.PersonSettings;
import dev.loopkeeper.settings.SettingsService;
import dev.loopkeeper.storage.Database;
import java.time.Clock;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * When a person's focus changes: asks the relevance index which open loops match it, applies the reminder policy
 * (cooldown, snoozes, "not relevant", the person's threshold, the daily cap, quiet hours) and makes at most one
 * reminder.
 */
public final class FocusMatcher {
    private static final Logger log = LoggerFactory.getLogger(FocusMatcher.class);

    private final Database database;
    private final ReminderStore store;
    private final LoopStore loops;
    private final RelevanceIndex relevance;
    private final FocusService focus;
    private final SettingsService settings;
    private final ReminderService reminders;
    private final ReminderPolicy policy;
    private final Clock clock;

    public FocusMatcher(Database database, ReminderStore store, LoopStore loops, RelevanceIndex relevance,
            FocusService focus, SettingsService settings, ReminderService reminders, ReminderPolicy policy,
            Clock clock) {
        this.database = database;
        this.store = store;
        this.loops = loops;
        this.relevance = relevance;
        this.focus = focus;
        this.settings = settings;
        this.reminders = reminders;
        this.policy = policy;
        this.clock = clock;
    }

    /** Scores the person's open loops against a focus that just changed, applies the policy, and reminds at most once. */
    public Decision onFocus(Focus changed) {
        String owner = changed.ownerId();
        Instant now = clock.instant();
        PersonSettings person = settings.person(owner);
        double threshold = policy.threshold() + person.thresholdOffset();
        Set<Long> activeFocus = focus.active(owner).stream().map(Focus::id).collect(Collectors.toSet());
        Set<Long> excluded = database.read(sql -> {
            Set<Long> out = new HashSet<>(store.excluded(sql, owner, now.minus(policy.cooldown()), focusKey(changed.text())));
            out.addAll(loops.snoozed(sql, owner, now, activeFocus));
            return out;
        });
        List<RelevanceIndex.Candidate> best = relevance.rank(owner, changed.text(), threshold, excluded, policy.maxItems());
        if (best.isEmpty()) {
            return new Decision(Decision.Kind.NO_MATCH, best, Optional.empty());
        }
        Instant dayStart = ZonedDateTime.ofInstant(now, person.zone()).toLocalDate().atStartOfDay(person.zone()).toInstant();
        Instant deliverAfter = person.quietHours().filter(q -> q.contains(now)).map(q -> q.endAfter(now)).orElse(now);
        Optional<Long> reminderId = database.inTransaction(sql -> {
            if (store.countSince(sql, owner, dayStart) >= policy.dailyCap()) {
                return Optional.<Long>empty();
            }
            long id = store.insert(sql, owner, changed.id(), changed.text(), deliverAfter, now);
            for (int i = 0; i < best.size(); i++) {
                RelevanceIndex.Candidate c = best.get(i);
                store.insertItem(sql, id, c.loopId(), i, c.match().score(), c.match().reason());
            }
            return Optional.of(id);
        });
        if (reminderId.isEmpty()) {
            log.debug("Daily reminder cap reached for {}", owner);
            return new Decision(Decision.Kind.DAILY_CAP, best, Optional.empty());
        }
        if (!deliverAfter.isAfter(now)) {
            reminders.deliver(reminderId.get());
        }
        return new Decision(Decision.Kind.REMINDED, best, reminderId);
    }

    /** The key that ties "not relevant" to a focus: its text, ignoring case and spacing. */
    public static String focusKey(String focusText) {
        return UserText.key(focusText);
    }
}
