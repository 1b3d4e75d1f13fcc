/**
 * The knowledge tree: a person's (or a server's) loops drawn as a picture, core loops as the trunk, adjacent ones as
 * branches and peripheral ones as leaves, grouped by meaning; a pure layout step and a Java2D renderer, no JDA.
 */
package dev.loopkeeper.tree;
