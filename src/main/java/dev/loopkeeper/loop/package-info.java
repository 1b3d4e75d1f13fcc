/** Open loops: parking a concept (a repeat adds to its loop), listing, merging, closing, and the words about them. */
package dev.loopkeeper.loop;
