package dev.loopkeeper.triage;

import dev.loopkeeper.common.TimeText;
import dev.loopkeeper.common.UserText;
import dev.loopkeeper.loop.LoopMessages;
import dev.loopkeeper.loop.OpenLoop;
import dev.loopkeeper.loop.Triage;
import dev.loopkeeper.relevance.RelevanceIndex;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.StringJoiner;

/** What triage says, on Discord and in the console alike. */
public final class TriageMessages {
    /** How much of a concept {@link #decidedElsewhere} quotes: it leads a card, which must still fit one message. */
    private static final int ELSEWHERE_ECHO = 100;
    private final TimeText time;

    public TriageMessages(TimeText time) {
        this.time = time;
    }

    /**
     * One card: the concept, why, age and source, the suggested class with its one-line reason, and how many loops are
     * left. It echoes the concept, the why and what the suggestion compared with, and fits one message by construction.
     */
    public String card(TriageCard card) {
        return card(card, "");
    }

    /**
     * The same under a line {@code lead} (at most a few hundred characters, such as {@link #decidedElsewhere}): the
     * card is fitted with it into one message.
     */
    public String card(TriageCard card, String lead) {
        OpenLoop loop = card.loop();
        List<String> echoes = new ArrayList<>(List.of(UserText.singleLine(loop.concept())));
        boolean hasWhy = loop.why() != null;
        if (hasWhy) {
            echoes.add(UserText.singleLine(loop.why()));
        }
        boolean hasAgainst = card.suggestion().map(s -> s.against() != null).orElse(false);
        if (hasAgainst) {
            echoes.add(UserText.singleLine(card.suggestion().get().against()));
        }
        String source = LoopMessages.sourceLink(loop.origin()).map(url -> " · [source](" + url + ")").orElse("");
        return UserText.fitMessage(UserText.MESSAGE_LIMIT, echoes, echo -> {
            StringBuilder text = new StringBuilder(lead.isEmpty() ? "" : lead + "\n\n").append("**").append(echo.get(0)).append("** (#").append(loop.id())
                    .append(") · parked ").append(time.relative(loop.createdAt())).append(source);
            if (hasWhy) {
                text.append("\nWhy: ").append(echo.get(1));
            }
            text.append('\n').append(suggestionLine(card, hasAgainst ? echo.get(echo.size() - 1) : null));
            // Counted as the card is drawn: a loop parked meanwhile (another client, a second console) joins the
            // pass, so "the last card of this pass" could be followed by another card. Only the present is claimed.
            text.append('\n').append(card.left() == 1 ? "The last card for now."
                    : card.left() + " cards left in this pass, this one included.");
            return text.toString();
        });
    }

    private static String suggestionLine(TriageCard card, String against) {
        if (card.suggestion().isEmpty() && card.notReady()) {
            return "No suggestion yet: its meaning is still being worked out (for a minute or so after an import or an "
                    + "update), so it cannot be compared with your focus and core loops yet.";
        }
        if (card.suggestion().isEmpty()) {
            return RelevanceIndex.hasContent(card.loop().concept())
                    ? "No suggestion: nothing to compare it with yet. A focus, or a core loop with words of its own, gives one."
                    : "No suggestion: its words are all short or common, or symbols, so there is nothing to compare.";
        }
        Suggestion s = card.suggestion().get();
        String reason = switch (s.basis()) {
            case FOCUS -> s.triage() == Triage.CORE ? "it matches what you work on now, \u201c" + against + "\u201d"
                    : "it is near what you work on now, \u201c" + against + "\u201d, not at its centre";
            case CORE_LOOP -> s.triage() == Triage.CORE ? "it is close to your core loop \u201c" + against + "\u201d"
                    : "it is near your core loop \u201c" + against + "\u201d";
            case OPENED -> "you opened it and work on it now"
                    + (card.loop().phase() == null ? "" : " (" + card.loop().phase().label() + ")");
            case FAR -> "it is far from your core loops and from what you work on now";
            case FAR_FROM_FOCUS -> "it is far from what you work on now";
            case FAR_FROM_CORE -> "it is far from your core loops";
        };
        return "Suggested: **" + s.triage().label() + "**: " + reason + ".";
    }

    /**
     * The end of a pass: what it decided, such as "Triaged 4: 1 core, 2 adjacent, 1 peripheral; 1 skipped". When it
     * decided nothing, that there is nothing to triage: every open loop has a class, or (with {@code anyOpen} false)
     * there is no open loop at all. {@code untriaged} is how many open loops still have no class when the pass ends:
     * all of them were skipped in this pass, on another device or in another console when this one skipped none, so
     * "every open loop has a class" would be false then.
     */
    public static String summary(Tally tally, boolean anyOpen, long untriaged) {
        if (tally.triaged() == 0 && tally.skipped() == 0 && !anyOpen) {
            return "Nothing to triage: you have no open loops. Park an idea with /park concept:<idea> and it waits here "
                    + "for a class.";
        }
        if (tally.triaged() == 0 && tally.skipped() == 0 && untriaged > 0) {
            return "Nothing left in this pass: " + (untriaged == 1 ? "the 1 loop still without a class was"
                    : "the " + untriaged + " loops still without a class were") + " skipped in it elsewhere, and "
                    + (untriaged == 1 ? "comes" : "come") + " back next time you run /triage.";
        }
        return summary(tally);
    }

    /** The end of a pass when some open loop is left: see {@link #summary(Tally, boolean, long)}. */
    public static String summary(Tally tally) {
        if (tally.triaged() == 0 && tally.skipped() == 0) {
            return "Nothing to triage: every open loop has a class.";
        }
        StringJoiner parts = new StringJoiner(", ");
        if (tally.core() > 0) {
            parts.add(tally.core() + " core");
        }
        if (tally.adjacent() > 0) {
            parts.add(tally.adjacent() + " adjacent");
        }
        if (tally.peripheral() > 0) {
            parts.add(tally.peripheral() + " peripheral");
        }
        if (tally.letGo() > 0) {
            parts.add(tally.letGo() + " let go");
        }
        String text = "Triaged " + tally.triaged() + (parts.length() > 0 ? ": " + parts : "");
        if (tally.skipped() > 0) {
            text += "; " + tally.skipped() + " skipped. Skipped loops come back after the others next time you run "
                    + "/triage.";
        } else {
            text += ".";
        }
        return text;
    }

    /** A class set directly, or with the park's Core button. */
    public static String classified(OpenLoop loop) {
        return UserText.fitMessage(UserText.MESSAGE_LIMIT, List.of(UserText.singleLine(loop.concept())),
                echo -> "**" + echo.get(0) + "** is " + loop.triage().label() + " now.");
    }

    /** The park's extra line when the new concept already matches the person's active focus. */
    public static String matchesFocus(String focus) {
        return "It matches what you work on now, \u201c" + UserText.fitEcho(UserText.singleLine(focus), 100)
                + "\u201d: a candidate for core.";
    }

    /**
     * A card answered after its loop was closed or classified elsewhere (another process, another client,
     * {@code /triage loop:}): what happened to it (gone, closed, merged into another, classified), and that the answer
     * changed nothing. The pass goes on with the next card.
     */
    public static String decidedElsewhere(TriageService.Elsewhere elsewhere) {
        long loopId = elsewhere.loopId();
        Optional<OpenLoop> now = elsewhere.now();
        Optional<OpenLoop> into = elsewhere.into();
        if (now.isEmpty()) {
            return "#" + loopId + " was removed elsewhere meanwhile, so your answer changed nothing.";
        }
        OpenLoop loop = now.get();
        String what;
        if (into.isPresent()) {
            what = "merged into **" + UserText.fitEcho(UserText.singleLine(into.get().concept()), ELSEWHERE_ECHO)
                    + "** (#" + into.get().id() + ")";
        } else if (!loop.isOpen()) {
            what = loop.ending();
        } else if (loop.triage() != Triage.UNTRIAGED) {
            what = "marked " + loop.triage().label();
        } else {
            what = "changed";
        }
        return "**" + UserText.fitEcho(UserText.singleLine(loop.concept()), ELSEWHERE_ECHO) + "** (#" + loopId + ") was "
                + what + " elsewhere meanwhile, so your answer changed nothing for it.";
    }

    /**
     * {@code /triage loop:} naming one of the server's shared loops: its class is not one person's to set; the group
     * decides it with a poll.
     */
    public static String serverLoopIsTheGroups(OpenLoop shared) {
        return "**" + UserText.fitEcho(UserText.singleLine(shared.concept()), ELSEWHERE_ECHO) + "** (#" + shared.id()
                + ") is one of this server's shared loops: the group decides its class with a poll, /triage poll:"
                + shared.id() + " (started by someone with Manage Server or the server's poll role). /triage loop: sets "
                + "the class of your own loops. Nothing was changed.";
    }

    public static String classNeedsLoop() {
        return "A class needs a loop: /triage loop:<loop> class:core. Or run /triage alone to go through your queue.";
    }

    public static String loopNeedsClass() {
        return "Which class? Add class:core, class:adjacent or class:peripheral. Nothing was changed.";
    }

    public static String unknownClass(String given) {
        return "Unknown class '" + UserText.fitEcho(UserText.singleLine(given), 40)
                + "'. Use core, adjacent or peripheral. Nothing was changed.";
    }
}
