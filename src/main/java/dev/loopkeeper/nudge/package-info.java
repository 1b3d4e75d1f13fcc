/**
 * Weekly re-abstraction nudges: per-person schedules in wall-clock time, due nudges found in the database and sent
 * through the outbox, the questions they ask and the answers people keep, curiosity bankruptcy, and the servers'
 * weekly digest with its pluggable sections.
 */
package dev.loopkeeper.nudge;
