/** Open loops: parking a concept, listing, closing, and the words Loopkeeper uses about them. */
package dev.loopkeeper.loop;
