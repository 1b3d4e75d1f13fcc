package dev.loopkeeper.tree;

import dev.loopkeeper.loop.Triage;

/** One loop as the tree needs it: its concept, its class, and whether it has grown (closed as learned or applied). */
public record TreeLoop(long id, String concept, Triage triage, boolean grown) {
}
