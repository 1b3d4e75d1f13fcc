package dev.loopkeeper.loop;

/**
 * A merge: {@code from} is closed as merged, and its why, source and notes now live on {@code into}; {@code
 * classCarried} when {@code into} had no class and took {@code from}'s (as an import does).
 */
public record Merged(OpenLoop from, OpenLoop into, boolean classCarried) {
}
