/**
 * Relevance matching: decides when a parked concept (open loop) has become relevant to a person's active work, with
 * an offline sentence-embedding model plus a word-overlap rule. See {@link dev.loopkeeper.relevance.RelevanceScorer}
 * and docs/RELEVANCE.md.
 */
package dev.loopkeeper.relevance;
