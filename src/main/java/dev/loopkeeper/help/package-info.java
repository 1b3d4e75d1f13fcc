/**
 * What Loopkeeper tells people about itself: {@code /help}, drawn from the command registry, and the one-time hints
 * (under a person's first park, and once their direct messages turn out to be closed).
 */
package dev.loopkeeper.help;
