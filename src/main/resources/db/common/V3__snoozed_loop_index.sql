-- Matching asks for a person's snoozed loops on every focus change; without this it read all their loops.
-- A partial index holds only snoozed rows, so the question costs what the answer is (SQLite and PostgreSQL both
-- support partial indexes).
CREATE INDEX open_loop_snoozed ON open_loop (owner_id)
    WHERE snoozed_until IS NOT NULL OR snooze_focus_id IS NOT NULL;
