package dev.loopkeeper.loop;

import dev.loopkeeper.common.TimeText;
import dev.loopkeeper.common.UserText;
import java.util.List;
import java.util.Optional;
import java.util.StringJoiner;

/**
 * Everything Loopkeeper says about loops, shared by the Discord and console fronts. Calm and brief:
 * counts are facts, not debts.
 */
public final class LoopMessages {
    /** Discord's limit for an embed description; a page of loops is rendered into one. */
    public static final int PAGE_TEXT_LIMIT = 4096;
    private static final int LIST_CONCEPT = 100;
    private static final int LIST_WHY = 80;
    private static final int LIST_TAKEAWAY = 120;
    private static final int AMBIGUOUS_SHOWN = 5;

    private final TimeText time;

    public LoopMessages(TimeText time) {
        this.time = time;
    }

    public String parked(OpenLoop loop, long openCount) {
        StringBuilder text = new StringBuilder("Parked **").append(escape(loop.concept())).append("**.");
        if (loop.why() != null) {
            text.append("\nWhy it matters: ").append(escape(UserText.singleLine(loop.why())));
        }
        text.append("\nIt will come back when it becomes structurally relevant. ")
                .append(countOpen(openCount)).append('.');
        return text.toString();
    }

    public String duplicate(OpenLoop existing) {
        return "You already have an open loop for **" + escape(existing.concept()) + "** (#" + existing.id()
                + ", parked " + time.relative(existing.createdAt()) + "). Keep both, or cancel this one?";
    }

    public String nearDuplicate(OpenLoop existing) {
        return "This looks very close to your open loop **" + escape(existing.concept()) + "** (#" + existing.id()
                + ", parked " + time.relative(existing.createdAt()) + "). Merge them, or keep both?";
    }

    public String merged(OpenLoop into) {
        return "Merged into **" + escape(into.concept()) + "** (#" + into.id() + "). Still one loop, still parked.";
    }

    public String duplicateCancelled() {
        return "Cancelled. Your earlier loop stays as it was.";
    }

    public String closed(OpenLoop loop) {
        StringBuilder text = new StringBuilder("Closed **").append(escape(loop.concept())).append("** as ")
                .append(loop.outcome().label()).append('.');
        if (loop.takeaway() != null) {
            text.append("\nTakeaway: ").append(escape(loop.takeaway()));
        }
        return text.toString();
    }

    public String pageTitle(LoopPage page) {
        String what = page.filter().stage() == LoopFilter.Stage.ALL ? "All loops" : capitalised(page.filter().stage().label()) + " loops";
        String triage = page.filter().triage().map(t -> " · " + t.label()).orElse("");
        return what + triage + " (" + page.total() + ")";
    }

    /** The page's loops, one per line (two with a why), newest first. */
    public String pageBody(LoopPage page) {
        if (page.loops().isEmpty()) {
            return page.filter().stage() == LoopFilter.Stage.OPEN && page.filter().triage().isEmpty()
                    ? "No open loops. Park one with /park when a concept tugs at you."
                    : "No loops match.";
        }
        StringJoiner lines = new StringJoiner("\n");
        for (OpenLoop loop : page.loops()) {
            StringBuilder line = new StringBuilder("`#").append(loop.id()).append("` **")
                    .append(escape(UserText.shorten(loop.concept(), LIST_CONCEPT))).append("**");
            if (loop.triage() != Triage.UNTRIAGED) {
                line.append(" · ").append(loop.triage().label());
            }
            boolean closed = loop.status() == LoopStatus.CLOSED;
            if (closed) {
                // A closed loop reads as its ending: how, when, and the one line it left behind.
                line.append(" · ").append(loop.outcome() != null ? loop.outcome().label() : "closed");
                if (loop.closedAt() != null) {
                    line.append(" · closed ").append(time.date(loop.closedAt()));
                }
            } else {
                if (loop.status() != LoopStatus.OPEN) {
                    line.append(" · ").append(loop.status().db());
                }
                line.append(" · ").append(time.relative(loop.createdAt()));
            }
            sourceLink(loop.origin()).ifPresent(url -> line.append(" · [source](").append(url).append(')'));
            if (closed && loop.takeaway() != null) {
                line.append("\n  Takeaway: ").append(escape(UserText.shorten(loop.takeaway(), LIST_TAKEAWAY)));
            } else if (loop.why() != null) {
                line.append("\n  ").append(escape(UserText.shorten(UserText.singleLine(loop.why()), LIST_WHY)));
            }
            lines.add(line);
        }
        String body = lines.toString();
        return UserText.length(body) <= PAGE_TEXT_LIMIT ? body : UserText.shorten(body, PAGE_TEXT_LIMIT);
    }

    /** The parked message, or at least the server channel where /park was used; nothing for DMs and the console. */
    static Optional<String> sourceLink(Origin origin) {
        if (origin.messageUrl() != null) {
            return Optional.of(origin.messageUrl());
        }
        if (origin.guildId() != null && origin.channelId() != null) {
            return Optional.of("https://discord.com/channels/" + origin.guildId() + "/" + origin.channelId());
        }
        return Optional.empty();
    }

    public String pageFooter(LoopPage page) {
        return "Page " + (page.page() + 1) + " of " + page.pageCount();
    }

    /** A loop opened with {@code /open} or a reminder's "Open it now". */
    public static String activated(OpenLoop loop) {
        return "**" + escape(loop.concept()) + "** is active now. Start with the abstraction: what problem does it "
                + "solve, and what would force you to invent it?";
    }

    /** What a person typed for a loop fits several open loops: name them, so the next try is exact. */
    public static String ambiguousLoop(String typed, List<LoopStore.LoopName> candidates) {
        StringJoiner names = new StringJoiner(", ");
        candidates.stream().limit(AMBIGUOUS_SHOWN).forEach(c -> names.add("**"
                + escape(UserText.shorten(c.concept(), LIST_CONCEPT)) + "** (#" + c.id() + ")"));
        String more = candidates.size() > AMBIGUOUS_SHOWN ? " and " + (candidates.size() - AMBIGUOUS_SHOWN) + " more" : "";
        return "'" + escape(UserText.shorten(typed, LIST_CONCEPT)) + "' fits " + candidates.size()
                + " of your open loops: " + names + more + ". Type more of the concept, or its number.";
    }

    public static String countOpen(long openCount) {
        return openCount == 1 ? "1 open loop" : openCount + " open loops";
    }

    public static String conceptEmpty() {
        return "The concept is empty. Give it a few words, such as `/park concept:reverse-mode autodiff`.";
    }

    public static String conceptTooLong(int length) {
        return "The concept is " + length + " characters; keep it to " + LoopService.MAX_CONCEPT
                + " and put the rest in `why`. Nothing was saved.";
    }

    public static String whyTooLong(int length) {
        return "The why is " + length + " characters; keep it to " + LoopService.MAX_WHY + ". Nothing was saved.";
    }

    public static String takeawayTooLong(int length) {
        return "The takeaway is " + length + " characters; one line of up to " + LoopService.MAX_TAKEAWAY
                + " fits. The loop is still open.";
    }

    public static String tooManyOpen(int max) {
        return "You have " + max + " open loops, the most Loopkeeper keeps for one person. "
                + "Close or let go of a few with /close, then park this one. Nothing was saved.";
    }

    public static String noSuchOpenLoop() {
        return "I can't find that among your open loops. Pick one from the list as you type, or see /loops.";
    }

    public static String draftGone() {
        return "That choice has expired or was already made. Park the concept again if you still want it.";
    }

    public static String unknownStatus(String given) {
        return "Unknown status '" + given + "'. Use open, active, closed, archived or all.";
    }

    public static String unknownTriage(String given) {
        return "Unknown triage class '" + given + "'. Use untriaged, core, adjacent or peripheral.";
    }

    public static String unknownOutcome(String given) {
        return "Unknown outcome '" + given + "'. Use learned, applied, merged or let go.";
    }

    /**
     * Escapes Discord markdown so a concept such as {@code **x**} shows as typed. A {@code >} only quotes at the
     * start of a line, so elsewhere it is left alone and {@code <@&123>} reads as typed (it pings nobody: allowed
     * mentions are always empty).
     */
    public static String escape(String text) {
        StringBuilder out = new StringBuilder(text.length() + 8);
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            boolean lineStart = i == 0 || text.charAt(i - 1) == '\n';
            if ("\\*_~`|[]".indexOf(c) >= 0 || c == '>' && lineStart) {
                out.append('\\');
            }
            out.append(c);
        }
        return out.toString();
    }

    private static String capitalised(String word) {
        return Character.toUpperCase(word.charAt(0)) + word.substring(1);
    }
}
