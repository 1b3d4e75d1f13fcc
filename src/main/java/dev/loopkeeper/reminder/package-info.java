/**
 * Reminders: when a focus change makes parked loops relevant, the policy (cooldown, snoozes, daily cap, quiet hours)
 * decides whether to remind, and what people do with a reminder's buttons is carried out here.
 */
package dev.loopkeeper.reminder;
