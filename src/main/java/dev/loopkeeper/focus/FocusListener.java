package dev.loopkeeper.focus;

/** Told after a focus item is saved, so relevance can look for parked loops that match it. */
@FunctionalInterface
public interface FocusListener {
    FocusListener NONE = focus -> {
    };

    void onFocusSet(Focus focus);
}
