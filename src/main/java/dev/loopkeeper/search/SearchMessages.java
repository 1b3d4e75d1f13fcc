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

    /** One line per loop found, best first, with why it was found; or what to try when nothing was. */
    public String resultsBody(SearchService.Results results) {
        if (results.hits().isEmpty()) {
            String query = UserText.escapeMarkdown(UserText.shorten(results.query(), QUERY_SHOWN));
            boolean open = results.filter().stage() == LoopFilter.Stage.OPEN;
            String among = results.filter().triage().map(t -> " Only loops triaged " + t.label()
                    + " were searched: leave out triage: to search them all.").orElse("");
            return "Nothing fits \u201c" + query + "\u201d by its words or its meaning." + among + (open
                    ? " Closed loops are not searched unless you ask: add status:all (or status:closed)." : "")
                    + " Fewer or other words may find it.";
        }
        List<String> hits = new ArrayList<>();
        for (SearchService.Hit hit : results.hits()) {
            hits.add(line(hit.loop(), results.snoozeOf(hit.loop().id())) + "\n  " + why(hit.why()));
        }
        return fit(hits);
    }

    /** How the results were found and ordered; null when nothing was found (the body says so already). */
    public String resultsFooter(SearchService.Results results) {
        int shown = results.hits().size();
        if (shown == 0) {
            return null;
        }
        if (results.found() > shown) {
            return "The best " + shown + " of " + results.found() + ", best first. More words narrow it.";
        }
        return shown <= 1 ? "Found by words, meaning and the concept map."
                : "Best first, by words, meaning and the concept map.";
    }

    public String relatedTitle(SearchService.Related related) {
        return UserText.fitMessage(256, List.of(UserText.shorten(related.loop().concept(), CONCEPT_SHOWN)),
                echo -> "Near " + echo.get(0) + " (#" + related.loop().id() + ")");
    }

    /** The loops near one loop, each with why, or a calm line when none is. */
    public String relatedBody(SearchService.Related related) {
        if (related.neighbours().isEmpty()) {
            // Not "it stands alone": the tree hangs loops under a core loop on a looser line, and may draw one there.
            return "None of your other open loops is close enough to this one to list, by its words, its meaning or "
                    + "what it rests on. `/loops query:<words>` searches them all by any word.";
        }
        List<String> near = new ArrayList<>();
        for (SearchService.Neighbour neighbour : related.neighbours()) {
            near.add(line(neighbour.loop(), Optional.empty()) + "\n  " + why(neighbour.why()));
        }
        return fit(near);
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
        if (loop.status() == LoopStatus.CLOSED && loop.outcome() != null) {
            line.append(" · ").append(loop.outcome().label());
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
