package dev.loopkeeper.common;

/**
 * A page of a longer list, {@code page} counting from zero: the arithmetic every paged answer shares (how many pages,
 * whether there is one before or after), so the fronts draw Prev/Next the same way for loops and reflections.
 */
public interface Paged {
    int page();

    int pageSize();

    long total();

    /** How many pages the list fills; one, empty or not. */
    default int pageCount() {
        return (int) Math.max(1, (total() + pageSize() - 1) / pageSize());
    }

    default boolean hasPrevious() {
        return page() > 0;
    }

    default boolean hasNext() {
        return page() + 1 < pageCount();
    }
}
