package dev.loopkeeper.nudge;

import dev.loopkeeper.common.Paged;
import java.util.List;

/**
 * One page of a person's reflections, newest first: all of them, or those on one loop ({@code loopId}, the loop that
 * holds them; null for all). {@code page} counts from zero.
 */
public record ReflectionPage(List<Reflection> shown, Long loopId, int page, int pageSize, long total)
        implements Paged {

    public ReflectionPage {
        shown = List.copyOf(shown);
    }
}
