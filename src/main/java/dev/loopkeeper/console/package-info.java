/** The console front: try Loopkeeper in a terminal, without a token, on the same services and wording. */
package dev.loopkeeper.console;
