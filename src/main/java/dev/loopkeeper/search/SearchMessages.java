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
        List<String> hits = new ArrayList<>();
        for (SearchService.Hit hit : results.hits()) {
            OpenLoop loop = hit.loop();
            hits.add(entry(loop, results.snoozeOf(loop.id()), why(hit.why()), results.reflectionsOf(loop.id())));
        }
        return fit(hits);
    }

    /**
     * A loop found, as a search or {@code /related} lists it: its line, a closed loop's takeaway, why it is there, and
     * how many reflections it holds with the command that shows them.
     */
    private String entry(OpenLoop loop, Optional<LoopPage.Snooze> snooze, String why, long reflections) {
        StringBuilder entry = new StringBuilder(line(loop, snooze));
        if (loop.status() == LoopStatus.CLOSED && loop.takeaway() != null) {
            entry.append("\n  Takeaway: ").append(UserText.escapeMarkdown(
                    UserText.shorten(UserText.singleLine(loop.takeaway()), TAKEAWAY_SHOWN)));
        }
        entry.append("\n  ").append(why);
        if (reflections > 0) {
            entry.append(" · ").append(reflections == 1 ? "1 reflection" : reflections + " reflections")
                    .append(": `/reflections loop:").append(loop.id()).append('`');
        }
        return entry.toString();
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
        List<String> entries = new ArrayList<>();
        if (related.neighbours().isEmpty()) {
            // Not "it stands alone": the tree hangs loops under a core loop on a looser line, and may draw one there.
            entries.add("None of your other open loops is close enough to this one to list, by its words, its meaning "
                    + "or what it rests on. `/loops query:<words>` searches them all by any word.");
        }
        for (SearchService.Neighbour neighbour : related.neighbours()) {
            entries.add(line(neighbour.loop(), Optional.empty()) + "\n  " + why(neighbour.why()));
        }
        // The heading goes with the first closed loop: left out to fit, it is not counted as a loop.
        String heading = "\n**Closed before, near it**\n";
        for (SearchService.Neighbour neighbour : related.closed()) {
            entries.add(heading + entry(neighbour.loop(), Optional.empty(), why(neighbour.why()),
                    related.reflectionsOf(neighbour.loop().id())));
            heading = "";
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

    /** {@code `#12` **concept** · core · status · snoozed until … · parked 3 weeks ago}, as {@code /loops} lists it. */
    private String line(OpenLoop loop, Optional<LoopPage.Snooze> snooze) {
        StringBuilder line = new StringBuilder("`#").append(loop.id()).append("` **")
                .append(UserText.escapeMarkdown(UserText.shorten(loop.concept(), CONCEPT_SHOWN))).append("**");
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

    /**
     * The loops' entries as an embed's description, counted as JDA counts it: in UTF-16 units, two for an emoji. When
     * they do not all fit, the last ones are left out whole and the list says how many: cut as one text, the last
     * loop shown could end inside its {@code **}, and its concept and the rest of its line read as stray stars.
     */
    static String fit(List<String> entries) {
        String all = String.join("\n", entries);
        if (all.length() <= BODY_LIMIT) {
            return all;
        }
        StringJoiner shown = new StringJoiner("\n");
        int count = 0;
        for (String entry : entries) {
            int after = shown.length() + (count == 0 ? 0 : 1) + entry.length();
            if (after + 1 + leftOut(entries.size() - count - 1).length() > BODY_LIMIT) {
                break;
            }
            shown.add(entry);
            count++;
        }
        return count == 0 ? UserText.shortenUnits(all, BODY_LIMIT) : shown + "\n" + leftOut(entries.size() - count);
    }

    private static String leftOut(int loops) {
        return "(" + loops + (loops == 1 ? " more loop is" : " more loops are") + " left out to fit one message.)";
    }

    private static String fitPlain(String text) {
        return UserText.length(text) <= UserText.MESSAGE_LIMIT ? text : UserText.shorten(text, UserText.MESSAGE_LIMIT);
    }
}
