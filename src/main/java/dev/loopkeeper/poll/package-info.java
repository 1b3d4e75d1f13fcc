/**
 * Study-group triage polls: a server loop put to a vote in Discord's own poll, the final tally turned into a class by
 * fixed rules (quorum, ties), written back to the loop once, and a follow-up sent through the outbox.
 */
package dev.loopkeeper.poll;
