/**
 * Open loops, a person's or a server's shared ones: parking a concept (a repeat adds to its loop), listing, Me too,
 * merging, closing, where a server loop's post for the group is (so a front can keep it in step), and the words
 * about them.
 */
package dev.loopkeeper.loop;
