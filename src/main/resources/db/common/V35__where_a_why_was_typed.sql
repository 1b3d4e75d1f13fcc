-- Where a loop's why, and a note's, was typed: the server, or null for a DM, the console, or not known. A reminder
-- posted in a server's channel (DMs closed) shows only the whys typed in that server. The loop's own why counted as
-- typed where the loop was parked, but /edit may replace it from a DM or another server, and a merge or an import
-- carried a why to a note with a source in a server it was never typed in: each was then shown to that server's
-- channel. Park, /edit, /merge and /import now record the server the why was typed in.
ALTER TABLE open_loop ADD COLUMN why_guild_id TEXT;
ALTER TABLE loop_note ADD COLUMN why_guild_id TEXT;
-- The rows before: nothing recorded an edit, so a loop's why counts as typed where it was parked only when nothing has
-- changed the loop since it was parked (an edit sets updated_at). A loop changed since (triaged, noted, edited,
-- closed...) may hold an edited why: not known, so no server's channel shows it (its owner still reads it in a DM and
-- in /loops). A park-again note stored its source only when that was new, the source the why was typed in; a merge
-- note's why was the merged loop's, edited who knows where: not known either.
-- Only rows parked in a server are written (a DM's and the console's stay null, as they are): on SQLite an update
-- rewrites the whole row, vectors included, and a million loops would have been rewritten for nothing.
UPDATE open_loop SET why_guild_id = origin_guild_id
 WHERE why IS NOT NULL AND updated_at = created_at AND origin_guild_id IS NOT NULL;
UPDATE loop_note SET why_guild_id = origin_guild_id
 WHERE why IS NOT NULL AND merged_from IS NULL AND origin_guild_id IS NOT NULL;
