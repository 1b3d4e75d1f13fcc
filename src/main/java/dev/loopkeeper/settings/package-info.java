/** Per-person settings (quiet hours, time zone, work-log opt-in) and per-server settings (channels). */
package dev.loopkeeper.settings;
