package dev.loopkeeper.loop;

/** The outcome of a park: saved, or held as a draft because the person already has that concept open. */
public sealed interface ParkResult {

    /** The loop was saved; {@code openCount} includes it. */
    record Parked(OpenLoop loop, long openCount) implements ParkResult {
    }

    /**
     * Nothing was saved yet: {@code draft} waits for a choice. An exact duplicate offers "keep both" or
     * "cancel"; a {@code near} one (close in meaning, other words) offers "merge" or "keep both".
     */
    record Duplicate(OpenLoop existing, OpenLoop draft, boolean near) implements ParkResult {
    }
}
