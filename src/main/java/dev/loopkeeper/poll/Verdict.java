package dev.loopkeeper.poll;

import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * What a final tally decides, by the poll rules: fewer votes than the quorum decide nothing; a first place shared by
 * two or more answers decides nothing (a tie); otherwise the answer with the most votes wins. A loop no longer open
 * when the poll ends is left as it is.
 *
 * @param leaders the answers with the most votes (one for a win, several for a tie, none when no vote was cast)
 */
public record Verdict(Kind kind, List<PollAnswer> leaders) {

    /** The outcomes a poll can have; stored as {@link #db()}. */
    public enum Kind {
        CORE, ADJACENT, PERIPHERAL, LET_GO, TIE, QUORUM, NOT_OPEN;

        public String db() {
            return name().toLowerCase(Locale.ROOT);
        }

        public static Kind fromDb(String value) {
            return valueOf(value.toUpperCase(Locale.ROOT));
        }

        public static Kind of(PollAnswer answer) {
            return valueOf(answer.name());
        }
    }

    public Verdict {
        leaders = List.copyOf(leaders);
    }

    /** The rules applied to a final tally, for a loop that is still open. */
    public static Verdict of(PollVotes votes, int quorum) {
        int most = PollAnswer.ALL.stream().mapToInt(votes::of).max().orElse(0);
        List<PollAnswer> leaders = most == 0 ? List.of()
                : PollAnswer.ALL.stream().filter(a -> votes.of(a) == most).collect(Collectors.toList());
        if (votes.total() < quorum) {
            return new Verdict(Kind.QUORUM, leaders);
        }
        if (leaders.size() != 1) {
            return new Verdict(Kind.TIE, leaders);
        }
        return new Verdict(Kind.of(leaders.get(0)), leaders);
    }

    /** The winning answer, when the poll decided one. */
    public Optional<PollAnswer> winner() {
        return switch (kind) {
            case CORE, ADJACENT, PERIPHERAL, LET_GO -> Optional.of(leaders.get(0));
            default -> Optional.empty();
        };
    }
}
