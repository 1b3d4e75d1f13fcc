-- Issue 11, "nothing is dropped silently": a reminder shows at most three loops; when more of the person's loops
-- matched the same focus change, the reminder says so (they stay parked and can come back). 1: more matched than shown.
ALTER TABLE reminder ADD COLUMN more_matched INTEGER NOT NULL DEFAULT 0;
