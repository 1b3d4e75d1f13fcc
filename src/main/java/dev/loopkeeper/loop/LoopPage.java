package dev.loopkeeper.loop;

import java.util.List;
import java.util.Map;

/**
 * One page of a person's loops; {@code page} counts from zero. {@code notes} holds the whys and sources each shown
 * loop gathered after it was parked, oldest first.
 */
public record LoopPage(LoopFilter filter, List<OpenLoop> loops, Map<Long, List<LoopNote>> notes, int page,
        int pageSize, long total) {

    public List<LoopNote> notesOf(long loopId) {
        return notes.getOrDefault(loopId, List.of());
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
