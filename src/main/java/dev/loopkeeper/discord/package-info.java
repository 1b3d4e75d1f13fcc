/** The Discord front: JDA connection, interaction routing, commands, component ids and reply building. */
package dev.loopkeeper.discord;
