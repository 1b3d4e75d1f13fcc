package dev.loopkeeper.search;

import dev.loopkeeper.common.InvalidInputException;
import dev.loopkeeper.common.Paged;
import dev.loopkeeper.common.UserText;
import dev.loopkeeper.loop.Actor;
import dev.loopkeeper.loop.LoopFilter;
import dev.loopkeeper.loop.LoopPage;
import dev.loopkeeper.loop.LoopScope;
import dev.loopkeeper.loop.LoopService;
import dev.loopkeeper.loop.OpenLoop;
import dev.loopkeeper.loop.Outcome;
import dev.loopkeeper.relevance.RelevanceIndex;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Searches a person's (or a server's) loops by words and meaning, and finds the loops nearest to one of them. Both
 * read the relevance index reminders use; this class checks the input and who may see what, and pairs the index's
 * answers with the loops themselves.
 */
public final class SearchService {
    /** Longest query, in characters: a few words are what a search needs. */
    public static final int MAX_QUERY = 200;
    /** Results to a page: Prev/Next (or {@code page:}) reach the rest, best first throughout. */
    public static final int SHOWN = 10;
    /** Most loops {@code /related} shows: with one button row each for merge and open, Discord's 5 rows hold it. */
    public static final int RELATED_SHOWN = 5;
    /** Most closed loops {@code /related} shows under the open ones: what was finished before that bears on it. */
    public static final int RELATED_CLOSED_SHOWN = 3;

    private final LoopService loops;
    private final RelevanceIndex relevance;

    public SearchService(LoopService loops, RelevanceIndex relevance) {
        this.loops = loops;
        this.relevance = relevance;
    }

    /**
     * A search's answer: one page of {@link #SHOWN} of the loops found, best first ({@code page} from zero, the last
     * one when a later page was asked), how many were found, how the shown ones that are snoozed are, and how many
     * reflections each shown loop holds (for a person's own loops; none for a server's).
     */
    public record Results(String query, LoopFilter filter, LoopScope scope, List<Hit> hits, int page, int found,
            Map<Long, LoopPage.Snooze> snoozes, Map<Long, Long> reflections) implements Paged {
        public Optional<LoopPage.Snooze> snoozeOf(long loopId) {
            return Optional.ofNullable(snoozes.get(loopId));
        }

        public long reflectionsOf(long loopId) {
            return reflections.getOrDefault(loopId, 0L);
        }

        @Override
        public int pageSize() {
            return SHOWN;
        }

        @Override
        public long total() {
            return found;
        }
    }

    /** One loop found, with why. */
    public record Hit(OpenLoop loop, RelevanceIndex.Found why) {
    }

    /**
     * The loops near one loop, best first: its open neighbours (which the buttons act on), and the closed loops near it
     * with how many reflections each holds.
     */
    public record Related(OpenLoop loop, List<Neighbour> neighbours, List<Neighbour> closed,
            Map<Long, Long> reflections) {
        public Related(OpenLoop loop, List<Neighbour> neighbours) {
            this(loop, neighbours, List.of(), Map.of());
        }

        public long reflectionsOf(long loopId) {
            return reflections.getOrDefault(loopId, 0L);
        }
    }

    /** One loop near another, with why. */
    public record Neighbour(OpenLoop loop, RelevanceIndex.Near why) {
    }

    /** The first page of {@link #search(LoopScope, Actor, String, LoopFilter, int)}. */
    public Results search(LoopScope scope, Actor actor, String query, LoopFilter filter) {
        return search(scope, actor, query, filter, 0);
    }

    /**
     * Loops of the scope in the filter's stage and class that fit the query, best first: page {@code page} (from zero;
     * past the last, the last). Every page scores the person's loops afresh, so a page turned after a loop was closed
     * or parked shows the list as it is then.
     */
    public Results search(LoopScope scope, Actor actor, String query, LoopFilter filter, int page) {
        String owner = LoopService.visibleOwner(scope, actor);
        String clean = cleanQuery(query);
        List<RelevanceIndex.Found> found = relevance.search(owner, clean, filter.stage().statuses());
        // The index holds open and active loops together and knows no class: the stage and class narrow the loops
        // found by their ids, so that the page is cut before any loop is read whole and only its own are (a person's
        // closed loops have no cap: all that matched were read at every click).
        Set<Long> fitting = loops.ids(scope, actor, filter);
        List<RelevanceIndex.Found> kept = found.stream().filter(f -> fitting.contains(f.loopId())).toList();
        int last = Math.max(0, (kept.size() - 1) / SHOWN);
        int at = Math.max(0, Math.min(page, last));
        List<RelevanceIndex.Found> onPage = kept.subList(at * SHOWN, Math.min((at + 1) * SHOWN, kept.size()));
        Map<Long, OpenLoop> byId = loops.byIds(scope, actor, onPage.stream().map(RelevanceIndex.Found::loopId).toList());
        List<Hit> hits = new ArrayList<>();
        for (RelevanceIndex.Found f : onPage) {
            OpenLoop loop = byId.get(f.loopId());
            // Checked again: closed, reclassed or deleted in the moment between the two reads, a loop is left out.
            if (loop != null && filter.stage().statuses().contains(loop.status())
                    && filter.triage().map(t -> t == loop.triage()).orElse(true)) {
                hits.add(new Hit(loop, f));
            }
        }
        List<Hit> shown = List.copyOf(hits);
        Map<Long, LoopPage.Snooze> snoozes = loops.snoozes(scope, actor,
                shown.stream().filter(h -> h.loop().isOpen()).map(h -> h.loop().id()).toList());
        // Reflections are a person's own; a server's loops hold none.
        Map<Long, Long> reflections = scope.isServer() ? Map.of()
                : loops.reflectionCounts(owner, shown.stream().map(h -> h.loop().id()).toList());
        return new Results(clean, filter, scope, shown, at, kept.size(), snoozes, reflections);
    }

    /** The person's other open loops nearest to one of theirs ({@code reference}: its number or concept). */
    public Related related(String ownerId, String reference) {
        OpenLoop loop = loops.resolve(ownerId, reference);
        return related(ownerId, loop);
    }

    /** The same for a loop already found. */
    public Related related(String ownerId, OpenLoop loop) {
        List<RelevanceIndex.Near> near = relevance.related(ownerId, loop.id(), RELATED_SHOWN);
        LoopScope scope = LoopScope.personal(ownerId);
        Map<Long, OpenLoop> byId = loops.byIds(scope, Actor.person(ownerId),
                near.stream().map(RelevanceIndex.Near::loopId).toList());
        List<Neighbour> neighbours = new ArrayList<>();
        for (RelevanceIndex.Near n : near) {
            OpenLoop other = byId.get(n.loopId());
            if (other != null && other.isOpen()) {
                neighbours.add(new Neighbour(other, n));
            }
        }
        // Merged loops are left out as the index reads them; only the few shown are read whole (a few more only when
        // one was reopened or deleted in the meantime).
        List<RelevanceIndex.Near> nearClosed = relevance.relatedClosed(ownerId, loop.id());
        List<Neighbour> closed = new ArrayList<>();
        for (int from = 0; from < nearClosed.size() && closed.size() < RELATED_CLOSED_SHOWN; ) {
            List<RelevanceIndex.Near> next = nearClosed.subList(from,
                    Math.min(nearClosed.size(), from + RELATED_CLOSED_SHOWN - closed.size()));
            Map<Long, OpenLoop> closedById = loops.byIds(scope, Actor.person(ownerId),
                    next.stream().map(RelevanceIndex.Near::loopId).toList());
            for (RelevanceIndex.Near n : next) {
                OpenLoop other = closedById.get(n.loopId());
                if (other != null && !other.isOpen() && other.outcome() != Outcome.MERGED) {
                    closed.add(new Neighbour(other, n));
                }
            }
            from += next.size();
        }
        Map<Long, Long> reflections = loops.reflectionCounts(ownerId, closed.stream().map(n -> n.loop().id()).toList());
        return new Related(loop, List.copyOf(neighbours), List.copyOf(closed), reflections);
    }

    private static String cleanQuery(String raw) {
        if (raw != null && !UserText.isWellFormed(raw)) {
            throw new InvalidInputException(SearchErrors.brokenQuery());
        }
        String query = UserText.singleLine(raw == null ? "" : raw);
        if (query.isEmpty()) {
            throw new InvalidInputException(SearchErrors.emptyQuery());
        }
        if (UserText.length(query) > MAX_QUERY) {
            throw new InvalidInputException(SearchErrors.queryTooLong(UserText.length(query), MAX_QUERY));
        }
        if (!RelevanceIndex.hasContent(query) && !RelevanceIndex.isSymbol(query)) {
            throw new InvalidInputException(SearchErrors.queryWithoutWords(query));
        }
        return query;
    }
}
