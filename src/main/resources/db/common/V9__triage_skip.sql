-- Personal triage (/triage): a loop skipped in the triage queue comes back after the loops not yet seen.
-- The moment of the skip is kept apart from updated_at, which moves for other reasons (a note, a snooze), so the
-- queue's order is exactly "never skipped, oldest parked first; then skipped, longest ago first".
-- Setting a class clears it. Not in the V4 triggers' column list: triage never changes what relevance indexes.
ALTER TABLE open_loop ADD COLUMN triage_skipped_at BIGINT;

CREATE INDEX open_loop_untriaged ON open_loop (owner_id, created_at) WHERE triage = 'untriaged';
