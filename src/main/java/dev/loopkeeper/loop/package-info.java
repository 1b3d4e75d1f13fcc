/**
 * Open loops, a person's or a server's shared ones: parking a concept (a repeat adds to its loop), listing, Me too,
 * merging, closing, and the words about them.
 */
package dev.loopkeeper.loop;
