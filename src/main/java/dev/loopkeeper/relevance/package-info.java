/**
 * Relevance matching: how relevant a parked concept is to a piece of work, with an offline sentence-embedding model
 * plus a word-overlap rule, and each person's open loops indexed in memory. See
 * {@link dev.loopkeeper.relevance.RelevanceScorer} and docs/RELEVANCE.md.
 */
package dev.loopkeeper.relevance;
