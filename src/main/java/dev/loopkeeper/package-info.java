/** Loopkeeper: park open loops and get them back when they become structurally relevant. */
package dev.loopkeeper;
