-- Every start, every import and every round of closed loops asks which loops' vectors are missing or out of date
-- (LoopStore.withoutVector, staleLeasedUntil). With no index on the columns that say so, each question read every
-- loop, its vectors with it: a million loops twice at each start, 3.8 s from the page cache (the console waits for it,
-- the bot does it beside its first minutes). Asked as the ranges either side of the current model and map version,
-- each part of the question is one seek of these indexes and finds only the stale loops: none, on most starts.
--
-- The model and version are indexed as one expression, not as columns: an index on embedding_model was taken by SQLite
-- (which has no statistics) for "a person's open loops of this model", the read of every decision's index, and made it
-- read every loop of everyone. No other statement names this expression.
CREATE INDEX open_loop_by_vectors ON open_loop ((embedding_model || '|' || foundations_version));
-- A why saved without its vector (its embedding failed, or an import): rare rows, in a small partial index.
CREATE INDEX open_loop_why_unembedded ON open_loop (why_embedding) WHERE why_embedding IS NULL AND why IS NOT NULL;
