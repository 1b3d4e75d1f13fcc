-- A poll asks about a loop's concept as it was when the poll started ("How relevant is <concept> to our track?").
-- The loop may be renamed while the poll runs; the follow-up then names both, so the question is kept with the poll.
-- Null for polls started before: they read the loop's concept, as before.
ALTER TABLE triage_poll ADD COLUMN question TEXT;
