package dev.loopkeeper.poll;

import java.util.EnumMap;
import java.util.Map;

/** A poll's tally: votes per answer. */
public record PollVotes(int core, int adjacent, int peripheral, int letGo) {

    public static final PollVotes NONE = new PollVotes(0, 0, 0, 0);

    public PollVotes {
        if (core < 0 || adjacent < 0 || peripheral < 0 || letGo < 0) {
            throw new IllegalArgumentException("Votes cannot be negative");
        }
    }

    /** A tally from counts per answer; an answer missing from the map had no votes (as Discord reports it). */
    public static PollVotes of(Map<PollAnswer, Integer> counts) {
        return new PollVotes(counts.getOrDefault(PollAnswer.CORE, 0), counts.getOrDefault(PollAnswer.ADJACENT, 0),
                counts.getOrDefault(PollAnswer.PERIPHERAL, 0), counts.getOrDefault(PollAnswer.LET_GO, 0));
    }

    public int of(PollAnswer answer) {
        return switch (answer) {
            case CORE -> core;
            case ADJACENT -> adjacent;
            case PERIPHERAL -> peripheral;
            case LET_GO -> letGo;
        };
    }

    public PollVotes plus(PollAnswer answer) {
        Map<PollAnswer, Integer> counts = new EnumMap<>(PollAnswer.class);
        PollAnswer.ALL.forEach(a -> counts.put(a, of(a) + (a == answer ? 1 : 0)));
        return of(counts);
    }

    public int total() {
        return core + adjacent + peripheral + letGo;
    }
}
