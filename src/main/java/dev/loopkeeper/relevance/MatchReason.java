package dev.loopkeeper.relevance;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Why a loop matched a work, in parts a front can word or test: the concept's words the work shares, the foundation a
 * map topic of the work rests on that the loop is close to, the start of the why that brought it closer, and what the
 * person's own feedback taught. It never holds a score: people read {@link #words()}; scores stay in logs and the
 * {@code score} command.
 */
public record MatchReason(List<String> sharedWords, Optional<StructuralMap.Support> restsOn, Optional<String> parkedFor,
        Optional<String> learned, boolean foundational) {

    /** The why's part of {@link #words()}. */
    public static final String PARKED_FOR = "the reason you parked it";

    /** Which parts a reason has; {@link #MEANING} alone when none of the others does. */
    public enum Kind {
        SHARED_WORDS, FOUNDATION, WHY, FEEDBACK, FOUNDATIONAL, MEANING
    }

    public MatchReason {
        sharedWords = List.copyOf(sharedWords);
    }

    public Set<Kind> kinds() {
        Set<Kind> kinds = EnumSet.noneOf(Kind.class);
        if (!sharedWords.isEmpty()) {
            kinds.add(Kind.SHARED_WORDS);
        }
        restsOn.ifPresent(r -> kinds.add(Kind.FOUNDATION));
        parkedFor.ifPresent(w -> kinds.add(Kind.WHY));
        learned.ifPresent(l -> kinds.add(Kind.FEEDBACK));
        if (foundational) {
            kinds.add(Kind.FOUNDATIONAL);
        }
        if (kinds.isEmpty()) {
            kinds.add(Kind.MEANING);
        }
        return kinds;
    }

    /** A shared token of one character ("b" of "B-tree") counts in the score but reads as noise in a reason. */
    public static boolean shownAsAWord(String word) {
        return word.codePointCount(0, word.length()) > 1;
    }

    /**
     * One line in words, such as {@code shared words: kalman, filter}, {@code Raft rests on quorum intersection} or
     * {@code the reason you parked it}, and {@code a foundation of much other work} when the generality prior lifted a
     * loop the work does not name; {@code close in meaning} when nothing more specific. The why itself is not quoted:
     * a reminder shows it in full under "Why it matters", and quoted here it read twice in one box.
     */
    public String words() {
        List<String> parts = new ArrayList<>();
        List<String> shown = sharedWords.stream().filter(MatchReason::shownAsAWord).toList();
        if (!shown.isEmpty()) {
            parts.add("shared words: " + String.join(", ", shown));
        }
        restsOn.ifPresent(r -> parts.add(r.words()));
        parkedFor.ifPresent(why -> parts.add(PARKED_FOR));
        learned.ifPresent(parts::add);
        if (foundational) {
            parts.add("a foundation of much other work");
        }
        if (parts.isEmpty()) {
            parts.add("close in meaning");
        }
        return String.join("; ", parts);
    }
}
