package dev.loopkeeper.loop;

/** A closed or let-go loop brought back: the loop, open again, and how it had ended (kept as one of its notes). */
public record Reopened(OpenLoop loop, LoopNote.Ending earlier) {
}
