package dev.loopkeeper.nudge;

import dev.loopkeeper.delivery.Mail;
import dev.loopkeeper.loop.Outcome;
import java.time.Instant;
import java.util.List;

/**
 * One weekly nudge as it is shown: the person's week in loops, their oldest open core loops, the re-abstraction
 * questions, and the peripheral loops nobody touched for weeks (curiosity bankruptcy). It holds nothing a server may
 * show, so when DMs are closed it waits for the person's next command.
 */
public record Nudge(long id, String ownerId, boolean preview, Instant weekFrom, Instant weekTo, Week week,
        long openCount, Instant oldestOpenSince, List<LoopLine> oldestCore, List<Prompt> prompts,
        List<LoopLine> untouched, long untouchedCount, Instant quietSince) implements Mail {

    /** The outbox's name for nudges. */
    public static final String KIND = "nudge";

    /**
     * {@code untouchedCount}: how many peripheral loops rested untouched, of which {@code untouched} are offered;
     * {@code quietSince}: when nothing has changed since, for a nudge that backs off to every four weeks (else null).
     */
    public Nudge {
        oldestCore = List.copyOf(oldestCore);
        prompts = List.copyOf(prompts);
        untouched = List.copyOf(untouched);
        untouchedCount = Math.max(untouchedCount, untouched.size());
    }

    /** A nudge that is not backing off. */
    public Nudge(long id, String ownerId, boolean preview, Instant weekFrom, Instant weekTo, Week week, long openCount,
            Instant oldestOpenSince, List<LoopLine> oldestCore, List<Prompt> prompts, List<LoopLine> untouched,
            long untouchedCount) {
        this(id, ownerId, preview, weekFrom, weekTo, week, openCount, oldestOpenSince, oldestCore, prompts, untouched,
                untouchedCount, null);
    }

    /** What happened to the person's loops in the week before the nudge. */
    public record Week(long parked, long triaged, long resurfaced, long closedCount, List<Closed> closed) {

        public Week {
            closed = List.copyOf(closed);
        }
    }

    /** A loop closed this week, with how it ended. */
    public record Closed(long loopId, String concept, Outcome outcome, String takeaway) {
    }

    /** A loop named in the nudge, with when it was parked (or last touched). */
    public record LoopLine(long loopId, String concept, Instant since) {
    }

    @Override
    public String recipientId() {
        return ownerId;
    }

    @Override
    public ServerParts serverParts() {
        return ServerParts.none();
    }
}
