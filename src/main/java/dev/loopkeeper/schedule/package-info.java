/** Periodic jobs: the scheduler that runs them and keeps running when one fails. */
package dev.loopkeeper.schedule;
