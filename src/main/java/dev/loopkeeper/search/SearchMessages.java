package dev.loopkeeper.search;

import dev.loopkeeper.common.TimeText;
import dev.loopkeeper.common.UserText;
import dev.loopkeeper.loop.LoopFilter;
import dev.loopkeeper.loop.LoopMessages;
import dev.loopkeeper.loop.LoopPage;
import dev.loopkeeper.loop.LoopStatus;
import dev.loopkeeper.loop.OpenLoop;
import dev.loopkeeper.loop.Triage;
import dev.loopkeeper.relevance.MatchReason;
import dev.loopkeeper.relevance.RelevanceIndex;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.StringJoiner;

/**
 * What search and {@code /related} say, shared by both fronts. No scores in a person's view: each loop says in words
 * why it is there ("words: kalman", "implementing Raft rests on quorum intersection", "close in meaning").
 */
public final class SearchMessages {
    /** Discord's limit for an embed description, where both lists are rendered. */
    public static final int BODY_LIMIT = 4096;
    private static final int CONCEPT_SHOWN = 100;
    private static final int QUERY_SHOWN = 100;
    /** A closed result's takeaway, shortened as {@code /loops status:closed} shortens it. */
    private static final int TAKEAWAY_SHOWN = 120;

    private final TimeText time;
    private final LoopMessages loopWords;

    public SearchMessages(TimeText time) {
        this.time = time;
        this.loopWords = new LoopMessages(time);
    }

    public String resultsTitle(SearchService.Results results) {
        String where = results.scope().isServer() ? "this server's " : "your ";
        String stage = results.filter().stage() == LoopFilter.Stage.ALL ? "" : results.filter().stage().label() + " ";
        String triage = results.filter().triage().map(t -> t.label() + " ").orElse("");
        return UserText.fitMessage(256, List.of(UserText.shorten(results.query(), QUERY_SHOWN)), echo -> "Among "
                + where + triage + stage + "loops: \u201c" + echo.get(0) + "\u201d");
    }

    /**
     * One entry per loop found, best first, with why it was found: a closed loop with how and when it ended, its
     * takeaway and how many reflections it holds (and the command that shows them); or what to try when nothing was.
     */
    public String resultsBody(SearchService.Results results) {
        if (results.hits().isEmpty()) {
            String query = UserText.escapeMarkdown(UserText.shorten(results.query(), QUERY_SHOWN));
            String among = results.filter().triage().map(t -> " Only loops triaged " + t.label()
                    + " were searched: leave out triage: to search them all.").orElse("");
            LoopFilter.Stage stage = results.filter().stage();
            String status = stage == LoopFilter.Stage.ALL ? "" : " Only " + stage.label() + " loops were searched: "
                    + "leave out status: to search them all, open and closed.";
            return "Nothing fits \u201c" + query + "\u201d by its words or its meaning." + among + status
                    + " Fewer or other words may find it.";
        }
        List<Entry> hits = new ArrayList<>();
        for (SearchService.Hit hit : results.hits()) {
            OpenLoop loop = hit.loop();
            hits.add(entry(null, loop, results.snoozeOf(loop.id()), why(hit.why()), results.reflectionsOf(loop.id())));
        }
        return fit(hits);
    }

    /**
     * A loop found, as a search or {@code /related} lists it: its line, a closed loop's takeaway, why it is there, and
     * how many reflections it holds with the command that shows them; under {@code heading} when it starts a section.
     */
    private Entry entry(String heading, OpenLoop loop, Optional<LoopPage.Snooze> snooze, String why, long reflections) {
        String takeaway = loop.status() == LoopStatus.CLOSED && loop.takeaway() != null
                ? UserText.shorten(UserText.singleLine(loop.takeaway()), TAKEAWAY_SHOWN) : null;
        String counted = reflections <= 0 ? "" : " · " + (reflections == 1 ? "1 reflection" : reflections
                + " reflections") + ": `/reflections loop:" + loop.id() + "`";
        return new Entry(heading, "`#" + loop.id() + "` **", UserText.shorten(loop.concept(), CONCEPT_SHOWN),
                rest(loop, snooze), takeaway, why, counted);
    }

    /**
     * How many were found and which page this is, and how they were found; null when nothing was found (the body says
     * so already). The fronts add how to reach the next page (buttons on Discord, a line in the console).
     */
    public String resultsFooter(SearchService.Results results) {
        int shown = results.hits().size();
        if (shown == 0) {
            return null;
        }
        if (results.pageCount() > 1) {
            return results.found() + " found, best first, by words, meaning and the concept map \u00b7 page "
                    + (results.page() + 1) + " of " + results.pageCount();
        }
        return shown <= 1 ? "Found by words, meaning and the concept map."
                : "Best first, by words, meaning and the concept map.";
    }

    /** {@code page:} past a search's last page: say how many there are rather than quietly show another one. */
    public static String pastLastPage(String asked, SearchService.Results results) {
        return "What fits \u201c" + UserText.fitEcho(results.query(), QUERY_SHOWN) + "\u201d"
                + (results.pageCount() == 1 ? " fits on one page" : " fills " + results.pageCount() + " pages")
                + "; there is no page " + asked + ".";
    }

    /** On Discord, under a search whose query is too long to ride on Prev/Next: how to turn the page instead. */
    public static String pageByOption(SearchService.Results results) {
        return results.hasNext() ? " \u00b7 next: the same search with page:" + (results.page() + 2) : "";
    }

    public String relatedTitle(SearchService.Related related) {
        return UserText.fitMessage(256, List.of(UserText.shorten(related.loop().concept(), CONCEPT_SHOWN)),
                echo -> "Near " + echo.get(0) + " (#" + related.loop().id() + ")");
    }

    /**
     * The open loops near one loop, each with why, or a calm line when none is; then the closed loops near it, each
     * with how it ended, its takeaway and its reflections: what was finished before that bears on it.
     */
    public String relatedBody(SearchService.Related related) {
        List<Entry> entries = new ArrayList<>();
        if (related.neighbours().isEmpty()) {
            // Not "it stands alone": the tree hangs loops under a core loop on a looser line, and may draw one there.
            entries.add(Entry.plain("None of your other open loops is close enough to this one to list, by its words, "
                    + "its meaning or what it rests on. `/loops query:<words>` searches them all by any word."));
        }
        for (SearchService.Neighbour neighbour : related.neighbours()) {
            entries.add(entry(null, neighbour.loop(), Optional.empty(), why(neighbour.why()), 0));
        }
        // The heading goes with the first closed loop.
        String heading = "\n**Closed before, near it**\n";
        for (SearchService.Neighbour neighbour : related.closed()) {
            entries.add(entry(heading, neighbour.loop(), Optional.empty(), why(neighbour.why()),
                    related.reflectionsOf(neighbour.loop().id())));
            heading = null;
        }
        return fit(entries);
    }

    /** Under the list on Discord, saying what the buttons do. */
    public String relatedFooter(SearchService.Related related) {
        if (related.neighbours().isEmpty()) {
            return "";
        }
        return "Merge folds a loop into #" + related.loop().id() + " (its why and source are kept there); Open starts "
                + "on it now; Open all starts on the whole cluster.";
    }

    /** For the console, where there are no buttons. */
    public String relatedConsoleHint(SearchService.Related related) {
        if (related.neighbours().isEmpty()) {
            return "";
        }
        // No number filled in: the first neighbour is not a suggestion to merge it (it may merely be near).
        return "To fold one in: /merge loop:<its #> into:" + related.loop().id() + " · to start on one: /open loop:<its #>";
    }

    /** Answer to Open all: which loops are active now. */
    public static String openedAll(List<OpenLoop> opened) {
        StringJoiner names = new StringJoiner(", ");
        opened.forEach(loop -> names.add("**" + UserText.escapeMarkdown(UserText.shorten(loop.concept(), 60)) + "**"));
        return fitPlain("Active now: " + names + ". Start with the abstraction: what problem do they solve together, "
                + "and what would force you to invent them?");
    }

    /**
     * What follows a loop's bold concept on its line: {@code · core · status · snoozed until … · parked 3 weeks ago}, as
     * {@code /loops} lists it, with the {@code **} that closes the concept's bold.
     */
    private String rest(OpenLoop loop, Optional<LoopPage.Snooze> snooze) {
        StringBuilder line = new StringBuilder("**");
        if (loop.triage() != Triage.UNTRIAGED) {
            line.append(" · ").append(loop.triage().label());
        }
        if (loop.status() == LoopStatus.CLOSED) {
            // A closed loop reads as its ending, as /loops status:closed shows it: how, and when.
            line.append(" · ").append(loop.outcome() != null ? loop.outcome().label() : "closed");
            if (loop.closedAt() != null) {
                line.append(" · closed ").append(time.date(loop.closedAt()));
            }
            return line.toString();
        } else if (loop.status() == LoopStatus.ACTIVE && loop.phase() != null) {
            line.append(" · ").append(loopWords.phaseSince(loop));
        } else if (loop.status() != LoopStatus.OPEN) {
            line.append(" · ").append(loop.status().db());
        }
        snooze.ifPresent(how -> line.append(" · ").append(loopWords.snoozed(how)));
        line.append(" · parked ").append(time.relative(loop.createdAt()));
        return line.toString();
    }

    private static String why(RelevanceIndex.Found found) {
        List<String> parts = new ArrayList<>();
        if (found.sharedWords().stream().anyMatch(MatchReason::shownAsAWord)) {
            parts.add("words: " + escapedWords(found.sharedWords()));
        } else if (!found.sharedWords().isEmpty() && !found.closeInMeaning() && found.restsOn().isEmpty()) {
            // A one-letter name found as it is written ("R"): the word is the whole reason, shown as such.
            parts.add("words: " + String.join(", ", found.sharedWords().stream().map(UserText::escapeMarkdown)
                    .toList()));
        }
        found.restsOn().ifPresent(r -> parts.add(UserText.escapeMarkdown(r)));
        if (found.closeInMeaning() || parts.isEmpty()) {
            parts.add("close in meaning");
        }
        return String.join("; ", parts);
    }

    private static String why(RelevanceIndex.Near near) {
        List<String> parts = new ArrayList<>();
        if (near.sharedWords().stream().anyMatch(MatchReason::shownAsAWord)) {
            parts.add("shared words: " + escapedWords(near.sharedWords()));
        }
        near.restsOn().ifPresent(r -> parts.add(UserText.escapeMarkdown(r)));
        if (near.closeInMeaning() || parts.isEmpty()) {
            parts.add("close in meaning");
        }
        return String.join("; ", parts);
    }

    private static String escapedWords(List<String> words) {
        StringJoiner joined = new StringJoiner(", ");
        words.stream().filter(MatchReason::shownAsAWord)
                .forEach(w -> joined.add(UserText.escapeMarkdown(UserText.shorten(w, 40))));
        return joined.toString();
    }

    /** Said under a list whose loops were shown without some of their details. */
    static final String DETAILS_LEFT_OUT = "(Some takeaways, reasons or reflection counts are shortened or left out to fit "
            + "one message.)";

    /** How long a takeaway, or a reason a loop is listed, is kept when details are shortened to fit. */
    private static final int DETAIL_SHORTENED = 80;

    /**
     * The loops' entries as an embed's description, counted as JDA counts it: in UTF-16 units, two for an emoji. Every
     * loop stays, as on {@code /loops}: the next page starts after the last one, so a loop left out could never be
     * reached. When they do not all fit, the details give way first (the takeaways and reasons shortened, then the
     * takeaways left out, then the reasons and reflection counts) and the list says so; then each line is cut to its
     * share, inside its concept, so the bold around it stays closed.
     */
    static String fit(List<Entry> entries) {
        for (int level = 0; level <= Entry.NO_DETAILS; level++) {
            String body = render(entries, level, Integer.MAX_VALUE);
            String shown = level == 0 ? body : body + "\n" + DETAILS_LEFT_OUT;
            if (shown.length() <= BODY_LIMIT) {
                return shown;
            }
        }
        int fixed = entries.stream().mapToInt(e -> e.heading() == null ? 0 : e.heading().length()).sum();
        long loops = entries.stream().filter(e -> e.lead() != null).count();
        int share = (int) ((BODY_LIMIT - DETAILS_LEFT_OUT.length() - 1 - fixed - entries.size()) / Math.max(1, loops));
        return UserText.shortenUnits(render(entries, Entry.NO_DETAILS, share) + "\n" + DETAILS_LEFT_OUT, BODY_LIMIT);
    }

    private static String render(List<Entry> entries, int level, int maxLine) {
        StringJoiner lines = new StringJoiner("\n");
        entries.forEach(entry -> lines.add(entry.render(level, maxLine)));
        return lines.toString();
    }

    /**
     * One entry of a list in parts, each shortened or left out in turn when the list is too long: a heading above it
     * (or null), its line (its number, its concept in bold, then the rest: {@code lead}, {@code concept} as typed,
     * {@code rest}), a closed loop's takeaway as typed (or null), why it is listed, and its reflections (or ""). A plain
     * entry is its heading alone.
     */
    record Entry(String heading, String lead, String concept, String rest, String takeaway, String why,
            String reflections) {
        static final int SHORTENED = 1;
        static final int NO_TAKEAWAYS = 2;
        static final int NO_DETAILS = 3;
        /** The least of a concept's echo a line cut to fit keeps, in UTF-16 units, before it cuts the rest of the line. */
        static final int LEAST_CONCEPT = 24;

        static Entry plain(String text) {
            return new Entry(text, null, null, null, null, null, null);
        }

        String render(int level, int maxLine) {
            if (lead == null) {
                return heading;
            }
            StringBuilder out = new StringBuilder(heading == null ? "" : heading).append(head(maxLine));
            if (takeaway != null && level < NO_TAKEAWAYS) {
                out.append("\n  Takeaway: ").append(UserText.fitEchoUnits(takeaway,
                        level < SHORTENED ? Integer.MAX_VALUE : DETAIL_SHORTENED));
            }
            if (level < NO_DETAILS) {
                out.append("\n  ").append(level < SHORTENED ? why : UserText.shortenUnits(why, DETAIL_SHORTENED))
                        .append(reflections);
            }
            return out.toString();
        }

        /**
         * The line in at most {@code max} UTF-16 units, cut inside the concept, before it is escaped, so the bold around
         * it stays closed (as {@code /loops} cuts its lines).
         */
        private String head(int max) {
            String whole = lead + UserText.escapeMarkdown(concept) + rest;
            if (max == Integer.MAX_VALUE || whole.length() <= max) {
                return whole;
            }
            String after = rest.substring(2);
            int room = Math.max(LEAST_CONCEPT, max - lead.length() - 2 - after.length());
            String echo = UserText.fitEchoUnits(concept, room);
            return lead + echo + "**" + UserText.shortenUnits(after, Math.max(0, max - lead.length() - echo.length() - 2));
        }
    }

    private static String fitPlain(String text) {
        return UserText.length(text) <= UserText.MESSAGE_LIMIT ? text : UserText.shorten(text, UserText.MESSAGE_LIMIT);
    }
}
