package dev.loopkeeper.loop;

/** A merge: {@code from} is closed as merged, and its why, source and notes now live on {@code into}. */
public record Merged(OpenLoop from, OpenLoop into) {
}
