package dev.loopkeeper.triage;

import dev.loopkeeper.loop.Triage;

/**
 * A class suggested for a loop, and what it was compared with: the person's active work or one of their core loops
 * ({@code against} is that text), or neither, for a loop far from both or one they have opened.
 */
public record Suggestion(Triage triage, Basis basis, String against, double score) {

    /** What decided the suggestion. */
    public enum Basis {
        FOCUS, CORE_LOOP,
        /** The person opened the loop: they work on it now, whatever their focus says. */
        OPENED,
        /** Far from both the active focus and the core loops. */
        FAR,
        /** Far from the active focus; there are no other core loops to compare with. */
        FAR_FROM_FOCUS,
        /** Far from the core loops; there is no active focus. */
        FAR_FROM_CORE
    }
}
