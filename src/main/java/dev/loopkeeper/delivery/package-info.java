/**
 * The one delivery path for everything the bot sends on its own: an outbox row per message, claimed with a lease
 * before it is sent, direct message first, a server channel where the mail allows it, retries with back-off, and
 * mail that cannot reach a person held for their next command.
 */
package dev.loopkeeper.delivery;
