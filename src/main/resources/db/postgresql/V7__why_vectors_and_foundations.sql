-- Structural relevance: a loop is matched by its concept and by its concept with the why the person typed, and it
-- remembers its nearest foundations in the shipped concept map (ids into the map of one version, with cosines).
-- Loops parked before this version get both when the bot starts (like vectors of a new model).
ALTER TABLE open_loop ADD COLUMN why_embedding BYTEA;
ALTER TABLE open_loop ADD COLUMN foundations BYTEA;
ALTER TABLE open_loop ADD COLUMN foundations_version TEXT;
