package dev.loopkeeper.focus;

import dev.loopkeeper.common.InvalidInputException;
import dev.loopkeeper.common.UserText;
import dev.loopkeeper.storage.Database;
import dev.loopkeeper.storage.SqlSession;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The rules for the work a person has active: several items at once, each with an optional expiry. Its refusals
 * are worded here, next to the rule they explain; {@code FocusMessages} words the results and reads this
 * service's types, never the reverse.
 */
public final class FocusService {
    private static final Logger log = LoggerFactory.getLogger(FocusService.class);
    private final Database database;
    private final FocusStore store;
    private final Clock clock;
    private volatile FocusListener listener = FocusListener.NONE;
    private volatile ClearListener onCleared = (owner, ids) -> 0;
    private volatile ReplaceListener onReplaced = (sql, owner, from, to) -> {
    };
    /**
     * Focus items decided with nothing written for them, by when their decision began; their marks are cleared
     * together ({@link #decided(long, Instant)}).
     */
    private final Map<Long, Instant> decidedUnmarked = new ConcurrentHashMap<>();

    public FocusService(Database database, FocusStore store, Clock clock) {
        this.database = database;
        this.store = store;
        this.clock = clock;
    }

    /** Connects relevance, which is built on top of this service (set once by the composition root). */
    public void connect(FocusListener listener) {
        this.listener = listener;
    }

    /**
     * A focus just set, and how many the person now has active (it included); {@code refreshed} when it was
     * already active with the same text and only got a new expiry (and the server and channel it was set in now);
     * {@code at} when it was set or refreshed (now: what the quiet hours and reminders are weighed against; a
     * refreshed focus keeps the time it started in its row).
     */
    public record Added(Focus focus, int activeCount, boolean refreshed, Instant at) {
    }

    /**
     * Adds a focus item; {@code duration} is what the person typed for {@code for}, if anything. The same text
     * again (ignoring case and spacing, from the same source) refreshes the active item instead of adding a copy. A
     * typed focus is refused at {@link FocusLimits#MAX_ACTIVE}; a work-log note or a thread title never is (each
     * takes the place of one of its own kind, so it passes the limit by one at most).
     */
    public Added set(String ownerId, String text, Optional<String> duration, FocusSource source, String guildId,
            String channelId) {
        return set(ownerId, text, duration, source, guildId, channelId, null);
    }

    /**
     * As {@link #set(String, String, Optional, FocusSource, String, String)}, for a work-log note: {@code originId} is
     * its message, whose later edit ({@link #noteEdited}) or deletion ({@link #noteDeleted}) the focus follows.
     */
    public Added set(String ownerId, String text, Optional<String> duration, FocusSource source, String guildId,
            String channelId, String originId) {
        String clean = cleanText(text);
        Optional<Duration> lasts = duration.filter(d -> !d.isBlank()).map(Durations::parse);
        Instant now = clock.instant();
        Instant expires = lasts.map(now::plus).orElse(null);
        String key = UserText.key(clean);
        // The text's vector and topics are computed beside the save (its commit waits on the disk), not after it.
        listener.preparing(clean);
        Added added = database.inTransaction(sql -> {
            List<Focus> active = store.active(sql, ownerId, now);
            Optional<Focus> same = active.stream()
                    .filter(f -> f.source() == source && UserText.key(f.text()).equals(key))
                    .findFirst();
            if (same.isPresent()) {
                Focus old = same.get();
                // Set again elsewhere, it is work done there now: its later matches count against that server's
                // cap (or none, from a DM), not the one it was first set in.
                store.refresh(sql, ownerId, old.id(), expires, guildId, channelId, originId, now);
                return new Added(new Focus(old.id(), ownerId, old.text(), source, guildId, channelId,
                        old.startedAt(), expires), active.size(), true, now);
            }
            int count = active.size();
            if (source == FocusSource.WORK_LOG) {
                // A work-log message says what the person is doing now: it replaces their previous one.
                count -= store.clearSource(sql, ownerId, source, now);
            } else if (count >= FocusLimits.MAX_ACTIVE) {
                if (source != FocusSource.THREAD) {
                    throw new InvalidInputException("You have " + FocusLimits.MAX_ACTIVE
                            + " active focus items. Clear one with /focus clear first.");
                }
                // A thread title is not typed: a refusal reached nobody, and the thread was silently not their focus.
                // As a work-log note takes its previous one's place, it takes the place of their oldest thread title
                // (ending it as a clear would); with none, it is one more, so each passes the limit by one at most.
                Optional<Focus> oldest = active.stream().filter(f -> f.source() == FocusSource.THREAD)
                        .min(Comparator.comparing(Focus::startedAt).thenComparingLong(Focus::id));
                if (oldest.isPresent()) {
                    count -= store.clearOne(sql, ownerId, oldest.get().id(), now);
                }
            }
            long id = store.insert(sql, ownerId, clean, source, guildId, channelId, now, expires, originId);
            return new Added(new Focus(id, ownerId, clean, source, guildId, channelId, now, expires), count + 1, false,
                    now);
        });
        // A refresh is matched again too: loops parked since may fit it now (cooldowns stop repeats).
        listener.onFocusSet(added.focus());
        return added;
    }

    private static String cleanText(String text) {
        UserText.requireWellFormed(text, "focus text");
        String clean = UserText.singleLine(text);
        if (clean.isEmpty()) {
            throw new InvalidInputException(
                    "The focus text is empty. Say what you are working on, such as `/focus set text:writing a tiny autograd`.");
        }
        if (UserText.length(clean) > FocusLimits.MAX_TEXT) {
            throw new InvalidInputException("The focus text is " + UserText.length(clean) + " characters; keep it to "
                    + FocusLimits.MAX_TEXT + ". Nothing was saved.");
        }
        return clean;
    }

    /** What a work-log note's edit or deletion did to the focus it had made. */
    public enum NoteChange {
        /** The note is no one's focus now (replaced by a later note, run out, cleared), or its edit changed no word. */
        NONE,
        /** The focus reads as the edited note does. */
        REPLACED,
        /** The focus ended, as {@code /focus clear} would end it. */
        ENDED
    }

    /**
     * The work-log message {@code originId} of {@code ownerId} was edited. While it is still their focus, the focus
     * reads as the message now does: a new item in its place with the time it had left, matched as any new focus is,
     * and a reminder still waiting for the old words withdrawn (its loops stay parked). {@code text} null: the message
     * no longer reads as a note (chat, or nothing left but an attachment), and the focus ends.
     */
    public NoteChange noteEdited(String ownerId, String originId, String text) {
        String clean = text == null ? null : cleanText(text);
        Instant now = clock.instant();
        // Discord sends an edit for a link's preview too, and most edits are of notes that are no one's focus now: a
        // read says so before the text is embedded or the write lock taken.
        if (changedNote(database.read(sql -> store.activeFrom(sql, originId, now)), ownerId, clean).isEmpty()) {
            return NoteChange.NONE;
        }
        if (clean != null) {
            listener.preparing(clean);
        }
        Optional<Edit> edit = database.inTransaction(sql -> {
            Optional<Focus> found = changedNote(store.activeFrom(sql, originId, now), ownerId, clean);
            if (found.isEmpty()) {
                return Optional.<Edit>empty();
            }
            Focus old = found.get();
            store.clearOne(sql, ownerId, old.id(), now);
            if (clean == null) {
                return Optional.of(new Edit(old, Optional.empty()));
            }
            long id = store.insert(sql, ownerId, clean, old.source(), old.guildId(), old.channelId(), now,
                    old.expiresAt(), originId);
            // The same work, reworded: a loop snoozed "until this focus ends" stays snoozed.
            onReplaced.replaced(sql, ownerId, old.id(), id);
            return Optional.of(new Edit(old, Optional.of(new Focus(id, ownerId, clean, old.source(), old.guildId(),
                    old.channelId(), now, old.expiresAt()))));
        });
        if (edit.isEmpty()) {
            return NoteChange.NONE;
        }
        withdraw(ownerId, List.of(edit.get().old()));
        if (edit.get().now().isEmpty()) {
            return NoteChange.ENDED;
        }
        listener.onFocusSet(edit.get().now().get());
        return NoteChange.REPLACED;
    }

    /** The author's focus item from the note, when the edit changes it: a word of its text, or it is chat now. */
    private static Optional<Focus> changedNote(List<Focus> fromNote, String ownerId, String clean) {
        return fromNote.stream().filter(f -> f.ownerId().equals(ownerId))
                .filter(f -> clean == null || !UserText.key(clean).equals(UserText.key(f.text()))).findFirst();
    }

    /** A note's focus as it was, and the item that reads as the note now does (none: it ended). */
    private record Edit(Focus old, Optional<Focus> now) {
    }

    /**
     * The work-log message {@code originId} was deleted: while it is still its author's focus, the focus ends as
     * {@code /focus clear} would end it (a reminder waiting for it is withdrawn; its loops stay parked).
     */
    public NoteChange noteDeleted(String originId) {
        Instant now = clock.instant();
        // Any message deleted in any channel the bot sees comes here: most are no one's focus, and a read says so
        // without taking the write lock.
        if (database.read(sql -> store.activeFrom(sql, originId, now)).isEmpty()) {
            return NoteChange.NONE;
        }
        List<Focus> ended = database.inTransaction(sql -> {
            List<Focus> found = store.activeFrom(sql, originId, now);
            for (Focus focus : found) {
                store.clearOne(sql, focus.ownerId(), focus.id(), now);
            }
            return found;
        });
        ended.forEach(focus -> withdraw(focus.ownerId(), List.of(focus)));
        return ended.isEmpty() ? NoteChange.NONE : NoteChange.ENDED;
    }

    /**
     * Has this focus item decided again, as when it was set (on the thread matching runs on: the /edit that asked
     * need not wait for it): a loop a waiting reminder for it listed has changed.
     */
    public void decideAgain(Focus item) {
        listener.onFocusSet(item);
    }

    /**
     * A focus item's decision, begun at {@code began}, is made, inside the transaction that writes its reminder: a
     * start no longer decides it again ({@link #undecided}).
     */
    public void decided(SqlSession sql, long focusId, Instant began) throws SQLException {
        store.decided(sql, Map.of(focusId, began));
    }

    /**
     * A focus item's decision, begun at {@code began}, is made and wrote nothing (no loop matched, or none could be
     * reminded of). Its mark is held here and committed with the others' ({@link #markDecided}), not by a commit of its
     * own on the deciding thread: a mark a crash keeps only has the next start decide that focus again, which reminds
     * of nothing it reminded of (it reminded of nothing), at most of a loop parked since that fits the work.
     */
    public void decided(long focusId, Instant began) {
        decidedUnmarked.merge(focusId, began, (a, b) -> a.isAfter(b) ? a : b);
    }

    /**
     * Commits the marks {@link #decided(long, Instant)} holds: every few seconds (the bot's job) and at a clean stop, once
     * no decision is under way. Best effort: a failure (another program holding the file) keeps them for the next try.
     */
    public void markDecided() {
        Map<Long, Instant> marks = Map.copyOf(decidedUnmarked);
        if (marks.isEmpty()) {
            return;
        }
        try {
            database.inTransaction(sql -> {
                store.decided(sql, marks);
                return null;
            });
            marks.forEach(decidedUnmarked::remove);
        } catch (RuntimeException e) {
            log.debug("Could not mark {} focus changes decided yet: {}", marks.size(), e.toString());
        }
    }

    /**
     * The active focus items set, or set again, at or before {@code before} whose decision never came: a kill (or a
     * stop out of time) between their save and their decision. Oldest first; the matcher decides them now. Read
     * without the write lock (another program may hold it: a start must not fail on it); the marks of those that ended
     * undecided are taken away when there are any, if the lock can be had.
     */
    public List<Focus> undecided(Instant before) {
        Instant now = clock.instant();
        List<FocusStore.Undecided> found = database.read(sql -> store.undecided(sql, before));
        List<Long> ended = found.stream().filter(u -> !u.activeAt(now)).map(u -> u.focus().id()).toList();
        if (!ended.isEmpty()) {
            try {
                database.write(sql -> store.forgetUndecided(sql, ended));
            } catch (RuntimeException e) {
                // Another program holds the file, say: the marks stay for a later start, and the active ones are decided.
                log.debug("Could not take the marks off {} focus items that ended undecided: {}", ended.size(),
                        e.toString());
            }
        }
        return found.stream().filter(u -> u.activeAt(now)).map(FocusStore.Undecided::focus).toList();
    }

    /**
     * Whether a focus item is still active, inside the caller's transaction: a decision made for a focus cleared (or
     * forgotten with everything of its person) while it was being made must not be written.
     */
    public boolean isActive(SqlSession sql, long focusId) throws SQLException {
        return store.isActive(sql, focusId, clock.instant());
    }

    public List<Focus> active(String ownerId) {
        Instant now = clock.instant();
        return database.read(sql -> store.active(sql, ownerId, now));
    }

    /** How far back {@link #show} tells of items whose time ran out. */
    static final Duration RAN_OUT_SHOWN = Duration.ofDays(1);
    /** The most items that ran out {@link #show} names. */
    static final int RAN_OUT_MOST = 3;
    /** The most items that ran out {@link #show} reads to find them. */
    private static final int RAN_OUT_READ = 100;

    /**
     * What {@code /focus show} lists: the active items, and those whose time ran out in the last day and were not set
     * again since with the same text. A focus set {@code for:2h}, or a work-log note after its hours, just vanished
     * from the list, and the person could not tell whether it had been saved, cleared or was still matched.
     */
    public Shown show(String ownerId) {
        Instant now = clock.instant();
        Instant since = now.minus(RAN_OUT_SHOWN);
        return database.read(sql -> {
            List<Focus> active = store.active(sql, ownerId, now);
            // The latest few, once those set again are left out: a day's items that ran out are few (a work-log note
            // replaced by the next is cleared, not run out), and a bound keeps a day of one-minute items cheap.
            List<Focus> ranOut = store.ranOut(sql, ownerId, since, now, RAN_OUT_READ);
            if (ranOut.isEmpty()) {
                return new Shown(active, ranOut);
            }
            List<Focus> setLately = store.setSince(sql, ownerId, since);
            // Nor one whose words are active now: set again, or kept beside it from another source (a work-log note
            // beside a /focus set), they are still matched.
            Set<String> activeKeys = active.stream().map(f -> UserText.key(f.text())).collect(Collectors.toSet());
            return new Shown(active, ranOut.stream()
                    .filter(f -> !activeKeys.contains(UserText.key(f.text())))
                    .filter(f -> setLately.stream().noneMatch(later -> !later.startedAt().isBefore(f.expiresAt())
                            && UserText.key(later.text()).equals(UserText.key(f.text()))))
                    .limit(RAN_OUT_MOST).toList());
        });
    }

    /** The active items, newest first, and those that ran out lately, the latest to end first. */
    public record Shown(List<Focus> active, List<Focus> ranOut) {
    }

    /** Clears every active item; says which, and how many reminders waiting for them were withdrawn. */
    public Cleared clearAll(String ownerId) {
        Instant now = clock.instant();
        List<Focus> cleared = database.inTransaction(sql -> {
            List<Focus> active = store.active(sql, ownerId, now);
            store.clearAll(sql, ownerId, now);
            return active;
        });
        return new Cleared(cleared, withdraw(ownerId, cleared));
    }

    /** Clears one of the person's own active items, found by its number as listed or by its text. */
    public Cleared clearOne(String ownerId, String reference) {
        Focus target = resolve(ownerId, reference);
        Instant now = clock.instant();
        if (database.inTransaction(sql -> store.clearOne(sql, ownerId, target.id(), now)) == 0) {
            throw noSuchFocus();
        }
        return new Cleared(List.of(target), withdraw(ownerId, List.of(target)));
    }

    private int withdraw(String ownerId, List<Focus> cleared) {
        return cleared.isEmpty() ? 0 : onCleared.withdraw(ownerId, cleared.stream().map(Focus::id).toList());
    }

    /**
     * Told after focus items are cleared: reminders made for them and still waiting (for a daily cap, for quiet
     * hours) no longer fit what the person works on, and are withdrawn; returns how many.
     */
    @FunctionalInterface
    public interface ClearListener {
        int withdraw(String ownerId, List<Long> focusIds);
    }

    public void onCleared(ClearListener listener) {
        this.onCleared = listener;
    }

    /**
     * Told inside the transaction that replaces a focus item with one that reads as its edited work-log note does: what
     * hangs on the old item (a loop snoozed until it ends) follows the new one, which is the same work.
     */
    @FunctionalInterface
    public interface ReplaceListener {
        void replaced(SqlSession sql, String ownerId, long from, long to) throws SQLException;
    }

    public void onReplaced(ReplaceListener listener) {
        this.onReplaced = listener;
    }

    /** Focus items cleared, and how many waiting reminders went with them (their loops stay parked). */
    public record Cleared(List<Focus> items, int withdrawn) {
    }

    /**
     * Active items for autocomplete, read as {@link #resolve} reads what was typed: the item with that number first
     * ({@code 12} or {@code #12}), then those whose text holds it, ignoring case, spacing and width
     * ({@link UserText#key}). A raw lower-case match offered nothing for "kalmanfilter", full-width letters or a
     * number, which the command took.
     */
    public List<Focus> suggest(String ownerId, String typed) {
        String text = UserText.singleLine(typed);
        String digits = text.startsWith("#") ? text.substring(1) : text;
        String key = UserText.key(text);
        List<Focus> active = active(ownerId);
        List<Focus> byNumber = active.stream().filter(f -> String.valueOf(f.id()).equals(digits)).toList();
        List<Focus> suggested = new ArrayList<>(byNumber);
        active.stream().filter(f -> !byNumber.contains(f) && UserText.key(f.text()).contains(key))
                .forEach(suggested::add);
        return suggested;
    }

    /**
     * Finds an active item by its number as {@code /focus show} lists it, by its text, or by a fragment of exactly one
     * item's text ("database"), as loops are found; a fragment of several is refused with them named.
     */
    public Focus resolve(String ownerId, String reference) {
        String text = UserText.singleLine(reference);
        String digits = text.startsWith("#") ? text.substring(1) : text;
        List<Focus> active = active(ownerId);
        Optional<Focus> exact = active.stream()
                .filter(f -> String.valueOf(f.id()).equals(digits) || f.text().equalsIgnoreCase(text))
                .findFirst();
        if (exact.isPresent()) {
            return exact.get();
        }
        String key = UserText.key(text);
        List<Focus> fitting = key.isEmpty() || digits.chars().allMatch(Character::isDigit) ? List.of()
                : active.stream().filter(f -> UserText.key(f.text()).contains(key)).toList();
        if (fitting.size() > 1) {
            throw new InvalidInputException("'" + UserText.fitEcho(text, 60) + "' fits " + fitting.size()
                    + " of your focus items: " + fitting.stream().map(Focus::id).sorted().map(id -> "#" + id)
                    .collect(Collectors.joining(", ")) + ". Type more of it, or its number (/focus show).");
        }
        return fitting.stream().findFirst().orElseThrow(FocusService::noSuchFocus);
    }

    private static InvalidInputException noSuchFocus() {
        return new InvalidInputException("I can't find that among your active focus items. See /focus show.");
    }
}
