package dev.loopkeeper.loop;

import dev.loopkeeper.common.InvalidInputException;
import dev.loopkeeper.common.UserText;
import dev.loopkeeper.loop.LoopStore.LoopName;
import dev.loopkeeper.storage.Database;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * The rules for parking, listing and closing loops. Input is cleaned and checked here, so both fronts
 * give the same answers; each write is one transaction.
 */
public final class LoopService {
    public static final int MAX_CONCEPT = 200;
    public static final int MAX_WHY = 1000;
    public static final int MAX_TAKEAWAY = 500;
    public static final int MAX_EXCERPT = 300;
    private static final Duration DRAFT_LIFETIME = Duration.ofDays(1);
    private static final int SUGGESTIONS = 25;

    private final Database database;
    private final LoopStore store;
    private final Clock clock;
    private final int maxOpenLoops;
    private volatile LoopListener listener = LoopListener.NONE;
    private volatile ConceptCheck conceptCheck = ConceptCheck.NONE;

    public LoopService(Database database, LoopStore store, Clock clock, int maxOpenLoops) {
        this.database = database;
        this.store = store;
        this.clock = clock;
        this.maxOpenLoops = maxOpenLoops;
    }

    /** Connects relevance, which is built on top of this service (set once by the composition root). */
    public void connect(LoopListener listener, ConceptCheck conceptCheck) {
        this.listener = listener;
        this.conceptCheck = conceptCheck;
    }

    /** Saves a loop, or holds it as a draft when the person already has the same concept open. */
    public ParkResult park(ParkRequest request) {
        String concept = cleanConcept(request.concept());
        String why = cleanWhy(request.why());
        Origin origin = cleanOrigin(request.origin());
        Instant now = clock.instant();
        // Embedding happens outside the transaction: it is the slow part and needs no lock.
        ConceptCheck.Result checked = conceptCheck.check(request.ownerId(), concept);
        Optional<Long> near = checked.nearDuplicate();
        long[] versions = new long[2];
        ParkResult result = database.inTransaction(sql -> {
            versions[0] = store.version(sql, request.ownerId());
            store.deleteDraftsBefore(sql, request.ownerId(), now.minus(DRAFT_LIFETIME));
            long open = store.countOpen(sql, request.ownerId());
            if (open >= maxOpenLoops) {
                throw new InvalidInputException(LoopMessages.tooManyOpen(maxOpenLoops));
            }
            Optional<OpenLoop> exact = store.findOpenByKey(sql, request.ownerId(), UserText.key(concept));
            Optional<OpenLoop> close = Optional.empty();
            if (exact.isEmpty() && near.isPresent()) {
                close = store.find(sql, request.ownerId(), near.get()).filter(OpenLoop::isOpen);
            }
            Optional<OpenLoop> existing = exact.isPresent() ? exact : close;
            LoopStatus status = existing.isPresent() ? LoopStatus.DRAFT : LoopStatus.OPEN;
            long id = store.insert(sql, request.ownerId(), concept, why, origin, status, now);
            if (checked.embedding() != null) {
                store.saveEmbedding(sql, id, checked.embedding(), checked.embeddingModel());
            }
            OpenLoop saved = store.find(sql, request.ownerId(), id).orElseThrow();
            versions[1] = store.version(sql, request.ownerId());
            if (existing.isPresent()) {
                return new ParkResult.Duplicate(existing.get(), saved, exact.isEmpty());
            }
            return new ParkResult.Parked(saved, open + 1);
        });
        if (result instanceof ParkResult.Parked parked) {
            listener.onParked(parked.loop(), versions[0], versions[1]);
        }
        return result;
    }

    /** "Keep both": the draft becomes an open loop. */
    public ParkResult.Parked keepDraft(String ownerId, long draftId) {
        Instant now = clock.instant();
        long[] versions = new long[2];
        ParkResult.Parked parked = database.inTransaction(sql -> {
            versions[0] = store.version(sql, ownerId);
            long open = store.countOpen(sql, ownerId);
            if (open >= maxOpenLoops) {
                throw new InvalidInputException(LoopMessages.tooManyOpen(maxOpenLoops));
            }
            if (store.promoteDraft(sql, ownerId, draftId, now) == 0) {
                throw new InvalidInputException(LoopMessages.draftGone());
            }
            versions[1] = store.version(sql, ownerId);
            return new ParkResult.Parked(store.find(sql, ownerId, draftId).orElseThrow(), open + 1);
        });
        listener.onParked(parked.loop(), versions[0], versions[1]);
        return parked;
    }

    /**
     * "Merge": the draft is dropped into the loop it resembles; its why is kept when that loop has none.
     * Returns the loop merged into.
     */
    public OpenLoop mergeDraft(String ownerId, long draftId, long intoId) {
        Instant now = clock.instant();
        OpenLoop merged = database.inTransaction(sql -> {
            OpenLoop draft = store.find(sql, ownerId, draftId).filter(l -> l.status() == LoopStatus.DRAFT)
                    .orElseThrow(() -> new InvalidInputException(LoopMessages.draftGone()));
            OpenLoop into = store.find(sql, ownerId, intoId).filter(OpenLoop::isOpen)
                    .orElseThrow(() -> new InvalidInputException(LoopMessages.noSuchOpenLoop()));
            if (into.why() == null && draft.why() != null) {
                store.setWhy(sql, ownerId, intoId, draft.why(), now);
            }
            store.deleteDraft(sql, ownerId, draftId);
            return store.find(sql, ownerId, intoId).orElseThrow();
        });
        listener.onChanged(ownerId);
        return merged;
    }

    /** "Open it now": the loop becomes active work (abstraction, then instantiation). */
    public OpenLoop activate(String ownerId, long loopId) {
        Instant now = clock.instant();
        OpenLoop active = database.inTransaction(sql -> {
            if (store.setStatus(sql, ownerId, loopId, LoopStatus.ACTIVE, now) == 0) {
                throw new InvalidInputException(LoopMessages.noSuchOpenLoop());
            }
            return store.find(sql, ownerId, loopId).orElseThrow();
        });
        listener.onChanged(ownerId);
        return active;
    }

    /** Snoozes an open loop until a moment, or while a focus stays active ({@code focusId}). */
    public void snooze(String ownerId, long loopId, Instant until, Long focusId) {
        Instant now = clock.instant();
        database.write(sql -> {
            if (store.snooze(sql, ownerId, loopId, until, focusId, now) == 0) {
                throw new InvalidInputException(LoopMessages.noSuchOpenLoop());
            }
        });
    }

    /** "Cancel": the draft is dropped; returns whether there was one to drop. */
    public boolean cancelDraft(String ownerId, long draftId) {
        return database.inTransaction(sql -> store.deleteDraft(sql, ownerId, draftId) > 0);
    }

    public LoopPage list(String ownerId, LoopFilter filter, int page, int pageSize) {
        int safePage = Math.max(0, page);
        return database.read(sql -> {
            long total = store.count(sql, ownerId, filter);
            int lastPage = (int) Math.max(0, (total - 1) / pageSize);
            int shown = Math.min(safePage, lastPage);
            List<OpenLoop> loops = store.page(sql, ownerId, filter, pageSize, shown * pageSize);
            return new LoopPage(filter, loops, shown, pageSize, total);
        });
    }

    public long countOpen(String ownerId) {
        return database.read(sql -> store.countOpen(sql, ownerId));
    }

    /** Closes one of the person's own open loops with an outcome and an optional one-line takeaway. */
    public OpenLoop close(String ownerId, long loopId, Outcome outcome, String takeaway) {
        String cleanTakeaway = UserText.singleLine(takeaway);
        if (UserText.length(cleanTakeaway) > MAX_TAKEAWAY) {
            throw new InvalidInputException(LoopMessages.takeawayTooLong(UserText.length(cleanTakeaway)));
        }
        Instant now = clock.instant();
        OpenLoop closed = database.inTransaction(sql -> {
            if (store.close(sql, ownerId, loopId, outcome, cleanTakeaway.isEmpty() ? null : cleanTakeaway, now) == 0) {
                throw new InvalidInputException(LoopMessages.noSuchOpenLoop());
            }
            return store.find(sql, ownerId, loopId).orElseThrow();
        });
        listener.onChanged(ownerId);
        return closed;
    }

    /**
     * The person's open loops that best match what they typed so far, best first: prefix, then word
     * start, then substring, then the letters in order (fuzzy). An empty query lists the newest.
     */
    public List<LoopName> suggest(String ownerId, String typed) {
        List<LoopName> names = database.read(sql -> store.openNames(sql, ownerId, maxOpenLoops));
        String query = UserText.singleLine(typed).toLowerCase(Locale.ROOT);
        if (query.isEmpty()) {
            return names.stream().limit(SUGGESTIONS).collect(Collectors.toList());
        }
        return names.stream()
                .map(name -> new Ranked(name, fuzzyRank(name.concept().toLowerCase(Locale.ROOT), query)))
                .filter(r -> r.rank < Integer.MAX_VALUE)
                .sorted(Comparator.comparingInt(Ranked::rank))
                .limit(SUGGESTIONS)
                .map(Ranked::name)
                .collect(Collectors.toList());
    }

    /**
     * Finds one of the person's open loops from what they typed: its number as {@code /loops} shows it ({@code 12}
     * or {@code #12}), its concept, or a fragment of exactly one concept ("kalman"), as autocomplete narrows it.
     * A fragment that fits several is refused with the candidates listed.
     */
    public OpenLoop resolve(String ownerId, String reference) {
        String text = UserText.singleLine(reference);
        String digits = text.startsWith("#") ? text.substring(1) : text;
        if (!digits.isEmpty() && digits.chars().allMatch(Character::isDigit) && digits.length() < 18) {
            Optional<OpenLoop> byId = database.read(sql -> store.find(sql, ownerId, Long.parseLong(digits)));
            if (byId.isPresent() && byId.get().isOpen()) {
                return byId.get();
            }
        }
        String key = UserText.key(text);
        if (key.isEmpty()) {
            throw new InvalidInputException(LoopMessages.noSuchOpenLoop());
        }
        Optional<OpenLoop> byConcept = database.read(sql -> store.findOpenByKey(sql, ownerId, key));
        if (byConcept.isPresent()) {
            return byConcept.get();
        }
        List<LoopName> fitting = database.read(sql -> store.openNames(sql, ownerId, maxOpenLoops)).stream()
                .filter(name -> UserText.key(name.concept()).contains(key))
                .collect(Collectors.toList());
        if (fitting.size() > 1) {
            throw new InvalidInputException(LoopMessages.ambiguousLoop(text, fitting));
        }
        return fitting.stream().findFirst()
                .flatMap(name -> database.read(sql -> store.find(sql, ownerId, name.id())))
                .orElseThrow(() -> new InvalidInputException(LoopMessages.noSuchOpenLoop()));
    }

    private static int fuzzyRank(String concept, String query) {
        if (concept.startsWith(query)) {
            return 0;
        }
        int at = concept.indexOf(query);
        if (at > 0 && !Character.isLetterOrDigit(concept.charAt(at - 1))) {
            return 1;
        }
        if (at > 0) {
            return 2;
        }
        int pos = 0;
        int gaps = 0;
        for (int i = 0; i < query.length(); i++) {
            char c = query.charAt(i);
            if (c == ' ') {
                continue;
            }
            int found = concept.indexOf(c, pos);
            if (found < 0) {
                return Integer.MAX_VALUE;
            }
            gaps += found - pos;
            pos = found + 1;
        }
        return 3 + gaps;
    }

    private record Ranked(LoopName name, int rank) {
    }

    private static String cleanConcept(String raw) {
        String concept = UserText.singleLine(raw);
        if (concept.isEmpty()) {
            throw new InvalidInputException(LoopMessages.conceptEmpty());
        }
        if (UserText.length(concept) > MAX_CONCEPT) {
            throw new InvalidInputException(LoopMessages.conceptTooLong(UserText.length(concept)));
        }
        return concept;
    }

    private static String cleanWhy(String raw) {
        String why = UserText.multiLine(raw);
        if (UserText.length(why) > MAX_WHY) {
            throw new InvalidInputException(LoopMessages.whyTooLong(UserText.length(why)));
        }
        return why.isEmpty() ? null : why;
    }

    private static Origin cleanOrigin(Origin origin) {
        if (origin == null) {
            return Origin.none();
        }
        String excerpt = origin.excerpt() == null ? null
                : UserText.shorten(UserText.singleLine(origin.excerpt()), MAX_EXCERPT);
        return new Origin(origin.guildId(), origin.channelId(), origin.messageUrl(),
                excerpt == null || excerpt.isEmpty() ? null : excerpt);
    }
}
