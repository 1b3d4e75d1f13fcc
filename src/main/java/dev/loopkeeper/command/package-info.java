/**
 * The one registry of commands: names, descriptions, subcommands and options, declared once and read by the
 * Discord registration, the console's parser, its {@code help} and the tests. It sits above the features (it reads
 * their limits and choice lists) and below the fronts, and knows nothing of JDA.
 */
package dev.loopkeeper.command;
