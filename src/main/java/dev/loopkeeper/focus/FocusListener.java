package dev.loopkeeper.focus;

/** Told after a focus item is saved, so relevance can look for parked loops that match it. */
@FunctionalInterface
public interface FocusListener {
    FocusListener NONE = focus -> {
    };

    void onFocusSet(Focus focus);

    /**
     * Told before a focus text is saved, so what matching it needs (its vector, its map topics) can be computed while
     * the save waits on the disk. It must return at once (hand the work to another thread) and never fail the save.
     */
    default void preparing(String text) {
    }

    /** A listener that prepares with {@code prepare} and is told of each saved focus by {@code then}. */
    static FocusListener preparedBy(java.util.function.Consumer<String> prepare, FocusListener then) {
        return new FocusListener() {
            @Override
            public void onFocusSet(Focus focus) {
                then.onFocusSet(focus);
            }

            @Override
            public void preparing(String text) {
                prepare.accept(text);
            }
        };
    }
}
