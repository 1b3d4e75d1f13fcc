/**
 * Small shared pieces every feature uses: cleaning user text, user-facing input errors, time wording, daemon threads,
 * files written whole, and the per-user copies of the jar's largest files.
 */
package dev.loopkeeper.common;
