/**
 * Small shared pieces every feature uses: cleaning user text, user-facing input errors, time wording, daemon threads.
 */
package dev.loopkeeper.common;
