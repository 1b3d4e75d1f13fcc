package dev.loopkeeper.common;

import java.time.Instant;

/** How a front shows a moment: Discord renders its own timestamps, the console spells them out. */
public interface TimeText {
    /** "3 days ago" or "in 2 hours", in the front's own way. */
    String relative(Instant moment);
}
