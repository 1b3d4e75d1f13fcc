package dev.loopkeeper.nudge;

import java.time.LocalDateTime;
import java.time.ZonedDateTime;
import java.util.Optional;

/** A person's weekly nudge: when it runs, and the next slot (empty while it is off). */
public record NudgeSchedule(String ownerId, WeeklySlot slot, Optional<LocalDateTime> nextSlot) {

    public boolean on() {
        return nextSlot.isPresent();
    }

    /** When the next nudge runs, in the person's zone. */
    public Optional<ZonedDateTime> nextRun() {
        return nextSlot.map(slot::zoned);
    }
}
