package dev.loopkeeper.loop;

import java.util.List;

/** One page of a person's loops; {@code page} counts from zero. */
public record LoopPage(LoopFilter filter, List<OpenLoop> loops, int page, int pageSize, long total) {

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
