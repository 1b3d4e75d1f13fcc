/**
 * Finding loops again: {@code /loops query:} by words and meaning, and {@code /related}, a loop's nearest neighbours
 * among the person's other open loops, both ranked by the relevance index that reminders use.
 */
package dev.loopkeeper.search;
