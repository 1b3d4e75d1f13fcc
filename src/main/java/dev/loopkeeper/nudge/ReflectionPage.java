package dev.loopkeeper.nudge;

import java.util.List;

/**
 * One page of a person's reflections, newest first: all of them, or those on one loop ({@code loopId}, the loop that
 * holds them; null for all). {@code page} counts from zero.
 */
public record ReflectionPage(List<Reflection> shown, Long loopId, int page, int pageSize, long total) {

    public ReflectionPage {
        shown = List.copyOf(shown);
    }

    public int pageCount() {
        return (int) Math.max(1, (total + pageSize - 1) / pageSize);
    }

    public boolean hasPrevious() {
        return page > 0;
    }

    public boolean hasNext() {
        return page + 1 < pageCount();
    }
}
