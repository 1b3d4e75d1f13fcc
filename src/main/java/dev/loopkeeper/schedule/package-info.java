/**
 * Periodic jobs: the scheduler that runs them and keeps running when one fails; and which process runs which Discord
 * shard, claimed in the shared database.
 */
package dev.loopkeeper.schedule;
