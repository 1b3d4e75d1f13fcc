package dev.loopkeeper.loop;

import dev.loopkeeper.common.TimeText;
import dev.loopkeeper.common.UserText;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.StringJoiner;

/**
 * Everything Loopkeeper says about loops, shared by the Discord and console fronts. Calm and brief: counts are facts,
 * not debts. Every message that echoes what a person typed fits Discord's limits by construction: the echo is
 * shortened, never the stored text ({@link UserText#fitMessage}). What the rules say when they refuse something is in
 * {@link LoopErrors}.
 */
public final class LoopMessages {
    /** Discord's limit for an embed description; a page of loops is rendered into one. */
    public static final int PAGE_TEXT_LIMIT = 4096;
    private static final int LIST_CONCEPT = 100;
    private static final int LIST_WHY = 80;
    private static final int LIST_TAKEAWAY = 120;
    /** Notes shown under a loop in a list; older ones are counted. */
    private static final int LIST_NOTES = 2;

    private final TimeText time;

    public LoopMessages(TimeText time) {
        this.time = time;
    }

    public String parked(OpenLoop loop, long openCount) {
        return parked(new ParkResult.Parked(loop, openCount, Optional.empty()));
    }

    /** A saved park; a near-duplicate is named, so the person may merge the two. */
    public String parked(ParkResult.Parked parked) {
        OpenLoop loop = parked.loop();
        List<String> echoes = new ArrayList<>(List.of(loop.concept()));
        if (loop.why() != null) {
            echoes.add(UserText.singleLine(loop.why()));
        }
        parked.closeTo().ifPresent(close -> echoes.add(close.concept()));
        return UserText.fitMessage(UserText.MESSAGE_LIMIT, echoes, echo -> {
            StringBuilder text = new StringBuilder("Parked **").append(echo.get(0)).append("**.");
            if (loop.why() != null) {
                text.append("\nWhy it matters: ").append(echo.get(1));
            }
            text.append("\nIt will come back when it becomes structurally relevant. ")
                    .append(countOpen(parked.openCount())).append('.');
            parked.closeTo().ifPresent(close -> text.append("\nIt looks close to your open loop **")
                    .append(echo.get(echo.size() - 1)).append("** (#").append(close.id()).append(", parked ")
                    .append(time.relative(close.createdAt()))
                    .append("). Both are parked; if they are one concept, you can merge this one into it."));
            return text.toString();
        });
    }

    /** The concept was already open: no second loop; says what was added to the one there is. */
    public String alreadyOpen(ParkResult.AlreadyOpen result) {
        OpenLoop loop = result.existing();
        Optional<LoopNote> added = result.added();
        String newWhy = added.map(LoopNote::why).map(UserText::singleLine).orElse(null);
        boolean newSource = added.isPresent() && !added.get().origin().isEmpty();
        List<String> echoes = newWhy == null ? List.of(loop.concept()) : List.of(loop.concept(), newWhy);
        return UserText.fitMessage(UserText.MESSAGE_LIMIT, echoes, echo -> {
            String head = "You already have **" + echo.get(0) + "** open, #" + loop.id() + ", parked "
                    + time.relative(loop.createdAt()) + ".";
            if (newWhy != null) {
                return head + (newSource ? " I added this why and where it came from to it:" : " I added this why to it:")
                        + "\n" + echo.get(1);
            }
            return head + (newSource ? " I added where this came from to it." : " Nothing new to add, so it stays as it was.");
        });
    }

    public String merged(Merged merged) {
        OpenLoop from = merged.from();
        OpenLoop into = merged.into();
        return UserText.fitMessage(UserText.MESSAGE_LIMIT, List.of(from.concept(), into.concept()),
                echo -> "Merged **" + echo.get(0) + "** (#" + from.id() + ") into **" + echo.get(1) + "** (#"
                        + into.id() + "). Its why and source are kept there; still one loop, still parked.");
    }

    /** A click on a button of the retired "keep both or cancel" question, which may linger in a client. */
    public String noChoiceNeeded() {
        return "Parks no longer wait on a choice: this one was kept, as its own loop or added to the one you had. "
                + "See /loops; /close lets go of a loop you don't want.";
    }

    /** For the console, where there is no button: how to merge a near-duplicate. */
    public String mergeHint(long loopId, long intoId) {
        return "To merge them: /merge loop:" + loopId + " into:" + intoId;
    }

    public String closed(OpenLoop loop) {
        List<String> echoes = loop.takeaway() == null ? List.of(loop.concept()) : List.of(loop.concept(), loop.takeaway());
        return UserText.fitMessage(UserText.MESSAGE_LIMIT, echoes, echo -> "Closed **" + echo.get(0) + "** as "
                + loop.outcome().label() + "." + (echo.size() > 1 ? "\nTakeaway: " + echo.get(1) : ""));
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
            noteLines(page.notesOf(loop.id())).forEach(note -> line.append("\n  + ").append(note));
            lines.add(line);
        }
        String body = lines.toString();
        return UserText.length(body) <= PAGE_TEXT_LIMIT ? body : UserText.shorten(body, PAGE_TEXT_LIMIT);
    }

    /**
     * What a loop gathered after it was parked, one line each: the latest {@value #LIST_NOTES} (a why, or for a merged
     * loop its concept and why, with when and where), and how many earlier ones there are.
     */
    private List<String> noteLines(List<LoopNote> notes) {
        List<String> lines = new ArrayList<>();
        int earlier = Math.max(0, notes.size() - LIST_NOTES);
        if (earlier > 0) {
            lines.add(earlier == 1 ? "1 earlier note" : earlier + " earlier notes");
        }
        for (LoopNote note : notes.subList(earlier, notes.size())) {
            StringJoiner parts = new StringJoiner(" · ");
            if (note.mergedFrom() != null) {
                parts.add("merged from #" + note.mergedFrom() + " **"
                        + escape(UserText.shorten(note.concept(), LIST_CONCEPT)) + "**");
            }
            if (note.why() != null) {
                parts.add(escape(UserText.shorten(UserText.singleLine(note.why()), LIST_WHY)));
            } else if (note.mergedFrom() == null) {
                parts.add("parked again");
            }
            parts.add(time.relative(note.createdAt()));
            sourceLink(note.origin()).ifPresent(url -> parts.add("[source](" + url + ")"));
            lines.add(parts.toString());
        }
        return lines;
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


    public static String countOpen(long openCount) {
        return openCount == 1 ? "1 open loop" : openCount + " open loops";
    }

    /** Escapes Discord markdown (see {@link UserText#escapeMarkdown}). */
    public static String escape(String text) {
        return UserText.escapeMarkdown(text);
    }

    private static String capitalised(String word) {
        return Character.toUpperCase(word.charAt(0)) + word.substring(1);
    }
}
