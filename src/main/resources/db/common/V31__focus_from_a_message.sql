-- A work-log note is a Discord message its author may edit or delete afterwards. The focus it made remembers which
-- message it came from, so an edit reaches the focus (it reads as the message now does) and a deletion ends it, as
-- /focus clear would. Null for a focus typed with /focus set, a thread's title, and every focus saved before.
ALTER TABLE focus ADD COLUMN origin_id TEXT;
-- A deletion names only the message: its focus is found by it. Only work-log notes have one.
CREATE INDEX focus_by_origin ON focus (origin_id) WHERE origin_id IS NOT NULL;
