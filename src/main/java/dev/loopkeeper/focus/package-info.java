/** Focus: the work a person has active, which relevance matches parked loops against. */
package dev.loopkeeper.focus;
